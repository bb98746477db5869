"""Tracker signatures (``rules/data/trackers.toml``) and matching of URLs and inline snippets.

URL patterns in the data are ``host[/path][?query]``:

* the host matches itself and its subdomains (``facebook.com`` matches ``www.facebook.com``);
* the path is a prefix by whole segments (``/tr`` matches ``/tr`` and ``/tr/x``, not
  ``/translate``), ``*`` matches within one segment, a trailing ``/`` matches anything below;
* the query, if given, must occur in the URL's query (``?id=G-`` for GA4 gtag.js).
"""

from __future__ import annotations

from bisect import bisect_right

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
    "embed",  # video, maps, comments, avatars: third parties that see every visitor
    "fonts",
)


# Package ecosystems whose manifests privlint reads for tracker SDKs.
ECOSYSTEMS = ("npm", "pypi", "gem", "composer")


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
    id_patterns: tuple[str, ...] = ()  # regexes of the account ids in its URLs and snippets
    # Analytics the site runs on its own domain (self-hosted Matomo): no third party, yet the
    # policy must name it. Other services served from the site's domain are not reported.
    disclosed_when_first_party: bool = False


@dataclass(slots=True)
class _UrlPattern:
    host: str
    path_source: str | None  # compiled on first use: most runs meet few of these hosts
    query: str
    specificity: int
    payload: object
    _path: re.Pattern[str] | None = None

    def path_matches(self, path: str) -> bool:
        if self.path_source is None:
            return True
        if self._path is None:
            self._path = re.compile(self.path_source, re.I)
        return self._path.match(path) is not None


class UrlPatterns:
    """``host[/path][?query]`` patterns, each with what it stands for; the most specific
    pattern that matches a URL wins."""

    def __init__(self) -> None:
        self._by_key: dict[str, list[_UrlPattern]] = {}
        self._sorted = True

    def add(self, pattern: str, payload: object) -> None:
        p = _compile_url(pattern, payload)
        self._by_key.setdefault(_key(p.host), []).append(p)
        self._sorted = False

    def match(self, url: str) -> object | None:
        parts = split_url(url)
        if parts is None:
            return None
        host, path, query = parts
        if not self._sorted:
            for patterns in self._by_key.values():
                patterns.sort(key=lambda p: -p.specificity)
            self._sorted = True
        for pattern in self._by_key.get(_key(host), ()):
            if host != pattern.host and not host.endswith("." + pattern.host):
                continue
            if not pattern.path_matches(path):
                continue
            if pattern.query and pattern.query not in query:
                continue
            return pattern.payload
        return None


class TrackerData:
    def __init__(self, raw: dict) -> None:
        self.services: dict[str, Service] = {}
        self._urls = UrlPatterns()
        # (identifier the snippet cannot match without, its regex, service); regexes compile on
        # first use, since a run meets few of them (tests compile them all).
        self._snippets: list[tuple[str | None, str, Service]] = []
        self._by_value: dict[str, tuple[Service, str] | None] = {}
        self.packages: dict[tuple[str, str], Service] = {}  # (ecosystem, package name) -> the tracker it is
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
                id_patterns=tuple(entry.get("id-patterns", ())),
                disclosed_when_first_party=bool(entry.get("first-party-still-disclosed", False)),
            )
            if service.id in self.services:
                raise registry.RuleDataError(f"trackers.toml: duplicate service id {service.id}")
            if service.category not in CATEGORIES:
                raise registry.RuleDataError(
                    f"trackers.toml: {service.id}: unknown category {service.category}"
                )
            self.services[service.id] = service
            for pattern in entry.get("urls", []):
                self._urls.add(pattern, service)
            for snippet in entry.get("snippets", []):
                self._snippets.append((required_identifier(snippet), snippet, service))
            for package in entry.get("packages", []):
                ecosystem, _, name = package.partition(":")
                if ecosystem not in ECOSYSTEMS or not name:
                    raise registry.RuleDataError(f"trackers.toml: {service.id}: bad package {package!r}")
                self.packages[(ecosystem, name.lower())] = service

    def match_url(self, url: str) -> Service | None:
        """The service a URL belongs to, the most specific pattern winning."""
        return self._urls.match(url)  # type: ignore[return-value]

    def service_for_value(self, value: str) -> tuple[Service, str] | None:
        """The service of a URL attribute's value as written, with the URL as matched.
        Remembered: a site's pages repeat their scripts, stylesheets and images."""
        known = self._by_value
        if value in known:
            return known[value]
        url = url_for_matching(value)
        service = self.match_url(url) if url is not None else None
        found = (service, url) if service is not None and url is not None else None
        if len(known) > 20_000:  # bounded: memory must not grow with the site
            known.clear()
        known[value] = found
        return found

    def match_snippets(self, code: str) -> Iterator[tuple[Service, int, int]]:
        """Services whose inline-snippet fingerprints occur in script text, in order.

        Each snippet only runs when the identifier it cannot match without is in the script:
        one pass collects a script's identifiers, and most snippets never run."""
        identifiers = set(_IDENTIFIER.findall(code))
        found = []
        for token, pattern, service in self._snippets:
            if token is None or token in identifiers:
                found.extend((m.start(), m.end(), service) for m in _compiled(pattern).finditer(code))
        for start, end, service in sorted(found, key=lambda f: f[:2]):
            yield service, start, end

    def account_ids(self, service: Service, text: str) -> list[str]:
        """The vendor account ids (G-XXXX, GTM-XXXX, a pixel id) a URL or a snippet names."""
        found: dict[str, None] = {}
        for pattern in service.id_patterns:
            for m in _compiled(r"(?<![\w-])(?:" + pattern + r")(?![\w-])").finditer(text):
                found[m.group(0)] = None
        return list(found)

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


