"""Reading fixtures and their inline expectations; running one rule over them.

An annotation ``expect: PRV101`` (in any comment syntax: ``<!-- -->``, ``{# #}``,
``{{!-- --}}``, ``<%# %>``, ``{{/* */}}``, ``{/* */}`` in JSX, ``//`` and ``/* */`` in
code) expects a finding of that rule
on its own line if the line holds anything else, otherwise on the next line that does.
``PRV101@7`` also pins the column. Several codes are separated by commas.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from privlint import config as config_mod
from privlint import registry
from privlint.checks import Check
from privlint.engine import Linter
from privlint.model import RunResult

from conftest import FIXTURES

ANNOTATION = re.compile(r"expect:\s*((?:PRV\d{3}(?:@\d+)?)(?:\s*,\s*PRV\d{3}(?:@\d+)?)*)")
COMMENT_LINE = re.compile(
    r"^\s*(?:<!--.*?-->|\{#.*?#\}|\{\{!--.*?--\}\}|\{\{!.*?\}\}|<%#.*?%>|\{\{-?\s*/\*.*?\*/\s*-?\}\}|\{/\*.*?\*/\}|//.*|/\*.*?\*/"
    r"|\{\{--.*?--\}\}|\{\*.*?\*\}|<#--.*?-->|@\*.*?\*@|\#\s*expect:.*)\s*$"
)
CONFIG_SUFFIX = ".toml"


@dataclass(frozen=True)
class Fixture:
    rule: str
    path: Path  # a file, or a directory that is a whole site

    @property
    def kind(self) -> str:
        return self.path.name.split("_", 1)[0]

    @property
    def id(self) -> str:
        return f"{self.rule}/{self.path.name}"

    @property
    def config_path(self) -> Path | None:
        candidate = (
            self.path / "privlint.toml" if self.path.is_dir() else self.path.with_name(self.path.name + CONFIG_SUFFIX)
        )
        return candidate if candidate.is_file() else None

    def files(self) -> list[Path]:
        if self.path.is_dir():
            return sorted(p for p in self.path.rglob("*") if p.is_file() and p.suffix != CONFIG_SUFFIX)
        return [self.path]


def discover() -> list[Fixture]:
    found = []
    for rule_dir in sorted(FIXTURES.glob("PRV*")):
        for path in sorted(rule_dir.iterdir()):
            if path.name.startswith(("bad_", "good_")) and path.suffix != CONFIG_SUFFIX:
                found.append(Fixture(rule_dir.name, path))
    return found


def expectations(fixture: Fixture) -> Counter:
    """(path relative to the fixture's rule directory, line, code, column or None), counted."""
    expected: Counter = Counter()
    base = fixture.path.parent
    for file in fixture.files():
        lines = file.read_text(encoding="utf-8").splitlines()
        for number, line in enumerate(lines, start=1):
            m = ANNOTATION.search(line)
            if not m:
                continue
            target = number
            if COMMENT_LINE.match(line):
                target = next(
                    (
                        n
                        for n in range(number + 1, len(lines) + 1)
                        if lines[n - 1].strip() and not ANNOTATION.search(lines[n - 1])
                    ),
                    number,
                )
            for item in re.split(r"\s*,\s*", m.group(1)):
                code, _, column = item.partition("@")
                expected[(file.relative_to(base).as_posix(), target, code, int(column) if column else None)] += 1
    return expected


def judges_other_rules(code: str) -> bool:
    """A rule about other rules' directives (PRV001): it is tested with the configured rules
    running (the default preset), as what it reports depends on what they find; only its own
    findings are then compared."""
    check = registry.by_code_or_name(code).check_class()
    return check.unused_suppressions is not Check.unused_suppressions


def run(fixture: Fixture, select: list[str] | None = None) -> RunResult:
    config = config_mod.load(fixture.config_path)
    with_configured_rules = select is None and judges_other_rules(fixture.rule)
    # Every occurrence: an expectation sits on each page; grouping is the output's business.
    linter = Linter(
        config, select=None if with_configured_rules else select or [fixture.rule], cwd=fixture.path.parent, all_occurrences=True
    )
    result = linter.run([str(fixture.path)])
    if with_configured_rules:
        result.findings = [f for f in result.findings if f.code == fixture.rule]
    return result


def actual(result: RunResult, columns: set[tuple]) -> Counter:
    """Findings as comparable tuples; the column only where an expectation pins it."""
    found: Counter = Counter()
    for f in result.findings:
        key = (f.path, f.region.line, f.code)
        found[key + ((f.region.column,) if key in columns else (None,))] += 1
    return found
