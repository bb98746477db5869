"""The engine: finds the files, parses each once, walks each tree once, runs the site phase.

It alone decides which rules run, with what severity, on which files; rules only report.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path
from typing import Callable, Iterable, Iterator

from . import registry, suppressions
from .checks import Check, RunSettings
from .config import Config
from .document import Document, FileSkipped, SourceError, SourceText
from .model import Finding, Location, Notice, Report, RuleRun, RunResult, Suppressed
from .page import PageAnalyzer, PageFacts, policy_text, writes_elements
from .project import Project, find_root
from .project import build as build_project
from .readers import MANIFEST_NAMES, ReadOptions
from .site import ConfiguredPolicy, Site
from .stylesheet import StyleSheet, is_stylesheet

SKIPPED_DIRS = frozenset({"__pycache__"})
# Code a source tree vendors (package managers' folders) is not the user's to judge: a walk skips
# it, and minified scripts, unless lint-vendored is set. Files named on the command line are read.
VENDORED_DIRS = frozenset({"node_modules", "vendor", "bower_components"})
SCRIPT_EXTENSIONS = (".js", ".mjs", ".cjs", ".ts")
# Test code is not what a visitor gets: test folders of the common test runners, and test,
# spec and Storybook files. Walked with lint-tests.
TEST_DIRS = frozenset({"__tests__", "__mocks__", "__snapshots__", "__fixtures__", "fixtures", "test", "tests", "e2e", "cypress"})
_TEST_NAME = re.compile(r"\.(?:test|spec|stories|story)\.[A-Za-z]+$", re.I)
_MINIFIED_NAME = re.compile(r"[.-]min\.(?:js|mjs|cjs)$|\.bundle\.js$", re.I)
# Files at the top of a source tree (a Vite app has its index.html there too).
PROJECT_MANIFESTS = ("package.json", "composer.json", "Gemfile", "go.mod", "pyproject.toml", "deno.json")
# Folders a site generator writes its build into, inside the source tree (Jekyll, Hugo, Eleventy).
BUILD_DIRS = frozenset({"_site", "public", "dist", "build", "out", "_build"})
TREE_EXTENSIONS = (".md", ".markdown")  # content files: pages of a template tree, never linted
MINIFIED_LINE = 1000  # characters: a script line this long is a build tool's, not a person's


class UsageError(Exception):
    """Bad command-line input (a path that does not exist): exit status 2, one line."""


# --- globs ---------------------------------------------------------------------------


def _glob_regex(pattern: str) -> re.Pattern[str]:
    out = []
    i = 0
    while i < len(pattern):
        c = pattern[i]
        if pattern.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
            continue
        if pattern.startswith("**", i):
            out.append(".*")
            i += 2
            continue
        out.append("[^/]*" if c == "*" else "[^/]" if c == "?" else re.escape(c))
        i += 1
    return re.compile("".join(out) + "(?:/.*)?$")


class PathMatcher:
    """gitignore-like globs: without a "/" a pattern matches a name at any depth, with one it
    matches the path relative to the configuration file's directory."""

    def __init__(self, patterns: Iterable[str], base_dir: Path) -> None:
        self.base_dir = base_dir.resolve()
        self.anchored: list[re.Pattern[str]] = []
        self.named: list[re.Pattern[str]] = []
        for pattern in patterns:
            pattern = pattern.strip().replace("\\", "/")
            if not pattern:
                continue
            if "/" in pattern.rstrip("/"):
                self.anchored.append(_glob_regex(pattern.lstrip("./").lstrip("/").rstrip("/")))
            else:
                self.named.append(_glob_regex(pattern.rstrip("/")))

    def __bool__(self) -> bool:
        return bool(self.anchored or self.named)

    def matches(self, path: Path) -> bool:
        resolved = Path(os.path.abspath(path))  # normalises "..", keeps symlinks as named
        try:
            rel = resolved.relative_to(self.base_dir).as_posix()
        except ValueError:
            rel = None
        if rel is not None and any(p.match(rel) for p in self.anchored):
            return True
        parts = rel.split("/") if rel is not None else [path.name]
        return any(p.match(part) for p in self.named for part in parts)


