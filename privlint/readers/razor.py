"""Razor (``.cshtml``: ASP.NET): its code as template code, its tag helpers as what they render.

``@Model.Name``, ``@(…)``, ``@{ … }``, ``@await Html.PartialAsync(…)`` are values or code where
they stand; ``@if (…) {``, ``} else {`` and the closing ``}`` of a block are template code,
the markup between them markup; ``@section Scripts {`` likewise; ``@model``, ``@using``,
``@inject`` and the other line directives are code; ``@functions { … }`` and ``@code { … }``
are code as a whole; ``@* … *@`` is a comment; ``@@`` is an "@". An "@" after a letter or a
digit (an e-mail address) is text, as in Razor.

Tag helpers: ``asp-for="CardNumber"`` renders ``name`` and ``id`` from the property
(``Payment.CardNumber`` gives ``Payment_CardNumber`` as the id, and ``for`` on a label);
``asp-action``, ``asp-controller``, ``asp-page`` and ``asp-route-*`` render a same-site
``action`` on a form (``method="post"`` unless the tag gives one) and ``href`` on a link;
other ``asp-*`` attributes render nothing.
"""

from __future__ import annotations

import bisect
import re

from . import PLACEHOLDER, ReadOptions, Reading
from ._dialect import Brackets, DialectWriter

_OPENER = re.compile(r"@\*|@@|(?<![\w@])@(?=[A-Za-z_({])|\s(asp-[\w-]+)\s*=\s*(?:\"([^\"<>]*)\"|'([^'<>]*)')")
_CONTROL = re.compile(r"@(?:if|for|foreach|while|switch|using|lock|try|do)\b\s*")
_BLOCK_DIRECTIVE = re.compile(r"@(?:section\s+\w+|helper\s+\w+\s*\([^)]*\))\s*(?=\{)")
_CODE_BLOCK = re.compile(r"@(?:functions|code)\s*(?=\{)")
_LINE_DIRECTIVE = re.compile(
    r"@(?:model|using|inject|page|layout|inherits|addTagHelper|removeTagHelper|tagHelperPrefix|namespace"
    r"|implements|attribute|rendermode|preservewhitespace|typeparam)\b[^\n]*"
)
_IDENTIFIER = re.compile(r"@(?:await\s+)?[A-Za-z_]\w*")
_MEMBER = re.compile(r"\??\.[A-Za-z_]\w*")
_CONTINUATION = re.compile(r"\s*(?:else\s+if\s*(?=\()|else\s*(?=\{)|catch\s*(?=[({])|finally\s*(?=\{)|while\s*(?=\())")
_SPACES = re.compile(r"\s*")
_TAG_NAME = re.compile(r"<([A-Za-z][\w-]*)")
_METHOD = re.compile(r"\smethod\s*=", re.I)
_ROUTE_ATTRIBUTES = frozenset({"asp-action", "asp-controller", "asp-page", "asp-area", "asp-route", "asp-page-handler"})
_ID_CHARS = re.compile(r"[.\[\]]")
_INCLUDES = re.compile(r"@(?:RenderBody|RenderSection|await\s+Html\.Partial|Html\.Partial|await\s+Component)|<partial\b|\bLayout\s*=")


