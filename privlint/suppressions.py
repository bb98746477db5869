"""Inline suppressions: directives in a file's comments that turn findings off, with a reason.

    <!-- privlint-disable-next-line PRV401 -- card field is a decoy for bots -->
    <!-- privlint-disable PRV201 --> ... <!-- privlint-enable PRV201 -->
    <!-- privlint-disable-line PRV102 -->      (the directive's own line)
    <!-- privlint-disable-file PRV306 -- the footer comes from the CMS -->

The same directives work in every template family's comment syntax (``{# #}``, ``{{!-- --}}``,
``{{! }}``, ``<%# %>``, ``{{/* */}}``, Liquid's ``{% # %}`` and ``{% comment %}``, PHP's ``/* */``,
``//`` and ``#``) and in ``/* */`` in stylesheets. Without codes a directive covers every rule.
Rules never see directives: the engine applies them to the findings of a whole run (site rules'
included), and reports the ones that suppress nothing (PRV001).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .document import Region, SourceText

_KINDS = ("disable-next-line", "disable-line", "disable-file", "disable", "enable")
# Comment bodies, in the syntax of each family. Only a body that starts with a directive is one:
# prose that mentions "privlint-disable" is not.
_COMMENTS = re.compile(
    r"<!--(?P<html>.*?)-->"
    r"|\{\{!--(?P<hbs_long>.*?)--\}\}"
    r"|\{\{!(?P<hbs>.*?)\}\}"
    r"|\{#-?(?P<jinja>.*?)-?#\}"
    r"|<%#(?P<erb>.*?)%>"
    r"|\{\{-?\s*/\*(?P<go>.*?)\*/\s*-?\}\}"
    r"|\{%-?\s*#(?P<liquid>.*?)-?%\}"
    r"|\{%-?\s*comment\s*-?%\}(?P<liquid_block>.*?)\{%-?\s*endcomment\s*-?%\}"
    r"|<\?php\s*(?:/\*(?P<php_block>.*?)\*/|(?://|\#)(?P<php_line>[^\n]*?))\s*\?>"
    r"|/\*(?P<css>.*?)\*/",
    re.S,
)
_DIRECTIVE = re.compile(r"\s*privlint-(" + "|".join(_KINDS) + r")(?![\w-])(.*)", re.S)
# The reason follows " -- " (html-validate's and ESLint's way); codes before it.
_REASON = re.compile(r"(?:^|\s)--(?:\s|$)")


@dataclass(frozen=True, slots=True)
class Directive:
    """One directive as written: what it does, to which rules (empty: all), and why."""

    kind: str
    codes: tuple[str, ...]  # as written (codes or rule names), upper-cased codes once resolved
    reason: str
    region: Region  # the whole comment
    source_line: str
    next_line: int  # for disable-next-line: the next line that holds anything


@dataclass(slots=True)
class Scope:
    """Where a directive turns one rule (or every rule, ``code`` None) off: lines first..last;
    a disable of every rule leaves out the rules enabled again within it (``except_codes``)."""

    directive: Directive
    code: str | None
    first: int
    last: int
    except_codes: frozenset[str] = frozenset()
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

    def match(self, code: str, line: int) -> Scope | None:
        """The scope that turns this finding off, marked used; None if no directive covers it."""
        found = None
        for scope in self.scopes:
            if scope.covers(code, line):
                scope.used = True
                found = found or scope
        return found


def find_directives(source: SourceText, resolve) -> FileDirectives:
    """The directives in a file's text. ``resolve(name)`` gives the code a rule name or code stands
    for, or None for a word that is no rule (reported by PRV001, never silently ignored)."""
    text = source.text
    out = FileDirectives()
    if "privlint-" not in text:
        return out  # nearly every file: one search of the text
    lines = text.split("\n")
    for m in _COMMENTS.finditer(text):
        body = next((g for g in m.groups() if g is not None), None)
        d = _DIRECTIVE.match(body) if body else None
        if d is None:
            continue
        kind, rest = d.group(1), d.group(2)
        split = _REASON.search(rest)
        codes_text, reason = (rest[: split.start()], rest[split.end() :]) if split else (rest, "")
        names = tuple(n for n in re.split(r"[\s,]+", codes_text) if n)
        codes = tuple(resolve(n) or n for n in names)
        region = source.region(m.start(), m.end())
        following = next(
            (n for n in range(region.end_line + 1, len(lines) + 1) if lines[n - 1].strip()), region.end_line + 1
        )
        out.directives.append(
            Directive(kind, codes, " ".join(reason.split()), region, lines[region.line - 1], following)
        )
    _scopes(out, len(lines))
    return out


def _scopes(found: FileDirectives, last_line: int) -> None:
    """Lines each directive covers. A disable runs to its enable, or to the end of the file; an
    enable of one rule within a disable of every rule ends the disable for that rule alone."""
    open_ranges: dict[str | None, tuple[Directive, int]] = {}  # code -> (its disable, first line)
    every_rule_except: set[str] = set()  # rules enabled again within a disable of every rule

    def close(code: str | None, last: int) -> None:
        opened, first = open_ranges.pop(code)
        excepted = frozenset(every_rule_except) if code is None else frozenset()
        found.scopes.append(Scope(opened, code, first, last, excepted))

    for d in found.directives:
        codes: tuple[str | None, ...] = d.codes or (None,)
        if d.kind == "disable-next-line":
            found.scopes += [Scope(d, c, d.next_line, d.next_line) for c in codes]
        elif d.kind == "disable-line":
            found.scopes += [Scope(d, c, d.region.line, d.region.end_line) for c in codes]
        elif d.kind == "disable-file":
            found.scopes += [Scope(d, c, 1, last_line) for c in codes]
        elif d.kind == "disable":
            for c in codes:
                if c not in open_ranges:
                    open_ranges[c] = (d, d.region.line)
                    if c is None:
                        every_rule_except.clear()
        elif not d.codes:  # enable: every rule again
            if not open_ranges:
                found.stray_enables.append((d, None))
            for c in list(open_ranges):
                close(c, d.region.end_line)
        else:  # enable some rules
            for c in d.codes:
                if c in open_ranges:
                    close(c, d.region.end_line)
                elif None in open_ranges and c not in every_rule_except:
                    # Within a disable of every rule: it goes on, for the others only.
                    opened, _ = open_ranges[None]
                    close(None, d.region.end_line)
                    every_rule_except.add(c)
                    open_ranges[None] = (opened, d.region.end_line + 1)
                else:
                    found.stray_enables.append((d, c))
    for c in list(open_ranges):
        close(c, last_line)


@dataclass(frozen=True, slots=True)
class Unused:
    """A directive, or some of its codes, that turned nothing off: what PRV001 reports."""

    directive: Directive
    path: str
    problem: str  # NOTHING, UNKNOWN_RULE or ENABLES_NOTHING
    codes: tuple[str | None, ...]  # the codes concerned; None stands for every rule


NOTHING, UNKNOWN_RULE, ENABLES_NOTHING = "suppresses-nothing", "unknown-rule", "enables-nothing"


def unused(path: str, found: FileDirectives, ran: frozenset[str], known: frozenset[str]) -> list[Unused]:
    """What the file's directives turned off in vain. A code of a rule that did not run in this run
    is not judged: ``--select PRV101`` must not make every other directive look stale."""
    out: list[Unused] = []
    used = {(id(s.directive), s.code) for s in found.scopes if s.used}  # a disable may have several scopes
    for d in found.directives:
        if d.kind == "enable":
            continue
        unknown = tuple(c for c in d.codes if c not in known)
        if unknown:
            out.append(Unused(d, path, UNKNOWN_RULE, unknown))
        in_vain = tuple(
            s.code
            for s in found.scopes
            if s.directive is d and (id(d), s.code) not in used and (s.code is None or s.code in ran)
        )
        if in_vain:
            out.append(Unused(d, path, NOTHING, tuple(dict.fromkeys(in_vain))))
    for d, code in found.stray_enables:
        if code is None or code in known:
            out.append(Unused(d, path, ENABLES_NOTHING, (code,)))
    out.sort(key=lambda u: (u.directive.region.line, u.directive.region.column))
    return out
