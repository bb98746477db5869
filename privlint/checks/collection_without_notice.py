"""PRV305 collection-without-notice: a form that asks for personal data with no privacy notice
in it or right next to it."""

from __future__ import annotations

import re
from typing import Iterable

from lxml import etree

from .. import forms, template, trackers
from ..document import FRAGMENT, Document
from ..model import Report
from ..page import url_path_words, vocabulary
from ..text import fold, has_term
from . import Check

NOTICE, SILENT, OUTPUT = "notice", "silent", "output"

# How far the search for a neighbour climbs out of wrappers (Bootstrap nests a form in
# .card-body > .card > .col > .row > .container).
MAX_LEVELS = 6
# Climbing stops at these: what lies beyond them is another part of the page, not the form's.
_BOUNDARIES = frozenset(
    {"html", "body", "main", "article", "section", "aside", "header", "footer", "nav", "dialog", "details",
     "td", "th", "li"}
)
# Siblings that are not neighbours a visitor sees: the next visible one is.
_INVISIBLE = frozenset({"script", "style", "template", "link", "meta", "noscript", "br", "hr"})
# Long content, not a notice beside a form.
_NOT_NEIGHBOURS = frozenset({"main", "article"})
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
# Where text is not a notice (a select's options, a button's label, a textarea's value) and
# template code there is not one either.
_NOT_NOTICE_TEXT = frozenset({"script", "style", "template", "select", "option", "optgroup", "textarea", "button",
                              "datalist", "title"})


class CollectionWithoutNotice(Check):
    code = "PRV305"
    elements = ("form",)

    def visit(self, el: etree._Element, doc: Document) -> Iterable[Report]:
        info = forms.form_info(doc, el)
        if info.purpose != forms.COLLECTION or not info.personal:
            return
        if _notice_near(doc, el) is not False:
            return
        yield Report(
            doc.element_region(el),
            f"Form collects {forms.listed(info.personal)} with no privacy notice at that point:"
            " no privacy link or data-protection text in the form or next to it",
        )


# --- the neighbourhood of a form ---------------------------------------------------------------


def _notice_near(doc: Document, form: etree._Element) -> bool | None:
    """True: a notice in the form or next to it; False: none; None: unknown (template code
    there may print one, or the neighbour is in another file)."""
    roots, loose, beyond_file = _zone(doc, form)
    unknown = beyond_file
    for root in roots:
        found = _subtree_says(doc, root)
        if found is True:
            return True
        unknown = unknown or found is None
    for text in loose:
        found = _text_says(doc, text)
        if found is True:
            return True
        unknown = unknown or found is None
    return None if unknown else False


def _zone(doc: Document, form: etree._Element) -> tuple[list[etree._Element], list[str], bool]:
    """The form and its neighbours: on each side, the nearest visible sibling, climbing out of
    wrappers that hold nothing else on that side (at most MAX_LEVELS, never past a boundary
    such as a section or the footer), with the loose text between. Also whether a side ran
    off the top of a partial, whose neighbours are in the file that includes it."""
    roots = [form]
    loose: list[str] = []
    beyond_file = False
    for forward in (False, True):
        node = form
        for _level in range(MAX_LEVELS):
            sibling, between = _neighbour(node, forward)
            loose.extend(between)
            if sibling is not None:
                if sibling.tag not in _NOT_NEIGHBOURS:
                    roots.append(sibling)
                break
            parent = node.getparent()
            if parent is None or parent.tag in _BOUNDARIES or parent.tag == FRAGMENT:
                if parent is not None and parent.tag == FRAGMENT:
                    beyond_file = True  # markup code writes apart: its neighbours are elsewhere
                elif (parent is None or parent.tag in ("html", "body")) and not doc.is_full_page:
                    beyond_file = True
                break
            node = parent
    return roots, loose, beyond_file


def _neighbour(node: etree._Element, forward: bool) -> tuple[etree._Element | None, list[str]]:
    """The nearest sibling a visitor sees on one side, and the text between it and ``node``."""
    between = [node.tail or ""] if forward else []
    sibling = node.getnext() if forward else node.getprevious()
    while sibling is not None and (not isinstance(sibling.tag, str) or sibling.tag in _INVISIBLE or _hidden(sibling)):
        between.append(sibling.tail or "")
        sibling = sibling.getnext() if forward else sibling.getprevious()
    if not forward:
        if sibling is not None:
            between.append(sibling.tail or "")
        else:
            parent = node.getparent()
            between.append(parent.text or "" if parent is not None else "")
    return sibling, between


