"""PRV402 payment-script-without-integrity: a page with card fields loads a third-party script
that no Subresource Integrity hash pins (the Magecart pattern)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable

from lxml import etree

from .. import registry, template, trackers, urls
from ..document import Document, Region
from ..domains import FirstParty
from ..fields import CARD_DESCRIPTIONS, card_kind
from ..model import Report
from . import Check

# A hash the SRI spec accepts: sha256/384/512, a dash, base64 (options after "?" allowed).
_VALID_HASH = re.compile(r"(?:^|\s)sha(?:256|384|512)-[A-Za-z0-9+/_-]{20,}={0,2}(?:\?\S*)?(?=\s|$)", re.I)
# A path that names an exact version (jquery/3.7.1/, bootstrap@5.3.2, app-2.1.0.min.js): its
# content is meant never to change, so a hash can pin it.
_VERSIONED_PATH = re.compile(r"(?:[@/_-]|\bv)\d+\.\d+(?:\.\d+)*(?=[/._@-]|$)")
# Script types that hold data or markup, not code: never run.
_NOT_CODE = re.compile(r"json|template|html|importmap|speculationrules|x-tmpl|handlebars|mustache", re.I)
# An inline script that creates script elements (or writes them) loads what it names.
# Snippets pass the tag name through a variable (GTM's "j=d.createElement(s)" with
# s = 'script'), so a createElement counts when the word "script" is quoted somewhere.
_LOADS_SCRIPTS = re.compile(r"document\.write(?:ln)?\s*\(|\$\.getScript\s*\(|\bimportScripts\s*\(|\bimport\s*\(")
_CREATES_ELEMENT = re.compile(r"createElement\s*\(")
_SCRIPT_NAMED = re.compile(r"""['"`]script['"`]""", re.I)
_SETS_INTEGRITY = re.compile(r"""\.integrity\s*=|['"]integrity['"]""")
_URL_IN_CODE = re.compile(r"""(?:https?:)?\\?/\\?/((?:[a-z0-9-]+\.)+[a-z]{2,}(?::\d+)?)(\\?/[^\s'"`<>]*)?""", re.I)
_CANONICAL_RELS = frozenset({"canonical"})


@dataclass(frozen=True, slots=True)
class PaymentSdk:
    name: str
    company: str


@lru_cache(maxsize=1)
def payment_sdks() -> trackers.UrlPatterns:
    """rules/data/payment-scripts.toml as URL patterns; the payload is the SDK."""
    patterns = trackers.UrlPatterns()
    for entry in registry.load_toml(registry.data_path("payment-scripts.toml"))["sdk"]:
        sdk = PaymentSdk(entry["name"], entry["company"])
        for pattern in entry["urls"]:
            patterns.add(pattern, sdk)
    return patterns


@dataclass(frozen=True, slots=True)
class _Loaded:
    """A third-party script a page loads, and where it is written."""

    host: str
    url: str
    region: Region
    inline: bool
    bad_integrity: str | None = None  # an integrity attribute without a hash browsers accept


class PaymentScriptWithoutIntegrity(Check):
    code = "PRV402"
    elements = ("script", "input", "select")

    def begin(self, doc: Document) -> None:
        self.card_field: str | None = None
        self.scripts: list[etree._Element] = []
        self.authorized = trackers.UrlPatterns()
        for pattern in self.options.get("authorized-scripts", ()):
            self.authorized.add(pattern, True)

    def visit(self, el: etree._Element, doc: Document) -> Iterable[Report]:
        if el.tag == "script":
            self.scripts.append(el)
        elif self.card_field is None:
            kind, strong = card_kind(doc, el)
            if kind is not None and strong:
                name = doc.attr(el, "name") or doc.attr(el, "id") or ""
                shown = f' "{doc.restore(name.strip())}"' if name.strip() else ""
                self.card_field = f"{CARD_DESCRIPTIONS[kind]} field{shown}"
        return ()

    def end(self, doc: Document) -> Iterable[Report]:
        scripts, self.scripts = self.scripts, []
        if self.card_field is None or not scripts:
            return
        first_party = FirstParty([*self.settings.first_party, *_own_hosts(doc)])
        data = trackers.current()
        for el in scripts:
            loaded = _loaded(el, doc)
            for found in loaded:
                if urls.classify("//" + found.host).is_loopback or (first_party and first_party.owns(found.host)):
                    continue
                if payment_sdks().match(found.url) is not None or self.authorized.match(found.url) is not None:
                    continue
                yield Report(found.region, _message(found, data.match_url(found.url), self.card_field))
                break  # one finding per script element


