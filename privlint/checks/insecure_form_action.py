"""PRV101 insecure-form-action: a form that submits over plain HTTP."""

from __future__ import annotations

from typing import Iterable

from lxml import etree

from .. import urls
from ..document import Document
from ..model import Report
from . import Check

_SUBMIT_INPUT_TYPES = frozenset({"submit", "image"})


class InsecureFormAction(Check):
    code = "PRV101"
    elements = ("form", "button", "input")

    def visit(self, el: etree._Element, doc: Document) -> Iterable[Report]:
        if el.tag == "form":
            attr = "action"
        elif el.tag == "button":
            kind = (doc.attr(el, "type") or "submit").strip().lower()
            if kind != "submit":
                return
            attr = "formaction"
        else:
            if (doc.attr(el, "type") or "").strip().lower() not in _SUBMIT_INPUT_TYPES:
                return
            attr = "formaction"
        value = doc.attr(el, attr)
        if value is None:
            return
        target = urls.classify(value)
        shown = doc.restore(value).strip()
        what = "Form" if el.tag == "form" else "Submit button"
        if target.kind == "http":
            if target.is_loopback:
                return
            yield Report(
                doc.attribute_region(el, attr),
                f"{what} submits over plain HTTP to {shown}: the data can be read and altered on the way",
            )
        elif target.kind in (urls.RELATIVE, urls.NETWORK) and doc.http_base is not None:
            yield Report(
                doc.attribute_region(el, attr),
                f"{what} submits over plain HTTP: {shown or 'its action'} resolves against"
                f" <base href=\"{doc.http_base}\">",
            )


CHECK = InsecureFormAction
