"""A baseline: the findings a legacy site has today, recorded so that a run reports only new ones.

An entry is a rule code, a file's path (relative to the baseline file's folder) and the
markup the finding points at, with how many times that occurs: never a line number, so
entries survive lines moving. The message is left out on purpose: messages name line
numbers ("session replay, line 20"), the policy's path and the fields a page collects, and
their wording improves between versions of privlint; any of these would make a recorded
finding come back as new. The cost: findings of one rule on identical markup in one file
are told apart by their count only.

A run judges only the entries it could have found (files under the paths it checked, read
without trouble, and rules that ran): the others are neither matched, nor gone, nor dropped
when the file is written again.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path

from . import __version__
from .engine import display_path, offending_markup
from .model import Finding, Location, RunResult

FORMAT_VERSION = 1
# Markup longer than this (a whole inline script, a hostile 10 MB attribute) is kept as its
# start and a digest of the whole: as exact, and the file stays readable.
MAX_MARKUP = 300
KEPT_MARKUP = 240

Key = tuple[str, str, str]  # path (posix, relative to the baseline's folder), code, markup


class BaselineError(Exception):
    """A baseline file that cannot be read, used or written: one line naming the file."""


@dataclass(frozen=True, slots=True)
class Entry:
    """A recorded finding: in which file, of which rule, on which markup, how many times."""

    path: str
    code: str
    markup: str
    count: int


@dataclass(frozen=True, slots=True)
class BaselineResult:
    """What a baseline did to a run: the occurrences it matched and left out, those it did
    not know, and its entries this run no longer finds (paths relative to the current directory)."""

    file: str  # the baseline file, relative to the current directory
    matched: int
    new: int
    stale: tuple[Entry, ...] = ()

    def stale_text(self) -> str:
        """"3 findings recorded in privlint-baseline.json are gone; ...", for every output format."""
        n = sum(e.count for e in self.stale)
        recorded = f"{n:,} finding{'s' if n != 1 else ''} recorded in {self.file} {'are' if n != 1 else 'is'} gone"
        return f"{recorded}; run with --write-baseline to drop {'them' if n != 1 else 'it'}"


@dataclass(slots=True)
class Baseline:
    """A baseline file's entries, as counts by key."""

    file: Path
    counts: Counter[Key] = field(default_factory=Counter)

    @property
    def folder(self) -> Path:
        return Path(os.path.abspath(self.file)).parent


# --- reading -------------------------------------------------------------------------

_ENTRY_FIELDS = {"path": str, "code": str, "markup": str, "count": int}


def read(file: Path) -> Baseline:
    """The baseline in ``file``; anything wrong with it is a BaselineError of one line."""
    try:
        text = file.read_bytes().decode("utf-8")
    except FileNotFoundError:
        raise BaselineError(f"{file}: no such baseline file (write one with --write-baseline {file})") from None
    except OSError as exc:
        raise BaselineError(f"{file}: cannot read: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise BaselineError(f"{file}: not a privlint baseline: not UTF-8 text") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise BaselineError(
            f"{file}: not a privlint baseline: invalid JSON at line {exc.lineno}, column {exc.colno} ({exc.msg})"
        ) from None
    if not isinstance(data, dict) or "version" not in data or not isinstance(data.get("findings"), list):
        raise BaselineError(f'{file}: not a privlint baseline: no "version" and "findings" list')
    version = data["version"]
    if version != FORMAT_VERSION:
        if isinstance(version, int) and not isinstance(version, bool) and version > FORMAT_VERSION:
            raise BaselineError(
                f"{file}: baseline format {version} is newer than privlint {__version__} reads; upgrade privlint"
            )
        raise BaselineError(f'{file}: not a privlint baseline: unknown "version" {json.dumps(version)}')
    counts: Counter[Key] = Counter()
    for i, entry in enumerate(data["findings"]):
        where = f"{file}: findings[{i}]"
        if not isinstance(entry, dict):
            raise BaselineError(f"{where}: not an object")
        unknown = sorted(set(entry) - set(_ENTRY_FIELDS))
        if unknown:
            raise BaselineError(f'{where}: unknown key "{unknown[0]}"')
        for name, kind in _ENTRY_FIELDS.items():
            value = entry.get(name)
            if not isinstance(value, kind) or isinstance(value, bool):
                raise BaselineError(f'{where}: "{name}" must be {"a whole number" if kind is int else "a string"}')
        if entry["count"] < 1:
            raise BaselineError(f'{where}: "count" must be 1 or more')
        # The same entry twice (two branches' baselines merged by hand) adds up.
        counts[(entry["path"], entry["code"], entry["markup"])] += entry["count"]
    return Baseline(file, counts)


def to_update(file: Path) -> Baseline:
    """The baseline --write-baseline replaces: empty when there is none yet. A file that is
    not a baseline is never overwritten: a mistyped name must not destroy the user's file."""
    if not os.path.lexists(file):
        return Baseline(file)
    try:
        return read(file)
    except BaselineError as exc:
        raise BaselineError(f"{exc}; the file is left as it is") from None


# --- matching ------------------------------------------------------------------------


def markup_key(finding: Finding) -> str:
    """The markup a finding points at, whitespace runs collapsed, long markup shortened."""
    markup = " ".join(offending_markup(finding).split())
    if len(markup) <= MAX_MARKUP:
        return markup
    digest = hashlib.sha256(markup.encode("utf-8")).hexdigest()[:16]
    return f"{markup[:KEPT_MARKUP]}… sha256:{digest}"


