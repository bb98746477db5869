"""--format github: workflow commands with the documented escaping, and a summary line."""

from __future__ import annotations

import io

from privlint.document import Region
from privlint.formatters import github
from privlint.model import Finding, Notice, OutputOptions, RunResult


def finding(severity="error", path="site/a,b.html", message="100% plain\nHTTP: bad", line=3):
    return Finding("PRV101", "insecure-form-action", severity, path, Region(line, 5, line, 60), message)


def output(result: RunResult) -> list[str]:
    out = io.StringIO()
    github.write(result, out, io.StringIO(), OutputOptions())
    return out.getvalue().splitlines()


def test_escaping_and_properties():
    lines = output(RunResult(findings=[finding()], files=1))
    assert lines[0] == (
        "::error file=site/a%2Cb.html,line=3,col=5,endLine=3,endColumn=60,"
        "title=privlint PRV101 (insecure-form-action)::100%25 plain%0AHTTP: bad"
    )
    assert lines[1] == "privlint: 1 annotation in 1 files (1 error)"


def test_levels_and_the_summary_of_what_github_will_not_show():
    findings = [finding("error", line=n) for n in range(1, 13)] + [finding("warning"), finding("info")]
    result = RunResult(findings=findings, notices=[Notice("x.html", "cannot read: Permission denied")], files=4)
    lines = output(result)
    assert [line.split(" ", 1)[0] for line in lines[:-1]] == ["::error"] * 12 + ["::warning", "::notice", "::warning"]
    assert lines[-2] == "::warning file=x.html,title=privlint%3A file not linted::cannot read: Permission denied"
    assert lines[-1] == (
        "privlint: 15 annotations in 4 files (12 errors, 2 warnings, 1 notice); GitHub shows only 10 per level"
        " in a step, so some errors are not shown on the files: upload the SARIF output to see them all"
    )


def test_no_findings():
    assert output(RunResult(files=2)) == ["privlint: 0 annotations in 2 files"]
