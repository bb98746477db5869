"""Consent managers (``rules/data/consent-managers.toml``): recognising them on a page, and
the markup by which they hold a tracker back until the visitor consents.

What the HTML can prove: a script whose ``type`` the browser does not run is neither run nor
fetched, and an iframe or image whose URL waits in a manager's own attribute does not load.
What it cannot: run-time "auto-blocking", which a manager does by URL rules of its own; the
page records it, and PRV202 trusts it for what follows the loader.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from . import registry
from .trackers import UrlPatterns, split_url

# Types a browser runs as classic or module scripts (WHATWG "JavaScript MIME type essence").
_JS_TYPES = frozenset(
    """application/ecmascript application/javascript application/x-ecmascript
    application/x-javascript text/ecmascript text/javascript text/javascript1.0
    text/javascript1.1 text/javascript1.2 text/javascript1.3 text/javascript1.4
    text/javascript1.5 text/jscript text/livescript text/x-ecmascript text/x-javascript
    module""".split()
)


@dataclass(frozen=True, slots=True)
class Manager:
    id: str
    name: str
    company: str
    hold: str  # how to hold a script back with it, for messages
    auto_blocking_attributes: tuple[tuple[str, str], ...]


class ConsentData:
    def __init__(self, raw: dict) -> None:
        self.managers: dict[str, Manager] = {}
        self._loaders = UrlPatterns()  # payload: (manager, auto-blocking)
        self._local: list[tuple[str, Manager]] = []
        self._snippets: list[tuple[re.Pattern[str], Manager]] = []
        for entry in raw.get("manager", []):
            attrs = tuple(tuple(a.split("=", 1)) for a in entry.get("auto-blocking-attributes", ()))
            manager = Manager(entry["id"], entry["name"], entry["company"], entry["hold"], attrs)  # type: ignore[arg-type]
            if manager.id in self.managers:
                raise registry.RuleDataError(f"consent-managers.toml: duplicate manager id {manager.id}")
            self.managers[manager.id] = manager
            # Auto-blocking patterns first: on a tie with a plain loader pattern they win.
            for pattern in entry.get("auto-blocking-urls", ()):
                self._loaders.add(pattern, (manager, True))
            for pattern in entry.get("loaders", ()):
                self._loaders.add(pattern, (manager, False))
            self._local.extend((fragment.lower(), manager) for fragment in entry.get("local-loaders", ()))
            self._snippets.extend((re.compile(s), manager) for s in entry.get("snippets", ()))
        holding = raw.get("holding", {})
        self.holding_attributes = frozenset(holding.get("attributes", ()))
        self.holding_class_prefixes = tuple(holding.get("class-prefixes", ()))
        self.url_attributes = frozenset(holding.get("url-attributes", ()))
        self.not_holding_types = frozenset(holding.get("not-holding-types", ()))
        mode = raw.get("google-consent-mode", {})
        self.consent_mode_services = frozenset(mode.get("services", ()))
        self.consent_mode_analytics = frozenset(mode.get("analytics-services", ()))

    def match_loader(self, url: str) -> tuple[Manager, bool] | None:
        """The manager a script URL loads, and whether that script blocks by itself."""
        if split_url(url) is not None:
            return self._loaders.match(url)  # type: ignore[return-value]
        path = url.split("?", 1)[0].lower()
        for fragment, manager in self._local:
            if fragment in path:
                return manager, False
        return None

    def match_snippets(self, code: str) -> list[Manager]:
        return [manager for pattern, manager in self._snippets if pattern.search(code)]

    def script_type_holds(self, script_type: str | None) -> bool:
        """A script of this type waits for something to switch it on (text/plain...)."""
        kind = (script_type or "").strip().lower()
        return bool(kind) and kind not in _JS_TYPES and kind not in self.not_holding_types

    def has_holding_markup(self, attributes: dict[str, str]) -> bool:
        if any(name in self.holding_attributes for name in attributes):
            return True
        classes = attributes.get("class", "").split()
        return any(c.startswith(self.holding_class_prefixes) for c in classes)


@lru_cache(maxsize=1)
def builtin() -> ConsentData:
    return ConsentData(registry.load_toml(registry.data_path("consent-managers.toml")))


_CONSENT_DEFAULT = re.compile(
    r"""(?:gtag\(|\.push\(\s*\[?)\s*['"]consent['"]\s*,\s*['"]default['"]\s*,\s*\{([^}]*)\}"""
)
_STORAGE = re.compile(r"""['"]?(analytics_storage|ad_storage)['"]?\s*:\s*['"](granted|denied)['"]""")


def consent_mode_defaults(code: str) -> tuple[int, dict[str, str]] | None:
    """Google Consent Mode: where a script sets its defaults, and what it sets
    (``{"analytics_storage": "denied", ...}``)."""
    m = _CONSENT_DEFAULT.search(code)
    if m is None:
        return None
    return m.start(), dict(_STORAGE.findall(m.group(1)))
