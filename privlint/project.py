"""A template tree as the site it renders: which files complete which pages.

A page of a template tree (a content file, or a template nothing else includes) renders
with every file its references reach: its layout chain, their includes, theirs in turn.
Page-level questions (does the page link to the policy?) are asked of that whole set, and
a finding that belongs to a shared file is reported there, once, with the pages it covers.

The tree's files are read once per run for their references; what each file gives its
pages (a ``Node``) is kept in a cache keyed by the file's size and modification time, so
a pre-commit run that names one file does not parse the whole tree again.
"""

from __future__ import annotations

import hashlib
import json
import marshal
import os
import posixpath
import re
import sys
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Callable, Iterable

from . import __version__
from .document import Region
from .includes import BUILTIN, DEFINE, LAYOUT, NO_LAYOUT, SLOT, Reference, Resolver, front_matter, references, setting_guards
from .page import PageFacts

NO_LINK, MAYBE_LINK, LINK = 0, 1, 2
_MARKDOWN = (".md", ".markdown")
_MARKDOWN_HEADING = re.compile(r"^#[ \t]+([^\n#]{1,200})", re.M)  # a content file's first heading
_MARKDOWN_LINK = re.compile(
    r"\[(?P<label>[^\]\n]{1,200})\](?:\([^)\s]{1,500}|\[[^\]\n]{0,200}\])"  # [text](url), [text][ref]
    r"|<a\s[^>]{0,500}?href=[^>]{0,500}>(?P<html>[^<]{1,200})</a>",  # inline HTML
    re.I,
)
_CACHE_FORMAT = 6


@dataclass(frozen=True, slots=True)
class Node:
    """What one file gives the pages that render it."""

    path: str  # relative to the tree's root, "/" separated
    display: str
    references: tuple[Reference, ...]
    privacy_link: int = NO_LINK  # NO_LINK, MAYBE_LINK (template code that may write one), LINK
    links: int = 0
    opens_page: bool = False
    closes_page: bool = False
    collects: str = ""  # the personal data field it has, described; "" for none
    anchor: Region | None = None  # where a page's policy link belongs: its <footer>, else <body>
    anchor_line: str = ""
    readable: bool = True  # False: it could not be read, so what it renders is unknown
    content: bool = False  # a content file (Markdown): a page only with a layout
    redirect: bool = False  # a <meta http-equiv="refresh"> stub

    @property
    def says_footer(self) -> bool:
        return "footer" in posixpath.basename(self.path).lower()

    def to_tuple(self) -> tuple:
        a = self.anchor
        anchor = None if a is None else (a.line, a.column, a.end_line, a.end_column)
        return (self.path, self.display, tuple(r.as_tuple() for r in self.references), self.privacy_link, self.links,
                self.opens_page, self.closes_page, self.collects, anchor, self.anchor_line, self.readable, self.content, self.redirect)

    @classmethod
    def from_tuple(cls, t: tuple) -> "Node":
        refs = tuple(Reference(*r) for r in t[2])
        anchor = Region(*t[8]) if t[8] is not None else None
        return cls(t[0], t[1], refs, t[3], t[4], t[5], t[6], t[7], anchor, t[9], t[10], t[11], t[12])


def markdown_node(path: str, display: str, text: str, says_privacy: Callable[[str], bool]) -> Node:
    """A content file: its layout and includes, and the links its own text gives
    (``[text](url)``, ``[text][ref]`` and inline ``<a href>``)."""
    labels = [m.group("label") or m.group("html") for m in _MARKDOWN_LINK.finditer(text)]
    linked = any(says_privacy(label) for label in labels)
    return Node(path, display, tuple(references(path, text)), LINK if linked else NO_LINK, len(labels), content=True)


