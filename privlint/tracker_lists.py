"""Third-party tracker lists the user downloads: DuckDuckGo's ``tds.json`` and Disconnect's
``services.json``, turned into services in the entry shape of ``rules/data/trackers.toml``.

privlint may not ship these lists (they are CC BY-NC-SA 4.0), so the config points at files
on disk (``tracker-lists = [...]``) and ``load_tracker_list`` imports one of them:

* one service per owner entity, id ``list:<slug of the entity>``, all its tracker domains as
  host patterns (a Disconnect entry with a path keeps it);
* a domain gets the privlint categories its list labels map to (``DDG_CATEGORIES``,
  ``DISCONNECT_CATEGORIES``); the entity takes the first of ``CATEGORY_PRIORITY`` among its
  domains' categories;
* a domain whose only labels say "not tracking" (CDN, payment, login, consent, anti-fraud,
  ...) is left out; a tracking label wins over those, since a login domain that also
  advertises still tracks;
* a domain with no label that says what it does (none at all, or only "Obscure Ownership",
  "Malware", fingerprinting or a label this module does not know) is kept as
  ``FALLBACK_CATEGORY``: the list still judges it a tracker (categories are optional in
  tds.json, and a blocked tracker without one is still blocked);
* a tds.json tracker with ``default: "ignore"`` is only blocked where its rules say so, so
  only those rules become patterns (the regexes that are literal URL prefixes); with no such
  rule the domain is left out. Rules with ``action: "ignore"`` are exceptions, which
  privlint's patterns cannot express: they are dropped;
* tds.json's ``cnames`` (first-party hosts CNAME-cloaking a tracker) are not imported.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

DDG_FORMAT = "duckduckgo-tds"
DISCONNECT_FORMAT = "disconnect-services"
TITLES = {
    DDG_FORMAT: "DuckDuckGo Tracker Data Set",
    DISCONNECT_FORMAT: "Disconnect tracking protection list",
}
KNOWN_LICENCE = "CC BY-NC-SA 4.0"  # both lists', when the file does not state one

SKIP = ""  # the label says the domain is not a tracker

# tds.json categories (Tracker Radar's vocabulary) -> privlint category, or SKIP.
DDG_CATEGORIES = {
    "Session Replay": "session-replay",
    "Advertising": "advertising",
    "Ad Motivated Tracking": "advertising",
    "Action Pixels": "advertising",  # conversion pixels report to ad platforms
    "Audience Measurement": "audience-measurement",
    "Analytics": "analytics",
    "Third-Party Analytics Marketing": "marketing-automation",  # HubSpot, Marketo, attribution
    "Social Network": "social",
    "Social - Share": "social",
    "Social - Comment": "embed",  # privlint files comment widgets under embeds
    "Support Chat Widget": "customer-chat",
    "Tag Manager": "tag-manager",
    "Embedded Content": "embed",
    "CDN": SKIP,
    "Non-tracking": SKIP,
    "Online Payment": SKIP,
    "Federated Login": SKIP,
    "SSO": SKIP,
    "Consent Management Platform": SKIP,
    "Fraud Prevention": SKIP,
    "Ad Fraud": SKIP,
    "Badge": SKIP,
}

# services.json categories, and the "<flag>": "true" marks on an entity -> privlint category.
DISCONNECT_CATEGORIES = {
    "session-replay": "session-replay",
    "Advertising": "advertising",
    "Analytics": "analytics",
    "Social": "social",
    "Email": "marketing-automation",  # email-campaign tracking pixels and links
    "EmailAggressive": "marketing-automation",
    "Content": "embed",
    "Cryptomining": SKIP,
    "Anti-fraud": SKIP,
    "ConsentManagers": SKIP,
}

# Most telling first: an entity with a session-replay domain is reported as session replay.
CATEGORY_PRIORITY = (
    "session-replay",
    "advertising",
    "audience-measurement",
    "analytics",
    "marketing-automation",
    "social",
    "customer-chat",
    "tag-manager",
    "embed",
)
FALLBACK_CATEGORY = "analytics"

# Disconnect categories whose vendors set cookies in their default install.
_DISCONNECT_COOKIE_LABELS = frozenset({"advertising", "analytics", "social"})

_HOST = re.compile(r"^[a-z0-9_-]+(?:\.[a-z0-9_-]+)+$")


class TrackerListError(Exception):
    """A tracker list that cannot be imported; the message is one line naming the file."""


@dataclass(frozen=True)
class ImportedList:
    path: Path
    format: str  # DDG_FORMAT or DISCONNECT_FORMAT
    title: str
    licence: str
    entries: list[dict]  # services in trackers.toml's entry shape


def load_tracker_list(path: Path) -> ImportedList:
    """Import a tds.json or services.json file, recognised by its content."""
    where = f"tracker list {path}"
    try:
        raw = path.read_bytes()
    except OSError as e:
        raise TrackerListError(f"{where}: cannot read it ({e.strerror or e})") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise TrackerListError(f"{where}: not UTF-8 text (bad byte at offset {e.start})") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as e:
        raise TrackerListError(
            f"{where}: not JSON ({e.msg} at line {e.lineno} column {e.colno})"
        ) from None
    except RecursionError:
        raise TrackerListError(f"{where}: not JSON this reader takes (nested too deeply)") from None

    fmt = _detect(data)
    if fmt is None:
        raise TrackerListError(
            f"{where}: not a DuckDuckGo tds.json or Disconnect services.json file"
        )
    try:
        if fmt == DDG_FORMAT:
            entries = _from_tds(data, path)
            licence = KNOWN_LICENCE  # tds.json only links its readme
        else:
            entries = _from_services(data, path)
            stated = data.get("license")
            stated = stated.strip() if isinstance(stated, str) else ""
            licence = stated or KNOWN_LICENCE
    except _Malformed as e:
        name = "tds.json" if fmt == DDG_FORMAT else "services.json"
        raise TrackerListError(f"{where}: not a valid {name} file: {e}") from None
    return ImportedList(path, fmt, TITLES[fmt], licence, entries)


def _detect(data: Any) -> str | None:
    # The top-level keys tell the formats apart; their types are checked while importing.
    if not isinstance(data, dict):
        return None
    if "trackers" in data:
        return DDG_FORMAT
    if "categories" in data:
        return DISCONNECT_FORMAT
    return None


# --- the common part: domains grouped by entity, then entries -------------------------------


class _Malformed(Exception):
    """A value of the wrong type inside a list; the message says where."""


@dataclass
class _Entity:
    name: str
    display: str
    urls: dict[str, None] = field(default_factory=dict)  # ordered set
    categories: set[str] = field(default_factory=set)
    sets_cookies: bool = False


@lru_cache(maxsize=256)  # a list uses a few dozen labels, thousands of times each
def _label(text: str) -> str:
    """A category label compared loosely: "Non-Tracking" and "Non-tracking" are one label."""
    return re.sub(r"[^a-z0-9]+", " ", text.casefold()).strip()


_DDG_TABLE = {_label(k): v for k, v in DDG_CATEGORIES.items()}
_DISCONNECT_TABLE = {_label(k): v for k, v in DISCONNECT_CATEGORIES.items()}


def _purposes(labels: Iterable[str], table: dict[str, str]) -> set[str] | None:
    """The privlint categories a domain's labels give it; None if they say it is no tracker."""
    mapped = {table.get(_label(label)) for label in labels}
    purposes = {m for m in mapped if m}
    if purposes:
        return purposes
    if SKIP in mapped:
        return None
    return {FALLBACK_CATEGORY}


