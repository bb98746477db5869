"""What a form collects, how it is submitted and where to: worked out once per form, for the
form rules (PRV103 sensitive-data-in-url, PRV104 third-party-form-target, PRV305
collection-without-notice).

It follows the HTML standard's form submission algorithm where a static reading can: which
controls belong to a form (``form="id"`` included), which of them are submitted (a name, not
disabled), which buttons submit it and with what method and action (``formmethod``,
``formaction``), and the missing and invalid value defaults of ``method`` (both GET).
What template code decides is unknown, and unknown is never a finding.
"""

from __future__ import annotations

import re
import weakref
from dataclasses import dataclass, field
from functools import lru_cache

from lxml import etree

from . import domains, fields, registry, template, urls
from .document import Document
from .text import has_word, words

# --- what a field collects ---------------------------------------------------------------

# Inputs whose value is not something a person types about themselves.
_NOT_PERSONAL_TYPES = frozenset(
    {"hidden", "submit", "button", "image", "reset", "checkbox", "radio", "file", "range", "color", "search"}
)
# autocomplete tokens and the kind of data they name (WHATWG HTML, autofill field names).
_TOKEN_KINDS = {
    "current-password": "password", "new-password": "password",
    "email": "email", "username": "username",
    "tel": "phone", "tel-national": "phone", "tel-local": "phone",
    "bday": "date of birth", "bday-day": "date of birth", "bday-month": "date of birth", "bday-year": "date of birth",
    "street-address": "address", "address-line1": "address", "address-line2": "address", "address-line3": "address",
    "name": "name", "given-name": "name", "family-name": "name", "additional-name": "name", "nickname": "name",
    "honorific-prefix": "name", "honorific-suffix": "name",
    "cc-name": "card holder", "cc-given-name": "card holder", "cc-family-name": "card holder",
    "cc-additional-name": "card holder",
    "sex": "gender",
    # Where someone lives only coarsely: a lookup (store finder, shipping estimate) on its own.
    "postal-code": "location", "country": "location", "country-name": "location",
    "address-level1": "location", "address-level2": "location", "address-level3": "location",
    "address-level4": "location",
}
_NOT_DATA_TOKENS = frozenset({"one-time-code", "transaction-amount", "transaction-currency"})
_TOKEN_PREFIXES = ("section-", "shipping", "billing", "home", "work", "mobile", "fax", "pager", "webauthn")

# Words that make an address field a coarse location (a postcode, a city, a country) unless
# street words say it is the street address itself.
_LOCATION_WORDS = tuple(
    words(w).strip()
    for w in (
        "zip", "zipcode", "zip code", "postcode", "post code", "postal code", "postal", "plz",
        "postleitzahl", "code postal", "codigo postal", "cap", "city", "town", "country", "county",
        "state", "province", "region", "ort", "stadt", "land", "ville", "pays", "ciudad", "pais",
        "provincia", "citta", "paese", "woonplaats", "stad",
    )
)
_STREET_WORDS = tuple(
    words(w).strip()
    for w in (
        "street", "street address", "address 1", "address 2", "address line", "line 1", "line 2",
        "strasse", "hausnummer", "house number", "rue", "calle", "straat", "gatan", "gade",
    )
)
# A one-time code, a quantity or a number typed with a phone keypad (type="tel") is not a phone number.
_NOT_PHONE_WORDS = tuple(
    words(w).strip()
    for w in ("otp", "one time", "code", "pin", "quantity", "qty", "amount", "zip", "postcode", "postal code", "plz")
)

# The kinds a field may be, strongest evidence of sensitive data first (for messages).
KIND_ORDER = ("password", "card", "email", "phone", "date of birth", "address", "name", "username",
              "card holder", "gender", "passport", "other")


@lru_cache(maxsize=1)
def _word_kinds() -> list[tuple[str, tuple[str, ...]]]:
    """(kind, words) from the shared personal-data vocabulary."""
    raw = registry.load_toml(registry.data_path("personal-data.toml"))
    return [(k["name"], tuple(words(w).strip() for w in k["words"])) for k in raw["kind"] if k["words"]]


@lru_cache(maxsize=1)
def _not_personal() -> tuple[str, ...]:
    return fields.personal_vocabulary().not_personal


def field_words(doc: Document, el: etree._Element) -> str:
    """What names a field (name, id, placeholder, aria-label, title, labels) as one words()
    string, each text apart, template code included."""
    parts = [words(doc.words(t)).strip() for t in fields.field_texts(doc, el)]
    return " " + " ~ ".join(parts) + " "


