"""`privlint inventory`: what a site collects and who receives it, to write or check the
privacy policy against. Built from the same page facts as the rules; rendered by
formatters/inventory_*.py. The dict's shape is shown by tests/data/inventory-sample.json.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from . import __version__, consent, trackers, urls
from .checks.tracker_without_consent import TrackerWithoutConsent
from .domains import registrable_domain
from .page import PageFacts, TrackerUse
from .readers import MANIFEST_NAMES
from .site import Site, names_vendor

EXAMPLES = 3  # pages shown per item; the count says how many there are


@dataclass
class _Party:
    service: trackers.Service
    pages: dict[str, None] = field(default_factory=dict)
    accounts: dict[str, None] = field(default_factory=dict)
    how: dict[str, None] = field(default_factory=dict)
    declared_by: dict[str, None] = field(default_factory=dict)  # "package.json: posthog-js ^1.96.1"
    first_party: bool = True
    states: set[str] = field(default_factory=set)


def build(site: Site, label: str) -> dict:
    """The inventory of one site; ``label`` names it (the linted directory)."""
    data, cmp = trackers.current(), consent.builtin()
    managers = [u for page in site.pages for u in page.consent_managers]
    site_auto = any(u.auto_blocking for u in managers)
    parties: dict[str, _Party] = {}
    for page in site.pages:
        found = {u.service for u in page.trackers}
        for use in page.trackers:
            service = data.services[use.service]
            if any(s in found for s in service.superseded_by):
                continue
            party = parties.setdefault(service.id, _Party(service))
            party.pages[page.display] = None
            party.accounts.update(dict.fromkeys(use.accounts))
            party.how[use.how] = None
            if use.how == "dependency":
                party.declared_by[use.evidence] = None
            # Self-hosted analytics (Matomo's snippet) runs on the site's own server.
            party.first_party = party.first_party and (site.is_first_party(use) or service.disclosed_when_first_party)
            party.states.add(_consent_state(page, use, service, cmp, site_auto) if managers else "no-consent-manager")
    disclosure = site.disclosure
    readable = disclosure is not None and not disclosure.opaque
    third_parties = []
    for party in sorted(parties.values(), key=lambda p: (-len(p.pages), p.service.name)):
        service = party.service
        named = names_vendor(disclosure.text, service.policy_names, service.case_sensitive_names) if readable else None
        third_parties.append({
            "service": service.id,
            "vendor": service.name,
            "company": service.company,
            "category": service.category,
            "party": "first" if party.first_party else "third",
            "sets_cookies": service.sets_cookies,
            "pages": len(party.pages),
            "examples": list(party.pages)[:EXAMPLES],
            "accounts": list(party.accounts),
            "how": list(party.how),
            "declared_by": list(party.declared_by),  # dependency manifests that declare its SDK
            "disclosed": (named is not None) if readable else None,
            "named_as": named,
            "consent": _overall(party.states),
        })
    inventory = {
        "version": 1,
        "tool": {"name": "privlint", "version": __version__},
        "site": label,
        "pages": sum(1 for page in site.pages if page.path.name not in MANIFEST_NAMES),  # manifests are no pages
        "policy": _policy(site, parties, data) if site.policy_pages or site.policy is not None else None,
        "consent_managers": _managers(site, cmp),
        "third_parties": third_parties,
        "forms": _forms(site),
        "hosted_card_fields": _hosted_card_fields(site),
    }
    return _relative_to_site(inventory, site)


def _relative_to_site(inventory: dict, site: Site) -> dict:
    """Page paths as the site knows them (blog/index.html), not from where privlint ran."""
    if site.root is None:
        return inventory
    top = site.root.resolve()
    names = {}
    for page in site.pages:
        try:
            names[page.display] = page.path.resolve().relative_to(top).as_posix()
        except ValueError:
            pass

    def strip(path: str) -> str:
        return names.get(path, path)

    for item in inventory["third_parties"] + inventory["consent_managers"] + inventory["forms"] + inventory["hosted_card_fields"]:
        item["examples"] = [strip(p) for p in item["examples"]]
        if "page" in item:
            item["page"] = strip(item["page"])
    if inventory["policy"] is not None:
        inventory["policy"]["pages"] = [strip(p) for p in inventory["policy"]["pages"]]
    return inventory


def _consent_state(page: PageFacts, use: TrackerUse, service: trackers.Service, cmp: consent.ConsentData,
                   site_auto: bool) -> str:
    if use.gated:
        return "held"
    if not use.in_noscript:
        at = (use.region.line, use.region.column)
        if any(u.auto_blocking and (u.region.line, u.region.column) < at for u in page.consent_managers):
            return "auto-blocked"
    why = TrackerWithoutConsent.runs_before_consent(page, use, service, cmp, site_auto)
    return "held" if why is None else "not-held"


def _overall(states: set[str]) -> str:
    if len(states) == 1:
        return next(iter(states))
    if states <= {"held", "auto-blocked"}:
        return "auto-blocked"
    return "partly"


def _policy(site: Site, parties: dict[str, _Party], data: trackers.TrackerData) -> dict:
    disclosure = site.disclosure
    readable = disclosure is not None and not disclosure.opaque
    pages = [p.display for p in site.policy_pages]
    if not pages and site.policy is not None:
        pages = [site.policy.value]
    unused = []
    if readable:
        # A form that posts to a vendor (Mailchimp's list-manage.com) uses it too.
        used = {p.service.id: p.service for p in parties.values()}
        for page in site.pages:
            for form in page.forms:
                service = data.match_url(form.action) if form.action else None
                if service is not None:
                    used[service.id] = service
        # A vendor counts as in use when a service the site uses goes by the same name
        # (the policy's "Google Analytics" covers the Google tag too).
        used_names = {n.lower() for s in used.values() for n in s.policy_names}
        taken: set[str] = set()
        lowered = disclosure.text.lower()
        # Services named by their own name first: "Hotjar" is Hotjar, not its owner's product.
        for service in sorted(data.services.values(), key=lambda s: s.name.lower() not in lowered):
            if service.id in used or any(n.lower() in used_names for n in service.policy_names):
                continue
            named = names_vendor(disclosure.text, service.policy_names, service.case_sensitive_names)
            if named is not None and named.lower() not in taken:
                taken.add(named.lower())
                unused.append({"service": service.id, "vendor": service.name, "company": service.company, "named_as": named})
    return {"pages": pages, "readable": readable, "names_unused": unused}


def _managers(site: Site, cmp: consent.ConsentData) -> list[dict]:
    pages: dict[str, dict[str, None]] = {}
    for page in site.pages:
        for use in page.consent_managers:
            pages.setdefault(use.manager, {})[page.display] = None
    return [
        {"name": cmp.managers[m].name, "pages": len(p), "examples": list(p)[:EXAMPLES]}
        for m, p in sorted(pages.items(), key=lambda kv: -len(kv[1]))
    ]


def _forms(site: Site) -> list[dict]:
    grouped: dict[tuple, list[tuple[PageFacts, object]]] = {}
    for page in site.pages:
        for form in page.forms:
            grouped.setdefault((form.action, form.method, form.collects), []).append((page, form))
    out = []
    for (action, method, collects), where in grouped.items():
        page, form = where[0]
        destination, receiver, transport = _destination(site, action)
        out.append({
            "page": page.display,
            "line": form.region.line,
            "column": form.region.column,
            "pages": len(where),
            "examples": list(dict.fromkeys(p.display for p, _ in where))[:EXAMPLES],
            "method": method,
            "action": action,
            "destination": destination,
            "receiver": receiver,
            "transport": transport,
            "collects": list(collects),
        })
    out.sort(key=lambda f: (-f["pages"], f["page"], f["line"]))
    return out


def _hosted_card_fields(site: Site) -> list[dict]:
    """Card fields each payment processor hosts in its own frame, with where they first appear."""
    grouped: dict[str, list[tuple[PageFacts, object]]] = {}
    for page in site.pages:
        for hosted in page.hosted_card_fields:
            grouped.setdefault(hosted.provider, []).append((page, hosted))
    out = []
    for provider, where in grouped.items():
        page, hosted = where[0]
        out.append({
            "provider": provider,
            "company": hosted.company,
            "page": page.display,
            "line": hosted.region.line,
            "column": hosted.region.column,
            "pages": len(dict.fromkeys(p.display for p, _ in where)),
            "examples": list(dict.fromkeys(p.display for p, _ in where))[:EXAMPLES],
        })
    out.sort(key=lambda h: (-h["pages"], h["provider"]))
    return out


def _destination(site: Site, action: str) -> tuple[str, str | None, str]:
    """(same-site | third-party | unknown, receiving domain, https | http | relative | unknown)."""
    if "{" in action or "<%" in action or "<?" in action:
        return "unknown", None, "unknown"
    kind = urls.classify(action)
    if kind.kind in (urls.EMPTY, urls.RELATIVE):
        return "same-site", None, "relative"
    if kind.kind not in ("http", "https", urls.NETWORK) or kind.host is None:
        return "unknown", None, "unknown"
    transport = kind.kind if kind.kind != urls.NETWORK else "relative"
    host = kind.host.split(":", 1)[0]
    if site.first_party.owns(host):
        return "same-site", None, transport
    return "third-party", registrable_domain(host), transport
