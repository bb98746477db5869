"""Inline suppressions: directives in a file's comments that turn findings off, with a reason.

    <!-- privlint-disable-next-line PRV401 -- card field is a decoy for bots -->
    <!-- privlint-disable PRV201 --> ... <!-- privlint-enable PRV201 -->
    <!-- privlint-disable-line PRV102 -->      (the directive's own line)
    <!-- privlint-disable-file PRV306 -- the footer comes from the CMS -->

HTML comments count in every page and template; in templates, so do the comments of their
language (``{# #}``, ``{{!-- --}}``, ``{{! }}``, ``<%# %>``, ``{{/* */}}``, Liquid's ``{% # %}``
and ``{% comment %}``, PHP's ``/* */``, ``//`` and ``#``); in stylesheets, ``/* */``. Text that
only looks like a comment (a Jinja comment shown on a plain HTML page) is not one. Without codes
a directive covers every rule. Rules never see directives: the engine applies them to the
findings of a whole run (site rules' included), and PRV001 reports the ones that turn nothing off.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from . import template
from .document import RAW_TEXT_CLOSERS, TAG_OR_COMMENT, Region, SourceText

_KINDS = ("disable-next-line", "disable-line", "disable-file", "disable", "enable")
_DIRECTIVE = re.compile(r"\s*privlint-(" + "|".join(_KINDS) + r")(?![\w-])(.*)", re.S)
# What was meant as one, misspelt (privlint-enabled, Privlint-disable-next, privlint enable):
# reported, for an enable nobody reads leaves its disable running to the end of the file.
_LOOKS_LIKE_DIRECTIVE = re.compile(r"\s*privlint[-\s]+(?:dis|en)able", re.I)
# The reason follows " -- " (html-validate's and ESLint's way); codes before it.
_REASON = re.compile(r"(?:^|\s)--(?:\s|$)")
# The body of a template comment, matched on one template construct found by template.py
# (never on the whole file: a body search from every unclosed opener would be quadratic).
_TEMPLATE_COMMENT = re.compile(
    r"\{\{~?!--(.*?)--~?\}\}"
    r"|\{\{~?!(.*?)~?\}\}"
    r"|\{#-?(.*?)-?#\}"
    r"|<%#(.*?)[-_]?%>"
    r"|\{\{-?\s*/\*(.*?)\*/\s*-?\}\}"
    r"|\{%-?\s*#(.*?)-?%\}"
    r"|\{%-?\s*comment\b[^%]*?-?%\}(.*?)\{%-?\s*endcomment\s*-?%\}"
    r"|<\?(?:php)?\s*(?:/\*(.*?)\*/\s*|(?://|\#)((?:[^?\n]|\?(?!>))*))\?>",
    re.S | re.I,
)


@dataclass(frozen=True, slots=True)
class Directive:
    """One directive as written: what it does, to which rules (empty: all), and why."""

    kind: str
    codes: tuple[str, ...]  # rule codes; words that name no rule are kept as written
    reason: str
    region: Region  # the whole comment
    source_line: str
    next_line: int  # for disable-next-line: the first line of what comes next
    next_last_line: int  # ... and the last: a start tag written over several lines counts whole


@dataclass(slots=True)
class Scope:
    """Where a directive turns one rule (or every rule, ``code`` None) off: lines first..last;
    a disable of every rule leaves out the rules enabled again within it (``except_codes``).
    ``uncertain``: the lines hold template code, so what the rule finds there is unknown."""

    directive: Directive
    code: str | None
    first: int
    last: int
    except_codes: frozenset[str] = frozenset()
    uncertain: bool = False
    used: bool = False

    def covers(self, code: str, line: int) -> bool:
        if self.code is None:
            if code in self.except_codes:
                return False
        elif self.code != code:
            return False
        return self.first <= line <= self.last


@dataclass(slots=True)
class FileDirectives:
    """The directives of one file and the lines they cover."""

    directives: list[Directive] = field(default_factory=list)
    scopes: list[Scope] = field(default_factory=list)
    stray_enables: list[tuple[Directive, str | None]] = field(default_factory=list)  # enable what was not disabled
    unknown_directives: list[Directive] = field(default_factory=list)  # privlint-enabled, privlint-disable-next
    # Scopes of a few lines, by line; scopes of a whole file, by code; the ranges between.
    _by_line: dict[int, list[Scope]] | None = None
    _by_code: dict[str | None, list[Scope]] = field(default_factory=dict)
    _long: list[Scope] = field(default_factory=list)

    def match(self, code: str, line: int, not_by: Region | None = None, named_only: bool = False) -> Scope | None:
        """The scope that turns this finding off, marked used; None if no directive covers it.
        ``not_by``: the region of a directive that may not turn off a finding about itself;
        ``named_only``: only directives that name the rule count (not those for every rule)."""
        if self._by_line is None:
            self._index()
        found = None
        for scope in (*self._by_line.get(line, ()), *self._long):
            if scope.covers(code, line) and scope.directive.region != not_by and not (named_only and scope.code is None):
                scope.used = True
                found = found or scope
        for key in (code, None):
            whole_file = self._by_code.get(key, [])
            if not_by is not None:
                whole_file = [s for s in whole_file if s.directive.region != not_by]
            if whole_file and not (named_only and key is None):
                if not whole_file[-1].used:  # all of them at once: a finding anywhere uses each
                    for scope in whole_file:
                        scope.used = True
                found = found or whole_file[0]
        return found

    def _index(self) -> None:
        self._by_line = {}
        whole_file = max((s.last for s in self.scopes), default=0)
        for scope in self.scopes:
            if scope.last - scope.first < 8:
                for line in range(scope.first, scope.last + 1):
                    self._by_line.setdefault(line, []).append(scope)
            elif scope.first == 1 and scope.last == whole_file and not scope.except_codes:
                self._by_code.setdefault(scope.code, []).append(scope)
            else:
                self._long.append(scope)


# --- comments --------------------------------------------------------------------------

Comment = tuple[int, int, str]  # start, end, body


def html_comments(text: str, masked: str | None = None) -> Iterator[Comment]:
    """``<!-- -->`` comments, as the start-tag scanner sees them: not inside a tag, a script
    or a style. ``masked``: the text with template code blanked out (same length), to look in;
    the bodies are read from ``text``."""
    scanned = text if masked is None else masked
    pos = 0
    while (m := TAG_OR_COMMENT.search(scanned, pos)) is not None:
        pos = m.end()
        name = m.group(1)
        if name is None:
            if m.group().endswith("-->"):
                yield m.start(), m.end(), text[m.start() + 4 : m.end() - 3]
            continue
        closer = RAW_TEXT_CLOSERS.get(name.lower())
        if closer is not None:
            close = closer.search(scanned, pos)
            if close is None:
                return
            pos = close.start()


def css_comments(text: str) -> Iterator[Comment]:
    """``/* */`` comments of a stylesheet."""
    pos = 0
    while (start := text.find("/*", pos)) >= 0:
        end = text.find("*/", start + 2)
        if end < 0:
            return
        yield start, end + 2, text[start + 2 : end]
        pos = end + 2


def template_comments(text: str, spans: list[template.Span]) -> Iterator[Comment]:
    """The comments of a template's language: constructs template.py found, read one by one."""
    for span in spans:
        if span.kind == template.ATTRS:
            continue
        m = _TEMPLATE_COMMENT.fullmatch(text, span.start, span.end)
        if m is not None:
            yield span.start, span.end, next(g for g in m.groups() if g is not None)


