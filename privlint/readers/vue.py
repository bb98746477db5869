"""Vue single-file components: the markup a ``.vue`` file renders.

The top-level ``<template>`` is the markup, copied where Vue renders it as written. Bound
attributes (``:href``, ``v-bind:href``) are computed, so unknown, and win over a static one of
the same name (class and style are joined); ``v-model`` sets a field's value, or whether a box
is ticked; ``v-if``, ``v-for`` and the like make the element conditional, like a template's
``{% if %}``. ``{{ }}`` is template code as it stands. ``<script>`` and ``<style>`` blocks are
the component's code, written apart from the template (see ``_sfc.write_blocks``).
"""

from __future__ import annotations

import re

from . import MarkupWriter, ReadOptions, Reading
from ._sfc import (
    FOREIGN_ELEMENTS,
    Attr,
    Block,
    MarkupReader,
    Tag,
    closer,
    find_tag_end,
    parse_tag,
    pascal,
    string_literal,
    write_blocks,
)

_CONDITIONS = frozenset({"v-if", "v-else-if", "v-else", "v-for", "v-show"})
# Built-in components spelled in lower case.
_BUILTINS = frozenset({"transition", "transition-group", "keep-alive", "teleport", "suspense"})
_NOT_RENDERED = frozenset({"key", "ref", "slot-scope", "scope", "is"})


def _role(a: Attr) -> tuple[str, str]:
    """What a template attribute does: (role, the attribute it sets)."""
    n = a.name
    if n.startswith("@") or n.startswith("v-on"):
        return "drop", ""
    if n in _CONDITIONS:
        return "drop", ""
    if n == "v-html":
        return "html", ""
    if n == "v-text":
        return "text", ""
    if n == "v-model" or n.startswith(("v-model:", "v-model.")):
        return "model", ""
    if n == "v-bind" or n.startswith("v-bind."):
        return "spread", ""
    if n.startswith((":", ".", "v-bind:")):
        arg = n[7:] if n.startswith("v-bind:") else n[1:]
        if arg.startswith("[") or not arg:
            return "spread", ""  # a dynamic name: any attribute
        target = arg.split(".", 1)[0]
        if target in _NOT_RENDERED:
            return "drop", ""
        return "bound", target
    if n.startswith("#") or n.startswith("v-"):
        return "drop", ""  # slots, v-pre, v-once, v-cloak, custom directives
    if n in _NOT_RENDERED:
        return "drop", ""
    return "static", n


def _is_directive(a: Attr) -> bool:
    return a.name.startswith(("v-", "#", ":", "@"))


class VueMarkup(MarkupReader):
    kebab = True

    def __init__(self, text: str, writer: MarkupWriter, options: ReadOptions, code: str) -> None:
        super().__init__(text, writer, options)
        self._code = code
        self._templates: list[bool] = []  # nested <template>s open: rendered as children only?

    def code_for_imports(self) -> str:
        return self._code

    def is_component(self, name: str) -> bool:
        if name in FOREIGN_ELEMENTS:
            return False
        return name in _BUILTINS or "-" in name or name != name.lower()

    def resolve(self, name: str):
        return super().resolve(pascal(name) if name in _BUILTINS else name)

    def special(self, tag: Tag) -> str | None:
        name = tag.name
        if name == "template":
            dropped = any(_is_directive(a) for a in tag.attrs)
            if not tag.self_closing:
                self._templates.append(dropped)
            return "drop" if dropped else None
        if name in ("component", "slot", "Component"):
            return "slot"
        return None

    def special_end(self, name: str) -> str | None:
        if name == "template":
            dropped = self._templates.pop() if self._templates else False
            return "drop" if dropped else None
        if name in ("component", "slot", "Component"):
            return "slot"
        return None

    def block_markers(self, tag: Tag) -> list[tuple[int, int]]:
        return [(a.start, a.end) for a in tag.attrs if a.name in _CONDITIONS]

    def prop_of(self, a: Attr) -> tuple[str, str] | None:
        role, target = _role(a)
        if role == "static":
            return target, "bare" if a.kind == "bare" else "literal"
        if role == "bound":
            return target, "code"
        if role == "spread":
            return "", "spread"
        if role == "model":
            return "value", "code"
        return None

    def emit_attributes(self, tag: Tag, element: str) -> tuple | None:
        text, w = self.text, self.w
        roles = [_role(a) for a in tag.attrs]
        bound = {t.lower(): a for a, (r, t) in zip(tag.attrs, roles) if r == "bound"}
        static = {t.lower(): a for a, (r, t) in zip(tag.attrs, roles) if r == "static"}
        model = any(r == "model" for r, _ in roles)
        kind = None
        if "type" in static and static["type"].value is not None:
            kind = text[static["type"].value[0] : static["type"].value[1]].strip().lower()
        checkable = kind in ("checkbox", "radio")
        type_unknown = "type" in bound
        content = None
        merged: set[str] = set()
        pos = tag.name_end
        for a, (role, target) in zip(tag.attrs, roles):
            w.copy(pos, a.start)
            pos = a.end
            low = target.lower()
            if role in ("static", "bound") and low in ("class", "style") and low in bound and low in static:
                if low not in merged:
                    merged.add(low)
                    self.put_merged(low, static[low], bound[low])
                continue
            if role == "static":
                if low in bound:
                    continue  # the bound value wins
                if model and ((low == "checked" and (checkable or type_unknown)) or (low == "value" and not checkable)):
                    continue  # v-model sets it
                w.copy(a.start, a.end)
            elif role == "bound":
                self.put_code_value(target, a)
            elif role == "model":
                if element in ("input", "textarea", "select"):
                    if checkable:
                        self.put_unknown_value("checked", a)
                    else:
                        self.put_unknown_value("value", a)
                        if type_unknown:
                            w.write(" ", a.end, a.end)
                            self.put_unknown_value("checked", a)
            elif role == "spread":
                self.put_dynamic_attributes(a)
            elif role in ("html", "text") and a.value is not None:
                lit = string_literal(text, *a.value) if role == "html" else None
                content = ("literal", *lit) if lit is not None else ("unknown", *a.value)
        w.copy(pos, tag.close)
        return content