# --- the run -------------------------------------------------------------------------


@dataclass
class FileOutcome:
    """What linting one file gave: findings and page facts, or a notice saying why not."""

    display: str
    findings: list[Finding] = field(default_factory=list)
    facts: PageFacts | None = None
    is_template: bool = False
    notice: str | None = None
    internal: bool = False
    directives: suppressions.FileDirectives | None = None  # inline suppressions, where the file has any


# Below this many files per process, starting processes costs more than it saves.
MIN_FILES_PER_JOB = 64
# Files handed to a worker at a time: few enough to keep every core busy to the end.
CHUNK_SIZE = 16


def default_jobs() -> int:
    """The cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


_worker: "Linter | None" = None


def _start_worker(args: dict) -> None:
    global _worker
    _worker = Linter(**args)


def _lint_in_worker(item: tuple[Path, str]) -> FileOutcome:
    assert _worker is not None
    return _worker.outcome(*item)


class WorkerDied(Exception):
    """A worker process ended without a word (killed, out of memory): one line, not a hang."""


def _in_processes(args: dict, items: list[tuple[Path, str]], jobs: int) -> Iterator[FileOutcome]:
    """The outcomes of items linted by a pool of processes, streamed in the items' order."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    methods = multiprocessing.get_all_start_methods()
    # fork shares the loaded rule data and starts in milliseconds; elsewhere, spawn.
    context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
    # An executor, not multiprocessing.Pool: a worker that dies breaks it, where a Pool waits forever.
    with ProcessPoolExecutor(jobs, mp_context=context, initializer=_start_worker, initargs=(args,)) as pool:
        try:
            yield from pool.map(_lint_in_worker, items, chunksize=CHUNK_SIZE)
        except BrokenProcessPool:
            raise WorkerDied("a worker process died (out of memory?); --jobs 1 lints in one process") from None


@dataclass
class ActiveRule:
    rule: registry.Rule
    check: Check
    severity: str
    configured: bool = False  # the configuration set the severity: it applies to every kind


@dataclass
class SiteFiles:
    root: Path | None  # the directory argument; None for files named on the command line
    files: list[Path]
    read_options: ReadOptions | None = None  # a site generator's settings of this directory, if its own


def display_path(path: Path, cwd: Path) -> str:
    try:
        return Path(os.path.relpath(path, cwd)).as_posix()
    except ValueError:  # another drive on Windows
        return path.as_posix()


