"""Astro components: the markup a ``.astro`` file renders.

The ``---`` front matter is server code: no markup, but its comments hold directives and its
imports name the components. ``{expr}`` is computed; markup inside an expression
(``{cond && <a href="...">}``, ``{items.map(i => <li>...</li>)}``) is written where it stands,
the code around it unknown. ``set:html`` with a string literal is that markup. A ``<script>``
that Astro processes (no attribute but ``src``) is bundled as a module script; ``is:inline``
keeps it as written. ``<slot/>`` is markup of other files.
"""

from __future__ import annotations

import re

from . import MarkupWriter, ReadOptions, Reading
from ._sfc import MarkupReader, Tag, _Frame, skip_js, string_literal

_FENCE_OPEN = re.compile(r"\s*---[ \t]*\r?\n")
_FENCE_CLOSE = re.compile(r"^---[ \t]*\r?$", re.M)
# Directives that render no attribute: the script and style ones, hydration, transitions.
_DROPPED = frozenset({"is", "client", "server", "transition", "define", "set"})
_SPACE = re.compile(r"\s*")


class AstroMarkup(MarkupReader):
    braces = True
    jsx = True

    def __init__(self, text: str, writer: MarkupWriter, options: ReadOptions, code: str) -> None:
        super().__init__(text, writer, options)
        self._code = code

    def code_for_imports(self) -> str:
        return self._code

    def special(self, tag: Tag) -> str | None:
        if tag.name in ("Fragment", "fragment"):
            if any(a.name in ("set:html", "set:text") for a in tag.attrs):
                return "content"
            return "drop"
        if tag.name == "slot":
            return "slot"
        return None

    def special_end(self, name: str) -> str | None:
        if name in ("Fragment", "fragment"):
            return "drop"
        if name == "slot":
            return "slot"
        return None

    def prop_of(self, a):
        prefix, colon, _rest = a.name.partition(":")
        if colon and prefix in _DROPPED:
            return None
        return super().prop_of(a)

    def emit_attributes_content_only(self, tag: Tag) -> tuple | None:
        return self._content(tag)

    def _content(self, tag: Tag) -> tuple | None:
        for a in tag.attrs:
            if a.name in ("set:html", "set:text") and a.value is not None:
                lit = string_literal(self.text, *a.value) if a.kind in ("expr",) else None
                if a.kind == "quoted":
                    lit = a.value
                if a.name == "set:html" and lit is not None:
                    return ("literal", *lit)
                return ("unknown", *a.value)
        return None

    def text_expression(self, i: int, stack) -> int:
        text = self.text
        j = _SPACE.match(text, i + 1, self.end).end()
        if text.startswith("/*", j):  # {/* a comment */}
            stop = text.find("*/", j + 2, self.end)
            if stop >= 0:
                k = _SPACE.match(text, stop + 2, self.end).end()
                if text.startswith("}", k):
                    self.w.comments.append((j, stop + 2, text[j + 2 : stop]))
                    return k + 1
        stack.append(_Frame("code", depth=1, chunk=i, prev="{"))
        return i + 1

    def emit_attributes(self, tag: Tag, element: str) -> tuple | None:
        w = self.w
        attrs = tag.attrs
        static_class = next((a for a in attrs if a.name.lower() == "class" and a.kind in ("quoted", "unquoted")), None)
        class_list = next((a for a in attrs if a.name == "class:list"), None)
        pos = tag.name_end
        if element == "script":
            names = {a.name for a in attrs}
            if not names - {"src"}:  # processed and bundled by Astro: a module script
                w.write(' type="module"', tag.start, tag.name_end)
        for a in attrs:
            w.copy(pos, a.start)
            pos = a.end
            if self.put_braced_attribute(a):
                continue
            name = a.name
            if class_list is not None and (a is class_list or a is static_class):
                if static_class is None:
                    self.put_unknown_value("class", a)
                elif a is min(static_class, class_list, key=lambda x: x.start):
                    self.put_merged("class", static_class, class_list)
                continue
            prefix, colon, _rest = name.partition(":")
            if colon and prefix in _DROPPED:
                continue
            if a.kind in ("expr", "template"):
                self.put_code_value(name, a)
            else:
                w.copy(a.start, a.end)
        w.copy(pos, tag.close)
        return self._content(tag)


def read_astro(text: str, options: ReadOptions) -> Reading:
    writer = MarkupWriter(text)
    start, code = 0, ""
    m = _FENCE_OPEN.match(text)
    if m is not None:
        close = _FENCE_CLOSE.search(text, m.end())
        code_end = close.start() if close else len(text)  # never closed: all code
        skip_js(text, m.end(), code_end, comments=writer.comments, braced=False)
        code = text[m.end() : code_end]
        start = close.end() if close else len(text)
    reader = AstroMarkup(text, writer, options, code)
    reader.run(start, len(text))
    return writer.finish()
