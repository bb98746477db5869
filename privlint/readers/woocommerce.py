"""WooCommerce's ``woocommerce_form_field( $key, array( … ) )``: the field it prints.

WooCommerce writes its checkout and account fields with this function: ``'type'`` picks the
input (``text``, ``email``, ``tel``, ``password``, ``number``, ``textarea``, ``select``,
``checkbox``…), ``'label'`` its label, ``'id'`` the id (the key when absent), ``'autocomplete'``
and ``'placeholder'`` their attributes, ``'custom_attributes'`` any others, and a checkbox whose
``'default'`` (or the third argument) is 1 is printed ticked. The PHP reader writes the field in
place of the call (it prints unless ``'return' => true``), as pieces; a computed argument is
unknown, and an argument array the call does not spell makes the field unknown.
"""

from __future__ import annotations

from ._calls import Value, read_arguments
from ._helpers import Attribute, ElementWriter, PieceWriter, expand, shown_call

_INPUT_TYPES = frozenset({"text", "email", "tel", "password", "number", "hidden", "url", "date", "search"})
# WooCommerce ticks a checkbox with checked( $value, 1 ): PHP's loose comparison, so 1, "1" and
# true tick it; "yes", "on" and "true" (strings) do not.
_TICKED = frozenset({"1"})


def form_field_pieces(text: str, name_start: int, args_start: int, args_end: int) -> list[tuple] | None:
    """The pieces of what ``woocommerce_form_field(…)`` prints (``args_start``..``args_end``: its
    parenthesised arguments); None when it prints nothing here or cannot be read."""
    args = read_arguments(text, args_start, args_end, interpolation="php")
    if len(args.positional) < 2 or args.positional[1].entries is None:
        return None
    key, options = args.positional[0], args.positional[1].entries
    if "return" in options and not options["return"].is_false:
        return None  # returned as a string, printed elsewhere
    out = PieceWriter()
    element = ElementWriter(out, name_start, args.end or args_end, shown_call(text, name_start, args.end or args_end))
    kind_value = options.get("type")
    kind = (kind_value.literal() or "").lower() if kind_value is not None else "text"
    ident = options.get("id") or key
    label = options.get("label")
    attributes: list[Attribute] = [("name", key), ("id", ident)]
    for option in ("autocomplete", "placeholder", "maxlength"):
        if option in options:
            attributes.append((option, options[option]))
    if "required" in options and options["required"].text == "true":
        attributes.append(("required", True))
    custom = options.get("custom_attributes")
    open_options = []
    if custom is not None and custom.entries is not None:
        attributes += expand(custom.entries)
    elif custom is not None:
        open_options.append((custom.start, custom.end))
    if kind_value is not None and kind_value.literal() is None:
        attributes.insert(0, ("type", kind_value))
        kind = "text"
    if kind == "checkbox":
        value = args.positional[2] if len(args.positional) > 2 else options.get("default")
        ticked: bool | Value = False
        if value is not None and value.text == "true":
            ticked = text[value.start : value.start + 1] not in ("'", '"')  # PHP's true equals 1; "true" does not
        elif value is not None and value.literal() is not None:
            ticked = value.literal().strip() in _TICKED
        elif value is not None and value.text != "null" and not value.is_false:
            ticked = value  # the saved value decides: unknown
        element.markup('<label class="checkbox">')
        element.start_tag("input", [("type", "checkbox"), *attributes, ("value", "1"), ("checked", ticked)], open_options)
        if label is not None:
            element.markup(" ")
            element.text(label)
        element.markup("</label>")
        return out.pieces
    if label is not None:
        element.start_tag("label", [("for", ident)])
        element.text(label)
        element.end_tag("label")
    if kind in ("textarea", "select"):
        element.start_tag(kind, attributes, open_options)
        element.end_tag(kind)
    elif kind in _INPUT_TYPES or kind_value is not None and kind_value.literal() is None:
        if kind_value is None or kind_value.literal() is not None:
            attributes.insert(0, ("type", kind))
        element.start_tag("input", attributes, open_options)
    else:  # country, state and plugin types: a select or an input the type's handler writes
        element.start_tag("input", [("type", Value(kind_value.start, kind_value.end)), *attributes], open_options)
    return out.pieces