# --- directives ------------------------------------------------------------------------


def find_directives(
    source: SourceText, comments: Callable[[], Iterator[Comment]], resolve, code_spans: list[template.Span] = ()
) -> FileDirectives:
    """The directives in a file's comments. ``resolve(word)`` gives the code a rule name or code
    stands for, or None for a word that is no rule (reported by PRV001, never silently ignored).
    ``code_spans``: the file's template code, which makes what a directive covers uncertain."""
    text = source.text
    out = FileDirectives()
    if "privlint-" not in text:
        return out  # nearly every file: one search of the text
    lines = text.split("\n")
    next_filled: dict[int, int] = {}  # line -> the next line that holds anything: once per line
    line_texts: dict[int, str] = {}  # (a minified line holds thousands of directives)
    for start, end, body in comments():
        d = _DIRECTIVE.match(body)
        if d is None:
            if _LOOKS_LIKE_DIRECTIVE.match(body):
                region = source.region(start, end)
                if region.line not in line_texts:
                    line_texts[region.line] = source.line_text(region.line)
                out.unknown_directives.append(
                    Directive(" ".join(body.split())[:60], (), "", region, line_texts[region.line], 0, 0)
                )
            continue
        kind, rest = d.group(1), d.group(2)
        split = _REASON.search(rest)
        codes_text, reason = (rest[: split.start()], rest[split.end() :]) if split else (rest, "")
        codes = tuple(resolve(w) or w for w in re.split(r"[\s,]+", codes_text) if w)
        region = source.region(start, end)
        following = next_filled.get(region.end_line)
        if following is None:
            following = next_filled[region.end_line] = next(
                (n for n in range(region.end_line + 1, len(lines) + 1) if lines[n - 1].strip()), region.end_line + 1
            )
        following_last = _start_tag_last_line(source, lines, following)
        if region.line not in line_texts:
            line_texts[region.line] = source.line_text(region.line)
        out.directives.append(
            Directive(kind, codes, " ".join(reason.split()), region, line_texts[region.line], following, following_last)
        )
    _scopes(out, len(lines))
    if code_spans and out.scopes:
        code_lines = sorted(
            {
                source.position(s.start)[0]
                for s in code_spans
                if s.kind != template.COMMENT and not _TEMPLATE_COMMENT.fullmatch(text, s.start, s.end)
            }
        )
        for scope in out.scopes:
            scope.uncertain = _any_between(code_lines, scope.first, scope.last)
    return out