def input_type(doc: Document, el: etree._Element) -> str | None:
    """An input's type as the browser reads it; None when template code decides it."""
    value = doc.attr(el, "type")
    if value is None:
        return "text"
    if template.is_dynamic(value):
        return None
    return value.strip().lower() or "text"


def field_kind(doc: Document, el: etree._Element) -> str | None:
    """The kind of personal data a form field collects (see KIND_ORDER, plus "location"), or None."""
    if el.tag == "input":
        kind_attr = input_type(doc, el)
        if kind_attr is None or kind_attr in _NOT_PERSONAL_TYPES:
            return None
    elif el.tag not in ("select", "textarea"):
        return None
    else:
        kind_attr = el.tag
    if fields.personal_data(doc, el) is None:
        return None
    tokens = [
        t for t in (doc.attr(el, "autocomplete") or "").strip().lower().split() if not t.startswith(_TOKEN_PREFIXES)
    ]
    if len(tokens) == 1 and template.MARK not in tokens[0]:
        token = tokens[0]
        if token in _NOT_DATA_TOKENS:
            return None
        if token.startswith("cc-") and token not in _TOKEN_KINDS:
            return "card"
        elif token in _TOKEN_KINDS:
            # autocomplete="username" on an email field says what it is for; the type says what it holds.
            return "email" if kind_attr == "email" and token == "username" else _TOKEN_KINDS[token]
    card, strong = fields.card_kind(doc, el)
    if card is not None and strong:
        return "card"
    if kind_attr == "password":
        return "password"
    said = field_words(doc, el)
    if kind_attr == "email":
        return "email"
    if kind_attr == "tel":
        if has_word(said, _NOT_PHONE_WORDS) or has_word(said, _not_personal()):
            return None
        return "phone"
    for kind, phrases in _word_kinds():
        if has_word(said, phrases):
            if kind == "address" and has_word(said, _LOCATION_WORDS) and not has_word(said, _STREET_WORDS):
                return "location"
            return kind
    return "other"


def identify(doc: Document, el: etree._Element, named_by: tuple[str, ...] = ()) -> str:
    """How a message names a field: its name, else its id, label or placeholder, else one of
    the ``named_by`` attributes (a payment library's data-stripe="number"); and the framework
    helper that writes it, if one does."""
    helper = doc.helper_call(el)
    named = _identify(doc, el, named_by)
    return f"{named} ({helper})" if helper else named


def _identify(doc: Document, el: etree._Element, named_by: tuple[str, ...]) -> str:
    for attr in ("name", "id"):
        value = doc.attr(el, attr)
        if value and value.strip():
            shown = doc.restore(value.strip())
            return f'"{shown}"' if attr == "name" else f"#{shown}"
    labels = doc.labels(el)
    if labels and labels[0]:
        return f'labelled "{labels[0][:40]}"'
    for attr in ("placeholder", "aria-label", *named_by):
        value = doc.attr(el, attr)
        if value and value.strip():
            shown = doc.restore(value.strip())[:40]
            return f'"{shown}"' if attr in ("placeholder", "aria-label") else f'{attr}="{shown}"'
    return f"<{el.tag}>"


@dataclass(frozen=True, slots=True)
class PersonalField:
    el: etree._Element
    kind: str
    description: str  # 'email field "newsletter[email]"'
    # Is its value part of the submission: True (a name, not disabled), False (no name, or
    # disabled), None (template code may give it a name).
    submitted: bool | None


def _describe(doc: Document, el: etree._Element, kind: str) -> str:
    if kind == "card":
        card, _ = fields.card_kind(doc, el)
        label = fields.CARD_DESCRIPTIONS.get(card or "number", "card")
    else:
        label = kind
    return f"{label} field {identify(doc, el)}"


def _disabled(doc: Document, el: etree._Element) -> bool:
    """Disabled controls are not submitted: the attribute on the control, or on a fieldset
    around it (except within that fieldset's first legend)."""
    if doc.attr(el, "disabled") is not None:
        return True
    child = el
    for ancestor in el.iterancestors():
        if ancestor.tag == "fieldset" and doc.attr(ancestor, "disabled") is not None:
            legend = next((c for c in ancestor if c.tag == "legend"), None)
            if legend is None or child is not legend:
                return True
        if ancestor.tag == "form":
            break
        child = ancestor
    return False


