"""The few value types shared by the engine, the rules and the formatters."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from .document import Region

if TYPE_CHECKING:
    from .baseline import BaselineResult
    from .registry import Rule

SEVERITIES = ("error", "warning", "info")


@dataclass(frozen=True, slots=True)
class Report:
    """What a rule says: where and what. Never severity, enablement or output format."""

    region: Region
    message: str
    path: str | None = None  # site rules report on a page other than "the current document"
    source_line: str | None = None  # the line's text, for excerpts, when the document is gone
    kind: str | None = None  # which kind of finding, for a rule whose metadata sets severity-by-kind


@dataclass(frozen=True, slots=True)
class Location:
    path: str
    region: Region


@dataclass(frozen=True, slots=True)
class Finding:
    code: str
    rule: str
    severity: str
    path: str
    region: Region
    message: str
    source_line: str = ""
    # The same finding on other pages of a build (one shared layout): reported once.
    also: tuple[Location, ...] = ()

    def also_text(self, examples: int = 3) -> str:
        """" (also on 2 other pages: a.html, b.html)", or "" for a finding in one place."""
        if not self.also:
            return ""
        n = len(self.also)
        shown = ", ".join(loc.path for loc in self.also[:examples]) + (", ..." if n > examples else "")
        return f" (also on {n} other page{'s' if n != 1 else ''}: {shown})"

    def sort_key(self) -> tuple:
        r = self.region
        return (self.path, r.line, r.column, self.code, self.message)


@dataclass(frozen=True, slots=True)
class Suppressed:
    """A finding that an inline directive turned off, and the reason the directive gives ("" if none)."""

    finding: Finding
    reason: str
    directive: Location  # where the directive is written


@dataclass(frozen=True, slots=True)
class Notice:
    """A file that could not be linted, and why. The run goes on without it."""

    path: str
    message: str


@dataclass(frozen=True, slots=True)
class RuleRun:
    """A rule as it ran: its metadata and the severity the configuration gave it."""

    rule: "Rule"
    severity: str


@dataclass(slots=True)
class RunResult:
    findings: list[Finding] = field(default_factory=list)
    notices: list[Notice] = field(default_factory=list)
    files: int = 0
    internal_errors: int = 0  # files privlint failed on: exit status 2
    rules: list[RuleRun] = field(default_factory=list)  # the rules that ran, in code order
    cwd: Path = field(default_factory=Path.cwd)  # finding paths are relative to it
    # Tracker lists imported for the run: what they are and under which licence.
    tracker_lists: list[str] = field(default_factory=list)
    suppressed: list[Suppressed] = field(default_factory=list)  # shown with --show-suppressed, and in JSON
    baseline: BaselineResult | None = None  # with --baseline: what it matched, and what is gone


@dataclass(frozen=True, slots=True)
class OutputOptions:
    color: bool = False
    quiet: bool = False
    category: str = "privlint"  # SARIF automationDetails: one analysis among several
    show_suppressed: bool = False  # list the findings inline directives turned off, with their reasons