class Project:
    """The include graph of one tree, and the nodes of its files."""

    def __init__(
        self,
        root: Path,
        refs: dict[str, tuple[Reference, ...]],
        node: Callable[[str], Node | None],
        titles: dict[str, str] | None = None,
        cache: "NodeCache | None" = None,
        settings: frozenset[str] | None = None,
        read_text: Callable[[str], str | None] | None = None,
    ) -> None:
        self.root = root
        self._refs = refs
        self._node = node
        self.titles = titles or {}  # what content files' front matter calls them (title, permalink)
        self._cache = cache
        self.settings = settings  # keys the site's configuration sets (Jekyll's _config*.yml); None: not read
        self._read_text = read_text
        self._guard_cache: dict[str, list[tuple[int, int, tuple[str, ...]]]] = {}
        self._edge_lines: dict[tuple[str, str], list[int]] = {}
        self._pulled_in: set[str] = set()  # files some file includes (not only uses as its layout)
        self._nodes: dict[str, Node | None] = {}
        resolver = Resolver(list(refs))
        # Each file's references, resolved: a file's path, "" for a generator's own template, None if unknown.
        self.targets: dict[str, list[str | None]] = {}
        self.included_by: dict[str, list[str]] = {}
        defined_by: dict[str, list[str]] = {}  # Go's named templates, by the files that define them
        for path, found in refs.items():
            for ref in found:
                if ref.kind == DEFINE and ref.name is not None:
                    defined_by.setdefault(ref.name, []).append(path)
        for path, found in refs.items():
            out: list[str | None] = []
            for ref in found:
                if ref.kind in (SLOT, DEFINE):
                    continue  # a slot is filled by the page rendered in it: see closure()
                if ref.family == "go-define":
                    definers = defined_by.get(ref.name or "", [])
                    if path in definers or len(definers) > 1:
                        continue  # its own, or a block each page defines for its layout ("main")
                    target = definers[0] if definers else None
                else:
                    target = "" if ref.kind == BUILTIN else resolver.resolve(ref, path)
                if target == path:
                    continue  # a file that names itself (a recursive menu partial) adds nothing
                out.append(target)
                if target:
                    self.included_by.setdefault(target, []).append(path)
                    self._edge_lines.setdefault((path, target), []).append(ref.line)
                    if ref.kind != LAYOUT:
                        self._pulled_in.add(target)
            self.targets[path] = out

    # --- settings that decide what renders ---------------------------------------------

    def _guards(self, rel: str) -> list[tuple[int, int, tuple[str, ...]]]:
        cached = self._guard_cache.get(rel)
        if cached is None:
            text = self._read_text(rel) if self._read_text is not None else None
            cached = self._guard_cache[rel] = setting_guards(text) if text else []
        return cached

    def _guarded_off(self, rel: str, line: int) -> bool:
        """Whether a line of a file stands in a block the configuration switches off."""
        settings = self.settings or frozenset()
        return any(first <= line <= last and not all(k in settings for k in keys)
                   for first, last, keys in self._guards(rel))

    def renders(self, rel: str, line: int | None = None) -> bool:
        """False when the site's settings keep a file (or a line of it) from every page:
        ``{% if site.google_analytics %}{% include analytics.html %}{% endif %}`` with no
        ``google_analytics`` in ``_config.yml``. True when that cannot be told."""
        if self.settings is None or rel not in self._refs:
            return True
        if line is not None and self._guarded_off(rel, line):
            return False
        seen = {rel}
        stack = [rel]
        cut = False
        while stack:
            here = stack.pop()
            parents = self.included_by.get(here)
            if not parents:
                return True  # a page, or a file nothing includes: it renders as it stands
            for parent in dict.fromkeys(parents):
                if parent in seen:
                    continue
                if all(self._guarded_off(parent, n) for n in self._edge_lines[(parent, here)]):
                    cut = True
                    continue
                seen.add(parent)
                stack.append(parent)
        return not cut

    @property
    def is_shopify_theme(self) -> bool:
        return "layout/theme.liquid" in self._refs

    def save_cache(self) -> None:
        if self._cache is not None:
            self._cache.save(self._refs)

    def is_layout(self, path: str) -> bool:
        """A file that others use as their layout only (none includes it as a partial)."""
        return path in self.included_by and path not in self._pulled_in

    def __contains__(self, path: str) -> bool:
        return path in self._refs

    def node(self, path: str) -> Node | None:
        if path not in self._nodes:
            self._nodes[path] = self._node(path)
        return self._nodes[path]

    def is_page(self, path: str) -> bool:
        """A file nothing includes: a page of its own (a content file only with a layout)."""
        if path in self.included_by:
            return False
        if path.lower().endswith(_MARKDOWN):
            return any(t for t in self.targets.get(path, ()))
        return True

    def closure(self, path: str) -> tuple[list[str], bool]:
        """Every file the page renders with (itself first), and whether some reference of
        theirs is unresolved. Cycles end where they meet a file already taken."""
        seen = {path: None}
        stack = [path]
        # A layout judged as a page of its own: what its slot renders comes from elsewhere.
        unresolved = any(ref.kind == SLOT for ref in self._refs.get(path, ()))
        while stack:
            here = stack.pop()
            for target in self.targets.get(here, ()):
                if target is None:
                    unresolved = True
                elif target and target not in seen:
                    seen[target] = None
                    stack.append(target)
        return list(seen), unresolved

    def pages_rendering(self, *paths: str) -> list[str]:
        """The pages whose closure holds one of the files (the file itself, if it is a page)."""
        seen = dict.fromkeys(paths)
        stack = list(seen)
        pages = []
        while stack:
            here = stack.pop()
            if self.is_page(here):
                pages.append(here)
            for parent in self.included_by.get(here, ()):
                if parent not in seen:
                    seen[parent] = None
                    stack.append(parent)
        return sorted(pages)

    def policy_candidates(self, says_privacy: Callable[[str], bool]) -> list[str]:
        """Content files and pages that are the privacy policy by name, title or permalink."""
        found = []
        for path in self._refs:
            if not self.is_page(path) and not path.lower().endswith(_MARKDOWN):
                continue
            if says_privacy(path):
                found.append(path)
        return sorted(found, key=lambda p: (p.count("/"), p))