def _loaded(el: etree._Element, doc: Document) -> list[_Loaded]:
    """The third-party scripts a script element loads without integrity: its src, or the URLs
    an inline loader names. Template code in the host, the integrity or the attributes makes
    it unknown: nothing is returned."""
    if _NOT_CODE.search(doc.attr(el, "type") or ""):
        return []  # data, not code; a consent manager's text/plain runs later and counts
    src = doc.attr(el, "src")
    if src is not None:
        if not src.strip():
            return []
        return _from_src(el, doc, src)
    return _from_inline(el, doc)


def _from_src(el: etree._Element, doc: Document, src: str) -> list[_Loaded]:
    where = urls.classify(src)
    if where.kind not in ("http", "https", urls.NETWORK) or where.host is None:
        return []  # relative (first party) or written by template code
    integrity = doc.attr(el, "integrity")
    bad = None
    if integrity is not None:
        if template.is_dynamic(integrity) or _VALID_HASH.search(integrity):
            return []
        bad = doc.restore(integrity).strip()
    elif doc.has_dynamic_attributes(el, "integrity"):
        return []  # template code may write the integrity attribute
    url = trackers.url_for_matching(src) or doc.restore(src).strip()
    region = doc.attribute_region(el, "src")
    return [_Loaded(where.host.split(":")[0], url, region, False, bad)]


def _from_inline(el: etree._Element, doc: Document) -> list[_Loaded]:
    raw = doc.raw_content(el)
    if raw is None:
        return []
    offset, code = raw
    creates_script = _CREATES_ELEMENT.search(code) is not None and _SCRIPT_NAMED.search(code) is not None
    if not (creates_script or _LOADS_SCRIPTS.search(code)) or _SETS_INTEGRITY.search(code):
        return []
    data = trackers.current()
    found = []
    for m in _URL_IN_CODE.finditer(code):
        host = m.group(1).lower()
        path = (m.group(2) or "").replace("\\/", "/")
        url = f"//{host}{path}"
        # A URL the loader builds a script from: a script file, or a vendor's loader URL.
        if not (path.split("?")[0].endswith((".js", ".mjs")) or data.match_url(url) is not None):
            continue
        found.append(_Loaded(host, url, doc.source_region(offset + m.start(), offset + m.end()), True))
    return found


def _own_hosts(doc: Document) -> list[str]:
    """The hosts a page gives as its own address (<link rel="canonical">, og:url)."""
    hosts = []
    for el in doc.root.iter("link", "meta"):
        if el.tag == "link":
            rel = set((doc.attr(el, "rel") or "").lower().split())
            value = doc.attr(el, "href") if rel & _CANONICAL_RELS else None
        else:
            value = doc.attr(el, "content") if (doc.attr(el, "property") or "").strip().lower() == "og:url" else None
        if value:
            host = urls.classify(value).host
            if host:
                hosts.append(host.split(":")[0])
    return hosts


def _message(found: _Loaded, service: trackers.Service | None, card_field: str) -> str:
    what = f"{service.name} ({found.host})" if service is not None else found.host
    if found.inline:
        head = f"An inline script loads {what} on a page with a {card_field}"
    elif found.bad_integrity is not None:
        head = (
            f'Script from {what}, on a page with a {card_field}, has integrity="{found.bad_integrity[:40]}":'
            " no sha256, sha384 or sha512 hash, so browsers check nothing"
        )
    else:
        head = f"Script from {what} has no integrity hash (Subresource Integrity) on a page with a {card_field}"
    if service is not None and service.category == "tag-manager":
        why = "a tag manager injects whatever scripts its container holds, none of them pinned; keep it off the payment page"
    elif service is not None or found.inline:
        why = (
            "the vendor changes this script in place, so no hash can pin it, and a changed copy can read the"
            " card as it is typed; keep it off the payment page"
        )
    elif _VERSIONED_PATH.search(found.url.split("?")[0]):
        why = (
            "a changed copy could read the card as it is typed; pin this version with"
            ' integrity="sha384-..." and crossorigin="anonymous", or serve it yourself'
        )
    else:
        why = (
            "its content can change without notice, and a changed copy can read the card as it is typed;"
            " load a pinned version with integrity, serve it yourself, or keep it off the payment page"
        )
    return f"{head}: {why}"


CHECK = PaymentScriptWithoutIntegrity
