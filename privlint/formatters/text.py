"""Human output: ``path:line:col: CODE message [name]``, an excerpt with a caret, a summary."""

from __future__ import annotations

import re
from typing import TextIO

import click

from ..model import SEVERITIES, Finding, OutputOptions, RunResult

_COLOURS = {"error": "red", "warning": "yellow", "info": "blue"}
# Controls (escape sequences start with ESC, U+001B), line breaks (each finding is one line),
# bidi controls, privlint's own template markers, and the halves of surrogate pairs that
# Python makes of file-name bytes that are not UTF-8 (they cannot be printed at all).
_UNPRINTABLE = re.compile(
    r"[\x00-\x08\x0a-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069"
    r"\ufdd0-\ufdd1\ud800-\udfff]"
)
_EXCERPT_WIDTH = 120


def clean(text: str) -> str:
    """File contents never reach the terminal raw: no escapes, no bidi overrides."""
    return _UNPRINTABLE.sub("\ufffd", text.replace("\t", " "))


def _excerpt(finding: Finding, color: bool) -> list[str]:
    line = finding.source_line
    if not line.strip():
        return []
    r = finding.region
    start = r.column - 1
    end = r.end_column - 1 if r.end_line == r.line else len(line)
    end = max(end, start + 1)
    # Long lines (minified HTML): a window around the column.
    offset = 0
    if len(line) > _EXCERPT_WIDTH:
        offset = max(0, min(start - 20, len(line) - _EXCERPT_WIDTH))
        line = line[offset : offset + _EXCERPT_WIDTH]
    shown = clean(line)
    caret_start = max(0, start - offset)
    caret_len = max(1, min(end - offset, len(shown)) - caret_start)
    number = str(r.line)
    gutter = " " * len(number)
    caret = " " * caret_start + "^" * caret_len
    if color:
        caret = click.style(caret, fg=_COLOURS.get(finding.severity, "red"), bold=True)
    return [f" {number} | {shown}", f" {gutter} | {caret}"]


def write(result: RunResult, out: TextIO, err: TextIO, options: OutputOptions) -> None:
    color, quiet = options.color, options.quiet
    for f in result.findings:
        r = f.region
        location = f"{clean(f.path)}:{r.line}:{r.column}:"
        code = f.code
        if color:
            location = click.style(location, bold=True)
            code = click.style(code, fg=_COLOURS.get(f.severity, "red"), bold=True)
        click.echo(f"{location} {code} {clean(f.message)}{clean(f.also_text())} [{f.rule}]", file=out, color=color)
        if not quiet:
            for line in _excerpt(f, color):
                click.echo(line, file=out, color=color)
    if options.show_suppressed:
        for s in result.suppressed:
            f, r = s.finding, s.finding.region
            why = f': "{clean(s.reason)}"' if s.reason else " (no reason given)"
            click.echo(
                f"{clean(f.path)}:{r.line}:{r.column}: {f.code} {clean(f.message)} [{f.rule}] "
                f"suppressed by the directive on line {s.directive.region.line}{why}",
                file=out,
            )
    for notice in result.notices:
        click.echo(f"privlint: {clean(notice.path)}: {clean(notice.message)}", file=err)
    if not quiet:
        for used in result.tracker_lists:
            click.echo(f"privlint: tracker list {clean(used)}", file=err)
    # Baseline entries no longer found: told so the file shrinks; --quiet hides it, as ruff its warnings.
    if not quiet and result.baseline is not None and result.baseline.stale:
        click.echo(f"privlint: {clean(result.baseline.stale_text())}", file=err)
    if quiet:
        return
    if result.findings:
        counts = {sev: sum(f.severity == sev for f in result.findings) for sev in SEVERITIES}
        parts = [f"{n} {sev}{'s' if n != 1 else ''}" for sev, n in counts.items() if n]
        total = len(result.findings)
        click.echo(
            f"Found {total} problem{'s' if total != 1 else ''} ({', '.join(parts)}) in "
            f"{result.files} file{'s' if result.files != 1 else ''}{_suppressed_note(result, options)}.",
            file=out,
        )
    else:
        click.echo(
            f"No problems found in {result.files} file{'s' if result.files != 1 else ''}"
            f"{_suppressed_note(result, options)}.",
            file=out,
        )


def _suppressed_note(result: RunResult, options: OutputOptions) -> str:
    """What the run left out on purpose: findings turned off inline, and known ones in the baseline."""
    parts = []
    n = len(result.suppressed)
    if n:
        hint = "" if options.show_suppressed else ", listed by --show-suppressed"
        parts.append(f"{n} suppressed by inline directives{hint}")
    if result.baseline is not None and result.baseline.matched:
        parts.append(f"{result.baseline.matched:,} already in {clean(result.baseline.file)}")
    return f" ({'; '.join(parts)})" if parts else ""