def node_from_facts(facts: PageFacts, path: str, refs: tuple[Reference, ...], hinted_counts: bool) -> Node:
    """A linted file's node. ``hinted_counts``: links that name the configured policy's address count."""
    if facts.has_privacy_link or (hinted_counts and facts.hinted_hrefs):
        link = LINK
    else:
        link = MAYBE_LINK if facts.maybe_privacy_link else NO_LINK
    anchor, line = (facts.footer_region, facts.footer_line) if facts.footer_region else (facts.body_region, facts.body_line)
    return Node(
        path, facts.display, refs, link, facts.links, facts.opens_page, facts.closes_page,
        facts.personal_field.description if facts.personal_field else "", anchor, line, redirect=facts.is_redirect,
    )


def build(
    root: Path,
    files: Iterable[Path],
    given: dict[str, PageFacts],
    facts_of: Callable[[Path, str], PageFacts | None],
    display_of: Callable[[Path], str],
    read_text: Callable[[Path], str | None],
    says_privacy: Callable[[str], bool],
    stamp: str,
    hinted_counts: bool = False,
) -> "Project":
    """The project of a tree: every template and content file under ``root``; ``given``
    are the files this run lints (their facts are known), by path in the tree."""
    cache = NodeCache(root, stamp)
    refs: dict[str, tuple[Reference, ...]] = {}
    titles: dict[str, str] = {}  # what a content file's front matter calls it
    paths: dict[str, Path] = {}
    prefix = str(root) + os.sep
    for file in files:
        name = str(file)  # below root: a string's tail is cheaper than Path.relative_to
        rel = name[len(prefix):].replace(os.sep, "/") if name.startswith(prefix) else file.relative_to(root).as_posix()
        paths[rel] = file
        if rel in given:
            refs[rel] = tuple(given[rel].includes)
            continue
        stat = file_stat(file)
        cached = cache.get(rel, stat, 0) if stat is not None else None
        if cached is not None:
            try:
                found_refs = tuple(Reference(*r) for r in cached[0])
                title = str(cached[1])
            except (TypeError, ValueError, IndexError):  # a cache another version (or a disk error) wrote
                cached = None
        if cached is None:
            text = read_text(file)
            if text is None:
                cached = ((), "", False)
            else:
                front = front_matter(text)
                said = f"{front.get('title', '')} {front.get('permalink', '')}".strip()
                if not said and rel.lower().endswith(_MARKDOWN):
                    heading = _MARKDOWN_HEADING.search(text, 0, 20_000)
                    said = heading.group(1).strip() if heading else ""
                cached = (tuple(r.as_tuple() for r in references(rel, text)), said, True)
            if stat is not None:
                cache.put(rel, stat, 0, cached)
            found_refs, title = tuple(Reference(*r) for r in cached[0]), cached[1]
        refs[rel] = found_refs
        if title:
            titles[rel] = title
    def node(rel: str) -> Node | None:
        facts = given.get(rel)
        if facts is not None:
            return node_from_facts(facts, rel, refs[rel], hinted_counts)
        file = paths.get(rel)
        if file is None:
            return None
        stat = file_stat(file)
        cached = cache.get(rel, stat, 1) if stat is not None else None
        if cached is not None:
            try:
                found = Node.from_tuple(cached)
            except (TypeError, ValueError, IndexError):
                pass  # not a node of this version: read the file again
            else:
                return replace(found, display=display_of(file))  # shown from this run's folder
        display = display_of(file)
        if rel.lower().endswith(_MARKDOWN):
            text = read_text(file)
            found = markdown_node(rel, display, text, says_privacy) if text is not None else None
        else:
            facts = facts_of(file, display)
            found = node_from_facts(facts, rel, refs[rel], hinted_counts) if facts is not None else None
        if found is None:
            found = Node(rel, display, refs[rel], readable=False)
        if stat is not None:
            cache.put(rel, stat, 1, found.to_tuple())
        return found

    if any((root / name).is_file() for name in _ELEVENTY_CONFIGS):
        _eleventy_layouts(root, refs)
    if any(r.family == "rails-layout" for found in refs.values() for r in found):
        _rails_controller_layouts(root, refs, read_text)
    settings = jekyll_settings(_site_folder(root, given) or root)

    def text_of(rel: str) -> str | None:
        file = paths.get(rel)
        return read_text(file) if file is not None else None

    return Project(root, refs, node, titles, cache, settings, text_of)


