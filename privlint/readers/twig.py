"""Symfony's Twig form functions, read as the form and fields they render.

``{{ form_start(form, {action: …, method: …, attr: {…}}) }}`` is a ``<form>`` (POST unless the
call says otherwise; no action is the page's own address), ``{{ form_end(form) }}`` its end;
``{{ form_widget(form.number, {attr: {autocomplete: 'off'}}) }}`` is a field named
``<form>[number]``, whose form's name and field's type the form class decides (unknown here);
``form_row`` is a label and a widget, ``form_label`` a label. A field's attributes are known as
far as the call gives them; a field outside a ``form_start`` of the same template (a form
theme's, a partial's) is written apart, its form unknown. Other Twig code is template code.
"""

from __future__ import annotations

import re

from . import ReadOptions, Reading
from ._calls import Value, read_arguments
from ._helpers import Attribute, ElementWriter, expand, read_template_helpers, shown_call

FORM_CALL = re.compile(r"\bform_(?:start|widget|row|label|end)\s*\(")
_CALL = re.compile(r"\{\{-?\s*(form_(?:start|widget|row|label|end))\s*(?=\()")
_FIELD = re.compile(r"[A-Za-z_]\w*((?:\.[A-Za-z_]\w*|\[[^\]]*\])+)")
_ROUTE = re.compile(r"(?:path|url)\s*\(")


def read_twig(text: str, options: ReadOptions) -> Reading:
    open_forms = [0]  # form_start calls not yet ended

    def render(writer, text: str, start: int, end: int, apart) -> int | None:
        call = _CALL.match(text, start, end)
        if call is None:
            return None
        helper = call.group(1)
        if helper not in ("form_start", "form_end") and not open_forms[0]:
            # A field of a form another template starts (a form theme, a partial): apart.
            ends = _call_end(text, call.end())
            if ends < 0:
                return None
            apart(start, lambda: _render(writer, text, call, helper))
            return ends
        written = _render(writer, text, call, helper)
        if written and helper in ("form_start", "form_end"):
            open_forms[0] = max(0, open_forms[0] + (1 if helper == "form_start" else -1))
        return written

    return read_template_helpers(text, render)


def _render(writer, text: str, call: re.Match, helper: str) -> int | None:
    end = _call_end(text, call.end())
    if end < 0:
        return None
    close = end - 2 if text[end - 3] != "-" else end - 3
    args = read_arguments(text, call.end(), close, interpolation="none")
    at = call.start(1)
    out = ElementWriter(writer, at, close, shown_call(text, at, close))
    options = args.positional[1].entries if len(args.positional) > 1 and args.positional[1].entries is not None else {}
    if len(args.positional) > 1 and args.positional[1].entries is None:
        out_options = [(args.positional[1].start, args.positional[1].end)]
    else:
        out_options = []
    if helper == "form_end":
        out.end_tag("form")
        return end
    if helper == "form_start":
        attr = options.get("attr")
        if attr is not None and attr.entries is None:
            out_options.append((attr.start, attr.end))  # {attr: form_attributes}: any attribute
        out.start_tag("form", _form_attributes(options), out_options)
        return end
    if not args.positional:
        return None
    field = args.positional[0]
    name, ident = _names(text, field)
    attr = options.get("attr")
    # The form class decides the type; a field given "checked" is a checkbox or radio.
    ticked = attr is not None and attr.entries is not None and "checked" in attr.entries
    attributes: list[Attribute] = [("type", "checkbox" if ticked else Value(field.start, field.end))]
    attributes += [("name", name), ("id", ident)]
    if attr is not None and attr.entries is not None:
        attributes += expand(attr.entries, frozenset({"name"}))
    elif attr is not None:
        out_options.append((attr.start, attr.end))
    if helper in ("form_label", "form_row"):
        label = options.get("label") if helper == "form_row" else (args.positional[1] if len(args.positional) > 1 and args.positional[1].entries is None else None)
        out.start_tag("label", [("for", ident)])
        if label is not None and not label.is_false:
            out.text(label)
        else:
            out.markup(_humanized(text, field))
        out.end_tag("label")
        if helper == "form_label":
            return end
    out.start_tag("input", attributes, out_options, void=True)
    return end


def _call_end(text: str, pos: int, limit: int = 2000) -> int:
    """Where ``{{ form_x(…) }}`` ends: the "}}" after the call's closing parenthesis (a hash
    in the arguments may hold "}}" itself); -1 if the call does not close within ``limit``."""
    depth = 0
    i = pos
    stop = min(len(text), pos + limit)
    while i < stop:
        c = text[i]
        if c in "([{":
            depth += 1
        elif c in ")]}":
            depth -= 1
            if depth == 0:
                close = text.find("}}", i + 1, min(len(text), i + 200))
                return close + 2 if close >= 0 and not text[i + 1 : close].strip(" -\t\n") else -1
        elif c in "'\"":
            j = text.find(c, i + 1, stop)
            i = j if j >= 0 else stop
        i += 1
    return -1


def _names(text: str, field: Value) -> tuple[Value, Value]:
    """``form.payment.number``: the name ``<form>[payment][number]`` and id ``<form>_payment_number``,
    the form's own name unknown (its class gives it)."""
    code = field.word or ""
    m = _FIELD.fullmatch(code)
    if m is None:
        return Value(field.start, field.end), Value(field.start, field.end)
    parts = [p for p in re.split(r"[.\[\]'\"]+", m.group(1)) if p]
    base = field.start
    head = [("", base, base + len(code) - len(m.group(1)))]
    name = head + [(f"[{p}]", field.start, field.end) for p in parts]
    ident = head + [(f"_{p}", field.start, field.end) for p in parts]
    return Value(field.start, field.end, pieces=name), Value(field.start, field.end, pieces=ident)


def _humanized(text: str, field: Value) -> str:
    last = [p for p in re.split(r"[.\[\]'\"]+", field.word or "") if p]
    return last[-1].replace("_", " ").capitalize() if last else ""


def _form_attributes(options: dict[str, Value]) -> list[Attribute]:
    attributes: list[Attribute] = []
    action = options.get("action")
    if action is not None:
        if action.literal() is not None:
            attributes.append(("action", action))
        elif _ROUTE.match(action.word or ""):  # a route of the application: its own host
            attributes.append(("action", Value(action.start, action.end, pieces=[("/", action.start, action.start), ("", action.start, action.end)])))
        else:
            attributes.append(("action", action))
    method = options.get("method")
    if method is not None and method.literal() is None:
        attributes.append(("method", method))
    else:
        attributes.append(("method", "get" if method is not None and method.literal().lower() == "get" else "post"))
    attr = options.get("attr")
    if attr is not None and attr.entries is not None:
        attributes += expand(attr.entries, frozenset({"action", "method"}))
    return attributes