# How far a start tag, or a script or style, that begins on a directive's next line is followed.
_FOLLOWED_CHARACTERS = 20_000


def _start_tag_last_line(source: SourceText, lines: list[str], line: int) -> int:
    """The last line of what begins on ``line`` when it goes on over the next lines: a start
    tag written one attribute a line (as formatters write them), or a script or style element
    (what its body holds is reported on its own lines); else ``line``."""
    if line > len(lines) or "<" not in lines[line - 1]:
        return line
    text = source.text
    begin, end = source.line_bounds(line)
    limit = min(len(text), end + _FOLLOWED_CHARACTERS)
    last = begin
    pos = begin
    while (m := TAG_OR_COMMENT.search(text, pos, limit)) is not None and m.start() < end:
        pos = m.end()
        name = m.group(1)
        if name is None or not m.group().endswith(">"):
            continue  # a comment, or a tag not closed within reach: the line alone
        last = max(last, m.end() - 1)
        closer = RAW_TEXT_CLOSERS.get(name.lower())
        if closer is not None:
            close = closer.search(text, pos, limit)
            if close is not None:
                last = max(last, close.start())
                pos = close.end()
    return source.position(last)[0] if last > end else line


def _any_between(sorted_lines: list[int], first: int, last: int) -> bool:
    i = bisect.bisect_left(sorted_lines, first)
    return i < len(sorted_lines) and sorted_lines[i] <= last


