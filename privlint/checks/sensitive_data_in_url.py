"""PRV103 sensitive-data-in-url: a form that submits a password, card or personal data with GET."""

from __future__ import annotations

import re
from typing import Iterable

from lxml import etree

from .. import forms, trackers, urls
from ..document import Document, Region
from ..model import Report
from . import Check

# Credentials, card data and the personal data people are identified or reached by. A name,
# a username or free text are not enough to report a form: lookups use them.
SENSITIVE_KINDS = frozenset({"password", "card", "email", "phone", "date of birth", "address"})
# Where a form has neither method nor action (script submits it), only these are reported.
SCRIPT_FORM_KINDS = frozenset({"password", "card"})
# Actions whose GET submission puts no query on a server's URL: mailto: writes the mail,
# javascript: runs code (HTML Standard, form submission, the scheme table).
_NO_QUERY_SCHEMES = frozenset({"mailto", "javascript", "data"})
WHERE = "the URL, server logs, browser history and Referer headers"
# Map services whose directions only come from a query in the URL: a "get directions" form
# hands them the starting address the visitor types, and GET is the only way to do it.
_DIRECTIONS = re.compile(
    r"^(?:maps\.google\.[a-z.]+/|(?:www\.)?google\.[a-z.]+/maps\b|(?:www\.)?bing\.com/maps\b"
    r"|maps\.apple\.com/|(?:www\.)?openstreetmap\.org/directions\b)",
    re.I,
)


class SensitiveDataInUrl(Check):
    code = "PRV103"
    elements = ("form",)

    def visit(self, el: etree._Element, doc: Document) -> Iterable[Report]:
        info = forms.form_info(doc, el)
        if info.search or info.script_submits:
            return
        sent = [f for f in info.sent() if f.kind in SENSITIVE_KINDS]
        if not sent:
            return
        seen: set[etree._Element] = set()
        for way in info.submissions():
            method, decider = way.method, way.method_from
            if method.value != forms.GET or decider in seen or not _query_reaches_server(way.action):
                continue
            fields = sent
            if decider is el and method.written is None and _this_page(way.action):
                # Neither method nor action (or action="#"): the native submission would only
                # reload this page, so script submits the form. Until it has loaded (or if it
                # fails) the browser does, which matters for credentials and card data.
                fields = [f for f in sent if f.kind in SCRIPT_FORM_KINDS]
                if not fields:
                    continue
            seen.add(decider)
            one = len({f.description for f in fields}) == 1
            what = f"{forms.listed(fields)} {'ends' if one else 'end'} up in {WHERE}"
            if decider is el:
                yield Report(_form_region(doc, el), f"{_form_sent_with_get(doc, method, way.action)}: {what}")
            else:
                written = (method.written or "").strip()
                why = (
                    f'Submit button\'s formmethod="{written}" is not one browsers know, so it sends the form with GET'
                    if method.defaulted
                    else f'Submit button sends the form with GET (formmethod="{written}")'
                )
                yield Report(doc.attribute_region(decider, "formmethod"), f"{why}: {what}")


def _this_page(action: str | None) -> bool:
    """No action, an empty one or a fragment ("#"): the form is sent to the page itself."""
    return not (action or "").strip() or action.strip().startswith("#")


def _form_sent_with_get(doc: Document, method: forms.Method, action: str | None) -> str:
    if method.written is None:
        if not (action or "").strip():
            return "Form has neither method nor action, so until a script takes over it is sent with GET to this page"
        if _this_page(action):
            return (
                f'Form has no method and action="{doc.restore(action.strip())}", so until a script takes over it is sent'
                " with GET to this page"
            )
        return "Form has no method, so it is sent with GET"
    if method.defaulted:
        return f'Form\'s method="{method.written.strip()}" is not one browsers know, so it is sent with GET'
    return "Form is sent with GET"


def _form_region(doc: Document, form: etree._Element) -> Region:
    return doc.attribute_region(form, "method") if doc.attr(form, "method") is not None else doc.element_region(form)


def _query_reaches_server(action: str | None) -> bool:
    """Whether a GET submission to the action puts the fields in a URL that a fix could keep
    them out of: not a mailto: or javascript: action, not a map service's directions."""
    if action is None:
        return True
    kind = urls.classify(action)
    if kind.kind in _NO_QUERY_SCHEMES:
        return False
    url = trackers.url_for_matching(action)
    parts = trackers.split_url(url) if url else None
    return parts is None or _DIRECTIONS.match(parts[0] + parts[1]) is None


CHECK = SensitiveDataInUrl