class _Paths:
    """Finding paths (relative to the run's directory) as baseline paths and back, each
    path worked out once: a build has thousands of occurrences in hundreds of files."""

    def __init__(self, cwd: Path, folder: Path) -> None:
        self.cwd = cwd
        self.folder = folder
        self._to_baseline: dict[str, str] = {}

    def to_baseline(self, path: str) -> str:
        found = self._to_baseline.get(path)
        if found is None:
            found = self._to_baseline[path] = display_path(Path(os.path.abspath(self.cwd / path)), self.folder)
        return found

    def absolute(self, baseline_path: str) -> str:
        return os.path.abspath(self.folder / baseline_path)

    def to_display(self, baseline_path: str) -> str:
        return display_path(Path(self.absolute(baseline_path)), self.cwd)


class _Reach:
    """Which entries a run could have found: in a file under a path it checked, read without
    a notice, from a rule that ran."""

    def __init__(self, result: RunResult, checked: list[str], paths: _Paths) -> None:
        self.codes = {ran.rule.code for ran in result.rules}
        self.roots = [os.path.abspath(result.cwd / arg) for arg in checked]
        self.unread = {os.path.abspath(result.cwd / notice.path) for notice in result.notices}
        self.paths = paths

    def covers(self, key: Key) -> bool:
        path, code, _ = key
        if code not in self.codes:
            return False
        absolute = self.paths.absolute(path)
        if absolute in self.unread:
            return False
        return any(absolute == root or absolute.startswith(root.rstrip(os.sep) + os.sep) for root in self.roots)


def _occurrences(result: RunResult, paths: _Paths) -> Counter[Key]:
    """Every place a finding of the run occurs: the first page and each page in ``also``."""
    counts: Counter[Key] = Counter()
    for f in result.findings:
        markup = markup_key(f)
        counts[(paths.to_baseline(f.path), f.code, markup)] += 1
        for other in f.also:
            counts[(paths.to_baseline(other.path), f.code, markup)] += 1
    return counts


def apply(baseline: Baseline, result: RunResult, checked: list[str]) -> None:
    """Leave out of ``result`` the occurrences the baseline records, as many times as it
    counts them; ``checked`` are the paths the run was given. Sets ``result.baseline``."""
    paths = _Paths(result.cwd, baseline.folder)
    remaining = Counter(baseline.counts)
    kept: list[Finding] = []
    matched = new = 0
    for f in result.findings:
        markup = markup_key(f)
        fresh = []
        for where in (Location(f.path, f.region), *f.also):
            key = (paths.to_baseline(where.path), f.code, markup)
            if remaining[key] > 0:
                remaining[key] -= 1
                matched += 1
            else:
                fresh.append(where)
        new += len(fresh)
        if fresh:
            kept.append(_with_locations(f, fresh))
    kept.sort(key=Finding.sort_key)
    reach = _Reach(result, checked, paths)
    stale = tuple(
        Entry(paths.to_display(key[0]), key[1], key[2], n)
        for key, n in sorted(remaining.items())
        if n > 0 and reach.covers(key)
    )
    result.findings = kept
    result.baseline = BaselineResult(display_path(Path(os.path.abspath(baseline.file)), result.cwd), matched, new, stale)


def _with_locations(finding: Finding, locations: list[Location]) -> Finding:
    """A grouped finding reduced to the pages the baseline does not know, the first as its own."""
    if len(locations) == 1 + len(finding.also):
        return finding
    first, *others = locations
    source_line = finding.source_line
    moved = replace(finding, path=first.path, region=first.region, also=tuple(others))
    if first.region != finding.region and offending_markup(moved) != offending_markup(finding):
        source_line = ""  # the first page's line does not fit this page's region: no excerpt, not a wrong one
    return replace(moved, source_line=source_line)


# --- writing -------------------------------------------------------------------------


def record(previous: Baseline, result: RunResult, checked: list[str]) -> Baseline:
    """The baseline after this run: its findings, and the previous entries it could not have found."""
    paths = _Paths(result.cwd, previous.folder)
    reach = _Reach(result, checked, paths)
    found = _occurrences(result, paths)
    # A site rule may report on a file outside the checked paths (the configured policy
    # page): what the run found replaces what was recorded, never adds to it.
    kept = {key: n for key, n in previous.counts.items() if key not in found and not reach.covers(key)}
    return Baseline(previous.file, Counter(kept) + found)


def dumps(baseline: Baseline, ascii_only: bool = False) -> str:
    """The file's text: sorted, one entry a line, nothing that changes from run to run."""
    entries = [
        json.dumps({"path": path, "code": code, "markup": markup, "count": n}, ensure_ascii=ascii_only)
        for (path, code, markup), n in sorted(baseline.counts.items())
    ]
    findings = "[\n" + ",\n".join(f"    {e}" for e in entries) + "\n  ]" if entries else "[]"
    return (
        f'{{\n  "version": {FORMAT_VERSION},\n  "privlint": {json.dumps(__version__)},\n'
        f'  "findings": {findings}\n}}\n'
    )


def write(baseline: Baseline) -> int:
    """Write the baseline file; returns how many findings it records."""
    text = dumps(baseline)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:  # a file name that is not UTF-8 (a surrogate escape): \u escapes read back the same
        text = dumps(baseline, ascii_only=True)
    try:
        baseline.file.write_text(text, encoding="utf-8", newline="\n")
    except OSError as exc:
        raise BaselineError(f"{baseline.file}: cannot write: {exc.strerror or exc}") from None
    return sum(baseline.counts.values())