def _scopes(found: FileDirectives, last_line: int) -> None:
    """Lines each directive covers. A disable runs to its enable, or to the end of the file; a
    second disable of what is already off takes over from the first; an enable of one rule within
    a disable of every rule ends the disable for that rule alone."""
    open_ranges: dict[str | None, tuple[Directive, int]] = {}  # code -> (its disable, first line)
    every_rule_except: set[str] = set()  # rules enabled again within a disable of every rule

    def close(code: str | None, last: int) -> None:
        opened, first = open_ranges.pop(code)
        excepted = frozenset(every_rule_except) if code is None else frozenset()
        # (first > last: taken over on its own line; kept, covering nothing, so it is judged)
        found.scopes.append(Scope(opened, code, first, last, excepted))

    for d in found.directives:
        codes: tuple[str | None, ...] = d.codes or (None,)
        line, end_line = d.region.line, d.region.end_line
        if d.kind == "disable-next-line":
            found.scopes += [Scope(d, c, d.next_line, d.next_last_line) for c in codes]
        elif d.kind == "disable-line":
            found.scopes += [Scope(d, c, line, end_line) for c in codes]
        elif d.kind == "disable-file":
            found.scopes += [Scope(d, c, 1, last_line) for c in codes]
        elif d.kind == "disable":
            for c in codes:
                if c in open_ranges:
                    close(c, line - 1)
                if c is None:
                    every_rule_except.clear()
                elif c in every_rule_except and None in open_ranges:
                    # The disable of every rule covers it again from here: a new stretch.
                    opened, _ = open_ranges[None]
                    close(None, line - 1)
                    every_rule_except.discard(c)
                    open_ranges[None] = (opened, line)
                open_ranges[c] = (d, line)
        elif not d.codes:  # enable: every rule again
            if not open_ranges:
                found.stray_enables.append((d, None))
            for c in list(open_ranges):
                close(c, end_line)
            every_rule_except.clear()
        else:  # enable some rules
            for c in d.codes:
                ended = False
                if c in open_ranges:
                    close(c, end_line)
                    ended = True
                if None in open_ranges and c not in every_rule_except:
                    # Within a disable of every rule: it goes on, for the others only.
                    opened, _ = open_ranges[None]
                    close(None, end_line)
                    every_rule_except.add(c)
                    open_ranges[None] = (opened, end_line + 1)
                    ended = True
                if not ended:
                    found.stray_enables.append((d, c))
    for c in list(open_ranges):
        close(c, last_line)


# --- what turned nothing off -----------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Unused:
    """A directive, or some of its codes, that turned nothing off: what PRV001 reports."""

    directive: Directive
    path: str
    problem: str  # NOTHING, UNKNOWN_RULE, ENABLES_NOTHING or UNKNOWN_DIRECTIVE
    codes: tuple[str | None, ...]  # the codes concerned; None stands for every rule


NOTHING, UNKNOWN_RULE, ENABLES_NOTHING = "suppresses-nothing", "unknown-rule", "enables-nothing"
UNKNOWN_DIRECTIVE = "unknown-directive"


def unused(
    path: str, found: FileDirectives, judged: frozenset[str], known: frozenset[str], every_rule_ran: bool,
    first_pass: bool = True,
) -> list[Unused]:
    """What the file's directives turned off in vain, for the codes in ``judged`` (the rules that
    ran: ``--select PRV101`` must not make every other directive look stale). A directive without
    codes is judged only when every rule ran, and never where template code makes what the rules
    find there unknown. Unknown words and stray enables are told in the first pass only."""
    out: list[Unused] = []
    scopes_of: dict[int, list[Scope]] = {}
    for s in found.scopes:
        scopes_of.setdefault(id(s.directive), []).append(s)
    for d in found.directives:
        unknown = tuple(c for c in d.codes if c not in known)
        if unknown and first_pass:
            out.append(Unused(d, path, UNKNOWN_RULE, unknown))
        if d.kind == "enable":
            continue
        used: dict[str | None, bool] = {}
        for s in scopes_of.get(id(d), ()):
            used[s.code] = used.get(s.code, False) or s.used or s.uncertain
        in_vain = tuple(
            c
            for c, was_used in used.items()
            if not was_used and (c in judged if c is not None else every_rule_ran and first_pass)
        )
        if in_vain:
            out.append(Unused(d, path, NOTHING, in_vain))
    if first_pass:
        out += [Unused(d, path, UNKNOWN_DIRECTIVE, ()) for d in found.unknown_directives]
        for d, code in found.stray_enables:
            if code is None or code in known:
                out.append(Unused(d, path, ENABLES_NOTHING, (code,)))
    out.sort(key=lambda u: (u.directive.region.line, u.directive.region.column))
    return out