def _submitted(doc: Document, el: etree._Element) -> bool | None:
    if _disabled(doc, el):
        return False
    name = doc.attr(el, "name")
    if name is not None and name.strip():
        return True
    return None if doc.has_dynamic_attributes(el, "name") else False


# --- how a form is submitted ---------------------------------------------------------------

GET, POST, DIALOG, UNKNOWN = "get", "post", "dialog", "unknown"


@dataclass(frozen=True, slots=True)
class Method:
    value: str  # GET, POST, DIALOG or UNKNOWN
    written: str | None  # the attribute as written; None when missing

    @property
    def defaulted(self) -> bool:
        """GET because the attribute is missing or says something browsers do not know."""
        return self.value == GET and (self.written is None or self.written.strip().lower() != GET)


def parse_method(value: str | None) -> Method:
    """``method``: get, post and dialog; missing and invalid values mean GET."""
    if value is None:
        return Method(GET, None)
    if template.is_dynamic(value):
        return Method(UNKNOWN, value)
    keyword = value.strip().lower()
    return Method(keyword if keyword in (GET, POST, DIALOG) else GET, value)


@dataclass(frozen=True, slots=True)
class Submitter:
    """A button that submits the form, with what it overrides."""

    el: etree._Element
    method: Method | None  # its formmethod; None: the form's method applies
    action: str | None  # its formaction as written; None: the form's action applies


_SUBMIT_INPUTS = frozenset({"submit", "image"})
# Fields that block implicit submission (Enter) when a form has more than one and no button.
_BLOCKING_TYPES = frozenset(
    {"text", "search", "email", "url", "tel", "password", "date", "month", "week", "time", "datetime-local", "number"}
)


def _is_submitter(doc: Document, el: etree._Element) -> bool:
    if el.tag == "button":
        kind = doc.attr(el, "type")
        if kind is None or template.is_dynamic(kind):
            return True
        return kind.strip().lower() not in ("button", "reset")  # an invalid type means submit
    if el.tag == "input":
        return input_type(doc, el) in _SUBMIT_INPUTS  # a templated type is more likely a field
    return False


# Markup that hands the submission to script: an inline handler that cancels the native
# submission, framework bindings that do so (Vue, Alpine, Angular, AngularJS, Livewire,
# Svelte), htmx requests other than GET, Ghost's members forms.
_CANCELLING_HANDLER = re.compile(r"preventDefault|return\s+false\b", re.I)
_SCRIPT_SUBMIT_ATTRIBUTES = re.compile(
    r"^(?:@submit\.prevent|v-on:submit\.prevent|x-on:submit\.prevent|\(ngsubmit\)|\(submit\)|\[formgroup\]"
    r"|ng-submit|wire:submit(?:\.prevent)?|on:submit\|preventdefault|hx-(?:post|put|patch|delete)|data-members-form)$",
    re.I,
)


def _script_submits(doc: Document, form: etree._Element) -> str | None:
    """The attribute by which script takes the submission over, if the markup says so."""
    handler = doc.attr(form, "onsubmit")
    if handler is not None and _CANCELLING_HANDLER.search(handler):
        return "onsubmit"
    try:
        names = [str(k) for k in form.attrib]
    except ValueError:
        return None
    return next((n for n in names if _SCRIPT_SUBMIT_ATTRIBUTES.match(n)), None)


# --- purpose -------------------------------------------------------------------------------

SEARCH, LOGIN, CREDENTIALS, PAYMENT, COLLECTION = "search", "login", "credentials", "payment", "collection"
_IDENTIFIER_KINDS = frozenset({"email", "username", "phone"})
# Words in a form's id, class, name or action that say it signs in or recovers an account.
_SIGN_IN_WORDS = tuple(
    words(w).strip()
    for w in (
        "login", "log in", "signin", "sign in", "logon", "log on", "session", "sessions", "auth",
        "lost password", "lostpassword", "reset password", "password reset", "forgot", "forgotten",
        "recover", "recovery", "retrieve password",
        # German "anmelden" means signing in and signing up alike: not a sign-in word
        "connexion", "iniciar sesion", "accedi",
    )
)


def is_search(doc: Document, form: etree._Element, controls: list[etree._Element],
              personal: list[PersonalField]) -> bool:
    """role=search on the form or around it, a <search> element, or a type=search field in
    a form that asks for no password or card (an address finder inside a checkout is not a
    search form)."""
    if (doc.attr(form, "role") or "").strip().lower() == "search":
        return True
    for ancestor in form.iterancestors():
        if ancestor.tag == "search" or (doc.attr(ancestor, "role") or "").strip().lower() == "search":
            return True
    if any(f.kind in ("password", "card") for f in personal):
        return False
    return any(c.tag == "input" and input_type(doc, c) == "search" for c in controls)