def script_hosts(code: str) -> list[str]:
    """Every host a script spells in a URL."""
    hosts = []
    for m in _EMBEDDED_URL.finditer(code):
        parts = split_url("//" + m.group(1).replace("\\/", "/"))
        if parts:
            hosts.append(parts[0])
    return hosts


@lru_cache(maxsize=None)
def _compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


_IDENTIFIER = re.compile(r"[A-Za-z_$][\w$]*")
# Identifiers too common to tell scripts apart: a snippet's gate uses a rarer one if it can.
_COMMON_IDENTIFIERS = frozenset(
    "if else return function var let const new this window document script true false null "
    "typeof push arguments".split()
)


def required_identifier(pattern: str) -> str | None:
    """The longest identifier a snippet regex matches only literally: outside any group,
    class or alternation, and not made optional. None if it has none (the snippet always runs)."""
    tokens: list[str] = []
    current: list[str] = []
    depth = 0
    i = 0

    def flush(optional: bool = False) -> None:
        word = "".join(current[:-1] if optional else current)
        if depth == 0 and len(word) >= 3:
            tokens.append(word)
        current.clear()

    while i < len(pattern):
        c = pattern[i]
        if c == "\\":
            flush()
            i += 2
            continue
        if c == "[":
            flush()
            close = pattern.find("]", i + 2)
            i = len(pattern) if close < 0 else close + 1
            continue
        if c == "|" and depth == 0:
            return None  # a top-level alternation: nothing is required
        if c.isalnum() or c in "_$":
            current.append(c)
        else:
            flush(optional=c in "?*{")
            if c == "(":
                depth += 1
            elif c == ")":
                depth -= 1
        i += 1
    flush()
    rare = [t for t in tokens if t not in _COMMON_IDENTIFIERS]
    return max(rare or tokens, key=len) if tokens else None


def _key(host: str) -> str:
    return ".".join(host.rsplit(".", 2)[-2:])


def _compile_url(pattern: str, payload: object) -> _UrlPattern:
    rest, _, query = pattern.partition("?")
    host, slash, path = rest.partition("/")
    host = host.lower()
    regex = None
    if slash:
        body = "/" + path
        regex = "".join("[^/]*" if c == "*" else re.escape(c) for c in body)
        if not body.endswith("/"):
            regex += "(?:/|$)"
    return _UrlPattern(host, regex, query, len(host) + len(path) * 2 + len(query) * 2, payload)


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


_configured: TrackerData | None = None  # ours merged with the user's lists, for this run


def configure(imported: list) -> None:
    """Merge tracker lists the user downloaded (``tracker-lists``) with ours for this run.
    Ours come first: on a tie between patterns, our knowledge (names, snippets) wins."""
    global _configured
    if not imported:
        _configured = None
        return
    entries = list(registry.load_toml(registry.data_path("trackers.toml")).get("service", []))
    ids = {e["id"] for e in entries}
    for listed in imported:
        for entry in listed.entries:
            if entry["id"] not in ids:  # two lists may both name an owner
                ids.add(entry["id"])
                entries.append(entry)
    _configured = TrackerData({"service": entries})


def current() -> TrackerData:
    """The tracker data of this run: ours, with the configured lists if any."""
    return _configured if _configured is not None else builtin()


def inside(ranges: list[tuple[int, int]], at: int) -> tuple[int, int] | None:
    """The one of the sorted, disjoint ranges an offset falls in, if any."""
    k = bisect_right(ranges, (at, 1 << 62)) - 1
    return ranges[k] if k >= 0 and ranges[k][0] <= at < ranges[k][1] else None