def _hidden(el: etree._Element) -> bool:
    return el.tag == "input" and (Document.attr(el, "type") or "").strip().lower() == "hidden"


def _subtree_says(doc: Document, root: etree._Element) -> bool | None:
    """Whether the text and links of a subtree give a privacy notice (True), template code
    in it may (None), or neither (False)."""
    unknown = False
    in_heading = 0  # what code prints in a heading is a title, not a notice
    walker = etree.iterwalk(root, events=("start", "end"))
    for event, el in walker:
        if not isinstance(el.tag, str):
            continue
        if event == "end":
            if el.tag in _HEADINGS:
                in_heading -= 1
            if el is not root and el.tail:
                found = _text_says(doc, el.tail, in_heading > 0)
                if found is True:
                    return True
                unknown = unknown or found is None
            continue
        if el.tag in _NOT_NOTICE_TEXT:
            walker.skip_subtree()
            continue
        if el.tag in _HEADINGS:
            in_heading += 1
        if el.tag in ("a", "area"):
            link = _link_says(doc, el)
            if link is True:
                return True
            if link == "elsewhere":
                walker.skip_subtree()  # "Google Privacy Policy" in the reCAPTCHA notice
                continue
        if el.text:
            found = _text_says(doc, el.text, in_heading > 0)
            if found is True:
                return True
            unknown = unknown or found is None
    return None if unknown else False


def _says_privacy(text: str) -> bool:
    return has_term(fold(text), vocabulary().privacy) is not None


def _text_says(doc: Document, text: str, title: bool = False) -> bool | None:
    """True: the text says privacy; None: template code in it may print a notice (not in a
    title); False: neither."""
    if template.MARK not in text:
        return _says_privacy(text) or False
    if any(_says_privacy(part) for part in template.literal_parts(text)):
        return True
    verdicts = [classify_code(doc, code) for code in doc.code(text)]
    if NOTICE in verdicts:
        return True
    return None if OUTPUT in verdicts and not title else False


def _link_says(doc: Document, el: etree._Element) -> bool | str:
    """True for a link to the privacy policy (by rel, href or its labels), "elsewhere" for a
    link to another company's policy, else False (its text is read like any other)."""
    rel = (doc.attr(el, "rel") or "").lower().split()
    if "privacy-policy" in rel:
        return True
    href = doc.attr(el, "href") or ""
    if template.is_dynamic(href):
        return any(_says_privacy(c) for c in doc.code(href)) or _says_privacy(" ".join(template.literal_parts(href)))
    parts = trackers.split_url(href)
    if parts is not None:
        host = parts[0]
        if any(host == h or host.endswith("." + h) for h in vocabulary().third_party_policy_hosts):
            return "elsewhere"
    if vocabulary().privacy_re.search(url_path_words(href)):
        return True
    labels = " ".join(v for v in (doc.attr(el, "aria-label"), doc.attr(el, "title")) if v)
    return _says_privacy(labels)


# --- what template code prints ------------------------------------------------------------------