_ELEVENTY_CONFIGS = (".eleventy.js", "eleventy.config.js", "eleventy.config.mjs", "eleventy.config.cjs")
_CONTENT = (".md", ".markdown", ".html", ".njk", ".liquid", ".hbs", ".ejs")


def _eleventy_layouts(root: Path, refs: dict[str, tuple[Reference, ...]]) -> None:
    """Eleventy's directory data files (``posts/posts.json``, ``posts/posts.11tydata.json``)
    give the content of their folder, and the folders below, a layout: where they say so
    literally, it becomes a layout reference of each content file that names none itself."""
    layouts: dict[str, str | None] = {}

    def layout_of(folder: str) -> str | None:
        if folder in layouts:
            return layouts[folder]
        found = None
        name = posixpath.basename(folder)
        for data in (f"{name}.11tydata.json", f"{name}.json") if name else ():
            path = root / folder / data
            try:
                value = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else None
            except (OSError, ValueError, RecursionError):
                value = None
            if isinstance(value, dict) and isinstance(value.get("layout"), str):
                found = value["layout"]
                break
        if found is None and folder:
            found = layout_of(posixpath.dirname(folder))
        layouts[folder] = found
        return found

    for rel, found in refs.items():
        if not rel.lower().endswith(_CONTENT) or any(r.kind == LAYOUT or r.name == NO_LAYOUT for r in found):
            continue
        if rel.startswith(("_includes/", "src/_includes/", "_layouts/")):
            continue
        layout = layout_of(posixpath.dirname(rel))
        if layout:
            refs[rel] = found + (Reference(LAYOUT, layout, 1, "frontmatter"),)