class _Reader:
    def __init__(self, text: str) -> None:
        self.text = text
        self.out = DialectWriter(text)
        self.parens = Brackets(text, "(", ")")
        self.braces = Brackets(text, "{", "}")
        self.closers: list[int] = []  # "}" of open blocks, sorted: template code when reached
        self.routed: set[int] = set()  # start tags whose route attributes gave their address

    def read(self) -> Reading:
        text = self.text
        pos = 0
        while True:
            m = _OPENER.search(text, pos)
            at = m.start() if m else len(text)
            if self.closers and self.closers[0] - 1 < at:
                brace = self.closers.pop(0) - 1
                if brace >= pos:  # not inside code read already
                    pos = self._close_block(brace)
                continue
            if m is None:
                break
            pos = self._construct(m)
        reading = self.out.finish()
        reading.pulls_in_markup = _INCLUDES.search(text) is not None
        return reading

    def _construct(self, m: re.Match) -> int:
        text, out = self.text, self.out
        start = m.start()
        if m.group(1):
            return self._tag_helper(m)
        if text.startswith("@*", start):
            close = text.find("*@", start + 2)
            if close < 0:
                return len(text)
            out.comment(start, close + 2, start + 2, close)
            return close + 2
        if text.startswith("@@", start):
            out.replace("@", start, start + 2)
            return start + 2
        nxt = text[start + 1]
        if nxt == "(":
            end = self.parens.end(start + 1)
            return self._code(start, end)
        if nxt == "{":
            return self._code(start, self.braces.end(start + 1))
        if (d := _CODE_BLOCK.match(text, start)) is not None:
            return self._code(start, self.braces.end(d.end()))
        if (d := _LINE_DIRECTIVE.match(text, start)) is not None:
            return self._code(start, d.end())
        if (c := _CONTROL.match(text, start)) is not None or (c := _BLOCK_DIRECTIVE.match(text, start)) is not None:
            return self._open_block(start, c.end())
        if (ident := _IDENTIFIER.match(text, start)) is not None:
            end = ident.end()
            while end < len(text):
                if text[end] == "(":
                    close = self.parens.end(end)
                elif text[end] == "[":
                    close = text.find("]", end, end + 200) + 1
                elif (member := _MEMBER.match(text, end)) is not None:
                    close = member.end()
                else:
                    break
                if close <= end:
                    break
                end = close
            return self._code(start, end)
        return start + 1

    def _code(self, start: int, end: int) -> int:
        if end <= start:
            return start + 1
        self.out.code(start, end)
        return end

    def _open_block(self, start: int, pos: int) -> int:
        """``@if (…) {``: the header is code; the block's "}" is code when the reading reaches it."""
        text = self.text
        if pos < len(text) and text[pos] == "(":
            close = self.parens.end(pos)
            if close < 0:
                return self._code(start, pos)
            pos = _SPACES.match(text, close).end()
        if pos >= len(text) or text[pos] != "{":
            return self._code(start, pos)
        end = self.braces.end(pos)
        self._code(start, pos + 1)
        if end > 0:
            bisect.insort(self.closers, end)
        return pos + 1

    def _close_block(self, at: int) -> int:
        """The "}" of a block, and an ``else``/``catch`` that continues it."""
        cont = _CONTINUATION.match(self.text, at + 1)
        if cont is None:
            return self._code(at, at + 1)
        return self._open_block(at, cont.end())

    def _tag_helper(self, m: re.Match) -> int:
        text, out = self.text, self.out
        name = m.group(1).lower()
        value = m.group(2) if m.group(2) is not None else m.group(3)
        start = m.start(1)
        lt = text.rfind("<", max(0, start - 2000), start)
        tag_match = _TAG_NAME.match(text, lt) if lt >= 0 else None
        tag = tag_match.group(1).lower() if tag_match else ""
        if name == "asp-for":
            expression = value.strip().lstrip("@")
            if expression.startswith("Model."):
                expression = expression[len("Model."):]
            ident = _ID_CHARS.sub("_", expression)
            if tag == "label":
                markup = f'for="{ident}"'
            elif tag in ("input", "select", "textarea"):
                markup = f'name="{expression}" id="{ident}"'
            else:
                markup = ""
            out.replace(markup, start, m.end())
            return m.end()
        if (name in _ROUTE_ATTRIBUTES or name.startswith("asp-route-")) and tag in ("form", "a") and lt not in self.routed:
            self.routed.add(lt)
            markup = f'href="/{PLACEHOLDER}"'
            if tag == "form":  # the form tag helper posts unless the tag says otherwise
                gt = text.find(">", m.end(), m.end() + 4000)
                method = _METHOD.search(text, lt, gt if gt >= 0 else m.end()) is not None
                markup = f'action="/{PLACEHOLDER}"' + ("" if method else ' method="post"')
            out.replace(markup, start, m.end())
            return m.end()
        out.replace("", start, m.end())  # rendered on the server: nothing reaches the browser
        return m.end()


def read_razor(text: str, options: ReadOptions) -> Reading:
    return _Reader(text).read()
