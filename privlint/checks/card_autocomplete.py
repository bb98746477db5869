"""PRV401 card-autocomplete: a card number, security code or expiry field the browser may save."""

from __future__ import annotations

from typing import Iterable

from lxml import etree

from .. import forms, template
from ..document import Document
from ..fields import KIND_TOKENS, card_kind, card_vocabulary, form_owner, parse_autocomplete
from ..model import Report
from . import Check

KIND_LABELS = {"number": "Card number", "csc": "Card security code", "expiry": "Card expiry"}


class CardAutocomplete(Check):
    code = "PRV401"
    elements = ("input", "select")

    def begin(self, doc: Document) -> None:
        self.allow = frozenset(self.options.get("allow", ()))
        # Form owners (None: no form) with a field a strong term names, and the reports that wait
        # for that answer (fields named by ambiguous terms). Keyed by the element itself:
        # holding it keeps lxml from handing out a new proxy object for the same node.
        self.strong_owners: set[etree._Element | None] = set()
        self.pending: list[tuple[etree._Element | None, Report]] = []

    def visit(self, el: etree._Element, doc: Document) -> Iterable[Report]:
        kind, strong = card_kind(doc, el)
        if kind is None:
            return
        owner = form_owner(doc, el)
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

    # --- whether the browser may keep what is typed ---------------------------------------

    def _judge(self, el: etree._Element, doc: Document, kind: str, owner: etree._Element | None) -> Report | None:
        label = KIND_LABELS[kind]
        ident = forms.identify(doc, el, tuple(card_vocabulary().library))
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
        if doc.has_dynamic_attributes(el, "autocomplete", "type", "form") or self._allowed(kind, None):
            return None
        if owner is None:
            if _owner_unknown(el, doc):
                return None
            reason = 'it has no autocomplete="off" and is in no form that has one; the default is on'
        else:
            form_value = doc.attr(owner, "autocomplete")
            if form_value is None:
                if doc.has_dynamic_attributes(owner, "autocomplete"):
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


def _owner_unknown(el: etree._Element, doc: Document) -> bool:
    """No form owner here, but one may exist: a templated form="…", a partial whose form
    lives in another file (a template or fragment without <html>/<body>), or markup that code
    writes apart from the page (a string a PHP function builds, a component)."""
    form_id = doc.attr(el, "form")
    if form_id is not None and template.is_dynamic(form_id):
        return True
    return doc.surroundings_unknown(el)


CHECK = CardAutocomplete
