"""PRV401 card-autocomplete: a card number, security code or expiry field the browser may save."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable

from lxml import etree

from .. import registry, template
from ..document import Document
from ..model import Report
from ..page import field_texts
from ..text import has_word, words
from . import Check

KIND_LABELS = {"number": "Card number", "csc": "Card security code", "expiry": "Card expiry"}
KIND_TOKENS = {
    "number": ("cc-number",),
    "csc": ("cc-csc",),
    "expiry": ("cc-exp", "cc-exp-month", "cc-exp-year"),
}
TOKEN_KINDS = {token: kind for kind, tokens in KIND_TOKENS.items() for token in tokens}
# Every WHATWG autofill field name: a value made of them is a real autofill hint; anything
# else ("nope", "false") is the usual trick to defeat autofill and counts as switched off.
AUTOFILL_FIELD_NAMES = frozenset(
    """name honorific-prefix given-name additional-name family-name honorific-suffix nickname
    username new-password current-password one-time-code organization-title organization
    street-address address-line1 address-line2 address-line3 address-level4 address-level3
    address-level2 address-level1 country country-name postal-code cc-name cc-given-name
    cc-additional-name cc-family-name cc-number cc-exp cc-exp-month cc-exp-year cc-csc cc-type
    transaction-currency transaction-amount language bday bday-day bday-month bday-year sex
    url photo tel tel-country-code tel-national tel-area-code tel-local tel-local-prefix
    tel-local-suffix tel-extension email impp""".split()
)
_DETAIL_PREFIXES = ("shipping", "billing", "home", "work", "mobile", "fax", "pager", "webauthn")
_WORD_BEFORE_CARD = re.compile(r"(\S+) card(?= )")
_CARD_INPUT_TYPES = frozenset({"text", "tel", "number", "password", "month", ""})


@dataclass(frozen=True, slots=True)
class CardVocabulary:
    strong: dict[str, tuple[str, ...]]
    ambiguous: dict[str, tuple[str, ...]]
    context: tuple[str, ...]
    number_alone: tuple[str, ...]
    payment_qualifiers: frozenset[str]
    not_card: tuple[str, ...]
    library: dict[str, dict[str, str]]


@lru_cache(maxsize=1)
def vocabulary() -> CardVocabulary:
    raw = registry.load_toml(registry.data_path("card-fields.toml"))

    def phrases(items: list[str]) -> tuple[str, ...]:
        return tuple(words(t).strip() for t in items)

    return CardVocabulary(
        strong={k: phrases(v) for k, v in raw["strong"].items()},
        ambiguous={k: phrases(v) for k, v in raw["ambiguous"].items()},
        context=phrases(raw["card-words"]["context"]),
        number_alone=phrases(raw["card-words"]["number-alone"]),
        payment_qualifiers=frozenset(raw["card-words"]["payment-qualifiers"]),
        not_card=phrases(raw["not-card"]["words"]),
        library={
            attr: {value.lower(): kind for value, kind in table.items()}
            for attr, table in raw["library-attributes"].items()
        },
    )


@dataclass(frozen=True, slots=True)
class Autocomplete:
    state: str  # "off", "on", "unknown"
    token: str | None = None  # the autofill field name, when the value gives one
    value: str | None = None  # the attribute as written


def parse_autocomplete(value: str | None) -> Autocomplete | None:
    """A field's own autocomplete attribute; None when it has none."""
    if value is None:
        return None
    if template.is_dynamic(value):
        return Autocomplete("unknown", value=value)
    tokens = value.strip().lower().split()
    if not tokens:
        return None  # empty: the HTML standard falls back to the form owner, as if absent
    if tokens == ["off"]:
        return Autocomplete("off", value=value)
    if tokens == ["on"]:
        return Autocomplete("on", value=value)
    field_tokens = [t for t in tokens if not t.startswith("section-") and t not in _DETAIL_PREFIXES]
    if len(field_tokens) == 1 and field_tokens[0] in AUTOFILL_FIELD_NAMES:
        return Autocomplete("on", token=field_tokens[0], value=value)
    return Autocomplete("off", value=value)  # not a valid hint: in practice it switches autofill off


