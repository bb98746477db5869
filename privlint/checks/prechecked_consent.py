"""PRV304 prechecked-consent: a box that opts the visitor into marketing, sharing with third
parties or the use of their data, ticked before they choose."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable

from lxml import etree

from .. import registry, template
from ..document import Document
from ..fields import form_owner
from ..model import Report
from ..text import words
from . import Check

# What the visitor is opted into, for messages; the order is the order of precedence.
PURPOSES = {
    "cookies": "cookies",
    "marketing": "marketing",
    "sharing": "sharing their data with third parties",
    "data-use": "the use of their personal data",
    "consent": "",
}
_CLAUSE_END = re.compile(r"[.!?;:()\[\]\u2013\u2014\n]| - ")
_BLOCKS = frozenset(
    {"p", "div", "li", "ul", "ol", "tr", "td", "th", "table", "form", "fieldset", "section",
     "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "input", "select", "textarea", "button"}
)


def compile_terms(terms: Iterable[str], inflected: bool = True) -> re.Pattern[str]:
    """One pattern for terms matched as whole words in a ``text.words()`` string. A term
    ending in "*" may take any number of letters more; with ``inflected``, any term two
    (plurals, inflections: "offer" matches "offers"). Short words such as negations are
    matched exactly: "ne" must not match "news", nor "mai" "mail"."""
    alternatives = set()
    for term in terms:
        prefix = term.endswith("*")
        said = words(term.rstrip("*")).strip()
        if said:
            alternatives.add(re.escape(said).replace("\\ ", " ") + (r"\w*" if prefix else r"\w{0,2}" if inflected else ""))
    if not alternatives:
        return re.compile(r"(?!)")
    return re.compile(r"(?<= )(?:" + "|".join(sorted(alternatives, key=len, reverse=True)) + r")(?= )")


def _all_languages(table: dict) -> list[str]:
    return [term for terms in table.values() for term in terms]


@dataclass(frozen=True)
class ConsentVocabulary:
    topics: dict[str, re.Pattern[str]]  # purpose -> terms in label text (and names)
    identifier_topics: dict[str, re.Pattern[str]]  # purpose -> terms in names and ids only
    cookie_categories: re.Pattern[str]
    containers: tuple[str, ...]
    necessary: re.Pattern[str]  # strictly necessary cookies
    functional: re.Pattern[str]  # choices for the visitor's own convenience
    negation: re.Pattern[str]
    withdrawal: re.Pattern[str]
    not_negation: re.Pattern[str]
    yes: re.Pattern[str]
    no: re.Pattern[str]


@lru_cache(maxsize=1)
def vocabulary() -> ConsentVocabulary:
    raw = registry.load_toml(registry.data_path("consent-checkboxes.toml"))

    def answers(key: str) -> re.Pattern[str]:
        alternatives = sorted({re.escape(words(a).strip()) for a in raw["answers"][key]}, key=len, reverse=True)
        return re.compile(r"^ (?:" + "|".join(alternatives) + r") ")

    return ConsentVocabulary(
        topics={kind: compile_terms(_all_languages(raw["topics"][kind])) for kind in PURPOSES},
        identifier_topics={kind: compile_terms(terms) for kind, terms in raw["identifier-topics"].items()},
        cookie_categories=compile_terms(raw["cookie-categories"]["words"]),
        containers=tuple(raw["cookie-categories"]["containers"]),
        necessary=compile_terms(_all_languages(raw["necessary"])),
        functional=compile_terms(_all_languages(raw["functional"]), inflected=False),
        negation=compile_terms(_all_languages(raw["negation"]), inflected=False),
        withdrawal=compile_terms(_all_languages(raw["withdrawal"]), inflected=False),
        not_negation=compile_terms(_all_languages(raw["not-negation"]), inflected=False),
        yes=answers("yes"),
        no=answers("no"),
    )


@dataclass
class Box:
    """What a box says about itself: its names and its labels, as words."""

    names: str  # name and id, as words
    labels: list[str]  # label texts as written (template markers kept)
    label_words: list[str]  # the same as words, template code included
    in_cookie_dialog: bool = False


class Judge:
    """Reads boxes: what they ask consent for, and whether they say no instead."""

    def __init__(self, doc: Document | None) -> None:
        self.doc = doc

    @property
    def vocab(self) -> ConsentVocabulary:
        # Compiled on the first ticked box of the run: most pages have none.
        return vocabulary()

    def said(self, text: str) -> str:
        return words(self.doc.words(text) if self.doc is not None else text)

    def purpose(self, box: Box) -> str | None:
        """The purpose a box asks consent for, or None (not a consent box, or not one to judge)."""
        v = self.vocab
        texts = [box.names, *box.label_words]
        if any(v.necessary.search(t) or v.functional.search(t) for t in texts):
            return None
        for kind, terms in v.topics.items():
            if any(terms.search(t) for t in texts):
                return kind
            extra = v.identifier_topics.get(kind)
            if extra is not None and extra.search(box.names):
                return kind
        if box.in_cookie_dialog and any(v.cookie_categories.search(t) for t in texts):
            return "cookies"
        return None

    def says_no(self, box: Box) -> bool:
        """Opt-out wording ("Do not send me offers", "no_marketing"): ticked, it keeps the
        visitor out. Wording decided by template code counts when its code says no anywhere."""
        v = self.vocab
        if v.negation.search(box.names) or v.withdrawal.search(box.names):
            return True
        for text in box.labels:
            if template.is_dynamic(text):
                said = self.said(text)
                if (v.negation.search(said) or v.withdrawal.search(said)) and not v.not_negation.search(said):
                    return True
            if self._opts_out(" ".join(template.literal_parts(text))):
                return True
        return False

    def _opts_out(self, text: str) -> bool:
        """A negation in the first clause ("I do not want...", "...Newsletter nicht
        erhalten"), or a withdrawal before the purpose it names ("Unsubscribe me from..."),
        so that "you can unsubscribe at any time" further on is not read as a refusal."""
        v = self.vocab
        clause = next((c for c in _CLAUSE_END.split(text) if c.strip()), "")
        said = words(clause)
        if v.not_negation.search(said):
            return False  # "Don't miss our offers"
        if v.negation.search(said):
            return True
        withdrawal = v.withdrawal.search(said)
        if withdrawal is None:
            return False
        topics = [m.start() for terms in v.topics.values() if (m := terms.search(said))]
        return not topics or withdrawal.start() < min(topics)


# --- the boxes of a document -------------------------------------------------------------


def _label_texts(doc: Document, el: etree._Element, own_text: bool = False) -> list[str]:
    texts = [t for t in doc.labels(el) if t.strip()]
    for attr in ("aria-label", "title"):
        value = doc.attr(el, attr)
        if value and value.strip():
            texts.append(value)
    if own_text:
        text = " ".join("".join(el.itertext()).split())
        if text:
            texts.append(text)
    if not texts:
        following = _following_text(el)
        if following:
            texts.append(following)
    return texts


def _following_text(el: etree._Element) -> str:
    """The text right after a box (``<input type="checkbox"> Send me offers``), up to the next
    field or block; for a box alone in a table cell, the next cell."""
    parts = [el.tail or ""]
    own_id = (Document.attr(el, "id") or "").strip()
    for sibling in el.itersiblings():
        if isinstance(sibling.tag, str):
            if sibling.tag in _BLOCKS or _labels_another_control(sibling, own_id):
                break
            parts.append("".join(sibling.itertext()))
        parts.append(sibling.tail or "")
        if sum(len(p) for p in parts) > 300:
            break
    text = " ".join(" ".join(parts).split())
    parent = el.getparent()
    if not text and parent is not None and parent.tag in ("td", "th"):
        cell = parent.getnext()
        if cell is not None and isinstance(cell.tag, str):
            text = " ".join("".join(cell.itertext()).split())
    return text[:200]


_CONTROLS = ("input", "select", "textarea", "button")


def _labels_another_control(el: etree._Element, own_id: str) -> bool:
    """Markup that holds or labels another field: ``<label><input ...> Remember me</label>``,
    ``<label for="other">``. Its text is that field's, not the box's before it."""
    if next(el.iter(*_CONTROLS), None) is not None:
        return True
    target = Document.attr(el, "for") if el.tag == "label" else None
    return target is not None and target.strip() != own_id


def _in_cookie_dialog(doc: Document, el: etree._Element, containers: tuple[str, ...]) -> bool:
    for ancestor in el.iterancestors():
        marks = f"{doc.attr(ancestor, 'id') or ''} {doc.attr(ancestor, 'class') or ''}".lower()
        if any(c in marks for c in containers):
            return True
    return False


def _names(doc: Document, el: etree._Element) -> str:
    return words(" ".join(doc.words(v) for v in (doc.attr(el, "name"), doc.attr(el, "id")) if v))


def _identify(doc: Document, el: etree._Element, labels: list[str]) -> str:
    """The box by its name or id, with its label; or by its label alone."""
    label = f'"{_quote(doc, labels[0])}"' if labels else ""
    for attr in ("name", "id"):
        value = doc.attr(el, attr)
        if value and value.strip():
            shown = doc.restore(value.strip())
            named = f'"{shown}"' if attr == "name" else f"#{shown}"
            return f"{named} ({label})" if label else named
    return label or f"<{el.tag}>"


_TRAILING_CODE = re.compile(r"(?:\s*" + template.MARKER_RE.pattern + r")+\s*$")


def _quote(doc: Document | None, text: str) -> str:
    # Template code after the words ("Marketing emails<?php } ?>") closes a block: not shown.
    trimmed = _TRAILING_CODE.sub("", text)
    if trimmed.strip():
        text = trimmed
    shown = " ".join((doc.restore(text) if doc is not None else text).split())
    return shown if len(shown) <= 60 else shown[:57].rstrip() + "..."


_ATTRIBUTE = re.compile(r"""([^\s"'>/=]+)(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]*))?""")


def _ticked_in_markup(doc: Document, el: etree._Element) -> bool:
    """``checked`` written as it stands, not by template code: not in a templated value
    (``checked="{{ x }}"``) and not between template tags in the start tag
    (``{% if customer.accepts_marketing %}checked{% endif %}``)."""
    value = doc.attr(el, "checked")
    if value is None or template.is_dynamic(value):
        return False
    if not doc.has_dynamic_attributes(el):
        return True
    tag = doc.start_tag(el)
    if tag is None:
        return False
    spans = [s for s in doc.source_spans if s.kind == template.ATTRS and tag.start <= s.start < tag.end]
    for m in _ATTRIBUTE.finditer(doc.source, tag.start + 1 + len(tag.name), tag.end - 1):
        if m.group(1).lower() != "checked":
            continue
        before = any(s.end <= m.start() for s in spans)
        after = any(s.start >= m.end() for s in spans)
        if not (before and after):
            return True
    return False


# Back-office settings forms (WordPress options, admin areas): the site owner's settings.
_ADMIN_ACTION = re.compile(r"(?:^|/)(?:wp-admin|options\.php|admin)(?:[/?#.]|$)", re.I)


def _not_a_visitor_choice(doc: Document, el: etree._Element) -> bool:
    """A filter or search form (method="get", role="search"), whose boxes select results, or
    a back-office settings form."""
    owner = form_owner(doc, el)
    if owner is None:
        return False
    method = (doc.attr(owner, "method") or "").strip().lower()
    if method == "get" or (doc.attr(owner, "role") or "").strip().lower() == "search":
        return True
    action = doc.attr(owner, "action") or ""
    return not template.is_dynamic(action) and _ADMIN_ACTION.search(action.strip()) is not None


def _choice_key(doc: Document, el: etree._Element) -> tuple[etree._Element | None, str, str] | None:
    name = doc.attr(el, "name")
    if not name or not name.strip():
        return None
    return form_owner(doc, el), name.strip(), (doc.attr(el, "value") or "").strip()


def _template_code_between(
    doc: Document, code_starts: list[int], first: etree._Element, second: etree._Element
) -> bool:
    tags = [doc.start_tag(first), doc.start_tag(second)]
    if tags[0] is None or tags[1] is None:
        return False
    start, end = sorted((tags[0].start, tags[1].start))
    return bisect.bisect_left(code_starts, end) > bisect.bisect_right(code_starts, start)


class PrecheckedConsent(Check):
    code = "PRV304"
    elements = ("input",)

    def begin(self, doc: Document) -> None:
        self.judge = Judge(doc)
        # Radio groups by form owner and name, judged once every option was seen.
        self.groups: dict[tuple[etree._Element | None, str], list[etree._Element]] = {}
        # Unticked boxes by form owner, name and value, found when a ticked one is judged.
        self._unticked: dict[tuple[etree._Element | None, str, str], list[etree._Element]] | None = None
        self._code_starts: list[int] = []

    def _rendered_both_ways(self, doc: Document, el: etree._Element) -> bool:
        """The same box (form, name and value) is also written unticked, with template code
        between the two: ``{% if customer.accepts_marketing %}<input ... checked>{% else %}
        <input ...>{% endif %}``. The template shows a choice the visitor saved."""
        if not doc.spans:
            return False
        key = _choice_key(doc, el)
        if key is None:
            return False
        if self._unticked is None:
            self._unticked = {}
            for box in doc.root.iter("input"):
                found = _choice_key(doc, box) if doc.attr(box, "checked") is None else None
                if found is not None:
                    self._unticked.setdefault(found, []).append(box)
            self._code_starts = sorted(s.start for s in doc.source_spans if s.kind == template.CODE)
        return any(
            _template_code_between(doc, self._code_starts, el, other) for other in self._unticked.get(key, ())
        )

    def visit(self, el: etree._Element, doc: Document) -> Iterable[Report]:
        kind = doc.attr(el, "type")
        if kind is None or template.is_dynamic(kind):
            return
        kind = kind.strip().lower()
        if kind == "radio":
            name = doc.attr(el, "name")
            if name and name.strip():
                self.groups.setdefault((form_owner(doc, el), name), []).append(el)
            return
        if kind != "checkbox" or not _ticked_in_markup(doc, el) or _not_a_visitor_choice(doc, el):
            return
        report = self._judge_box(doc, el, "checked", _label_texts(doc, el))
        if report is not None and not self._rendered_both_ways(doc, el):
            yield report

    def end(self, doc: Document) -> Iterable[Report]:
        for options in self.groups.values():
            report = self._judge_radios(doc, options)
            if report is not None:
                yield report
        self.groups = {}
        yield from self._aria_boxes(doc)

    # --- checkboxes ------------------------------------------------------------------

    def _judge_box(self, doc: Document, el: etree._Element, attr: str, labels: list[str]) -> Report | None:
        judge = self.judge
        vocab = judge.vocab
        box = Box(_names(doc, el), labels, [judge.said(t) for t in labels])
        box.in_cookie_dialog = _in_cookie_dialog(doc, el, vocab.containers)
        purpose = judge.purpose(box)
        if purpose is None or judge.says_no(box):
            return None
        what = "Switch" if (doc.attr(el, "role") or "").strip().lower() == "switch" else "Checkbox"
        how = "checked" if attr == "checked" else 'aria-checked="true"'
        return Report(
            doc.attribute_region(el, attr),
            f"{what} {_identify(doc, el, labels)} asks for consent{_to(purpose)} and is ticked "
            f"by default ({how}): a box the visitor has to untick is not consent",
        )

    def _aria_boxes(self, doc: Document) -> Iterable[Report]:
        """Custom checkboxes and switches (role="checkbox"/"switch", aria-checked="true")."""
        if not doc.mentions("aria-checked"):
            return  # the common case, told by a string search instead of an XPath over the tree
        for el in doc.root.xpath("//*[@aria-checked='true' and (@role='checkbox' or @role='switch')]"):
            if el.tag == "input":
                continue  # an input's own checked state is what counts
            report = self._judge_box(doc, el, "aria-checked", _label_texts(doc, el, own_text=True))
            if report is not None:
                yield report

    # --- radio buttons ----------------------------------------------------------------

    def _judge_radios(self, doc: Document, options: list[etree._Element]) -> Report | None:
        if any(doc.attr(o, "checked") is not None and not _ticked_in_markup(doc, o) for o in options):
            return None  # the template decides which option is selected
        if any(doc.attr(o, "checked") is not None and self._rendered_both_ways(doc, o) for o in options):
            return None  # template branches write the group once per saved answer
        checked = [o for o in options if doc.attr(o, "checked") is not None]
        if not checked or _not_a_visitor_choice(doc, checked[-1]):
            return None
        chosen = checked[-1]  # the last one a browser keeps
        judge, vocab = self.judge, self.judge.vocab
        name = doc.attr(chosen, "name") or ""
        # The question: the group's name, its legend or radiogroup label, and every option.
        question = [*_group_labels(doc, chosen)]
        for option in options:
            question.extend(_label_texts(doc, option))
        group = Box(words(doc.words(name)), question, [judge.said(t) for t in question])
        group.in_cookie_dialog = _in_cookie_dialog(doc, chosen, vocab.containers)
        purpose = judge.purpose(group)
        if purpose is None or vocab.negation.search(group.names):
            return None
        answer = _label_texts(doc, chosen)
        value = words(doc.words(doc.attr(chosen, "value") or ""))
        said = [judge.said(t) for t in answer]
        if vocab.no.match(value) or any(vocab.no.match(s) for s in said):
            return None
        option = Box(" ", answer, said)  # the answer alone: its own words say yes or not
        if judge.says_no(option):
            return None
        agrees = vocab.yes.match(value) or any(vocab.yes.match(s) for s in said) or judge.purpose(option)
        if not agrees:
            return None  # "weekly" or "monthly": which newsletter, not whether
        shown = _quote(doc, answer[0]) if answer else doc.restore(doc.attr(chosen, "value") or "")
        return Report(
            doc.attribute_region(chosen, "checked"),
            f'Option "{shown}" of "{doc.restore(name)}" gives consent{_to(purpose)} and is '
            "selected by default (checked): a choice the visitor has to change is not consent",
        )


def _to(purpose: str) -> str:
    return f" to {PURPOSES[purpose]}" if PURPOSES[purpose] else ""


def _group_labels(doc: Document, radio: etree._Element) -> list[str]:
    """The question a radio group answers: its fieldset's legend, its radiogroup's label."""
    texts = []
    for ancestor in radio.iterancestors():
        if ancestor.tag == "fieldset":
            legend = ancestor.find("legend")
            if legend is not None:
                texts.append(" ".join("".join(legend.itertext()).split()))
            break
        if (doc.attr(ancestor, "role") or "").strip().lower() == "radiogroup":
            texts.extend(_label_texts(doc, ancestor))
            break
        if ancestor.tag == "form":
            break
    return [t for t in texts if t]


CHECK = PrecheckedConsent
