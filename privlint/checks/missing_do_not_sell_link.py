"""PRV306 missing-do-not-sell-link: on a site that sells or shares personal information, a
page without a visible "Do Not Sell or Share My Personal Information" (or "Your Privacy
Choices") link."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain
from typing import Iterable

from lxml import etree

from .. import registry, template
from ..document import Document, Region
from ..model import Report
from ..page import url_path_words
from ..text import words
from . import Check

DNSS = "Do Not Sell or Share My Personal Information"
ALTERNATIVE = "Your Privacy Choices"
_JSON_SCRIPT_TYPES = frozenset({"application/ld+json", "application/json", "importmap", "speculationrules"})
_DONT = re.compile(r" don t | dont ")
# Breakpoint classes that show an element hidden at other widths: Bootstrap "d-none
# d-md-block", Tailwind "hidden md:flex".
_RESPONSIVE = re.compile(r"^(?:d-(?:sm|md|lg|xl|xxl)-(?!none)[\w-]+|(?:sm|md|lg|xl|2xl):(?!hidden)[\w-]+)$")
_ZERO = re.compile(r"^0*(?:\.0*)?(?:px|em|rem|pt|%|vw|vh)?$")
# Elements that hold a page's own footer links, not an article's.
_NOT_PAGE_FOOTER = frozenset({"article", "aside", "section", "blockquote", "main", "nav", "dialog"})
# Template code that renders a site's menus or footer region (outside its strings): the
# opt-out link may be one of its items. "{{ page.footer }}", "wp_nav_menu()", "{{navigation}}".
_MENU_CODE = re.compile(r"menu|linklist|navigation|nav_links|footer", re.I)


def compile_phrases(phrases: Iterable[str]) -> re.Pattern[str]:
    alternatives = sorted({re.escape(words(p).strip()).replace("\\ ", " ") for p in phrases}, key=len, reverse=True)
    return re.compile(r"(?<= )(?:" + "|".join(alternatives) + r")(?= )") if alternatives else re.compile(r"(?!)")


@dataclass(frozen=True)
class OptOutVocabulary:
    do_not_sell: re.Pattern[str]
    share: re.Pattern[str]
    alternative: re.Pattern[str]
    href: re.Pattern[str]
    cookie_settings: re.Pattern[str]
    managed_classes: frozenset[str]
    managed_ids: frozenset[str]
    managed_calls: tuple[str, ...]
    visually_hidden: frozenset[str]
    hidden_classes: frozenset[str]


@lru_cache(maxsize=1)
def vocabulary() -> OptOutVocabulary:
    raw = registry.load_toml(registry.data_path("opt-out-links.toml"))

    def every(table: dict) -> list[str]:
        return [p for phrases in table.values() for p in phrases]

    return OptOutVocabulary(
        do_not_sell=compile_phrases(every(raw["do-not-sell"])),
        share=compile_phrases(every(raw["share"])),
        alternative=compile_phrases(every(raw["alternative"])),
        href=compile_phrases(raw["href"]["words"]),
        cookie_settings=compile_phrases(every(raw["cookie-settings"])),
        managed_classes=frozenset(raw["managed"]["classes"]),
        managed_ids=frozenset(raw["managed"]["ids"]),
        managed_calls=tuple(raw["managed"]["calls"]),
        visually_hidden=frozenset(raw["hidden"]["visually-hidden"]),
        hidden_classes=frozenset(raw["hidden"]["hidden"]),
    )


def said(text: str) -> str:
    """Text as words, with "don't" read as "do not"."""
    return _DONT.sub(" do not ", words(text))


@dataclass(frozen=True)
class Hidden:
    why: str
    for_good: bool  # no script reveals it (screen-reader-only classes, font-size: 0)


@dataclass
class OptOutLink:
    el: etree._Element
    title: str  # what it says, template code restored
    problem: str | None  # None, "outdated" (no "share"), "mistitled" (goes there, says otherwise)
    hidden: Hidden | None


def hidden(doc: Document, el: etree._Element) -> Hidden | None:
    """Why an element is not seen on the page, if it is not: by itself or an ancestor."""
    vocab = vocabulary()
    for node in chain([el], el.iterancestors()):
        tag = node.tag
        if tag in ("body", "html"):
            break
        who = "it" if node is el else f"its ancestor {_describe(doc, node)}"
        if tag in ("noscript", "template"):
            return Hidden(f"it is inside <{tag}>, which browsers with scripts do not show", False)
        if tag == "dialog" and doc.attr(node, "open") is None:
            return Hidden("it is inside a <dialog> that is not open", False)
        if doc.attr(node, "hidden") is not None:
            return Hidden(f"{who} has the hidden attribute", False)
        if (doc.attr(node, "aria-hidden") or "").strip().lower() == "true":
            # On the link itself, a choice made for good; on a wrapper, often an off-canvas
            # menu that a script opens.
            return Hidden(f'{who} has aria-hidden="true", which hides it from screen readers', node is el)
        found = _style_hides(doc.attr(node, "style"))
        if found is not None:
            return Hidden(f'{who} has style="{found[0]}"', found[1])
        classes = " ".join(template.literal_parts(doc.attr(node, "class") or "")).split()
        if not classes:
            continue
        for name in classes:
            if name.lower() in vocab.visually_hidden:
                return Hidden(f'{who} has class "{name}", which shows it to screen readers only', True)
        if not any(_RESPONSIVE.match(c) for c in classes):
            for name in classes:
                if name.lower() in vocab.hidden_classes:
                    return Hidden(f'{who} has class "{name}"', False)
    return None


def _style_hides(style: str | None) -> tuple[str, bool] | None:
    """The declaration of an inline style that hides, and whether for good."""
    if not style or template.is_dynamic(style):
        return None
    for declaration in style.split(";"):
        prop, _, value = declaration.partition(":")
        prop, value = prop.strip().lower(), value.replace("!important", "").strip().lower()
        shown = f"{prop}: {value}"
        if prop == "display" and value == "none":
            return shown, False
        if prop == "visibility" and value in ("hidden", "collapse"):
            return shown, False
        if prop == "opacity" and _ZERO.match(value):
            return shown, False  # fade-ins start at 0
        if prop == "font-size" and _ZERO.match(value):
            return shown, True
    return None


def _describe(doc: Document, el: etree._Element) -> str:
    ident = doc.attr(el, "id")
    if ident and not template.is_dynamic(ident):
        return f"<{el.tag} id={ident.strip()}>"
    classes = " ".join(template.literal_parts(doc.attr(el, "class") or "")).split()
    return f'<{el.tag} class="{" ".join(classes[:3])}">' if classes else f"<{el.tag}>"


def _is_whole_page(doc: Document) -> bool:
    """A page privlint sees all of: not a partial, not completed by other files, not a
    redirect stub, and with links of its own (an app shell renders them with scripts)."""
    if not doc.is_full_page or doc.pulls_in_markup:
        return False
    for meta in doc.root.iter("meta"):
        if (doc.attr(meta, "http-equiv") or "").strip().lower() == "refresh":
            return False
    return any(doc.attr(a, "href") is not None for a in doc.root.iter("a", "area"))


class MissingDoNotSellLink(Check):
    code = "PRV306"
    elements = ("a", "area", "button", "script")

    def begin(self, doc: Document) -> None:
        self.active = self.settings.sells_or_shares and _is_whole_page(doc)
        self.links: list[OptOutLink] = []
        self.maybe = False  # a link whose text scripts or template code decide
        self.scripts = False
        self.cookie_settings: str | None = None

    def visit(self, el: etree._Element, doc: Document) -> Iterable[Report]:
        if not self.active:
            return ()
        if el.tag == "script":
            kind = (doc.attr(el, "type") or "").strip().lower()
            if kind not in _JSON_SCRIPT_TYPES and (doc.attr(el, "src") or (el.text or "").strip()):
                self.scripts = True
            return ()
        self._control(el, doc)
        return ()

    def _control(self, el: etree._Element, doc: Document) -> None:
        vocab = vocabulary()
        texts = [" ".join(el.itertext())]  # "Share<br>My" is two words
        texts += [doc.attr(el, a) or "" for a in ("aria-label", "title", "alt")]
        texts += [doc.attr(img, "alt") or "" for img in el.iter("img")]
        raw = " ".join(t for t in texts if t)
        literal = said(" ".join(template.literal_parts(raw)))
        full = said(doc.words(raw))
        shown = " ".join(doc.restore(raw).split())[:80]
        href = doc.attr(el, "href") or ""
        onclick = doc.attr(el, "onclick") or ""
        classes = set((doc.attr(el, "class") or "").split())
        managed = bool(classes & vocab.managed_classes) or (doc.attr(el, "id") or "") in vocab.managed_ids
        says_dnss = vocab.do_not_sell.search(full) is not None
        says_alternative = vocab.alternative.search(full) is not None
        if says_dnss or says_alternative:
            problem = None
            if says_dnss and not says_alternative and template.MARK not in raw and not vocab.share.search(literal):
                problem = "outdated"
            self.links.append(OptOutLink(el, shown, problem, hidden(doc, el)))
            return
        if managed:
            self.maybe = True  # OneTrust writes the text it was configured with
            return
        path = doc.words(href).split("#", 1)[0]  # "/privacy#do-not-sell" is the policy
        goes_there = vocab.href.search(url_path_words(path)) is not None or any(
            call in onclick for call in vocab.managed_calls
        )
        dynamic_text = template.MARK in raw
        if goes_there:
            if dynamic_text or not literal.strip():
                self.maybe = True
            else:
                self.links.append(OptOutLink(el, shown, "mistitled", hidden(doc, el)))
            return
        if dynamic_text and _opaque(doc, raw):
            self.maybe = True  # {% for link in menu %}<a href="{{ link.url }}">{{ link.title }}</a>
            return
        if self.cookie_settings is None and vocab.cookie_settings.search(literal):
            self.cookie_settings = shown

    def end(self, doc: Document) -> Iterable[Report]:
        if not self.active:
            return
        for el in doc.root.xpath("//*[@role='link' or @role='button'][not(self::a or self::button or self::area)]"):
            self._control(el, doc)
        links = self.links
        visible = [link for link in links if link.hidden is None]
        if any(link.problem is None for link in visible) or self.maybe or self._code_may_link(doc):
            return
        if visible:
            for link in visible:
                yield self._title_report(doc, link)
            return
        if links:
            if any(not link.hidden.for_good and self.scripts for link in links):
                return  # a script may show it (consent managers show it to California visitors)
            for link in links:
                why = link.hidden.why + ("" if link.hidden.for_good else " (and the page has no script that could show it)")
                yield Report(
                    doc.element_region(link.el),
                    f'Opt-out link "{link.title}" is hidden: {why}; the link must be as conspicuous as '
                    "the page's other links (11 CCR § 7003, § 7013)",
                )
            return
        note = ""
        if self.cookie_settings:
            note = (
                f'; its "{self.cookie_settings}" link does not count: cookie controls are no opt-out of sale '
                "or sharing (11 CCR § 7026(a)(4))"
            )
        yield Report(
            _footer_region(doc),
            f'Page has no "{DNSS}" link and no "{ALTERNATIVE}" link, which a business that sells or shares '
            f"personal information must post (Cal. Civ. Code § 1798.135(a)){note}",
        )

    def _title_report(self, doc: Document, link: OptOutLink) -> Report:
        if link.problem == "outdated":
            message = (
                f'Opt-out link "{link.title}" has the title of the original CCPA; since 2023 the title is '
                f'"{DNSS}" (Cal. Civ. Code § 1798.135(a)(1))'
            )
        else:
            href = doc.restore(doc.attr(link.el, "href") or "").strip()
            where = f" to {href}" if href else ""
            message = (
                f'Opt-out link "{link.title}"{where} is not titled "{DNSS}" or "{ALTERNATIVE}" '
                "(Cal. Civ. Code § 1798.135(a), 11 CCR § 7015)"
            )
        return Report(doc.element_region(link.el), message, kind="title")

    def _code_may_link(self, doc: Document) -> bool:
        """Template code that renders links privlint cannot see: one that names the opt-out
        (``link_to "Do Not Sell...``), or a menu (``wp_nav_menu``)."""
        vocab = vocabulary()
        for span in doc.spans:
            if span.kind != template.CODE:
                continue
            code = doc.text[span.start : span.end]
            if _MENU_CODE.search(_CODE_COMMENT.sub(" ", _STRING_LITERAL.sub(" ", code))):
                return True
            code_words = said(code)
            if vocab.do_not_sell.search(code_words) or vocab.alternative.search(code_words) or vocab.href.search(code_words):
                return True
        return False


_STRING_LITERAL = re.compile(r"""(["'])[^"']+\1""")
_CODE_COMMENT = re.compile(r"/\*.*?\*/|//[^\n]*", re.S)


def _opaque(doc: Document, text: str) -> bool:
    """Link text that is only template code without a string in it ({{ link.title }})."""
    if any(part.strip() for part in template.literal_parts(text)):
        return False
    return not any(_STRING_LITERAL.search(code) for code in doc.code(text))


def _footer_region(doc: Document) -> Region:
    """The page's footer (the last <footer> that is not an article's), else its <body>."""
    footers = [
        f for f in doc.root.iter("footer") if not any(a.tag in _NOT_PAGE_FOOTER for a in f.iterancestors())
    ]
    if not footers:
        footers = doc.root.xpath("//*[@role='contentinfo']")
    if footers:
        return doc.element_region(footers[-1])
    body = doc.root.find("body")
    return doc.element_region(body) if body is not None else Region(1, 1, 1, 1)


CHECK = MissingDoNotSellLink
