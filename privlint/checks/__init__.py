"""The code of the rules. One module per rule, named after it; metadata lives in rules/.

A check says *where* and *what*. It never knows its severity, whether it is enabled,
whether a finding is suppressed, or how findings are printed: the engine and the
formatters own those.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar, Iterable

if TYPE_CHECKING:
    from lxml import etree

    from ..document import Document
    from ..model import Report
    from ..site import Site
    from ..stylesheet import StyleSheet
    from ..suppressions import Unused


@dataclass(frozen=True)
class RunSettings:
    """The run-wide settings a rule may read (never severity or enablement)."""

    disclosed: tuple[str, ...] = ()
    consent_required: bool = False  # config consent = "required"
    first_party: tuple[str, ...] = ()  # the site's own domains, from config
    trusted_form_targets: tuple[str, ...] = ()  # domains forms may post personal data to
    sells_or_shares: bool = False  # config sells-or-shares-personal-data (CCPA/CPRA)


class Check:
    code: ClassVar[str]
    # Element names the engine hands to visit(), in document order, during its one traversal.
    elements: ClassVar[tuple[str, ...]] = ()
    # True for rules that need the page facts of every document (site-scope rules).
    needs_page_facts: ClassVar[bool] = False

    def __init__(self, options: dict[str, Any], settings: RunSettings) -> None:
        self.options = options
        self.settings = settings

    def begin(self, doc: "Document") -> None:
        """Called before the elements of a document are visited."""

    def visit(self, el: "etree._Element", doc: "Document") -> Iterable["Report"]:
        return ()

    def end(self, doc: "Document") -> Iterable["Report"]:
        """Called after the last element of a document."""
        return ()

    def stylesheet(self, sheet: "StyleSheet") -> Iterable["Report"]:
        """Called for each .css file of the run (rules about what stylesheets fetch)."""
        return ()

    def site(self, site: "Site") -> Iterable["Report"]:
        """Called once per site, after every document of the run was read."""
        return ()

    def unused_suppressions(self, unused: list[Unused]) -> Iterable[Report]:
        """Called once per file with inline directives, with those that turned nothing off: the
        engine applies directives, a rule only says what is wrong with one (PRV001)."""
        return ()
