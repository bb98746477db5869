"""Machine output: one JSON document on stdout."""

from __future__ import annotations

import json
from typing import TextIO

from .. import __version__
from ..model import OutputOptions, RunResult


def to_dict(result: RunResult) -> dict:
    return {
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
        "tracker_lists": result.tracker_lists,
        "summary": {"files": result.files, "findings": len(result.findings)},
    }


def write(result: RunResult, out: TextIO, err: TextIO, options: OutputOptions) -> None:
    out.write(json.dumps(to_dict(result), indent=2, ensure_ascii=False) + "\n")