def _site_folder(root: Path, given: dict[str, PageFacts]) -> Path | None:
    """The Jekyll site the given files belong to: the nearest folder above them, within the
    project, with a _config.yml (a repository's docs/ site); None if it is the root or none."""
    for rel in given:
        parts = rel.split("/")[:-1]
        while parts:
            folder = root.joinpath(*parts)
            if (folder / "_config.yml").is_file() or (folder / "_config.yaml").is_file():
                return folder
            parts.pop()
    return None


_RAILS_LAYOUT_CALL = re.compile(r"^\s*layout[\s(]", re.M)


def _rails_controller_layouts(root: Path, refs: dict[str, tuple[Reference, ...]], read_text) -> None:
    """A Rails view renders in ``layouts/<controller>`` or ``layouts/application`` only when its
    controller (and ApplicationController) names no layout of its own (``layout "shop"``, a
    method choosing one). A view whose controller is not in the tree (an engine's, Devise's)
    has an unknown layout too."""
    said: dict[str, bool] = {}  # controller file -> it calls layout

    def calls_layout(path: Path) -> bool | None:
        key = path.as_posix()
        if key not in said:
            text = read_text(path) if path.is_file() else None
            said[key] = None if text is None else _RAILS_LAYOUT_CALL.search(text) is not None
        return said[key]

    for rel, found in list(refs.items()):
        ref = next((r for r in found if r.family == "rails-layout"), None)
        if ref is None:
            continue
        views = rel.split("/")
        i = len(views) - 1 - views[::-1].index("views")
        app = root.joinpath(*views[:i - 1]) if i >= 1 else root  # the folder holding app/
        controllers = app / "app" / "controllers" if views[i - 1] == "app" else app / "controllers"
        folder = "/".join(views[i + 1 : -1])
        own = calls_layout(controllers / f"{folder}_controller.rb")
        base = calls_layout(controllers / "application_controller.rb")
        if own is None or own or base:
            refs[rel] = tuple(Reference(r.kind, None, r.line, r.family) if r is ref else r for r in found)


_YAML_KEY = re.compile(
    r"^(?P<indent>[ ]*)(?P<key>[A-Za-z_][\w-]*|\"[^\"\n]{1,100}\"|'[^'\n]{1,100}')[ \t]*:(?:[ \t]+(?P<value>.*?))?[ \t]*$"
)
_YAML_FLOW_PAIR = re.compile(r"([A-Za-z_][\w-]*)\s*:\s*([^,{}]*)")
_YAML_ITEM = re.compile(r"^(?P<indent>[ ]*)-[ \t]")
_YAML_UNSET = frozenset({"", "false", "no", "off", "null", "~", "''", '""', "[]", "{}"})


