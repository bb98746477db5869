"""Machine output: one JSON document on stdout."""

from __future__ import annotations

import json
from typing import TextIO

from .. import __version__
from ..model import OutputOptions, RunResult


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
    out.write(json.dumps(to_dict(result), indent=2, ensure_ascii=False) + "\n")
