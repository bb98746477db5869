"""GitHub Actions workflow commands: findings as annotations on the pull request's files.

GitHub shows at most ten annotations of each level per step; the summary line says how
many there were, so the rest are not silently lost (the SARIF upload has them all).
"""

from __future__ import annotations

import re
from typing import TextIO

from ..model import OutputOptions, RunResult

COMMANDS = {"error": "error", "warning": "warning", "info": "notice"}
SHOWN_PER_LEVEL = 10


# What file contents must not bring into the log: controls (escape sequences colour and move
# GitHub's log view too), bidi controls, and the lone surrogates of non-UTF-8 file names.
_UNSAFE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def _data(text: str) -> str:
    """Escape a message: "%" first, then the line breaks (actions/toolkit's rules)."""
    text = _UNSAFE.sub("\ufffd", text)
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(level: str, props: dict[str, object], message: str) -> str:
    rendered = ",".join(f"{key}={_property(str(value))}" for key, value in props.items())
    return f"::{level} {rendered}::{_data(message)}"


def write(result: RunResult, out: TextIO, err: TextIO, options: OutputOptions) -> None:
    counts = {level: 0 for level in COMMANDS.values()}
    for f in result.findings:
        level = COMMANDS[f.severity]
        counts[level] += 1
        r = f.region
        props = {"file": f.path, "line": r.line, "col": r.column, "endLine": r.end_line, "endColumn": r.end_column,
                 "title": f"privlint {f.code} ({f.rule})"}
        out.write(annotation(level, props, f.message + f.also_text()) + "\n")
    for notice in result.notices:
        counts["warning"] += 1
        out.write(annotation("warning", {"file": notice.path, "title": "privlint: file not linted"}, notice.message) + "\n")
    if result.baseline is not None and result.baseline.stale:
        counts["notice"] += 1
        props = {"file": result.baseline.file, "title": "privlint: baseline entries gone"}
        out.write(annotation("notice", props, result.baseline.stale_text()) + "\n")
    total = sum(counts.values())
    parts = ", ".join(f"{n} {level}{'s' if n != 1 else ''}" for level, n in counts.items() if n)
    over = [level for level, n in counts.items() if n > SHOWN_PER_LEVEL]
    summary = f"privlint: {total} annotation{'s' if total != 1 else ''} in {result.files} files"
    if parts:
        summary += f" ({parts})"
    if over:
        summary += (
            f"; GitHub shows only {SHOWN_PER_LEVEL} per level in a step, so some {'/'.join(over)}s are not"
            " shown on the files: upload the SARIF output to see them all"
        )
    out.write(summary + "\n")