class Linter:
    def __init__(
        self,
        config: Config,
        select: list[str] | None = None,
        ignore: list[str] | None = None,
        extend_select: list[str] | None = None,
        preset: str | None = None,
        cwd: Path | None = None,
        all_occurrences: bool = False,
        collect_forms: bool = False,
        jobs: int = 1,
        django_fields: tuple | None = None,
        hugo_services: tuple | None = None,
    ) -> None:
        self.config = config
        self.jobs = max(1, jobs)
        if django_fields is None:
            django_fields = django_form_fields(config.base_dir, PathMatcher(config.exclude, config.base_dir))
        if hugo_services is None:
            from .readers.hugo import services

            hugo_services = services(config.base_dir)
        # What a worker process needs to build the same linter (jobs=1: workers never nest).
        self._worker_args = dict(
            config=config, select=select, ignore=ignore, extend_select=extend_select, preset=preset,
            cwd=cwd, all_occurrences=all_occurrences, collect_forms=collect_forms, django_fields=django_fields,
            hugo_services=hugo_services,
        )
        self.all_occurrences = all_occurrences
        self.collect_forms = collect_forms  # for the inventory: every form, not just one field
        self.sites: list[Site] = []  # the sites of the last run, kept for the inventory
        self._templates: set[str] = set()  # display paths of files with template syntax
        self.cwd = (cwd or Path.cwd()).resolve()
        self._worker_args["cwd"] = self.cwd
        # The command line's --select replaces the configured one and its extensions, as in ruff.
        codes = registry.selected(
            select if select is not None else config.select,
            (extend_select or []) + (config.extend_select if select is None else []),
            config.ignore + (ignore or []),
            preset or config.preset,
        )
        settings = RunSettings(
            disclosed=tuple(config.disclosed),
            consent_required=config.consent == "required",
            first_party=tuple(config.first_party),
            trusted_form_targets=tuple(config.trusted_form_targets),
            sells_or_shares=config.sells_or_shares_personal_data,
        )
        self.rules: list[ActiveRule] = []
        for rule in registry.all_rules():
            if rule.code not in codes:
                continue
            rule_config = config.rules.get(rule.code)
            options = {name: opt.default for name, opt in rule.options.items()}
            if rule_config is not None:
                options.update(rule_config.options)
            configured = rule_config.severity if rule_config else None
            self.rules.append(
                ActiveRule(rule, rule.check_class()(options, settings), configured or rule.severity, bool(configured))
            )
        self.tracker_lists = _import_tracker_lists(config)
        self.policy = ConfiguredPolicy.parse(config.privacy_policy, config.base_dir)
        self.exclude = PathMatcher(config.exclude, config.base_dir)
        self.read_options = ReadOptions(
            components=tuple(sorted(config.components.items())), django_fields=django_fields, hugo_services=hugo_services
        )
        self.per_file_ignores = [
            (PathMatcher([glob], config.base_dir), registry.expand(selectors))
            for glob, selectors in config.per_file_ignores.items()
        ]
        self.document_rules = [a for a in self.rules if a.rule.scope == "document"]
        self.site_rules = [a for a in self.rules if a.rule.scope == "site"]
        self._stylesheet_rules = [a for a in self.rules if type(a.check).stylesheet is not Check.stylesheet]
        self._ran = frozenset(a.rule.code for a in self.rules)
        self._known_codes = frozenset(r.code for r in registry.all_rules())
        self._judges_directives = [
            a for a in self.rules if type(a.check).unused_suppressions is not Check.unused_suppressions
        ]
        self.need_facts = collect_forms or any(a.check.needs_page_facts for a in self.rules)
        handlers: dict[str, list] = {}
        for active in self.document_rules:
            for tag in active.check.elements:
                handlers.setdefault(tag, []).append(active)
        self._handlers = handlers
        self._tags = tuple(set(handlers) | (set(PageAnalyzer.ELEMENTS) if self.need_facts else set()))

    # --- files -------------------------------------------------------------------------

    def collect(self, paths: list[str]) -> list[SiteFiles]:
        sites: list[SiteFiles] = []
        loose = SiteFiles(None, [])
        seen: set[Path] = set()
        for arg in paths:
            path = Path(arg)
            shown = arg if arg.isprintable() else repr(arg)  # no escape sequence reaches the terminal
            try:
                found = path.exists() or path.is_symlink()  # a broken link is linted: a notice says why not
            except OSError as exc:  # a name too long for the system
                raise UsageError(f"{shown}: {(exc.strerror or str(exc)).lower()}") from None
            if not found:
                raise UsageError(f"{shown}: no such file or directory")
            if path.is_dir():
                site = SiteFiles(path, [], self._options_of(path))
                top = path.resolve()
                for file in self._walk(path, options=site.read_options):
                    # Resolving every path costs a system call per folder of it: only links need it.
                    key = _resolved(file) if file.is_symlink() else top / file.relative_to(path)
                    if key not in seen:
                        seen.add(key)
                        site.files.append(file)
                sites.append(site)
            else:
                key = _resolved(path)
                if key not in seen:  # a file named on the command line is always linted
                    seen.add(key)
                    loose.files.append(path)
        if loose.files:
            loose.read_options = self._nearest_site_options(loose.files[0].parent)
            sites.append(loose)
        return sites

    def _nearest_site_options(self, folder: Path) -> ReadOptions | None:
        """For files named on the command line: the options of the nearest folder above them
        that is a site of its own (docs/ of a repository, with its hugo.toml), up to the
        configuration's folder."""
        base = _resolved(self.config.base_dir)
        here = _resolved(folder)
        for candidate in (here, *here.parents):
            if candidate == base or base not in candidate.parents:
                return None
            options = self._options_of(candidate)
            if options is not None:
                return options
        return None

    def _options_of(self, top: Path) -> ReadOptions | None:
        """The readers' options for a directory that is a Hugo site of its own (its hugo.toml
        beside it, not the configuration's folder); None: the run's."""
        from .readers.hugo import is_site, services

        if _resolved(top) == _resolved(self.config.base_dir) or not is_site(top):
            return None
        return replace(self.read_options, hugo_services=services(top))

    def _walk(
        self, top: Path, extensions: tuple[str, ...] | None = None, tree: bool = False, options: ReadOptions | None = None
    ) -> Iterable[Path]:
        """The files under ``top`` a run lints; ``tree``: the files of a template tree instead
        (``extensions`` given, no scripts, no built site inside it)."""
        extensions = extensions or self.config.extensions
        # A Hugo site's content files are read for what their shortcodes embed.
        hugo_content = not tree and bool((options or self.read_options).hugo_services)
        inside_content = hugo_content and "content" in _resolved(top).parts[-3:]  # walking content/ itself
        vendored = self.config.lint_vendored
        tests = self.config.lint_tests
        built = not vendored and is_built_site(top)
        top_resolved = top.resolve()
        for dirpath, dirnames, filenames in os.walk(top):
            here = Path(dirpath)
            dirnames[:] = sorted(
                d
                for d in dirnames
                if not d.startswith(".")
                and d not in SKIPPED_DIRS
                and (vendored or d not in VENDORED_DIRS)
                and (tests or d not in TEST_DIRS)
                and not (self.exclude and self.exclude.matches(here / d))
                and not (tree and d in BUILD_DIRS and is_built_site(here / d))
            )
            for name in sorted(filenames):
                if name.startswith("."):
                    continue
                lower = name.lower()
                wanted = (
                    any(lower.endswith(ext) for ext in extensions)
                    or (hugo_content and lower.endswith(TREE_EXTENSIONS) and (inside_content or _in_content_folder(here, top)))
                    or (not tree and name in MANIFEST_NAMES)
                )
                if not wanted:
                    continue
                file = here / name
                if self.exclude and self.exclude.matches(file):
                    continue
                if lower.endswith(SCRIPT_EXTENSIONS) and (tree or (not vendored and (built or _minified(file, lower)))):
                    continue
                if not tests and _TEST_NAME.search(lower):
                    continue
                if file.is_symlink():
                    target = _resolved(file)
                    if target.exists() and not target.is_relative_to(top_resolved):
                        continue  # links out of the tree are not followed
                    # a broken link or a loop is yielded: reading it fails, and the user is told
                yield file

    # --- linting -----------------------------------------------------------------------

    def run(self, paths: list[str], progress: Callable[[int, int], None] | None = None) -> RunResult:
        """Lint the paths; ``progress(done, total)`` is called as files are done, per site."""
        result = RunResult(rules=[RuleRun(a.rule, a.severity) for a in self.rules], cwd=self.cwd)
        result.tracker_lists = [
            f"{display_path(t.path, self.cwd)}: {t.title}, {len(t.entries)} services, licence {t.licence}"
            for t in self.tracker_lists
        ]
        shared: dict = {}  # equal strings and regions of the pages' facts, kept once
        directives: dict[str, suppressions.FileDirectives] = {}
        run_options = self.read_options
        for site_files in self.collect(paths):
            self._use_options(site_files.read_options or run_options)
            pages: list[PageFacts] = []
            for outcome in self._lint_files(site_files.files, progress):
                result.files += 1
                if outcome.notice is not None:
                    result.notices.append(Notice(outcome.display, outcome.notice))
                    result.internal_errors += outcome.internal
                    continue
                if outcome.is_template:
                    self._templates.add(outcome.display)
                if outcome.directives is not None:
                    directives[outcome.display] = outcome.directives
                result.findings.extend(outcome.findings)
                if outcome.facts is not None:
                    outcome.facts.share_strings(shared)
                    pages.append(outcome.facts)
            if self.site_rules or self.collect_forms:
                read_policy = partial(_policy_text, max_size=self.config.max_file_size)
                project, tree_paths = self._project(site_files, pages)
                site = Site(site_files.root, pages, self.policy, read_policy, tuple(self.config.first_party),
                            project, tree_paths)
                if self.collect_forms:
                    self.sites.append(site)
                # Of a file list, only the files given are reported on; the tree around them informs.
                given = {p.display for p in pages} if site_files.root is None and project is not None else None
                for active in self.site_rules:
                    for report in active.check.site(site):
                        if given is None or (report.path or "") in given:
                            result.findings.append(self._finding(active, report, report.path or ""))
                if project is not None:
                    if project.settings is not None:
                        result.findings = _rendered_only(result.findings, project, tree_paths)
                    project.save_cache()
        result.findings = self._suppress(result, directives)
        result.findings = [f for f in result.findings if not self._ignored(f)]
        result.findings.sort(key=Finding.sort_key)
        if not self.all_occurrences:
            result.findings = group_occurrences(result.findings, self._templates)
        return result

    def _use_options(self, options: ReadOptions) -> None:
        """Read the next site's files with these options, here and in worker processes."""
        self.read_options = options
        self._worker_args["hugo_services"] = options.hugo_services

    def _lint_files(self, files: list[Path], progress: Callable[[int, int], None] | None) -> Iterator[FileOutcome]:
        """Each file's outcome, in the order of ``files``, however many processes do the work."""
        jobs = min(self.jobs, max(1, len(files) // MIN_FILES_PER_JOB))
        folders: dict[Path, str] = {}  # relpath() per folder, not per file: it is slow

        def shown(path: Path) -> str:
            folder = folders.get(path.parent)
            if folder is None:
                folder = folders[path.parent] = display_path(path.parent, self.cwd)
            return path.name if folder == "." else f"{folder}/{path.name}"

        items = [(path, shown(path)) for path in files]
        if jobs <= 1:
            outcomes: Iterable[FileOutcome] = (self.outcome(path, display) for path, display in items)
        else:
            outcomes = _in_processes(self._worker_args, items, jobs)
        for done, outcome in enumerate(outcomes, start=1):
            if progress is not None:
                progress(done, len(items))
            yield outcome

    def _project(self, site_files: SiteFiles, pages: list[PageFacts]) -> tuple[Project | None, dict]:
        """The template tree the site's files belong to (the directory, or for a file list the
        project around them), and each page's path in it."""
        if site_files.root is not None:
            if not any(p.is_template for p in pages) or is_built_site(site_files.root):
                return None, {}
            root = _resolved(site_files.root)
        elif pages:
            root = find_root(pages[0].path.parent, self.config.path)
            if root is None:
                return None, {}
        else:
            return None, {}
        given: dict[str, PageFacts] = {}
        walked = site_files.root is not None  # then every page's path starts with the root as given
        prefix = "" if walked and str(site_files.root) == "." else str(site_files.root) + os.sep
        for page in pages:
            path = str(page.path)
            if walked and path.startswith(prefix) and not page.path.is_symlink():
                given[path[len(prefix):].replace(os.sep, "/")] = page
                continue
            try:
                given[_resolved(page.path).relative_to(root).as_posix()] = page
            except ValueError:
                continue  # outside the project
        if not given:
            return None, {}
        max_size = self.config.max_file_size
        hint = self.policy.hint if self.policy else None

        def facts_of(path: Path, display: str) -> PageFacts | None:
            try:
                doc = Document.from_file(path, display, max_size, self.read_options)
                analyzer = PageAnalyzer(doc, hint)
                for el in doc.root.iter(*PageAnalyzer.ELEMENTS):
                    analyzer.visit(el)
                return analyzer.finish()
            except Exception:  # unreadable or unparsable: what it renders is unknown
                return None

        project = build_project(
            root,
            self._walk(root, self.config.extensions + TREE_EXTENSIONS, tree=True),
            given,
            facts_of,
            lambda path: display_path(path, self.cwd),
            partial(_read_text, max_size=max_size),
            Site.says_privacy,
            _tree_stamp(hint, self.read_options),
            hinted_counts=self.policy is not None,
        )
        return project, {page: rel for rel, page in given.items()}

    def outcome(self, path: Path, display: str) -> FileOutcome:
        """Lint one file; what goes wrong with it is its own notice, never the run's end."""
        try:
            findings, facts, directives = self.lint_file(path, display)
        except FileSkipped as exc:
            return FileOutcome(display, notice=f"skipped: {exc}")
        except SourceError as exc:
            return FileOutcome(display, notice=f"cannot read: {exc}")
        except Exception as exc:  # a bug in privlint must not stop the other files
            return FileOutcome(display, notice=f"internal error: {type(exc).__name__}: {exc}", internal=True)
        return FileOutcome(display, findings, facts, display in self._templates, directives=directives)

    def lint_file(
        self, path: Path, display: str
    ) -> tuple[list[Finding], PageFacts | None, suppressions.FileDirectives | None]:
        if is_stylesheet(path):
            sheet = StyleSheet.from_file(path, display, self.config.max_file_size)
            directives = suppressions.find_directives(sheet, lambda: suppressions.css_comments(sheet.text), _rule_code)
            return self._lint_stylesheet(sheet, display), None, directives if directives.directives else None
        doc = Document.from_file(path, display, self.config.max_file_size, self.read_options)
        if doc.is_template:
            self._templates.add(display)
        findings: list[Finding] = []
        for active in self.document_rules:
            active.check.begin(doc)
        analyzer = (
            PageAnalyzer(doc, self.policy.hint if self.policy else None, self.collect_forms) if self.need_facts else None
        )
        handlers = self._handlers
        if self._tags:
            for el in doc.root.iter(*self._tags):
                for active in handlers.get(el.tag, ()):
                    for report in active.check.visit(el, doc):
                        findings.append(self._finding(active, report, display, doc))
                if analyzer is not None and el.tag in PageAnalyzer.ELEMENTS:
                    analyzer.visit(el)
        for active in self.document_rules:
            for report in active.check.end(doc):
                findings.append(self._finding(active, report, display, doc))
        return findings, (analyzer.finish() if analyzer is not None else None), self._directives(doc)

    def _directives(self, doc: Document) -> suppressions.FileDirectives | None:
        """The file's inline directives: in HTML comments, and in a template's own comments."""

        def comments() -> Iterator[suppressions.Comment]:
            # HTML comments are found in the masked source, where template comments are blank:
            # one inside {# ... #} is commented out.
            if not doc.mapped:
                yield from suppressions.html_comments(doc.text, doc.source)
            else:  # markup a reader wrote: its comments, placed in the file; the reader's language's own
                for start, end, body in suppressions.html_comments(doc.source):
                    yield (*doc.text_offsets(start, end), body)
                yield from doc.comments
                if doc.written_by_code:
                    return
            if doc.is_template:
                yield from suppressions.template_comments(doc.text, doc.spans)

        found = suppressions.find_directives(doc, comments, _rule_code, doc.spans if doc.is_template else [])
        return found if found.directives else None

    def _lint_stylesheet(self, sheet: StyleSheet, display: str) -> list[Finding]:
        return [
            self._finding(active, report, display, sheet)
            for active in self._stylesheet_rules
            for report in active.check.stylesheet(sheet)
        ]

    def _suppress(self, result: RunResult, directives: dict[str, suppressions.FileDirectives]) -> list[Finding]:
        """The findings no directive turns off; the others go to ``result.suppressed``. Directives
        that turned nothing off become findings of the rule that judges them (PRV001), if it runs."""
        if not directives:
            return result.findings
        kept = []
        for f in result.findings:
            found = directives.get(f.path)
            scope = found.match(f.code, f.region.line) if found is not None else None
            if scope is None:
                kept.append(f)
            else:
                result.suppressed.append(_suppressed(f, scope))
        for active in self._judges_directives:
            own = frozenset({active.rule.code})
            every_rule_ran = self._ran == self._known_codes
            for path, found in directives.items():
                # Its findings can be turned off too: judged after them, the directives naming it.
                in_vain = suppressions.unused(path, found, self._ran - own, self._known_codes, every_rule_ran)
                for report in active.check.unused_suppressions(in_vain):
                    f = self._finding(active, report, path)
                    # Only a directive that names it: one for every rule would hide its own misspellings.
                    scope = found.match(f.code, f.region.line, not_by=f.region, named_only=True)
                    if scope is None:
                        kept.append(f)
                    else:
                        result.suppressed.append(_suppressed(f, scope))
                in_vain = suppressions.unused(path, found, own, self._known_codes, every_rule_ran, first_pass=False)
                for report in active.check.unused_suppressions(in_vain):
                    kept.append(self._finding(active, report, path))
        result.suppressed.sort(key=lambda s: s.finding.sort_key())
        return kept

    def _finding(self, active: ActiveRule, report: Report, path: str, doc: SourceText | None = None) -> Finding:
        line = report.source_line
        if line is None:
            line = doc.line_text(report.region.line) if doc is not None else ""
        return Finding(
            code=active.rule.code,
            rule=active.rule.name,
            severity=self._severity(active, report),
            path=report.path or path,
            region=report.region,
            message=report.message,
            source_line=line,
        )

    @staticmethod
    def _severity(active: ActiveRule, report: Report) -> str:
        if active.configured or report.kind is None:
            return active.severity
        return active.rule.severity_by_kind.get(report.kind, active.severity)

    def _ignored(self, finding: Finding) -> bool:
        if not self.per_file_ignores:
            return False
        path = self.cwd / finding.path
        return any(finding.code in codes and m.matches(path) for m, codes in self.per_file_ignores)


def _resolved(path: Path) -> Path:
    """Where a path leads, links followed; a link loop leads nowhere but to itself."""
    try:
        return path.resolve()
    except (OSError, RuntimeError):  # RuntimeError: a loop, before Python 3.13
        return Path(os.path.abspath(path))


def _suppressed(finding: Finding, scope: suppressions.Scope) -> Suppressed:
    directive = scope.directive
    return Suppressed(finding, directive.reason, Location(finding.path, directive.region))


def _rule_code(name: str) -> str | None:
    """The code a directive's word stands for: a code (any case) or a rule name."""
    rule = registry.by_code_or_name(name)
    return rule.code if rule is not None else None


def _import_tracker_lists(config: Config) -> list:
    """The user's downloaded tracker lists, merged into this run's tracker data."""
    from . import trackers
    from .config import ConfigError

    if not config.tracker_lists:
        trackers.configure([])
        return []
    from .tracker_lists import TrackerListError, load_tracker_list

    try:
        imported = [load_tracker_list(path) for path in config.tracker_lists]
    except TrackerListError as exc:
        raise ConfigError(f"{config.path}: {exc}") from None
    trackers.configure(imported)
    return imported


def group_occurrences(findings: list[Finding], templates: set[str]) -> list[Finding]:
    """The same finding on many pages of a build (a tracker in the shared layout) becomes one
    finding at its first page, with the others listed. Sources are never grouped: two
    templates with the same line are two things to fix."""
    groups: dict[tuple, list[Finding]] = {}
    seen_in_page: dict[tuple, int] = {}
    for f in findings:
        if f.path in templates:
            groups[(id(f),)] = [f]
            continue
        key = (f.code, f.severity, f.message, offending_markup(f))
        # The same line twice in one page is two findings: the n-th joins the n-th elsewhere.
        nth = seen_in_page[key + (f.path,)] = seen_in_page.get(key + (f.path,), 0) + 1
        groups.setdefault(key + (nth,), []).append(f)
    out = []
    for group in groups.values():
        first = group[0]
        if len(group) > 1:
            first = replace(first, also=tuple(Location(f.path, f.region) for f in group[1:]))
        out.append(first)
    return out


# Folders of a Django project that hold no form classes of its own.
_NOT_PROJECT_CODE = VENDORED_DIRS | TEST_DIRS | {"migrations", "venv", "env", "site-packages", "static", "media"}
_MAX_FORMS_FILE = 1_000_000


def django_form_fields(root: Path, exclude: PathMatcher | None = None) -> tuple:
    """The fields a Django project's form classes declare (``forms.py``, ``forms/*.py``), for
    the templates that render them; () outside a Django project (no ``manage.py`` at its root).
    Folders the configuration excludes are not read."""
    try:
        if not (root / "manage.py").is_file():
            return ()
    except OSError:
        return ()
    from .readers.django_forms import agreed, declared_fields

    fields = []
    for dirpath, dirnames, filenames in os.walk(root):
        here = Path(dirpath)
        dirnames[:] = sorted(
            d for d in dirnames
            if not d.startswith(".") and d not in _NOT_PROJECT_CODE and not (exclude and exclude.matches(here / d))
        )
        in_package = Path(dirpath).name == "forms"
        for name in filenames:
            if name == "forms.py" or (in_package and name.endswith(".py")):
                path = Path(dirpath) / name
                try:
                    if path.stat().st_size <= _MAX_FORMS_FILE:
                        fields += declared_fields(path.read_text(encoding="utf-8", errors="replace"))
                except OSError:
                    continue  # unreadable: its fields stay unknown
    return agreed(fields)


def is_built_site(top: Path) -> bool:
    """A folder a site generator wrote (``_site``, ``public``, ``_build/html``): its own
    ``index.html`` at the top and no project manifest beside it. Its scripts are the build's
    output (theme libraries, bundles), not code the user writes, and a walk leaves them."""
    try:
        return (top / "index.html").is_file() and not any((top / name).exists() for name in PROJECT_MANIFESTS)
    except OSError:
        return False


def _minified(path: Path, lower_name: str) -> bool:
    """A script a build tool wrote: named so (app.min.js), or a long line in its first 16 KB."""
    if _MINIFIED_NAME.search(lower_name):
        return True
    try:
        with path.open("rb") as f:
            head = f.read(16 * 1024)
    except OSError:
        return False  # reading it again will say what is wrong
    start = 0
    while start < len(head):
        end = head.find(b"\n", start)
        if end < 0:
            return len(head) - start >= MINIFIED_LINE
        if end - start >= MINIFIED_LINE:
            return True
        start = end + 1
    return False


def offending_markup(finding: Finding) -> str:
    """The text a finding points at, for grouping and for the baseline: not its whole line,
    which in minified pages also holds each page's title."""
    r = finding.region
    line = finding.source_line
    end = r.end_column - 1 if r.end_line == r.line else len(line)
    return line[r.column - 1 : end].strip() or line.strip()


def _rendered_only(findings: list[Finding], project: Project, tree_paths: dict[PageFacts, str]) -> list[Finding]:
    """The findings in markup the site renders: not those in a partial (or a block of one) that
    the site's settings switch off (``{% if site.google_analytics %}`` with no such setting)."""
    rel_of = {page.display: rel for page, rel in tree_paths.items()}
    return [f for f in findings if f.path not in rel_of or project.renders(rel_of[f.path], f.region.line)]


def _in_content_folder(folder: Path, top: Path) -> bool:
    """A folder below the walked one's content/ (a Hugo site's content files)."""
    try:
        return "content" in folder.relative_to(top).parts
    except ValueError:
        return False


def _read_text(path: Path, max_size: int) -> str | None:
    try:
        if path.stat().st_size > max_size:
            return None
        return path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None


def _tree_stamp(hint: str | None, options: ReadOptions) -> str:
    """What a tree's cached nodes depend on besides the files: the policy setting, the
    readers' options and privlint's own data (a newer data file makes them stale)."""
    data = registry.data_path("privacy-terms.toml").parent
    try:
        newest = max((entry.stat().st_mtime_ns for entry in os.scandir(data) if entry.is_file()), default=0)
    except OSError:
        newest = 0
    return f"{hint}\0{options!r}\0{newest}"


def _policy_text(path: Path, max_size: int) -> tuple[str, bool] | None:
    """The text of a policy page the run did not keep (or did not lint), and whether it is opaque."""
    try:
        doc = Document.from_file(path, path.as_posix(), max_size)
    except SourceError:
        return None
    if doc.written_by_code and not writes_elements(doc.root):
        return None  # code that writes no page (a PHP class named Privacy) is no policy
    return policy_text(doc)