def _entries(entities: Iterable[_Entity], path: Path) -> list[dict]:
    entries = []
    used: set[str] = set()
    for entity in entities:
        if not entity.urls:
            continue
        base = "list:" + (_slug(entity.name) or "entity")
        service_id, n = base, 1
        while service_id in used:  # "Acme, Inc." and "Acme Inc" slug alike
            n += 1
            service_id = f"{base}-{n}"
        used.add(service_id)
        entries.append(
            {
                "id": service_id,
                "name": entity.display,
                "company": entity.name,
                "category": min(entity.categories, key=CATEGORY_PRIORITY.index),
                "policy-names": list(dict.fromkeys([entity.display, entity.name])),
                "urls": list(entity.urls),
                "sets-cookies": entity.sets_cookies,
                "sources": [str(path)],
            }
        )
    return entries


def _slug(name: str) -> str:
    return re.sub(r"[\W_]+", "-", name.casefold()).strip("-")


def _quote(key: str) -> str:
    """A key for an error message: short, and on one line."""
    return json.dumps(key if len(key) <= 60 else key[:57] + "...")


_KINDS = {dict: "an object", list: "a list", str: "a string", (int, float): "a number"}


def _get(obj: dict, key: str, kind: Any, where: str, default: Any) -> Any:
    value = obj.get(key)
    if value is None:
        return default
    if not isinstance(value, kind):
        raise _Malformed(f"{f'{where}.{key}' if where else key} is not {_KINDS[kind]}")
    return value


