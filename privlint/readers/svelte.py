"""Svelte components: the markup a ``.svelte`` file renders.

The file is markup, less its top-level ``<script>`` and ``<style>`` (the component's code,
written apart). ``{expr}`` is computed, in text and in attribute values; ``{#if}``, ``{#each}``,
``{#await}``, ``{#key}`` and their ``{:else}`` and ``{/if}`` are blocks, unknown like a template's
``{% if %}``; ``{@html '...'}`` with a string literal is that markup. ``bind:value`` and
``bind:checked`` set a field's value or whether a box is ticked; ``on:``, ``class:`` and the
other directives render no attribute. ``<svelte:head>`` holds real markup for the head.
"""

from __future__ import annotations

import re

from . import MarkupWriter, ReadOptions, Reading
from ._sfc import MarkupReader, Tag, closer, skip_js, string_literal, write_blocks

# Directives that render no attribute of their own.
_DROPPED = frozenset({"on", "class", "use", "transition", "in", "out", "animate", "let", "style"})
_SCRIPT_OPEN = re.compile(r"<script\b", re.I)
_SPACE = re.compile(r"\s*")


class SvelteMarkup(MarkupReader):
    braces = True
    mixed = True

    def __init__(self, text: str, writer: MarkupWriter, options: ReadOptions) -> None:
        super().__init__(text, writer, options)
        self.head = 0  # inside <svelte:head>

    def code_for_imports(self) -> str:
        text = self.text
        code = []
        pos = 0
        while (m := _SCRIPT_OPEN.search(text, pos)) is not None:
            start = text.find(">", m.end())
            if start < 0:
                break
            end = closer("script").search(text, start)
            code.append(text[start + 1 : end.start() if end else len(text)])
            if end is None:
                break
            pos = end.end()
        return "\n".join(code)

    def is_component(self, name: str) -> bool:
        return name[:1].isupper() or "." in name

    def special(self, tag: Tag) -> str | None:
        name = tag.name
        if name.startswith("svelte:"):
            kind = name[7:]
            if kind == "head":
                if not tag.self_closing:
                    self.head += 1
                return "drop"
            if kind in ("fragment", "boundary"):
                return "drop"
            if kind == "element":
                return "unknown"
            if kind in ("component", "self"):
                return "slot"
            return "gone"  # svelte:window, svelte:body, svelte:document, svelte:options
        if name == "slot":
            return "slot"
        return None

    def special_end(self, name: str) -> str | None:
        if name.startswith("svelte:"):
            kind = name[7:]
            if kind == "head":
                self.head = max(0, self.head - 1)
            if kind == "element":
                return "unknown"
            if kind in ("component", "self"):
                return "slot"
            return "drop"
        if name == "slot":
            return "slot"
        return None

    def is_block(self, tag: Tag) -> bool:
        return tag.name.lower() in ("script", "style") and self.depth == 0 and self.head == 0

    def prop_of(self, a):
        prefix, colon, _rest = a.name.partition(":")
        if colon and (prefix in _DROPPED or prefix == "bind"):
            return None
        return super().prop_of(a)

    def text_expression(self, i: int, stack) -> int:
        text, w = self.text, self.w
        j = _SPACE.match(text, i + 1, self.end).end()
        # A block's sigil ({/if}, {#each}, {:else}, {@html}) is no operator: "/" opens no regex.
        stop = skip_js(text, j + 1 if text[j : j + 1] in ("#", ":", "/", "@") else i + 1, self.end)
        inner_end = stop - 1 if text[stop - 1 : stop] == "}" else stop
        if text.startswith("@html", j):
            lit = string_literal(text, j + 5, inner_end)
            if lit is not None:
                w.copy(*lit)  # markup as the literal writes it
                return stop
        elif text.startswith("@render", j):
            w.pulls_in_markup = True  # a snippet the parent passes
        w.unknown(i, stop)
        return stop

    def emit_attributes(self, tag: Tag, element: str) -> tuple | None:
        w = self.w
        bound: set[str] = set()
        for a in tag.attrs:
            if a.name.startswith("bind:"):
                target = a.name[5:].split("|", 1)[0]
                bound.add("checked" if target == "group" else target.lower())
        pos = tag.name_end
        for a in tag.attrs:
            w.copy(pos, a.start)
            pos = a.end
            if self.put_braced_attribute(a):
                continue
            name = a.name
            prefix, colon, rest = name.partition(":")
            if colon and prefix in _DROPPED:
                continue
            if colon and prefix == "bind":
                target = rest.split("|", 1)[0]
                if target == "this" or not target:
                    continue
                self.put_unknown_value("checked" if target == "group" else target, a)
                continue
            if name.lower() in bound:
                continue  # the binding sets it
            if a.kind == "expr":
                self.put_code_value(name, a)
            elif a.kind == "mixed":
                self._put_mixed(name, a)
            else:
                w.copy(a.start, a.end)
        w.copy(pos, tag.close)
        return None

    def _put_mixed(self, name: str, a) -> None:
        """``name="a {b} c"``: the literal parts as written, each ``{...}`` unknown."""
        w = self.w
        s, e = a.value
        w.write(f'{name}="', a.start, s)
        p = s
        for ps, pe in a.pieces:
            w.copy(p, ps)
            w.unknown(ps, min(pe, e))
            p = min(pe, e)
        w.copy(p, e)
        w.write('"', e, a.end)


def read_svelte(text: str, options: ReadOptions) -> Reading:
    writer = MarkupWriter(text)
    reader = SvelteMarkup(text, writer, options)
    reader.run(0, len(text))
    write_blocks(writer, text, reader.blocks)
    return writer.finish()
