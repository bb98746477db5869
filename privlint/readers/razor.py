"""Razor (``.cshtml``: ASP.NET): its code as template code, its tag helpers as what they render.

``@Model.Name``, ``@(…)``, ``@{ … }``, ``@await Html.PartialAsync(…)`` are values or code where
they stand; ``@if (…) {``, ``} else {`` and the closing ``}`` of a block are template code,
the markup between them markup; ``@section Scripts {`` likewise; ``@model``, ``@using``,
``@inject`` and the other line directives are code; ``@functions { … }`` and ``@code { … }``
are code as a whole; ``@* … *@`` is a comment; ``@@`` is an "@". An "@" after a letter or a
digit (an e-mail address) is text, as in Razor.

``@using (Html.BeginForm(…)) { … }`` (and ``Html.BeginRouteForm``) is the ``<form>`` the helper
renders, closed at the block's "}": a same-site action, the method a literal ``FormMethod`` gives
(POST by default), and the attributes of a literal ``new { autocomplete = "off" }`` after it; an
argument that is not literal leaves the method and the other attributes unknown.

Blocks are matched in one pass: where each brace closes is known up front (``Brackets``), and the
"}"s of the open blocks are a stack (blocks nest), so that reading stays linear.

Tag helpers: ``asp-for="CardNumber"`` renders ``name`` and ``id`` from the property
(``Payment.CardNumber`` gives ``Payment_CardNumber`` as the id, and ``for`` on a label);
``asp-action``, ``asp-controller``, ``asp-page`` and ``asp-route-*`` render a same-site
``action`` on a form (``method="post"`` unless the tag gives one) and ``href`` on a link;
other ``asp-*`` attributes render nothing.
"""

from __future__ import annotations

import re

from . import PLACEHOLDER, ReadOptions, Reading
from ._calls import Value
from ._dialect import Brackets, DialectWriter
from ._helpers import Attribute, ElementWriter, shown_call