def jekyll_settings(root: Path) -> frozenset[str] | None:
    """The keys a Jekyll site's configuration sets (``google_analytics``, ``disqus.shortname``),
    from every ``_config*.yml`` at its root (a production config often adds the analytics);
    None for a tree that is not a Jekyll site. A key counts as set when its value is not empty,
    false or null, or when it holds a list or keys of its own that are set."""
    try:
        files = sorted(p for p in root.iterdir() if p.name.startswith("_config") and p.suffix in (".yml", ".yaml"))
    except OSError:
        return None
    if not files:
        return None
    found: set[str] = set()
    for file in files:
        try:
            text = file.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return None  # unreadable: what it sets is unknown
        stack: list[tuple[int, str]] = []  # (indent, dotted key) of the open keys
        for line in text.splitlines():
            if not line.strip() or line.lstrip().startswith("#") or line.startswith(("---", "...")):
                continue
            item = _YAML_ITEM.match(line)
            m = _YAML_KEY.match(line)
            if m is None:
                if item is not None or line.startswith((" ", "\t")):
                    for _indent, key in stack:
                        found.add(key)  # a list item or a continued value: its keys hold something
                continue
            indent = len(m.group("indent"))
            while stack and stack[-1][0] >= indent:
                stack.pop()
            name = m.group("key").strip("'\"")
            key = f"{stack[-1][1]}.{name}" if stack else name
            value = (m.group("value") or "").split(" #", 1)[0].strip()
            if value.lower() not in _YAML_UNSET:
                found.add(key)
                for _indent, parent in stack:
                    found.add(parent)
                if value.startswith("{"):  # a flow mapping: {provider: google, id: G-1}
                    for sub, sub_value in _YAML_FLOW_PAIR.findall(value):
                        if sub_value.strip().lower() not in _YAML_UNSET:
                            found.add(f"{key}.{sub}")
            stack.append((indent, key))
    return frozenset(found)


# --- the cache ---------------------------------------------------------------------------------


def cache_dir() -> Path | None:
    """privlint's folder in the user's cache (never in the project: nothing there is ours to write)."""
    base = os.environ.get("XDG_CACHE_HOME") or (os.path.join(os.path.expanduser("~"), ".cache") if os.path.expanduser("~") != "~" else "")
    return Path(base) / "privlint" if base else None


class NodeCache:
    """Nodes and references of a tree's files, by size and modification time."""

    def __init__(self, root: Path, stamp: str) -> None:
        folder = cache_dir()
        digest = hashlib.sha1(f"{root}\0{stamp}\0{__version__}\0{_CACHE_FORMAT}".encode("utf-8", "surrogateescape")).hexdigest()[:16]
        self._file = folder / f"tree-{digest}.{sys.implementation.cache_tag}.marshal" if folder else None
        self._entries: dict[str, tuple] = {}
        self._changed = False
        if self._file is not None:
            try:
                data = marshal.loads(self._file.read_bytes())
                if isinstance(data, dict):
                    self._entries = data
            except (OSError, ValueError, EOFError, TypeError):
                pass

    def get(self, path: str, stat: tuple[int, int], slot: int):
        entry = self._entries.get(path)
        if not isinstance(entry, tuple) or len(entry) != 3 or entry[0] != stat:
            return None
        return entry[1 + slot]

    def put(self, path: str, stat: tuple[int, int], slot: int, value) -> None:
        entry = self._entries.get(path)
        if not isinstance(entry, tuple) or len(entry) != 3 or entry[0] != stat:
            entry = (stat, None, None)
        entry = entry[: 1 + slot] + (value,) + entry[2 + slot :]
        self._entries[path] = entry
        self._changed = True

    def save(self, keep: Iterable[str]) -> None:
        if not self._changed or self._file is None:
            return
        keep = set(keep)
        data = {k: v for k, v in self._entries.items() if k in keep}
        try:
            self._file.parent.mkdir(parents=True, exist_ok=True)
            temporary = self._file.with_name(f"{self._file.name}.{os.getpid()}")
            temporary.write_bytes(marshal.dumps(data))
            os.replace(temporary, self._file)  # whole or not at all, when runs race
        except (OSError, ValueError):
            pass  # no cache: the next run reads the files again


def file_stat(path: Path) -> tuple[int, int] | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return (st.st_mtime_ns, st.st_size)


def find_root(start: Path, config_path: Path | None) -> Path | None:
    """The project a file list belongs to: its configuration file's folder, else the git work tree."""
    if config_path is not None:
        return config_path.parent.resolve()
    here = start.resolve()
    for folder in (here, *here.parents):
        if (folder / ".git").exists():
            return folder
    return None