_DELIMITERS = re.compile(
    r"^(?:\{\{\{|\{\{-?|\{%-?|<%[=_-]?|<\?(?:php\b|=)?)(.*?)(?:\}\}\}|-?\}\}|-?%\}|[-_]?%>|\?>)?$", re.S | re.I
)
# Block tags (Jinja, Django, Twig, Nunjucks, Liquid) that print nothing of their own.
_SILENT_TAGS = frozenset(
    """if elif elsif else endif for endfor empty with endwith unless endunless case when endcase set endset
    assign capture endcapture csrf_token load spaceless endspaceless autoescape endautoescape raw endraw
    verbatim endverbatim liquid break continue increment decrement form endform paginate endpaginate
    tablerow endtablerow apply endapply do flush blocktrans endblocktrans blocktranslate endblocktranslate
    plural macro endmacro filter endfilter ifchanged endifchanged url static comment endcomment style
    endstyle javascript endjavascript schema endschema stylesheet endstylesheet""".split()
)
_TRANS_TAG = re.compile(r"""^\s*(?:trans|translate)\s+(["']).*?\1(?:\s+(?:context\s+(["']).*?\2|noop|as\s+\w+))*\s*$""", re.S)
# Handlebars/Mustache sections and Go template actions that print nothing themselves.
_SILENT_BRACES = re.compile(
    r"""^\s*(?:[#/^]|else\b|~[#/^]|if\b|else\s+if\b|end\b|range\b|with\b|define\b|break\b|continue\b|\$[\w.]*\s*:?=)""",
    re.I,
)
# Translation calls: gettext style (the literal is the text itself) and key style (the
# literal is a key unless it reads as a sentence).
_STRING = r"""(["'])((?:\\.|(?!\1).)*)\1"""
_GETTEXT = re.compile(
    r"^\s*(?:echo\s+|print\s+)?(?:_|__|_e|_x|_ex|_n|esc_html__|esc_html_e|esc_attr__|esc_attr_e|esc_html_x|esc_attr_x"
    r"|gettext|pgettext|ngettext|trans)\s*\(\s*" + _STRING + r"""(?:\s*,\s*(?:["'][^"']*["']|\w+))*\s*\)\s*;?\s*$""",
    re.S,
)
_KEYED = [
    re.compile(r"^\s*(?:t|I18n\.t|translate)\s*\(?\s*" + _STRING + r"[^()|]*\)?\s*$", re.S),  # Rails t('.x'), Ghost {{t "x"}}
    re.compile(r"^\s*" + _STRING + r"\s*\|\s*(?:t|translate|trans)\b[^|]*$", re.S),  # Liquid/Twig 'x' | t
    re.compile(r"^\s*(?:i18n|T)\s+" + _STRING + r"[^|]*$", re.S),  # Hugo i18n "x"
]
# Helpers that print a hidden input (CSRF tokens, nonces, ids) and nothing a visitor reads.
_HIDDEN_FIELD_HELPERS = re.compile(
    r"\b(?:hidden_field_tag|hidden_field|token_tag|form_authenticity_token|csrf_token|csrf_input|csrfInput"
    r"|csrf_field|method_field|hidden_tag|wp_nonce_field|comment_id_fields|settings_fields)\b"
)
_PHP_SILENT_STATEMENT = re.compile(
    r"""^\s*(?:(?:if|elseif|else\s*if|while|foreach|for|switch)\s*\(.*\)\s*:?|else\s*:?|end(?:if|foreach|for|while|switch)
    |break|continue|case\b.*:|default\s*:|global\b.*|\$[\w\[\]'"\->]+\s*[.+\-]?=(?!=).*|wp_nonce_field\s*\(.*\)
    |defined\s*\(.*\)\s*(?:\|\||or)\s*exit|)\s*$""",
    re.S | re.X,
)


# Blocks of component templates, as the Vue and Svelte readers mark them: v-if, v-for and the
# like; {#if}, {:else}, {/each}, {@const}. They print nothing, like {% if %}.
_COMPONENT_BLOCK = re.compile(r"^(?:v-(?:if|else-if|else|for|show)\b|\{\s*(?:[#:/]|@const\b|@debug\b))")


def classify_code(doc: Document, code: str) -> str:
    """What template code in text prints: NOTICE (it says privacy), SILENT (nothing, a hidden
    field, or a translation whose text is in the code and is not a notice) or OUTPUT
    (anything else)."""
    if _says_privacy(code):
        return NOTICE
    if _HIDDEN_FIELD_HELPERS.search(code) or _COMPONENT_BLOCK.match(code):
        return SILENT
    m = _DELIMITERS.match(code)
    inner = m.group(1) if m else code
    if code.startswith("{%"):
        words = inner.split()
        name = words[0].lower() if words else ""
        if name in _SILENT_TAGS or _TRANS_TAG.match(inner):
            return SILENT
        return OUTPUT
    if code.startswith("{{"):
        if _SILENT_BRACES.match(inner) or _translated_text(inner):
            return SILENT
        return OUTPUT
    if code.startswith("<%"):
        printing = code.startswith("<%=") or (code.startswith("<%-") and doc.path.suffix.lower() == ".ejs")
        if not printing:
            return SILENT
        return SILENT if _translated_text(inner) else OUTPUT
    if code.startswith("<?"):
        if code.startswith("<?="):
            inner = "echo " + inner
        statements = [s for s in re.split(r"[;{}]", inner) if s.strip()]
        if all(_PHP_SILENT_STATEMENT.match(s) or _translated_text(s) for s in statements):
            return SILENT
        return OUTPUT
    return OUTPUT


def _translated_text(code: str) -> bool:
    """A translation call whose text is in the code: gettext style, or key style with a
    literal that reads as a sentence (a key such as 'newsletter.label' hides its text)."""
    if _GETTEXT.match(code):
        return True
    for pattern in _KEYED:
        m = pattern.match(code)
        if m:
            return bool(re.search(r"\s", m.group(2).strip()))
    return False


CHECK = CollectionWithoutNotice