def _need(obj: dict, key: str, kind: Any, where: str) -> Any:
    value = _get(obj, key, kind, where, None)
    if value is None:
        raise _Malformed(f"{f'{where}.{key}' if where else key} is missing")
    return value


def _strings(value: Any, where: str) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise _Malformed(f"{where} is not a list of strings")
    return value


# --- DuckDuckGo tds.json -------------------------------------------------------------------


def _from_tds(data: dict, path: Path) -> list[dict]:
    trackers = _need(data, "trackers", dict, "")
    known = _get(data, "entities", dict, "", {})
    groups: dict[str, _Entity] = {}
    for domain, tracker in trackers.items():
        where = f"trackers[{_quote(domain)}]"
        if not isinstance(tracker, dict):
            raise _Malformed(f"{where} is not an object")
        labels = _strings(_get(tracker, "categories", list, where, []), where + ".categories")
        ignored = _get(tracker, "default", str, where, "block") == "ignore"
        rules = _blocking_rules(tracker, where)
        owner = _get(tracker, "owner", dict, where, {})
        name = _get(owner, "name", str, where + ".owner", "").strip()
        owner_display = _get(owner, "displayName", str, where + ".owner", "").strip()
        cookies = _get(tracker, "cookies", (int, float), where, 0)
        host = domain.strip().lower()
        purposes = _purposes(labels, _DDG_TABLE)
        if purposes is None or not _HOST.match(host):
            continue
        # An "ignore" domain is tracked only where its rules say; DDG leaves the rest alone.
        urls = [p for rule in rules if (p := _rule_pattern(rule, host))] if ignored else [host]
        if not urls:
            continue
        name = name or host
        entity = groups.get(name)
        if entity is None:
            at = f"entities[{_quote(name)}]"
            info = known.get(name)
            if info is not None and not isinstance(info, dict):
                raise _Malformed(f"{at} is not an object")
            display = _get(info or {}, "displayName", str, at, "").strip() or owner_display or name
            entity = groups[name] = _Entity(name, display)
        entity.urls.update(dict.fromkeys(urls))
        entity.categories |= purposes
        entity.sets_cookies |= cookies > 0
    return _entries(groups.values(), path)


def _blocking_rules(tracker: dict, where: str) -> list[str]:
    rules = []
    for i, rule in enumerate(_get(tracker, "rules", list, where, [])):
        at = f"{where}.rules[{i}]"
        if not isinstance(rule, dict):
            raise _Malformed(f"{at} is not an object")
        pattern = _need(rule, "rule", str, at)
        if _get(rule, "action", str, at, "block") != "ignore":
            rules.append(pattern)
    return rules