class CardAutocomplete(Check):
    code = "PRV401"
    elements = ("input", "select")

    def begin(self, doc: Document) -> None:
        self.vocab = vocabulary()
        self.allow = frozenset(self.options.get("allow", ()))
        # Form owners (None: no form) with a field a strong term names, and the reports that wait
        # for that answer (fields named by ambiguous terms). Keyed by the element itself:
        # holding it keeps lxml from handing out a new proxy object for the same node.
        self.strong_owners: set[etree._Element | None] = set()
        self.pending: list[tuple[etree._Element | None, Report]] = []

    def visit(self, el: etree._Element, doc: Document) -> Iterable[Report]:
        kind, strong = self._kind(el, doc)
        if kind is None:
            return
        owner = _form_owner(el, doc)
        if strong:
            self.strong_owners.add(owner)
        report = self._judge(el, doc, kind, owner)
        if report is None:
            return
        if strong:
            yield report
        else:
            self.pending.append((owner, report))

    def end(self, doc: Document) -> Iterable[Report]:
        for owner, report in self.pending:
            if owner in self.strong_owners:
                yield report
        self.pending = []
        self.strong_owners = set()

    # --- which fields are card fields -------------------------------------------------

    def _kind(self, el: etree._Element, doc: Document) -> tuple[str | None, bool]:
        """("number" | "csc" | "expiry" | None, named by a strong signal)."""
        if el.tag == "input":
            kind_attr = doc.attr(el, "type") or ""
            if not template.is_dynamic(kind_attr) and kind_attr.strip().lower() not in _CARD_INPUT_TYPES:
                return None, False
        own = parse_autocomplete(doc.attr(el, "autocomplete"))
        if own is not None and own.token is not None:
            kind = TOKEN_KINDS.get(own.token)
            return (kind, True) if kind else (None, False)  # e.g. "email", "cc-name"
        for attr, table in self.vocab.library.items():
            value = doc.attr(el, attr)
            if value is not None and value.strip().lower() in table:
                return table[value.strip().lower()], True
        # Each identifying text apart ("~" between them): a phrase never runs from a name into a label.
        texts = field_texts(doc, el)
        said = " " + " ~ ".join(words(doc.words(v)).strip() for v in texts) + " "
        # Which card it is, by the word before "card": literal text only, since template code
        # puts namespaces there ({{ 'checkout.card_number' | t }}).
        literal = " " + " ~ ".join(words(" ".join(template.literal_parts(v))).strip() for v in texts) + " "
        if has_word(said, self.vocab.not_card) or self._other_card(literal):
            return None, False
        strong = self.vocab.strong
        for kind in ("csc", "expiry", "number"):  # the specific before the general
            if has_word(said, strong[kind]):
                return _fits(el, kind), True
        for kind in ("csc", "expiry"):
            if has_word(said, self.vocab.ambiguous[kind]):
                return _fits(el, kind), bool(has_word(said, self.vocab.context))
        if has_word(said, self.vocab.number_alone):
            return _fits(el, "number"), True
        return None, False

    def _other_card(self, said: str) -> bool:
        """"Medicare card number", "Oyster card": a word before "card" that a payment card
        does not take names some other card."""
        return any(
            m.group(1) != "~" and m.group(1) not in self.vocab.payment_qualifiers
            for m in _WORD_BEFORE_CARD.finditer(said)
        )

    # --- whether the browser may keep what is typed ---------------------------------------

    def _judge(self, el: etree._Element, doc: Document, kind: str, owner: etree._Element | None) -> Report | None:
        label = KIND_LABELS[kind]
        ident = _identify(el, doc)
        own = parse_autocomplete(doc.attr(el, "autocomplete"))
        if own is not None:
            if own.state != "on" or self._allowed(kind, own.token):
                return None
            reason = (
                f'autocomplete="{own.value.strip()}" asks the browser to save and fill it'
                if own.token
                else 'it sets autocomplete="on"'
            )
            return Report(doc.attribute_region(el, "autocomplete"), f"{label} field {ident} can be saved by the browser: {reason}")
        if doc.has_dynamic_attributes(el) or self._allowed(kind, None):
            return None
        if owner is None:
            if _owner_unknown(el, doc):
                return None
            reason = 'it has no autocomplete="off" and is in no form that has one; the default is on'
        else:
            form_value = doc.attr(owner, "autocomplete")
            if form_value is None:
                if doc.has_dynamic_attributes(owner):
                    return None
                reason = 'neither it nor its form sets autocomplete="off"; the default is on'
            elif template.is_dynamic(form_value):
                return None
            elif form_value.strip().lower() == "off":
                return None
            else:
                reason = f'it inherits autocomplete="{form_value.strip()}" from its form'
        return Report(doc.element_region(el), f"{label} field {ident} can be saved by the browser: {reason}")

    def _allowed(self, kind: str, token: str | None) -> bool:
        if not self.allow:
            return False
        if token is not None:
            return token in self.allow or (token.startswith("cc-exp") and "cc-exp" in self.allow)
        return any(t in self.allow for t in KIND_TOKENS[kind])


def _fits(el: etree._Element, kind: str) -> str | None:
    """A <select> can hold an expiry month or year, never a number or code."""
    return kind if el.tag != "select" or kind == "expiry" else None


def _form_owner(el: etree._Element, doc: Document) -> etree._Element | None:
    form_id = doc.attr(el, "form")
    if form_id is not None:
        if template.is_dynamic(form_id):
            return None
        target = doc.element_by_id(form_id)
        return target if target is not None and target.tag == "form" else None
    for ancestor in el.iterancestors("form"):
        return ancestor
    return None


def _owner_unknown(el: etree._Element, doc: Document) -> bool:
    """No form owner here, but one may exist: a templated form="…", or a partial whose form
    lives in another file (a template or fragment without <html>/<body>)."""
    form_id = doc.attr(el, "form")
    if form_id is not None and template.is_dynamic(form_id):
        return True
    return not doc.is_full_page


def _identify(el: etree._Element, doc: Document) -> str:
    for attr in ("name", "id"):
        value = doc.attr(el, attr)
        if value and value.strip():
            shown = doc.restore(value.strip())
            return f'"{shown}"' if attr == "name" else f"#{shown}"
    labels = doc.labels(el)
    if labels and labels[0]:
        return f'labelled "{labels[0][:40]}"'
    for attr in ("placeholder", "aria-label", *vocabulary().library):
        value = doc.attr(el, attr)
        if value and value.strip():
            shown = doc.restore(value.strip())[:40]
            return f'"{shown}"' if attr in ("placeholder", "aria-label") else f'{attr}="{shown}"'
    return f"<{el.tag}>"


CHECK = CardAutocomplete