_TOP = re.compile(r"<!--|<([A-Za-z][\w.-]*)")
_TEMPLATE_TOKENS = re.compile(r"<!--|<template(?=[\s>/])|</template\s*>")


def _template_end(text: str, pos: int) -> tuple[int, int]:
    """Where the top-level template that opened before ``pos`` ends: the start and end of its
    ``</template>`` (nested templates counted); the end of the file when it never closes."""
    n = len(text)
    depth = 1
    while (m := _TEMPLATE_TOKENS.search(text, pos)) is not None:
        token = m.group()
        if token == "<!--":
            stop = text.find("-->", m.end())
            if stop < 0:
                break
            pos = stop + 3
        elif token.startswith("</"):
            depth -= 1
            if depth == 0:
                return m.start(), m.end()
            pos = m.end()
        else:
            stop = find_tag_end(text, m.end(), n)
            if text[stop - 2 : stop] != "/>":
                depth += 1
            pos = stop
    return n, n


def read_vue(text: str, options: ReadOptions) -> Reading:
    writer = MarkupWriter(text)
    n = len(text)
    template: tuple[Tag, int, int] | None = None
    blocks: list[Block] = []
    pos = 0
    while (m := _TOP.search(text, pos)) is not None:
        if m.group(1) is None:  # a comment between blocks: directives may sit there
            stop = text.find("-->", m.end())
            if stop < 0:
                break
            writer.comments.append((m.start(), stop + 3, text[m.start() + 4 : stop]))
            pos = stop + 3
            continue
        tag = parse_tag(text, m.start(), m.end(), n, False, False, False)
        name = tag.name.lower()
        if tag.self_closing:
            pos = tag.end
            continue
        if name == "template":
            close_start, close_end = _template_end(text, tag.end)
            if template is None:
                template = (tag, tag.end, close_start)
            pos = close_end
            continue
        end_tag = closer(tag.name).search(text, tag.end)
        if end_tag is None:
            content_end, block_end = n, None
        else:
            stop = text.find(">", end_tag.end())
            block_end = (end_tag.start(), n if stop < 0 else stop + 1)
            content_end = end_tag.start()
        if name in ("script", "style"):
            blocks.append(Block(tag, (tag.end, content_end), block_end))
        pos = block_end[1] if block_end else n  # custom blocks (<i18n>, <docs>) are no markup
    code = "\n".join(text[b.content[0] : b.content[1]] for b in blocks if b.tag.name.lower() == "script")
    reader = VueMarkup(text, writer, options, code)
    if template is not None:
        tag, start, end = template
        lang = next((a for a in tag.attrs if a.name == "lang" and a.value is not None), None)
        if lang is not None and text[lang.value[0] : lang.value[1]].strip().lower() not in ("", "html"):
            writer.unknown(start, end)  # Pug and the like: not HTML
        else:
            reader.run(start, end)
    write_blocks(writer, text, blocks)
    return writer.finish()