# Leading regex for "any subdomain": privlint's host patterns match subdomains anyway.
_ANY_SUBDOMAIN = ("(.*\\.)?", "(.*)\\.", ".*\\.", "(.*)", ".*")
# A rule privlint can take: escaped punctuation, ".*", and plain characters. \d, \w are
# classes, and \* would read as privlint's wildcard; an unescaped "." in these rules always
# means a literal dot.
_LITERAL_RULE = re.compile(r"(?:\\[^0-9A-Za-z*]|\.\*|[^\\()\[\]{}|+?^$*\s])*")
_RULE_TOKEN = re.compile(r"\\(.)|\.\*")


def _rule_pattern(rule: str, domain: str) -> str | None:
    """The host[/path][?query] pattern for a tds rule regex (matched anywhere in a URL without
    its scheme), or None when the regex is more than a literal URL prefix with ``.*`` in it."""
    body = rule.removeprefix("^")
    for prefix in _ANY_SUBDOMAIN:
        if body.startswith(prefix):
            body = body[len(prefix) :]
            break
    anchored = body.endswith("$") and not body.endswith("\\$")
    if anchored:
        body = body[:-1]
    if not _LITERAL_RULE.fullmatch(body):
        return None
    pattern = _RULE_TOKEN.sub(lambda m: m.group(1) or "*", body)
    pattern = pattern.rstrip("*")  # a trailing wildcard is what prefix matching does
    host, slash, rest = pattern.partition("/")
    host = host.lower()
    if not _HOST.match(host) or not (host == domain or host.endswith("." + domain)):
        return None
    path, _, query = rest.partition("?")
    if "*" in query:
        return None
    if slash and path and not query and not anchored and not path.endswith(("/", "*")):
        # The regex matches on past the last character; privlint's paths match whole segments.
        path += "*"
    return host + slash + path + ("?" + query if query else "")


# --- Disconnect services.json --------------------------------------------------------------


def _from_services(data: dict, path: Path) -> list[dict]:
    categories = _need(data, "categories", dict, "")
    # (entity, pattern) -> the categories and flags listing it, across the whole file
    labels: dict[tuple[str, str], list[str]] = {}
    for category, listing in categories.items():
        where = f"categories[{_quote(category)}]"
        if not isinstance(listing, list):
            raise _Malformed(f"{where} is not a list")
        for i, item in enumerate(listing):
            if not isinstance(item, dict):
                raise _Malformed(f"{where}[{i}] is not an object")
            for entity, homepages in item.items():
                at = f"{where}[{i}][{_quote(entity)}]"
                if not isinstance(homepages, dict):
                    raise _Malformed(f"{at} is not an object")
                # Besides homepage -> domains, an entity may carry marks: "session-replay": "true".
                flags = [key for key, value in homepages.items() if value == "true"]
                for homepage, domains in homepages.items():
                    if isinstance(domains, str):
                        continue
                    for domain in _strings(domains, f"{at}[{_quote(homepage)}]"):
                        pattern = _disconnect_pattern(domain)
                        if pattern:
                            key = (entity.strip(), pattern)
                            labels.setdefault(key, []).extend([category, *flags])
    groups: dict[str, _Entity] = {}
    for (name, pattern), found in labels.items():
        purposes = _purposes(found, _DISCONNECT_TABLE)
        if purposes is None or not name:
            continue
        entity = groups.setdefault(name, _Entity(name, name))
        entity.urls[pattern] = None
        entity.categories |= purposes
        entity.sets_cookies |= any(_label(label) in _DISCONNECT_COOKIE_LABELS for label in found)
    return _entries(groups.values(), path)


def _disconnect_pattern(domain: str) -> str | None:
    """A services.json domain as a pattern: the host, and its path when it has one."""
    host, slash, rest = domain.strip().partition("/")
    host = host.lower()
    if not _HOST.match(host) or any(c.isspace() for c in rest):
        return None
    return host + slash + rest