def _form_words(doc: Document, form: etree._Element) -> str:
    texts = [doc.attr(form, a) or "" for a in ("id", "class", "name", "action", "aria-label")]
    try:
        texts += [v for k, v in form.attrib.items() if str(k).lower().startswith("data-")]
    except ValueError:
        pass
    return " " + " ~ ".join(words(doc.words(t)).strip() for t in texts if t) + " "


def purpose(doc: Document, form: etree._Element, personal: list[PersonalField], search: bool) -> str:
    """Why a form asks for what it asks: SEARCH; LOGIN (an identifier and the current
    password, or an identifier alone on a sign-in or recovery form); CREDENTIALS (a password
    change: passwords alone); PAYMENT (card fields alone: the payment step of an order);
    else COLLECTION."""
    if search:
        return SEARCH
    kinds = [f.kind for f in personal]
    if kinds and set(kinds) <= {"card", "card holder"}:
        return PAYMENT
    passwords = [f for f in personal if f.kind == "password"]
    if not set(kinds) <= _IDENTIFIER_KINDS | {"password"}:
        return COLLECTION
    identifiers = [k for k in kinds if k in _IDENTIFIER_KINDS]
    if passwords and not identifiers:
        return CREDENTIALS
    if passwords:
        new = any((doc.attr(f.el, "autocomplete") or "").lower().split()[-1:] == ["new-password"] for f in passwords)
        return LOGIN if len(passwords) == 1 and not new else COLLECTION
    if identifiers and has_word(_form_words(doc, form), _SIGN_IN_WORDS):
        return LOGIN
    return COLLECTION


# --- the forms of a document ---------------------------------------------------------------


@dataclass(slots=True)
class FormInfo:
    el: etree._Element
    method: Method
    action: str | None  # as written; None when missing
    personal: list[PersonalField] = field(default_factory=list)  # collection fields, not "location"
    submitters: list[Submitter] = field(default_factory=list)
    blocking_fields: int = 0  # fields that block implicit submission
    search: bool = False
    script_submits: str | None = None  # the attribute that hands submission to script
    purpose: str = COLLECTION

    def sent(self) -> list[PersonalField]:
        """Personal fields that are certainly part of a native submission."""
        return [f for f in self.personal if f.submitted]

    def submissions(self) -> list[Submission]:
        """Each distinct way the visitor can submit the form natively. A button that
        overrides neither method nor action submits like the form itself; with no button,
        Enter submits the form when it has at most one field that blocks implicit
        submission, and script may submit it with the method it declares."""
        ways: list[Submission] = []
        own = Submission(self.el, self.method, self.el, self.action)
        for s in self.submitters:
            way = Submission(
                s.el if s.method is not None else self.el,
                s.method or self.method,
                s.el if s.action is not None else self.el,
                s.action if s.action is not None else self.action,
            )
            if way not in ways:
                ways.append(way)
        if not self.submitters and (self.method.written is not None or self.blocking_fields <= 1):
            ways.append(own)
        return ways


@dataclass(frozen=True, slots=True)
class Submission:
    method_from: etree._Element  # the form, or the button whose formmethod decides
    method: Method
    action_from: etree._Element  # the form, or the button whose formaction decides
    action: str | None


class _FormIndex:
    """The controls of every form in a document, found in one pass over its tree."""

    def __init__(self, doc: Document) -> None:
        # Never keeps the document: it is the key of the weak cache below.
        self.controls: dict[etree._Element, list[etree._Element]] = {}
        for el in doc.root.iter("input", "select", "textarea", "button"):
            if any(a.tag == "template" for a in el.iterancestors()):
                continue  # inert until script clones it
            owner = fields.form_owner(doc, el)
            if owner is not None:
                self.controls.setdefault(owner, []).append(el)
        self.forms: dict[etree._Element, FormInfo] = {}

    def info(self, doc: Document, form: etree._Element) -> FormInfo:
        found = self.forms.get(form)
        if found is None:
            found = self.forms[form] = self._build(doc, form)
        return found

    def _build(self, doc: Document, form: etree._Element) -> FormInfo:
        method_attr = doc.attr(form, "method")
        method = parse_method(method_attr)
        if method_attr is None and doc.has_dynamic_attributes(form, "method"):
            method = Method(UNKNOWN, None)  # <form {% if x %}method="post"{% endif %}>
        action = doc.attr(form, "action")
        if action is None and doc.has_dynamic_attributes(form, "action"):
            action = template.MARK  # unknown
        info = FormInfo(form, method, action)
        controls = self.controls.get(form, [])
        for el in controls:
            if _is_submitter(doc, el):
                # A disabled button still counts: script enables it once the form is valid.
                formmethod = doc.attr(el, "formmethod")
                info.submitters.append(
                    Submitter(el, parse_method(formmethod) if formmethod is not None else None,
                              doc.attr(el, "formaction"))
                )
                continue
            if el.tag == "input" and (input_type(doc, el) or "text") in _BLOCKING_TYPES:
                info.blocking_fields += 1
            kind = field_kind(doc, el)
            if kind is None or kind == "location":
                continue
            info.personal.append(PersonalField(el, kind, _describe(doc, el, kind), _submitted(doc, el)))
        info.search = is_search(doc, form, controls, info.personal)
        info.script_submits = _script_submits(doc, form)
        info.purpose = purpose(doc, form, info.personal, info.search)
        return info


