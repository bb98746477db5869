"""What a form field is: the texts that name it, its autocomplete, its form, and the data it
collects (personal data in general, payment-card data in particular).

Shared by the page analysis (does a page collect personal data?) and the rules about
fields (PRV401), so that a field is recognised the same way everywhere.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from lxml import etree

from . import registry, template
from .document import Document
from .text import has_word, words

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
_NOT_TEXT_INPUTS = frozenset(
    {"hidden", "submit", "button", "image", "reset", "checkbox", "radio", "file", "range", "color", "search"}
)
_CARD_INPUT_TYPES = frozenset({"text", "tel", "number", "password", "month", ""})
_WORD_BEFORE_CARD = re.compile(r"(\S+) card(?= )")


# --- identifying texts -------------------------------------------------------------------


def field_texts(doc: Document, el: etree._Element) -> list[str]:
    """What identifies a form field: name, id, placeholder, aria-label, title, its labels."""
    texts = [
        v
        for v in (doc.attr(el, a) for a in ("name", "id", "placeholder", "aria-label", "title"))
        if v
    ]
    texts.extend(doc.labels(el))
    return texts


def _said(texts: list[str], doc: Document | None) -> str:
    """Texts as words, each apart ("~" between them): a phrase never runs from a name into a
    label. With a document, template code counts too; without, literal text only."""
    if doc is not None:
        parts = [words(doc.words(t)).strip() for t in texts]
    else:
        parts = [words(" ".join(template.literal_parts(t))).strip() for t in texts]
    return " " + " ~ ".join(parts) + " "


# --- autocomplete ------------------------------------------------------------------------


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


def form_owner(doc: Document, el: etree._Element) -> etree._Element | None:
    """The form a field belongs to: the one its form="id" names, else the enclosing one."""
    form_id = doc.attr(el, "form")
    if form_id is not None:
        if template.is_dynamic(form_id):
            return None
        target = doc.element_by_id(form_id)
        return target if target is not None and target.tag == "form" else None
    for ancestor in el.iterancestors("form"):
        return ancestor
    return None


# --- payment-card fields -----------------------------------------------------------------


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
def card_vocabulary() -> CardVocabulary:
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


def card_kind(doc: Document, el: etree._Element) -> tuple[str | None, bool]:
    """("number" | "csc" | "expiry" | None, named by an unambiguous signal).

    A field named only by an ambiguous term ("security code", "expiry") is a card field
    only in a form that also has an unambiguous one; the caller decides that."""
    # Several rules ask about the same field: answered once per document.
    known = doc.memo.setdefault(card_kind, {})
    found = known.get(el)
    if found is None:
        found = known[el] = _card_kind(doc, el)
    return found


def _card_kind(doc: Document, el: etree._Element) -> tuple[str | None, bool]:
    vocab = card_vocabulary()
    if el.tag == "input":
        kind_attr = doc.attr(el, "type") or ""
        if not template.is_dynamic(kind_attr) and kind_attr.strip().lower() not in _CARD_INPUT_TYPES:
            return None, False
    elif el.tag != "select":
        return None, False
    own = parse_autocomplete(doc.attr(el, "autocomplete"))
    if own is not None and own.token is not None:
        kind = TOKEN_KINDS.get(own.token)
        return (kind, True) if kind else (None, False)  # e.g. "email", "cc-name"
    for attr, table in vocab.library.items():
        value = doc.attr(el, attr)
        if value is not None and value.strip().lower() in table:
            return table[value.strip().lower()], True
    # Django's ids ("id_card_number") say "id" before a field's own name: no ID card.
    texts = [t[3:] if t.startswith(("id_", "id-")) else t for t in field_texts(doc, el)]
    said = _said(texts, doc)
    # Which card it is, by the word before "card": literal text only, since template code
    # puts namespaces there ({{ 'checkout.card_number' | t }}).
    if has_word(said, vocab.not_card) or _other_card(_said(texts, None), vocab):
        return None, False
    for kind in ("csc", "expiry", "number"):  # the specific before the general
        if has_word(said, vocab.strong[kind]):
            return _fits(el, kind), True
    for kind in ("csc", "expiry"):
        if has_word(said, vocab.ambiguous[kind]):
            return _fits(el, kind), bool(has_word(said, vocab.context))
    if has_word(said, vocab.number_alone):
        return _fits(el, "number"), True
    return None, False


def _other_card(said: str, vocab: CardVocabulary) -> bool:
    """"Medicare card number", "Oyster card": a word before "card" that a payment card does
    not take names some other card."""
    return any(
        m.group(1) != "~" and m.group(1) not in vocab.payment_qualifiers
        for m in _WORD_BEFORE_CARD.finditer(said)
    )


def _fits(el: etree._Element, kind: str) -> str | None:
    """A <select> can hold an expiry month or year, never a number or code."""
    return kind if el.tag != "select" or kind == "expiry" else None


# --- personal data -----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PersonalVocabulary:
    autocomplete: frozenset[str]
    input_types: frozenset[str]
    words: tuple[str, ...]
    not_personal: tuple[str, ...]


@lru_cache(maxsize=1)
def personal_vocabulary() -> PersonalVocabulary:
    raw = registry.load_toml(registry.data_path("personal-data.toml"))
    return PersonalVocabulary(
        autocomplete=frozenset(raw["autocomplete"]),
        input_types=frozenset(raw["input-types"]),
        words=tuple(words(w).strip() for w in raw["words"]),
        not_personal=tuple(words(w).strip() for w in raw["not-personal"]),
    )


CARD_DESCRIPTIONS = {"number": "card number", "csc": "card security code", "expiry": "card expiry"}


@lru_cache(maxsize=1)
def _kinds() -> list[tuple[str, tuple[str, ...], tuple[str, ...]]]:
    raw = registry.load_toml(registry.data_path("personal-data.toml"))
    return [(k["name"], tuple(k["tokens"]), tuple(words(w).strip() for w in k["words"])) for k in raw["kind"]]


def data_kind(doc: Document, el: etree._Element, description: str) -> str:
    """The kind of personal data (email, name, address, card...) of a field that
    ``personal_data`` described; "other" when no kind says more."""
    tag = el.tag
    kind = (doc.attr(el, "type") or "text").strip().lower() if tag == "input" else tag
    typed = {"email": "email", "tel": "phone", "password": "password"}.get(kind)
    if typed:
        return typed
    if description.startswith("card "):
        return "card"
    tokens = (doc.attr(el, "autocomplete") or "").lower().split()
    said = _said(field_texts(doc, el), doc)
    for name, prefixes, _phrases in _kinds():
        if any(t.startswith(prefixes) for t in tokens) if prefixes else False:
            return name
    for name, _prefixes, phrases in _kinds():
        if phrases and has_word(said, phrases):
            return name
    return "other"


def personal_data(doc: Document, el: etree._Element) -> str | None:
    """What personal data a form field collects, as a short description, or None."""
    known = doc.memo.setdefault(personal_data, {})
    if el not in known:
        known[el] = _personal_data(doc, el)
    return known[el]


def _personal_data(doc: Document, el: etree._Element) -> str | None:
    vocab = personal_vocabulary()
    tag = el.tag
    kind = (doc.attr(el, "type") or "text").strip().lower() if tag == "input" else tag
    if kind in _NOT_TEXT_INPUTS:
        return None
    name = doc.attr(el, "name") or doc.attr(el, "id") or ""
    shown = f' "{doc.restore(name)}"' if name else ""
    if kind in vocab.input_types:
        return f"{kind} field{shown}"
    for token in (doc.attr(el, "autocomplete") or "").lower().split():
        if token in vocab.autocomplete:
            return f"{token} field{shown}"
    said = _said(field_texts(doc, el), doc)
    if has_word(said, vocab.not_personal):
        return None
    found = has_word(said, vocab.words)
    if found:
        return f"{found} field{shown}"
    card, strong = card_kind(doc, el)
    if card is not None and strong:
        return f"{CARD_DESCRIPTIONS[card]} field{shown}"
    return None
