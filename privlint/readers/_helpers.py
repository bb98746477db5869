"""Writing the element a framework helper renders, from the arguments it was given.

A helper call (``f.text_field :card_number, autocomplete: "off"``, ``Form::text('cvc')``,
``form_widget(form.number)``) becomes a start tag in the reader's markup. The tag's own text
maps to the whole call; an attribute whose value is computed is a placeholder that maps to the
argument's code, so that a message shows it and rules see an unknown value. Options the call
passes that cannot be read (a variable, a splat) become a placeholder between attributes: the
element may then have any attribute, exactly as with ``<input {{ attrs }}>``.
"""

from __future__ import annotations

import re

from . import MarkupWriter, Reading
from ._calls import Value

# Attributes that a helper given ``true`` writes as ``name="name"`` (others read "true").
BOOLEAN_ATTRIBUTES = frozenset({
    "allowfullscreen", "async", "autofocus", "autoplay", "checked", "controls", "default", "defer", "disabled",
    "formnovalidate", "hidden", "inert", "ismap", "itemscope", "loop", "multiple", "muted", "nomodule",
    "novalidate", "open", "playsinline", "readonly", "required", "reversed", "selected", "truespeed",
})
# An attribute: a literal text, True (present, no value), or a Value read from the call.
Attribute = tuple[str, "str | bool | Value"]


def escape(text: str) -> str:
    return text.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")


def shown_call(text: str, start: int, end: int, limit: int = 60) -> str:
    """A helper call as a message names it: its code up to the first option, white space
    collapsed (``f.text_field :card_number``)."""
    call = " ".join(text[start:end].split())
    cut = call.find(",")
    if cut > 0:
        call = call[:cut] + (", …)" if call.count("(", 0, cut) > call.count(")", 0, cut) else "")
    if call.endswith((" do", "do |")) or " do |" in call:
        call = call[: call.rfind(" do")]
    return call if len(call) <= limit else call[:limit] + "…"


class PieceWriter:
    """What an ElementWriter writes, kept as the PHP reader's pieces (for helpers that PHP
    code calls: WooCommerce's woocommerce_form_field, Laravel Collective's Form::text)."""

    def __init__(self) -> None:
        self.pieces: list[tuple] = []

    def write(self, markup: str, start: int, end: int) -> None:
        if markup:
            self.pieces.append(("write", markup, start, end))

    def unknown(self, start: int, end: int) -> None:
        self.pieces.append(("unknown", start, end))

    def mark_helper(self, label: str) -> None:
        self.pieces.append(("helper", label))


class ElementWriter:
    """Writes start and end tags for the helper call that spans ``start``..``end``."""

    def __init__(self, writer: MarkupWriter, start: int, end: int, label: str) -> None:
        self.writer = writer
        self.start = start
        self.end = end
        self.label = label

    def markup(self, text: str) -> None:
        self.writer.write(text, self.start, self.end)

    def start_tag(
        self, tag: str, attributes: list[Attribute], open_options: list[tuple[int, int]] = (), void: bool = False
    ) -> None:
        self.writer.mark_helper(self.label)
        self.markup(f"<{tag}")
        for name, value in attributes:
            self.attribute(name, value)
        for s, e in open_options:
            self.markup(" ")
            self.writer.unknown(s, e)
        self.markup(">")

    def attribute(self, name: str, value: "str | bool | Value") -> None:
        if value is False or value is None:
            return
        if value is True:
            self.markup(f" {name}")
            return
        if isinstance(value, str):
            self.markup(f' {name}="{escape(value)}"')
            return
        if value.is_false:
            return
        if value.text == "true":
            self.markup(f' {name}="{name}"' if name in BOOLEAN_ATTRIBUTES else f' {name}="true"')
            return
        at = value.key_start if value.key_start is not None else value.start
        self.writer.write(f' {name}="', at, value.end)  # the attribute stands at its option
        self.value(value)
        self.markup('"')

    def value(self, value: Value) -> None:
        """A value's text in place: literal pieces as they read, code as placeholders."""
        if value.pieces is not None:
            for piece, s, e in value.pieces:
                if piece:
                    self.writer.write(escape(piece), s, e)
                elif e > s:
                    self.writer.unknown(s, e)
        elif value.literal() is not None:
            self.writer.write(escape(value.literal()), value.start, value.end)
        else:
            self.writer.unknown(value.start, value.end)

    def text(self, value: Value) -> None:
        """Element content (a link's text): literal text, or the code that gives it."""
        self.value(value)

    def end_tag(self, tag: str) -> None:
        self.markup(f"</{tag}>")


def expand(options: dict[str, Value], skip: frozenset[str] = frozenset()) -> list[Attribute]:
    """HTML attributes from a helper's options, as frameworks render them: each option an
    attribute, ``data: {stripe: "number"}`` and ``aria: {…}`` as ``data-stripe`` and
    ``aria-…``; ``class: [...]`` joined. Options in ``skip`` are the helper's own."""
    out: list[Attribute] = []
    for key, value in options.items():
        if key in skip:
            continue
        if key in ("data", "aria") and value.entries is not None:
            for sub, inner in value.entries.items():
                out.append((f"{key}-{_dasherize(sub)}", inner))
            continue
        name = _dasherize(key) if key.startswith(("data_", "aria_")) else key
        if not _ATTRIBUTE_NAME.fullmatch(name):
            continue
        out.append((name, value))
    return out


_ATTRIBUTE_NAME = re.compile(r"[A-Za-z][\w:.-]*")


def _dasherize(name: str) -> str:
    return name.replace("_", "-")



def read_template_helpers(text: str, render) -> Reading:
    """A brace template (Twig, Liquid) whose helpers write markup: each template construct
    that ``render(writer, text, start, end)`` writes the element of is replaced by it (render
    returns where the helper call ends: a Twig hash's "}}" can end the construct early); every
    other construct is copied, to be masked as template code. What ``render`` hands to
    ``apart(at, write)`` is written after the page, as a fragment (a field whose form is in
    another template)."""
    from .. import template

    writer = MarkupWriter(text)
    deferred: list = []
    copied = 0
    for span in template.find_spans(text):
        if span.kind != template.CODE or span.start < copied:
            continue
        writer.copy(copied, span.start)
        end = render(writer, text, span.start, span.end, lambda at, write: deferred.append((at, write)))
        copied = end if end else span.start
    writer.copy(copied, len(text))
    for at, write in deferred:
        writer.fragment(at)
        write()
    return writer.finish()
