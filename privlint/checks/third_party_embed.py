"""PRV203 third-party-embed: a video, map, font, avatar, comment or social widget that tracks
visitors before they ask for it."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable

from .. import consent, registry, template, trackers
from ..domains import FirstParty
from ..model import Report
from ..page import PageFacts, TrackerUse
from ..site import Site
from ..stylesheet import StyleSheet
from . import Check
from .tracker_without_consent import TrackerWithoutConsent

NOUNS = {"iframe": "embed", "script": "script", "pixel": "image", "stylesheet": "stylesheet"}


@dataclass(frozen=True)
class Embed:
    service: str
    tracks: str
    alternative: str
    skip: trackers.UrlPatterns
    query_decides: bool


@lru_cache(maxsize=1)
def embeds() -> dict[str, Embed]:
    """rules/data/embeds.toml by service id."""
    table = {}
    for entry in registry.load_toml(registry.data_path("embeds.toml"))["embed"]:
        skip = trackers.UrlPatterns()
        for pattern in entry.get("skip-urls", ()):
            skip.add(pattern, True)
        table[entry["service"]] = Embed(
            entry["service"], entry["tracks"], entry["alternative"], skip, bool(entry.get("query-decides"))
        )
    return table


class ThirdPartyEmbed(Check):
    code = "PRV203"
    needs_page_facts = True

    def site(self, site: Site) -> Iterable[Report]:
        if not any(page.trackers for page in site.pages):
            return
        table = embeds()
        allowed = frozenset(self.options.get("allow", ()))
        managers = [u for page in site.pages for u in page.consent_managers]
        # Where the site asks for consent, PRV202 owns the embeds that set cookies: it reports
        # those that load before consent, with the manager's way to hold them back.
        asks_consent = bool(managers) or self.settings.consent_required
        site_auto = any(u.auto_blocking for u in managers)
        for page in site.pages:
            first: dict[str, TrackerUse] = {}
            count: Counter[str] = Counter()
            for use in page.trackers:
                embed = table.get(use.service)
                if embed is None or use.service in allowed:
                    continue
                if not self._loads_unasked(site, page, use, embed, asks_consent, site_auto):
                    continue
                count[use.service] += 1
                first.setdefault(use.service, use)
            for service_id, use in first.items():
                yield Report(
                    use.region,
                    _message(use, table[service_id], count[service_id] - 1),
                    path=page.display,
                    source_line=use.source_line,
                )

    def _loads_unasked(
        self, site: Site, page: PageFacts, use: TrackerUse, embed: Embed, asks_consent: bool, site_auto: bool
    ) -> bool:
        if use.gated or use.waits_for or use.in_noscript:
            return False  # held by a consent manager, inert, on click, or only without JavaScript
        if site.is_first_party(use):
            return False
        if use.url and embed.skip.match(use.url) is not None:
            return False
        if embed.query_decides and _query_is_templated(use.url):
            return False
        if asks_consent:
            service = trackers.current().services[use.service]
            if service.sets_cookies:
                return False  # PRV202's
            held = TrackerWithoutConsent.runs_before_consent(page, use, service, consent.builtin(), site_auto)
            if held is None:
                return False  # an auto-blocking manager holds it
        return True

    def stylesheet(self, sheet: StyleSheet) -> Iterable[Report]:
        table = embeds()
        allowed = frozenset(self.options.get("allow", ()))
        first_party = FirstParty(self.settings.first_party)
        data = trackers.current()
        first: dict[str, tuple] = {}
        count: Counter[str] = Counter()
        for ref in sheet.references():
            url = trackers.url_for_matching(ref.url)
            service = data.match_url(url) if url else None
            if service is None or service.id not in table or service.id in allowed:
                continue
            host = trackers.split_url(url)[0]  # type: ignore[index]  # match_url needs a host
            if first_party and first_party.owns(host):
                continue
            count[service.id] += 1
            first.setdefault(service.id, (ref, host))
        for service_id, (ref, host) in first.items():
            embed = table[service_id]
            what = f"@import of {host}" if ref.how == "import" else f"url() to {host}"
            yield Report(
                sheet.region(ref.start, ref.end),
                f"{data.services[service_id].name}: {what} loads with every page that uses this stylesheet"
                f"{_more(count[service_id] - 1, 'in it')}: {embed.tracks}; {embed.alternative}",
            )


def _message(use: TrackerUse, embed: Embed, more: int) -> str:
    service = trackers.current().services[use.service]
    if use.how == "inline script":
        evidence = use.evidence if use.evidence.startswith("from ") else f"`{use.evidence}`"
        how = f"an inline script ({evidence})"
    else:
        how = f"{NOUNS.get(use.how, use.how)} from {use.evidence}"
    return (
        f"{service.name}: {how} loads before the visitor asks for it{_more(more)}:"
        f" {embed.tracks}; {embed.alternative}"
    )


def _more(n: int, where: str = "on this page") -> str:
    return f" ({n} more {where})" if n > 0 else ""


def _query_is_templated(url: str) -> bool:
    """Template code writes the query (``?{{ params }}``): what it holds is unknown."""
    _, _, query = url.partition("?")
    return template.has_template_syntax(query)


CHECK = ThirdPartyEmbed
