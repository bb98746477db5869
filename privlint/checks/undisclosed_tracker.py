"""PRV201 undisclosed-tracker: a third-party tracker the privacy policy does not name."""

from __future__ import annotations

from typing import Iterable

from .. import trackers
from ..model import Report
from ..site import Site, names_vendor
from ..text import fold
from . import Check


class UndisclosedTracker(Check):
    code = "PRV201"
    needs_page_facts = True

    def site(self, site: Site) -> Iterable[Report]:
        if not any(page.trackers for page in site.pages):
            return
        data = trackers.current()
        configured = {fold(name) for name in self.settings.disclosed}
        ignored = frozenset(self.options.get("ignore-categories", ()))
        disclosure = site.disclosure
        why = _why_undisclosed(site)
        named: dict[str, bool] = {}  # per service: does the policy name it (one search per site)
        for page in site.pages:
            found = {use.service for use in page.trackers}
            reported: set[str] = set()
            for use in page.trackers:
                service = data.services[use.service]
                if service.id in reported or any(s in found for s in service.superseded_by):
                    continue
                if site.is_first_party(use) and not service.disclosed_when_first_party:
                    continue  # self-hosted: not a third party (another use of it may be)
                reported.add(service.id)
                if service.category in ignored or _listed(service, configured):
                    continue
                if disclosure is not None:
                    if service.id not in named:
                        named[service.id] = names_vendor(
                            disclosure.text, service.policy_names, service.case_sensitive_names
                        ) is not None
                    if named[service.id]:
                        continue
                if use.how == "dependency":
                    manifest, _, package = use.evidence.partition(": ")
                    how = f"declared as a dependency in {manifest} ({package})"
                elif use.how != "inline script":
                    how = f"loaded from {use.evidence}"
                elif use.evidence.startswith("from "):
                    how = f"loaded by an inline script {use.evidence}"
                else:
                    how = f"loaded by an inline script ({use.evidence})"
                if use.in_noscript:
                    how += " in <noscript>"
                how += site.pulled_in(page)
                yield Report(
                    use.region,
                    f"Undisclosed tracker {service.name} ({service.company}), {how}: {why}",
                    path=page.display,
                    source_line=use.source_line,
                )


def _why_undisclosed(site: Site) -> str:
    """Why a vendor counts as undisclosed on this site: the policy is silent, or unreadable."""
    disclosure = site.disclosure
    if disclosure is None:
        if site.policy is not None and site.policy.url:
            return f"its policy {site.policy.url} cannot be read here; list the vendor in `disclosed`"
        return "no privacy policy was found among the linted files to name it"
    if disclosure.opaque and disclosure.why_unknown:
        return (
            f"the privacy policy ({disclosure.where}) {disclosure.why_unknown}, so what it names cannot be"
            " read here; list the vendors it names in `disclosed`"
        )
    if disclosure.opaque:
        return (
            f"the privacy policy ({disclosure.where}) takes its text from template code, so what"
            " it names cannot be read; list the vendors it names in `disclosed`"
        )
    return f"the privacy policy ({disclosure.where}) does not name it"


def _listed(service: trackers.Service, configured: set[str]) -> bool:
    if not configured:
        return False
    return fold(service.id) in configured or any(fold(n) in configured for n in service.policy_names)


CHECK = UndisclosedTracker
