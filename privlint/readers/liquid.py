"""Shopify's Liquid ``{% form %}`` tag, read as the form it renders.

``{% form 'contact', id: 'ContactForm', class: 'contact' %}`` writes a POST form to a path of the
shop's own (``/contact``, ``/account/login``, ``/cart/add``: which one the form type decides), with
the attributes passed and no others; ``{% endform %}`` closes it. Its fields therefore have a
known form, which sets no autocomplete. Other Liquid code is template code, masked as usual.
"""

from __future__ import annotations

import re

from . import ReadOptions, Reading
from ._calls import Value, read_arguments
from ._helpers import ElementWriter, expand, read_template_helpers, shown_call

FORM_TAG = re.compile(r"\{%-?\s*form\s+['\"]")
_TAG = re.compile(r"\{%-?\s*(form|endform)\b")
# Where Shopify posts each form type (the paths are the shop's own).
_ACTIONS = {
    "contact": "/contact", "customer": "/contact", "customer_login": "/account/login",
    "create_customer": "/account", "customer_address": "/account/addresses",
    "recover_customer_password": "/account/recover", "reset_customer_password": "/account/reset",
    "activate_customer_password": "/account/activate", "guest_login": "/account/login",
    "product": "/cart/add", "cart": "/cart", "new_comment": "/blogs/comments", "localization": "/localization",
    "storefront_password": "/password", "currency": "/cart/update",
}


def read_liquid(text: str, options: ReadOptions) -> Reading:
    return read_template_helpers(text, _render)


def _render(writer, text: str, start: int, end: int, apart) -> int | None:
    tag = _TAG.match(text, start, end)
    if tag is None:
        return None
    at = tag.start(1)
    close = end - 2 if text[end - 3] != "-" else end - 3
    out = ElementWriter(writer, at, close, shown_call(text, at, close))
    if tag.group(1) == "endform":
        out.end_tag("form")
        return end
    args = read_arguments(text, tag.end(), close, interpolation="none")
    if not args.positional or args.positional[0].literal() is None:
        return None
    kind = args.positional[0]
    path = _ACTIONS.get(kind.literal())
    action = Value(kind.start, kind.end, path) if path else Value(
        kind.start, kind.end, pieces=[("/", kind.start, kind.start), ("", kind.start, kind.end)]
    )
    out.start_tag("form", [("method", "post"), ("action", action), ("accept-charset", "UTF-8")] + expand(args.options), args.open_options)
    return end