_OPENER = re.compile(r"@\*|@@|(?<![\w@])@(?=[A-Za-z_({])|\s(asp-[\w-]+)\s*=\s*(?:\"([^\"<>]*)\"|'([^'<>]*)')")
_CONTROL = re.compile(r"@(?:if|for|foreach|while|switch|using|lock|try|do)\b\s*")
_BLOCK_DIRECTIVE = re.compile(r"@(?:section\s+\w+|helper\s+\w+\s*\([^)]*\))\s*(?=\{)")
_CODE_BLOCK = re.compile(r"@(?:functions|code)\s*(?=\{)")
_LINE_DIRECTIVE = re.compile(
    r"@(?:model|using(?!\s*\()|inject|page|layout|inherits|addTagHelper|removeTagHelper|tagHelperPrefix|namespace"
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
# ``Html.BeginForm(`` as the whole resource of a ``@using (…)``.
_FORM_HELPER = re.compile(r"\(\s*(?:Html\s*\.\s*)?(Begin(?:Route)?Form)\s*\(")
_CS_STRING = re.compile(r'@?"((?:[^"\\\n]|\\.)*)"')
_CS_NAMED = re.compile(r"([A-Za-z_]\w*)\s*:(?!:)\s*")
_CS_METHOD = re.compile(r"(?:[\w.]+\.)?FormMethod\s*\.\s*(Get|Post)\b")
_CS_ANONYMOUS = re.compile(r"new\s*\{")
_CS_MEMBER = re.compile(r"\s*@?([A-Za-z_]\w*)\s*=(?!=)\s*")
_CS_ARGUMENT_STOP = re.compile(r"""[,(){}\[\]]|@?"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'""")
_CS_CLOSERS = {"(": ")", "{": "}", "[": "]"}
_INCLUDES = re.compile(r"@(?:RenderBody|RenderSection|await\s+Html\.Partial|Html\.Partial|await\s+Component)|<partial\b|\bLayout\s*=")


class _Reader:
    def __init__(self, text: str) -> None:
        self.text = text
        self.out = DialectWriter(text)
        self.parens = Brackets(text, "(", ")")
        self.braces = Brackets(text, "{", "}")
        # The "}" of each open block (just after it), innermost last, and whether it ends a form.
        self.closers: list[tuple[int, bool]] = []
        self.routed: set[int] = set()  # start tags whose route attributes gave their address

    def read(self) -> Reading:
        text = self.text
        pos = 0
        m = _OPENER.search(text)
        while True:
            if m is not None and m.start() < pos:  # the reading went past it: search on
                m = _OPENER.search(text, pos)
            at = m.start() if m else len(text)
            if self.closers and self.closers[-1][0] - 1 < at:
                end, form = self.closers.pop()
                if end - 1 >= pos:  # not inside code read already
                    pos = self._close_block(end - 1, form)
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
        """``@if (…) {``: the header is code; the block's "}" is code when the reading reaches it
        (``@using (Html.BeginForm(…)) {``: the form's start tag, and its end tag at the "}")."""
        text = self.text
        header = pos
        if pos < len(text) and text[pos] == "(":
            close = self.parens.end(pos)
            if close < 0:
                return self._code(start, pos)
            pos = _SPACES.match(text, close).end()
        if pos >= len(text) or text[pos] != "{":
            return self._code(start, pos)
        end = self.braces.end(pos)
        form = text.startswith("@using", start) and self._form(start, header, pos + 1)
        if not form:
            self._code(start, pos + 1)
        if end > 0:
            # Blocks nest, so a "}" still open that closes before this one was passed already.
            while self.closers and self.closers[-1][0] < end:
                self.closers.pop()
            self.closers.append((end, form))
        return pos + 1

    def _form(self, start: int, header: int, end: int) -> bool:
        """``@using (Html.BeginForm(…)) {`` (``start``..``end``): written as the ``<form>`` start
        tag the helper renders, if the resource is that call; False if it is not."""
        text = self.text
        call = _FORM_HELPER.match(text, header)
        if call is None:
            return False
        close = self.parens.end(call.end() - 1)  # just after the call's ")"
        if close < 0 or self.parens.end(header) != _SPACES.match(text, close).end() + 1:
            return False  # more than the call: ``Html.BeginForm(…).Something``
        arguments = _cs_arguments(text, call.end(), close - 1)
        attributes: list[Attribute] = [("action", f"/{PLACEHOLDER}")]
        unknown: list[tuple[int, int]] = []  # arguments that may be the attributes
        method: str | Value = "post"
        html: Value | None = None
        at_method = None
        for i, (name, value) in enumerate(arguments):
            if name == "method" or (name is None and value.word == "FormMethod"):
                method, at_method = (value if value.word != "FormMethod" else value.text), i
        for i, (name, value) in enumerate(arguments):
            if name == "htmlAttributes" or (name is None and at_method is not None and i == len(arguments) - 1 and i > at_method):
                html = value
            elif name is None and at_method is None and value.word == "code":
                # Not literal: which overload is called is unknown, so are the method and attributes.
                unknown.append((value.start, value.end))
                method = Value(value.start, value.end)
        if html is not None and html.text != "null":
            if html.entries is None:
                unknown.append((html.start, html.end))
            else:
                for key, value in html.entries.items():
                    if key == "action":
                        attributes[0] = ("action", value)
                    elif key != "method":  # the helper's method replaces one given here
                        attributes.append((key, value))
        attributes.append(("method", method))
        out = ElementWriter(self.out.writer, start, end, shown_call(text, header + 1, close))
        self.out.skip_to(start)
        out.start_tag("form", attributes, unknown)
        self.out.resume_at(end)
        return True

    def _close_block(self, at: int, form: bool = False) -> int:
        """The "}" of a block, and an ``else``/``catch`` that continues it."""
        if form:
            self.out.replace("</form>", at, at + 1)
            return at + 1
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


def _cs_arguments(text: str, start: int, end: int) -> list[tuple[str | None, Value]]:
    """The arguments of a C# call from ``start`` to ``end`` (its parentheses' inside): each with
    its name if given one (``htmlAttributes: new { … }``) and a ``Value``: a string (text), a
    ``FormMethod.Post`` (word "FormMethod", text the method), ``null``/``true``/``false`` (text),
    an anonymous object of literal members (entries), or code (word "code")."""
    out: list[tuple[str | None, Value]] = []
    pos = start
    while pos < end:
        s = _SPACES.match(text, pos, end).end()
        if s >= end:
            break
        cut = _cs_argument_end(text, s, end)
        if cut < 0:
            return out + [(None, Value(s, end, word="code"))]
        e = s + len(text[s:cut].rstrip())
        name = None
        named = _CS_NAMED.match(text, s, e)
        if named is not None:
            name, s = named.group(1), named.end()
        out.append((name, _cs_value(text, s, e)))
        pos = cut + 1
    return out


def _cs_argument_end(text: str, pos: int, end: int) -> int:
    """Where the argument at ``pos`` ends: the next "," outside brackets and strings, or ``end``;
    -1 if its brackets do not close."""
    stack: list[str] = []
    for m in _CS_ARGUMENT_STOP.finditer(text, pos, end):
        tok = m.group()
        if tok in _CS_CLOSERS:
            stack.append(_CS_CLOSERS[tok])
        elif tok in ")}]":
            if not stack or stack.pop() != tok:
                return -1
        elif tok == "," and not stack:
            return m.start()
    return end if not stack else -1


def _cs_value(text: str, s: int, e: int, member: bool = False) -> Value:
    code = text[s:e]
    string = _CS_STRING.fullmatch(text, s, e)
    if string is not None:
        body = string.group(1)
        if code.startswith("@"):  # verbatim: no escapes ("" would be a quote)
            return Value(s, e, text=body)
        if "\\" not in body:
            return Value(s, e, text=body)
        return Value(s, e, word="code")
    if code in ("null", "true", "false"):
        return Value(s, e, text=code)
    method = _CS_METHOD.fullmatch(text, s, e)
    if method is not None:
        return Value(s, e, text=method.group(1).lower(), word="FormMethod")
    anonymous = None if member else _CS_ANONYMOUS.match(text, s, e)  # a member's object is code
    if anonymous is not None and code.endswith("}"):
        entries: dict[str, Value] = {}
        pos = anonymous.end()
        inner = e - 1
        while pos < inner:
            if _SPACES.match(text, pos, inner).end() >= inner:
                break
            member = _CS_MEMBER.match(text, pos, inner)
            cut = _cs_argument_end(text, pos, inner)
            if member is None or cut < 0:
                return Value(s, e, word="code")  # ``new { x }``: a member named by code
            vs, ve = member.end(), member.end() + len(text[member.end():cut].rstrip())
            value = _cs_value(text, vs, ve, member=True)
            value.key_start = member.start(1)
            if value.word == "code" or value.word == "FormMethod":
                value = Value(vs, ve, key_start=member.start(1))
            # As the helpers render them: "data_x" is "data-x", "@class" is "class".
            entries[member.group(1).replace("_", "-")] = value
            pos = cut + 1
        return Value(s, e, entries=entries)
    return Value(s, e, word="code")


def read_razor(text: str, options: ReadOptions) -> Reading:
    return _Reader(text).read()
