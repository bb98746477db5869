"""PRV102 mixed-content: a page loads a script, stylesheet, frame, font, image or media over
plain HTTP."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable, Iterator

from lxml import etree

from .. import urls
from ..document import Document
from ..model import Report
from ..stylesheet import CssReference, StyleSheet, references
from . import Check

# Report.kind of passive content (images, audio, video): the rule's TOML gives it its own
# severity. Everything else is blockable content and keeps the rule's severity.
PASSIVE = "passive"

_BLOCKED = "browsers block it on HTTPS pages, and on HTTP pages it can be read and altered on the way"
_UPGRADED = "browsers upgrade it to HTTPS or drop it, and where they do not, it can be seen and swapped on the way"


@dataclass(frozen=True, slots=True)
class Fetch:
    """What a URL attribute of an element fetches."""

    noun: str  # "Script", "Image"...
    passive: bool


_SCRIPT = Fetch("Script", False)
_STYLESHEET = Fetch("Stylesheet", False)
_FRAME = Fetch("Frame", False)
_FONT = Fetch("Font", False)
_IMAGE = Fetch("Image", True)

# Script types the HTML standard never fetches (data blocks). Consent managers' "text/plain"
# is not among them: the manager turns it into a script once the visitor agrees.
_DATA_BLOCK_TYPES = frozenset(
    {"application/json", "application/ld+json", "text/template", "text/x-template", "text/html",
     "text/x-handlebars-template", "text/x-tmpl", "text/ng-template", "importmap", "speculationrules"}
)
# <link rel> tokens that make the browser fetch the href, and what it fetches. Others
# (canonical, alternate, dns-prefetch, preconnect, pingback, author...) name a URL without
# loading it into the page.
_LINK_FETCHES = {
    "stylesheet": _STYLESHEET,
    "icon": Fetch("Icon", True),
    "apple-touch-icon": Fetch("Icon", True),
    "apple-touch-icon-precomposed": Fetch("Icon", True),
    "mask-icon": Fetch("Icon", True),
    "manifest": Fetch("Web app manifest", False),
    "modulepreload": Fetch("Preloaded script", False),
}
_PRELOAD_AS = {
    "script": Fetch("Preloaded script", False),
    "style": Fetch("Preloaded stylesheet", False),
    "font": Fetch("Preloaded font", False),
    "image": Fetch("Preloaded image", True),
    "audio": Fetch("Preloaded audio", True),
    "video": Fetch("Preloaded video", True),
}
_LEGACY_BACKGROUND = frozenset({"body", "table", "td", "th"})
_BACKGROUND = Fetch("Background image", True)
_STYLED = etree.XPath("//*[@style or @background]")
# Lazy-loading libraries (lazysizes, lozad, vanilla-lazyload, WP Rocket, Jetpack) and consent
# managers keep the URL in a data- twin of the attribute and copy it over later.
_LAZY_PREFIXES = ("data-", "data-lazy-")
_CSP_META = "content-security-policy"


class MixedContent(Check):
    code = "PRV102"
    elements = (
        "meta", "script", "link", "style", "img", "input", "iframe", "frame", "embed", "object",
        "video", "audio", "source", "track",
    )

    def begin(self, doc: Document) -> None:
        self.upgrading: etree._Element | None = None  # the CSP meta that upgrades what follows

    def visit(self, el: etree._Element, doc: Document) -> Iterable[Report]:
        tag = el.tag
        if tag == "meta":
            if self.upgrading is None and _upgrades_requests(el, doc):
                self.upgrading = el
            return
        if self.upgrading is not None:
            return  # the browser asks for every later http: URL over HTTPS instead
        if tag == "style":
            raw = doc.raw_content(el)
            if raw is not None:
                offset, css = raw
                yield from self._css(css, offset, lambda ref: doc.source_region(ref.start, ref.end), doc)
            return
        for attr, fetch in _fetches(el, doc):
            yield from self._attribute(el, doc, attr, fetch)
            for prefix in _LAZY_PREFIXES:
                yield from self._attribute(el, doc, prefix + attr, fetch)

    def end(self, doc: Document) -> Iterable[Report]:
        # style="" can sit on any element, background="" on cells of old table layouts: both
        # found here, in C, rather than by visiting every cell of every table; and only in pages
        # that say url( or background, as few do (the tree's search costs more than the text's).
        if not doc.mentions("url(", "background"):
            return
        if self.upgrading is not None:
            styled = self.upgrading.xpath(
                "preceding::*[@style or @background] | ancestor::*[@style or @background]"
            )
        else:
            styled = _STYLED(doc.root)
        for el in styled:
            if el.tag in _LEGACY_BACKGROUND:
                yield from self._attribute(el, doc, "background", _BACKGROUND)
            value = doc.attr(el, "style")
            if value and "url(" in value.lower():
                yield from self._css(value, 0, lambda _ref, el=el: doc.attribute_region(el, "style"), doc)

    def stylesheet(self, sheet: StyleSheet) -> Iterable[Report]:
        for ref, fetch in _css_fetches(sheet.text, 0):
            target = urls.classify(ref.url)
            if target.kind == "http" and not target.is_loopback:
                yield _report(sheet.region(ref.start, ref.end), fetch, ref.url.strip(), "")

    # --- one URL or a list of them ------------------------------------------------------

    def _attribute(self, el: etree._Element, doc: Document, attr: str, fetch: Fetch) -> Iterator[Report]:
        value = doc.attr(el, attr)
        if not value or not value.strip():
            return
        candidates = srcset_urls(value) if attr.endswith("srcset") else [value]
        how = f" ({attr})" if attr.startswith("data-") or attr.endswith("srcset") else ""
        for candidate in candidates:
            report = self._judge(candidate, fetch, doc, lambda: doc.attribute_region(el, attr), how)
            if report is not None:
                yield report
                return  # one finding per attribute: the fix is the same

    def _css(self, css: str, offset: int, where, doc: Document) -> Iterator[Report]:
        for ref, fetch in _css_fetches(css, offset):
            report = self._judge(ref.url, fetch, doc, lambda ref=ref: where(ref), "")
            if report is not None:
                yield report

    def _judge(self, value: str, fetch: Fetch, doc: Document, where, how: str) -> Report | None:
        target = urls.classify(value)
        shown = doc.restore(value).strip()
        if target.kind == "http":
            if target.is_loopback:
                return None  # http://localhost is a secure context, never mixed content
            return _report(where(), fetch, shown, how)
        if target.kind in (urls.RELATIVE, urls.NETWORK) and doc.http_base is not None and not shown.startswith("#"):
            reason = _UPGRADED if fetch.passive else _BLOCKED
            return Report(
                where(),
                f"{fetch.noun}{how} is loaded over plain HTTP: {shown} resolves against"
                f' <base href="{doc.http_base}">; {reason}',
                kind=PASSIVE if fetch.passive else None,
            )
        return None


def _report(region, fetch: Fetch, shown: str, how: str) -> Report:
    reason = _UPGRADED if fetch.passive else _BLOCKED
    return Report(
        region,
        f"{fetch.noun}{how} is loaded over plain HTTP from {shown}: {reason}",
        kind=PASSIVE if fetch.passive else None,
    )


# --- what an element fetches ---------------------------------------------------------------


def _fetches(el: etree._Element, doc: Document) -> list[tuple[str, Fetch]]:
    """The URL attributes of ``el`` that the browser fetches, with what each fetches."""
    tag = el.tag
    if tag == "script":
        kind = (doc.attr(el, "type") or "").strip().lower()
        return [] if kind in _DATA_BLOCK_TYPES else [("src", _SCRIPT)]
    if tag == "link":
        fetch = _link_fetch(el, doc)
        if fetch is None:
            return []
        # A preloaded responsive image names its candidates in imagesrcset.
        return [("href", fetch), ("imagesrcset", fetch)] if fetch.passive else [("href", fetch)]
    if tag == "img":
        return [("src", _IMAGE), ("srcset", _IMAGE)]
    if tag == "input":
        return [("src", _IMAGE)] if (doc.attr(el, "type") or "").strip().lower() == "image" else []
    if tag in ("iframe", "frame"):
        return [("src", _FRAME)]
    if tag == "embed":
        return [("src", Fetch("Embedded content (<embed>)", False))]
    if tag == "object":
        return [("data", Fetch("Embedded content (<object>)", False))]
    if tag == "video":
        return [("src", Fetch("Video", True)), ("poster", Fetch("Video poster", True))]
    if tag == "audio":
        return [("src", Fetch("Audio", True))]
    if tag == "source":
        parent = el.getparent()
        if parent is not None and parent.tag in ("video", "audio"):
            return [("src", Fetch("Video" if parent.tag == "video" else "Audio", True))]
        return [("srcset", _IMAGE)]  # <picture>
    if tag == "track":
        return [("src", Fetch("Text track", False))]
    return []


def _link_fetch(el: etree._Element, doc: Document) -> Fetch | None:
    rel = (doc.attr(el, "rel") or "").lower().split()
    if "preload" in rel or "prefetch" in rel:
        kind = (doc.attr(el, "as") or "").strip().lower()
        default = Fetch("Preloaded resource" if "preload" in rel else "Prefetched resource", False)
        return _PRELOAD_AS.get(kind, default)
    for token in rel:
        fetch = _LINK_FETCHES.get(token)
        if fetch is not None:
            return fetch
    return None


def _upgrades_requests(meta: etree._Element, doc: Document) -> bool:
    """A <meta http-equiv="Content-Security-Policy"> in <head> with upgrade-insecure-requests:
    browsers then fetch every later http: subresource over HTTPS. (Outside <head> a CSP meta
    is ignored; the -Report-Only variant enforces nothing.)"""
    if (doc.attr(meta, "http-equiv") or "").strip().lower() != _CSP_META:
        return False
    parent = meta.getparent()
    if parent is None or parent.tag != "head":
        return False
    content = doc.attr(meta, "content") or ""
    return any(
        directive.strip().lower().split()[:1] == ["upgrade-insecure-requests"] for directive in content.split(";")
    )


# --- CSS ---------------------------------------------------------------------------------

_CSS_COMMENT = re.compile(r"/\*.*?(?:\*/|\Z)", re.S)
_FONT_FACE = re.compile(r"@font-face\s*\{", re.I)


def _css_fetches(css: str, offset: int) -> Iterator[tuple[CssReference, Fetch]]:
    """What each @import and url() of CSS text fetches: a stylesheet, a font, or an image."""
    fonts = _font_face_blocks(css)
    for ref in references(css, offset):
        start = ref.start - offset
        if ref.how == "import":
            yield ref, Fetch("Stylesheet (@import)", False)
        elif any(block_start <= start < block_end for block_start, block_end in fonts):
            yield ref, _FONT
        else:
            yield ref, Fetch("Image (CSS url())", True)


def _font_face_blocks(css: str) -> list[tuple[int, int]]:
    """Offsets of the @font-face rules of CSS text (comments blanked out first)."""
    if "@font-face" not in css.lower():
        return []
    blank = _CSS_COMMENT.sub(lambda m: " " * len(m.group()), css)
    blocks = []
    for m in _FONT_FACE.finditer(blank):
        close = blank.find("}", m.end())
        blocks.append((m.start(), close if close >= 0 else len(blank)))
    return blocks


# --- srcset ------------------------------------------------------------------------------

_SPACE = " \t\n\r\x0c"


def srcset_urls(value: str) -> list[str]:
    """The URLs of a srcset attribute's candidates, as the HTML standard splits them: a URL
    runs to whitespace (commas may be inside it, trailing ones end the candidate), then
    descriptors run to the next comma outside parentheses."""
    found = []
    pos, n = 0, len(value)
    while pos < n:
        while pos < n and (value[pos] in _SPACE or value[pos] == ","):
            pos += 1
        start = pos
        while pos < n and value[pos] not in _SPACE:
            pos += 1
        url = value[start:pos]
        if not url:
            break
        if url.endswith(","):
            found.append(url.rstrip(","))
            continue
        found.append(url)
        depth = 0
        while pos < n:
            c = value[pos]
            if c == "(":
                depth += 1
            elif c == ")" and depth:
                depth -= 1
            elif c == "," and not depth:
                pos += 1
                break
            pos += 1
    return found


CHECK = MixedContent
