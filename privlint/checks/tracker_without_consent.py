"""PRV202 tracker-without-consent: on a site that asks for consent, a tracker that runs before."""

from __future__ import annotations

from typing import Iterable

from .. import consent, trackers
from ..model import Report
from ..page import PageFacts, TrackerUse
from ..site import Site
from . import Check


class TrackerWithoutConsent(Check):
    code = "PRV202"
    needs_page_facts = True

    def site(self, site: Site) -> Iterable[Report]:
        managers = [u for page in site.pages for u in page.consent_managers]
        if not managers and not self.settings.consent_required:
            return  # the site asks for no consent: nothing to hold trackers to
        data, cmp = trackers.current(), consent.builtin()
        ignored = frozenset(self.options.get("ignore-categories", ()))
        # The manager the site uses, for messages; run-time blocking anywhere in a template
        # tree may be a layout's, which a partial without its own loader inherits.
        site_manager = cmp.managers[managers[0].manager] if managers else None
        site_auto_blocks = any(u.auto_blocking for u in managers)
        for page in site.pages:
            found = {use.service for use in page.trackers}
            reported: set[str] = set()
            for use in page.trackers:
                service = data.services[use.service]
                if service.id in reported or any(s in found for s in service.superseded_by):
                    continue
                if not service.sets_cookies or service.category in ignored or site.is_first_party(use):
                    continue  # no storage on the device to ask about, or not a third party
                why = self.runs_before_consent(page, use, service, cmp, site_auto_blocks)
                if why is None:
                    continue
                reported.add(service.id)
                how = f"{use.how} from {use.evidence}" if use.how != "inline script" else "inline script"
                manager = cmp.managers[page.consent_managers[0].manager] if page.consent_managers else site_manager
                fix = f"; hold it back with {manager.hold}" if manager is not None and not use.in_noscript else ""
                yield Report(
                    use.region,
                    f"{service.name} ({service.company}) runs before consent ({how}): {why}{fix}",
                    path=page.display,
                    source_line=use.source_line,
                )

    @staticmethod
    def runs_before_consent(
        page: PageFacts, use: TrackerUse, service: trackers.Service, cmp: consent.ConsentData, site_auto_blocks: bool
    ) -> str | None:
        """Why the use runs before the visitor consents, or None if it waits."""
        if use.in_noscript:
            return "a <noscript> pixel loads when scripts are off, so no consent manager can hold it"
        if use.gated or use.waits_for:
            return None  # held by the manager's markup, inert in a <template>, or loaded on a click
        at = (use.region.line, use.region.column)
        auto = [u for u in page.consent_managers if u.auto_blocking]
        if any((u.region.line, u.region.column) < at for u in auto):
            return None  # the manager blocks it by URL at run time
        if not page.consent_managers and site_auto_blocks and page.is_template and not page.is_full_page:
            return None  # a partial: the layout that loads the manager blocks at run time
        if auto:
            return "it comes before the consent manager's script, which cannot block what already ran"
        mode = page.consent_mode
        if service.id in cmp.consent_mode_services and mode is not None and (mode.region.line, mode.region.column) < at:
            key = "analytics_storage" if service.id in cmp.consent_mode_analytics else "ad_storage"
            value = dict(mode.storage).get(key)
            if value == "denied":
                return None  # Google Consent Mode: no cookies until the update grants them
            return f"Google Consent Mode defaults {key} to {value or 'granted (not set)'}"
        if not page.consent_managers and not page.consent_mode and (page.is_full_page and not page.pulls_in_markup):
            return "no consent manager is loaded on this page"
        return "nothing in its markup holds it back until the visitor consents"


CHECK = TrackerWithoutConsent
