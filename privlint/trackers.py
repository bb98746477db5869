"""Tracker signatures (``rules/data/trackers.toml``) and matching of URLs and inline snippets.

URL patterns in the data are ``host[/path][?query]``:

* the host matches itself and its subdomains (``facebook.com`` matches ``www.facebook.com``);
* the path is a prefix by whole segments (``/tr`` matches ``/tr`` and ``/tr/x``, not
  ``/translate``), ``*`` matches within one segment, a trailing ``/`` matches anything below;
* the query, if given, must occur in the URL's query (``?id=G-`` for GA4 gtag.js).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterator

from . import registry, template

CATEGORIES = (
    "analytics",
    "advertising",
    "session-replay",
    "tag-manager",
    "marketing-automation",
    "customer-chat",
    "social",
    "cdp",
    "audience-measurement",
    "privacy-analytics",
    "monitoring",
)


@dataclass(frozen=True, slots=True)
class Service:
    id: str
    name: str
    company: str
    category: str
    policy_names: tuple[str, ...]
    sets_cookies: bool
    superseded_by: tuple[str, ...]
    case_sensitive_names: tuple[str, ...] = ()  # names that are also common words


@dataclass(frozen=True, slots=True)
class _UrlPattern:
    host: str
    path: re.Pattern[str] | None
    query: str
    specificity: int
    service: Service


class TrackerData:
    def __init__(self, raw: dict) -> None:
        self.services: dict[str, Service] = {}
        self._by_key: dict[str, list[_UrlPattern]] = {}
        snippet_groups: list[str] = []
        self._group_service: dict[str, Service] = {}
        for entry in raw.get("service", []):
            service = Service(
                id=entry["id"],
                name=entry["name"],
                company=entry["company"],
                category=entry["category"],
                policy_names=tuple(entry.get("policy-names", ())) + (entry["name"],),
                sets_cookies=bool(entry.get("sets-cookies", False)),
                superseded_by=tuple(entry.get("superseded-by", ())),
                case_sensitive_names=tuple(entry.get("case-sensitive-names", ())),
            )
            if service.id in self.services:
                raise registry.RuleDataError(f"trackers.toml: duplicate service id {service.id}")
            if service.category not in CATEGORIES:
                raise registry.RuleDataError(
                    f"trackers.toml: {service.id}: unknown category {service.category}"
                )
            self.services[service.id] = service
            for pattern in entry.get("urls", []):
                p = _compile_url(pattern, service)
                self._by_key.setdefault(_key(p.host), []).append(p)
            for i, snippet in enumerate(entry.get("snippets", [])):
                group = f"s{len(self._group_service)}"
                self._group_service[group] = service
                try:
                    re.compile(snippet)
                except re.error as exc:
                    raise registry.RuleDataError(
                        f"trackers.toml: {service.id}: snippet {i}: {exc}"
                    ) from None
                snippet_groups.append(f"(?P<{group}>{snippet})")
        for patterns in self._by_key.values():
            patterns.sort(key=lambda p: -p.specificity)
        self._snippets = re.compile("|".join(snippet_groups)) if snippet_groups else None

    def match_url(self, url: str) -> Service | None:
        """The service a URL belongs to, the most specific pattern winning."""
        parts = split_url(url)
        if parts is None:
            return None
        host, path, query = parts
        for pattern in self._by_key.get(_key(host), ()):
            if host != pattern.host and not host.endswith("." + pattern.host):
                continue
            if pattern.path is not None and not pattern.path.match(path):
                continue
            if pattern.query and pattern.query not in query:
                continue
            return pattern.service
        return None

    def match_snippets(self, code: str) -> Iterator[tuple[Service, int, int]]:
        """Services whose inline-snippet fingerprints occur in script text."""
        if self._snippets is None:
            return
        for m in self._snippets.finditer(code):
            yield self._group_service[m.lastgroup], m.start(), m.end()

    def match_embedded_urls(self, code: str) -> Iterator[tuple[Service, int, int, str]]:
        """Services whose URLs a script spells out (loaders build a <script src> from them),
        with the host of each."""
        for m in _EMBEDDED_URL.finditer(code):
            url = "//" + m.group(1).replace("\\/", "/")
            service = self.match_url(url)
            if service is not None:
                parts = split_url(url)
                yield service, m.start(), m.end(), parts[0] if parts else url


# A URL inside script text: quoted, with or without scheme, slashes maybe JSON-escaped.
_EMBEDDED_URL = re.compile(
    r"""(?:https?:)?\\?/\\?/((?:[a-z0-9-]+\.)+[a-z]{2,}(?::\d+)?(?:\\?/[^\s'"`<>]*)?)""", re.I
)


def _key(host: str) -> str:
    return ".".join(host.rsplit(".", 2)[-2:])


def _compile_url(pattern: str, service: Service) -> _UrlPattern:
    rest, _, query = pattern.partition("?")
    host, slash, path = rest.partition("/")
    host = host.lower()
    path_re = None
    if slash:
        body = "/" + path
        regex = "".join("[^/]*" if c == "*" else re.escape(c) for c in body)
        if not body.endswith("/"):
            regex += "(?:/|$)"
        path_re = re.compile(regex, re.I)
    return _UrlPattern(host, path_re, query, len(host) + len(path) * 2 + len(query) * 2, service)


_SCHEME_HOST = re.compile(r"^(?:(https?):)?//([^/?#\\]+)([^?#]*)(?:\?([^#]*))?", re.I)


def split_url(url: str) -> tuple[str, str, str] | None:
    """(host, path, query) of an absolute or protocol-relative http(s) URL."""
    m = _SCHEME_HOST.match(url.strip())
    if not m:
        return None
    host = m.group(2).rsplit("@", 1)[-1].split(":", 1)[0].lower().rstrip(".")
    if not host or template.MARK in host:
        return None
    return host, m.group(3) or "/", m.group(4) or ""


_HOST_COMPLETE = re.compile(r"^(?:https?:)?//[^/?#]+[/?#]", re.I)


def url_for_matching(value: str) -> str | None:
    """A templated URL made matchable: the host must be literal; markers elsewhere become '_'."""
    value = value.strip()
    if template.MARK in value:
        if not _HOST_COMPLETE.match(template.literal_parts(value)[0]):
            return None
        value = template.MARKER_RE.sub("_", value)
    return value


@lru_cache(maxsize=1)
def builtin() -> TrackerData:
    return TrackerData(registry.load_toml(registry.data_path("trackers.toml")))
