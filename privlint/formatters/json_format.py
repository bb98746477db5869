"""Machine output: one JSON document on stdout."""

from __future__ import annotations

import json
import re
from typing import TextIO

from .. import __version__
from ..model import OutputOptions, RunResult

# Python keeps the bytes of a file name that are not UTF-8 as lone surrogates, which no
# UTF-8 text may hold: they become U+FFFD, so the output is valid UTF-8 whatever the input.
_SURROGATE = re.compile(r"[\ud800-\udfff]")
# json.dumps escapes C0 controls only; DEL, C1 controls (a terminal may read U+009B as the
# start of an escape sequence), line separators and bidi controls are escaped too, so that
# JSON printed on a terminal is safe. Parsed, the strings are the same.
_ESCAPED = re.compile(r"[\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def dumps(data: object) -> str:
    """JSON text that is valid UTF-8 and safe to print, whatever the strings in ``data``."""
    text = _SURROGATE.sub("\ufffd", json.dumps(data, indent=2, ensure_ascii=False))
    return _ESCAPED.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def to_dict(result: RunResult) -> dict:
    data = {
        "version": __version__,
        "findings": [
            {
                "code": f.code,
                "rule": f.rule,
                "severity": f.severity,
                "path": f.path,
                "line": f.region.line,
                "column": f.region.column,
                "end_line": f.region.end_line,
                "end_column": f.region.end_column,
                "message": f.message,
                # the same finding on other pages of the build (a shared layout)
                "also": [
                    {"path": o.path, "line": o.region.line, "column": o.region.column} for o in f.also
                ],
            }
            for f in result.findings
        ],
        "notices": [{"path": n.path, "message": n.message} for n in result.notices],
        # Findings inline directives turned off, with the directive's reason: kept on record.
        "suppressed": [
            {
                "code": s.finding.code,
                "rule": s.finding.rule,
                "severity": s.finding.severity,
                "path": s.finding.path,
                "line": s.finding.region.line,
                "column": s.finding.region.column,
                "message": s.finding.message,
                "reason": s.reason,
                "directive": {"line": s.directive.region.line, "column": s.directive.region.column},
            }
            for s in result.suppressed
        ],
        "tracker_lists": result.tracker_lists,
        "summary": {"files": result.files, "findings": len(result.findings), "suppressed": len(result.suppressed)},
    }
    # With --baseline: what it left out, and its entries this run no longer finds.
    if result.baseline is not None:
        data["baseline"] = {
            "file": result.baseline.file,
            "matched": result.baseline.matched,
            "new": result.baseline.new,
            "stale": [
                {"path": e.path, "code": e.code, "markup": e.markup, "count": e.count} for e in result.baseline.stale
            ],
        }
    return data


def write(result: RunResult, out: TextIO, err: TextIO, options: OutputOptions) -> None:
    out.write(dumps(to_dict(result)) + "\n")
