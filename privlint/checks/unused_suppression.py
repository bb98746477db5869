"""PRV001 unused-suppression: an inline directive that turned no finding off."""

from __future__ import annotations

from collections.abc import Iterable

from ..model import Report
from ..suppressions import ENABLES_NOTHING, UNKNOWN_DIRECTIVE, UNKNOWN_RULE, Unused
from . import Check


class UnusedSuppression(Check):
    code = "PRV001"

    def unused_suppressions(self, unused: list[Unused]) -> Iterable[Report]:
        for u in unused:
            d = u.directive
            named = _names(u.codes)
            if u.problem == UNKNOWN_DIRECTIVE:
                message = (
                    f"`{d.kind}` is no privlint directive, so it does nothing (privlint-disable-next-line, "
                    "privlint-disable-line, privlint-disable, privlint-enable, privlint-disable-file)"
                )
            elif u.problem == UNKNOWN_RULE:
                what = "is not a privlint rule" if len(u.codes) == 1 else "are not privlint rules"
                message = f"privlint-{d.kind}: {named} {what} (`privlint rules` lists them)"
            elif u.problem == ENABLES_NOTHING:
                message = f"privlint-enable re-enables {named}, which no privlint-disable above turned off"
            else:
                message = f"privlint-{d.kind} for {named} turns nothing off: {_where(d)}"
            yield Report(d.region, message, source_line=d.source_line)


def _names(codes: tuple[str | None, ...]) -> str:
    return "every rule" if None in codes else ", ".join(c for c in codes if c)


def _where(d) -> str:
    if d.kind == "disable-next-line":
        return f"no such finding on line {d.next_line}"
    if d.kind == "disable-line":
        return "no such finding on its line"
    if d.kind == "disable-file":
        return "no such finding in this file"
    return "no such finding between it and its privlint-enable (or the end of the file)"


CHECK = UnusedSuppression