_indexes: "weakref.WeakKeyDictionary[Document, _FormIndex]" = weakref.WeakKeyDictionary()


def form_info(doc: Document, form: etree._Element) -> FormInfo:
    """What a <form> collects and how it is submitted; computed once per document and form,
    whichever rule asks first."""
    index = _indexes.get(doc)
    if index is None:
        index = _indexes[doc] = _FormIndex(doc)
    return index.info(doc, form)


def listed(items: list[PersonalField], most: int = 3) -> str:
    """'password field "pw" and email field "login"', strongest kinds first, a few at most."""
    ordered = sorted(items, key=lambda f: KIND_ORDER.index(f.kind) if f.kind in KIND_ORDER else len(KIND_ORDER))
    descriptions = list(dict.fromkeys(f.description for f in ordered))  # duplicate ids in sloppy markup
    shown = descriptions[:most]
    if len(descriptions) > most:
        shown.append(f"{len(descriptions) - most} more")
    return shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + " and " + shown[-1]


# --- where a form's data goes --------------------------------------------------------------


def own_hosts(doc: Document) -> tuple[str, ...]:
    """The hosts a page gives as its own address: <link rel=canonical>, og:url."""
    found: dict[str, None] = {}
    for el in doc.root.iter("link", "meta"):
        if el.tag == "link":
            if "canonical" not in (doc.attr(el, "rel") or "").lower().split():
                continue
            url = doc.attr(el, "href")
        elif (doc.attr(el, "property") or "").strip().lower() == "og:url":
            url = doc.attr(el, "content")
        else:
            continue
        if url is None:
            continue
        kind = urls.classify(url)
        if kind.kind in ("http", "https", urls.NETWORK) and kind.host:
            found[kind.host.split(":", 1)[0]] = None
    return tuple(found)


_AUTHORITY = re.compile(r"^\s*(?:https?:)?//([^/?#\\]*)", re.I)


def target_host(doc: Document, action: str | None) -> str | None:
    """The host a form action sends to, as far as literal text settles its registrable
    domain; None for the page itself, a relative URL (unless an absolute <base> says where it
    goes), a URL that is not http(s), or a host that template code decides."""
    if action is None or not action.strip():
        return None
    kind = urls.classify(action)
    if kind.kind in ("http", "https", urls.NETWORK):
        if kind.host:
            return None if kind.is_loopback else kind.host.split(":", 1)[0]
        return _templated_host(action)
    if kind.kind == urls.RELATIVE and doc.base_href is not None:
        base = urls.classify(doc.base_href[1])
        if base.kind in ("http", "https", urls.NETWORK) and base.host and not base.is_loopback:
            return base.host.split(":", 1)[0]
    return None


def _templated_host(action: str) -> str | None:
    """``https://{{ account }}.us5.list-manage.com/...``: the literal labels after the last
    template code, when they hold a whole registrable domain."""
    m = _AUTHORITY.match(action)
    if not m:
        return None
    host = m.group(1).rsplit("@", 1)[-1]
    tail = template.literal_parts(host)[-1].split(":", 1)[0].lower()
    if not tail.startswith(".") or template.MARK in tail:
        return None
    tail = tail.strip(".")
    # The labels template code puts before the tail cannot change a registrable domain the
    # tail holds in full; they can when the tail is a public suffix (.com, .myshopify.com).
    if not tail or domains.registrable_domain("x." + tail).startswith("x."):
        return None
    return tail
