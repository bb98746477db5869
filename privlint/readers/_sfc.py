"""What the Vue, Svelte and Astro readers share: a JavaScript skipper, a start-tag parser and
the markup scanner that writes a component's template as the HTML it renders.

Every scan here moves forward only: each character is looked at a bounded number of times,
whatever the input (unclosed braces, strings, tags), and nesting is kept on explicit stacks,
never on Python's call stack. Nothing raises on bad input; what cannot be read is unknown.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Mapping

from .. import template
from . import CODE_SCRIPT_ATTRIBUTE, HOSTED_FIELDS_ATTRIBUTE, MarkupWriter, ReadOptions

# --- JavaScript ----------------------------------------------------------------------------

_CODE_STOP = re.compile(r"""[{}'"`/<]""")
_STRINGS = {
    '"': re.compile(r'"(?:[^"\\\n]|\\[\s\S])*"?'),
    "'": re.compile(r"'(?:[^'\\\n]|\\[\s\S])*'?"),
}
# Alternatives start with different characters, so a match never backtracks.
_REGEX_LITERAL = re.compile(r"/(?:[^/\\\n\[]|\\.|\[(?:[^\]\\\n]|\\.)*\]?)*/?[A-Za-z]*")
_TEMPLATE_STOP = re.compile(r"\\[\s\S]|`|\$\{")
# After one of these an operand starts: "/" opens a regex and "<" may open markup (JSX).
_OPERAND_AFTER = frozenset("(,=:[!&|?{};+-*%<>~^")
_OPERAND_KEYWORDS = frozenset(
    "return typeof case do else in of yield await void delete throw new instanceof".split()
)
_WORD_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_$")
_SPACE = " \t\r\n\f"


def _before(text: str, lo: int, i: int, prev: str) -> str:
    """The last significant character before ``i`` (looking back no further than ``lo``, else
    ``prev``); a keyword after which an operand starts reads as "("."""
    j = i - 1
    while j >= lo and text[j] in _SPACE:
        j -= 1
    if j < lo:
        return prev
    c = text[j]
    if c in _WORD_CHARS:
        k = j
        while k >= lo and j - k < 12 and text[k] in _WORD_CHARS:
            k -= 1
        return "(" if text[k + 1 : j + 1] in _OPERAND_KEYWORDS else "a"
    return c


def _markup_starts(text: str, i: int, end: int, before: str) -> bool:
    nxt = text[i + 1 : i + 2]
    return before in _OPERAND_AFTER and (nxt.isalpha() or nxt == ">") and i + 1 < end


def next_code_event(
    text: str, pos: int, end: int, prev: str, jsx: bool, comments: list | None
) -> tuple[str, int, str]:
    """The next "{", "}", "`" or (``jsx``) markup "<" of code from ``pos``: (event, offset, the
    significant character before it). Strings, regular expressions and comments are skipped;
    comments are added to ``comments``. ("", end, prev) at the end."""
    while True:
        m = _CODE_STOP.search(text, pos, end)
        if m is None:
            return "", end, prev
        i = m.start()
        c = text[i]
        before = _before(text, pos, i, prev)
        if c in "{}`":
            return c, i, before
        if c in "\"'":
            pos = _STRINGS[c].match(text, i, end).end()
            prev = "a"
            continue
        if c == "/":
            nxt = text[i + 1 : i + 2]
            if nxt == "/":
                stop = text.find("\n", i, end)
                stop = end if stop < 0 else stop
                if comments is not None:
                    comments.append((i, stop, text[i + 2 : stop]))
                pos, prev = stop, before
                continue
            if nxt == "*":
                stop = text.find("*/", i + 2, end)
                stop = end if stop < 0 else stop + 2
                if comments is not None:
                    comments.append((i, stop, text[i + 2 : max(i + 2, stop - 2)]))
                pos, prev = stop, before
                continue
            if before in _OPERAND_AFTER:
                pos = _REGEX_LITERAL.match(text, i, end).end()
                prev = "a"
                continue
            pos, prev = i + 1, "/"
            continue
        if jsx and _markup_starts(text, i, end, before):
            return "<", i, before
        pos, prev = i + 1, "<"


_ISLAND_STOP = re.compile(r"[<{}]")
_IN_TAG_STOP = re.compile(r"""/>|[>{"'`]""")
_TAG_NAME = re.compile(r"[A-Za-z][^\s/>{}\"'=]*")
VOID_ELEMENTS = frozenset(
    "area base br col embed hr img input link meta param source track wbr keygen frame basefont bgsound".split()
)


def skip_js(
    text: str, pos: int, end: int, *, jsx: bool = False, comments: list | None = None, braced: bool = True,
    in_template: bool = False,
) -> int:
    """Skip code: from just after a "{" to just after its "}" (``braced``), or over the whole
    range (a script, front matter), collecting comments. ``in_template``: ``pos`` is just after
    the backtick of a template literal, skipped to just after its end. ``jsx``: markup in the
    code (Astro expressions) is skipped as markup, its own braces and strings included.
    Returns ``end`` when the code never closes."""
    # Frames: ["code", depth, prev], ["tpl"], ["island", depth], ["tag", name].
    stack: list[list] = [["tpl"]] if in_template else [["code", 1 if braced else 0, "{" if braced else "("]]
    while stack:
        f = stack[-1]
        kind = f[0]
        if kind == "code":
            ev, at, prev = next_code_event(text, pos, end, f[2], jsx, comments)
            if not ev:
                return end
            pos = at + 1
            if ev == "{":
                f[1] += 1
                f[2] = "{"
            elif ev == "}":
                f[1] -= 1
                f[2] = "a"
                if f[1] <= 0:
                    if len(stack) == 1 and not braced:
                        f[1] = 0  # a stray "}" in a script
                        continue
                    stack.pop()
                    if stack and stack[-1][0] == "code":
                        stack[-1][2] = "a"
            elif ev == "`":
                f[2] = "a"
                stack.append(["tpl"])
            else:  # markup in code
                f[2] = "a"
                stack.append(["island", 0])
                pos = at
        elif kind == "tpl":
            m = _TEMPLATE_STOP.search(text, pos, end)
            if m is None:
                return end
            pos = m.end()
            if m.group() == "`":
                stack.pop()
            elif m.group() == "${":
                stack.append(["code", 1, "{"])
        elif kind == "island":
            m = _ISLAND_STOP.search(text, pos, end)
            if m is None:
                return end
            i = m.start()
            c = text[i]
            if c == "{":
                stack.append(["code", 1, "{"])
                pos = i + 1
            elif c == "}":
                stack.pop()  # markup cannot hold a bare "}": the code around it goes on
                pos = i
            elif text.startswith("<!--", i):
                stop = text.find("-->", i + 4, end)
                pos = end if stop < 0 else stop + 3
            elif text.startswith("</", i):
                stop = text.find(">", i, end)
                pos = end if stop < 0 else stop + 1
                f[1] -= 1
                if f[1] <= 0:
                    stack.pop()
            elif text.startswith("<>", i):
                f[1] += 1
                pos = i + 2
            else:
                nm = _TAG_NAME.match(text, i + 1, end)
                if nm is None:
                    pos = i + 1
                    if f[1] <= 0:
                        stack.pop()
                else:
                    stack.append(["tag", nm.group()])
                    pos = nm.end()
        else:  # "tag": a start tag inside markup inside code
            m = _IN_TAG_STOP.search(text, pos, end)
            if m is None:
                return end
            i = m.start()
            tok = m.group()
            if tok == "{":
                stack.append(["code", 1, "{"])
                pos = i + 1
            elif tok in ("\"", "'"):
                stop = text.find(tok, i + 1, end)
                pos = end if stop < 0 else stop + 1
            elif tok == "`":
                stack.append(["tpl"])
                pos = i + 1
            else:
                pos = m.end()
                name = f[1]
                stack.pop()
                island = stack[-1]
                if tok == ">" and name.lower() not in VOID_ELEMENTS:
                    island[1] += 1
                elif island[1] <= 0:
                    stack.pop()
    return pos


_JS_STRING = re.compile(r"""\s*(?:'([^'\\\n]*)'|"([^"\\\n]*)"|`([^`\\$]*)`)\s*""")
_JS_CONSTANT = re.compile(r"\s*(true|false|null|undefined|-?\d+(?:\.\d+)?)\s*")


def string_literal(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The range of a string literal's characters when the code ``text[start:end]`` is just
    that literal (no escapes, no interpolation); else None."""
    m = _JS_STRING.fullmatch(text, start, end)
    if m is None:
        return None
    group = next(g for g in (1, 2, 3) if m.group(g) is not None)
    return m.start(group), m.end(group)


def constant(text: str, start: int, end: int) -> str | None:
    """``true``, ``false``, ``null``, ``undefined`` or a number, when the code is just that."""
    m = _JS_CONSTANT.fullmatch(text, start, end)
    return m.group(1) if m else None


# --- element names ------------------------------------------------------------------------

HTML_ELEMENTS = frozenset(
    """a abbr acronym address applet area article aside audio b base basefont bdi bdo bgsound big blink
    blockquote body br button canvas caption center cite code col colgroup data datalist dd del details dfn
    dialog dir div dl dt em embed fieldset figcaption figure font footer form frame frameset h1 h2 h3 h4 h5
    h6 head header hgroup hr html i iframe image img input ins isindex kbd keygen label legend li link
    listing main map mark marquee menu menuitem meta meter nav nobr noembed noframes noscript object ol
    optgroup option output p param picture plaintext portal pre progress q rb rp rt rtc ruby s samp script
    search section select slot small source spacer span strike strong style sub summary sup table tbody td
    template textarea tfoot th thead time title tr track tt u ul var video wbr xmp svg math""".split()
)
# SVG and MathML elements spelled with capitals or dashes: elements, not components.
FOREIGN_ELEMENTS = frozenset(
    """altGlyph altGlyphDef altGlyphItem animateColor animateMotion animateTransform clipPath feBlend
    feColorMatrix feComponentTransfer feComposite feConvolveMatrix feDiffuseLighting feDisplacementMap
    feDistantLight feDropShadow feFlood feFuncA feFuncB feFuncG feFuncR feGaussianBlur feImage feMerge
    feMergeNode feMorphology feOffset fePointLight feSpecularLighting feSpotLight feTile feTurbulence
    foreignObject glyphRef linearGradient radialGradient textPath annotation-xml color-profile font-face
    font-face-src font-face-uri font-face-format font-face-name missing-glyph""".split()
)
RAW_TEXT = template.RAW_TEXT_ELEMENTS
_ESCAPABLE_RAW = frozenset({"textarea", "title"})  # text, no tags: expressions still count


def pascal(name: str) -> str:
    return "".join(part[:1].upper() + part[1:] for part in name.split("-") if part)


def camel(name: str) -> str:
    head, *rest = name.split("-")
    return head + "".join(part[:1].upper() + part[1:] for part in rest)


# --- start tags ---------------------------------------------------------------------------


@dataclass(slots=True)
class Attr:
    name: str
    start: int
    end: int
    kind: str  # bare, quoted, unquoted, expr ({...}), template (`...`), spread, shorthand, mixed
    value: tuple[int, int] | None = None  # the value's characters, without quotes or braces
    pieces: list[tuple[int, int]] = field(default_factory=list)  # mixed: the {...} in the value


@dataclass(slots=True)
class Tag:
    name: str
    start: int  # "<"
    name_end: int
    attrs: list[Attr]
    close: int  # ">" or "/>" (``end`` when the tag never closes)
    end: int
    self_closing: bool


_WS = re.compile(r"\s*")
_ATTR_NAME = re.compile(r"""[^\s=>/"'{}`]+""")
_UNQUOTED = re.compile(r"""[^\s>]*""")


def parse_tag(text: str, start: int, name_end: int, end: int, braces: bool, jsx: bool, mixed: bool) -> Tag:
    """The start tag at ``start``: its attributes as written. ``braces``: ``{...}`` values and
    spreads (Svelte, Astro); ``mixed``: quoted values hold ``{...}`` too (Svelte)."""
    attrs: list[Attr] = []
    p = name_end
    while True:
        p = _WS.match(text, p, end).end()
        if p >= end:
            return Tag(text[start + 1 : name_end], start, name_end, attrs, end, end, False)
        c = text[p]
        if c == ">":
            return Tag(text[start + 1 : name_end], start, name_end, attrs, p, p + 1, False)
        if c == "/":
            if text.startswith("/>", p):
                return Tag(text[start + 1 : name_end], start, name_end, attrs, p, p + 2, True)
            p += 1
            continue
        if c == "{" and braces:
            stop = skip_js(text, p + 1, end, jsx=jsx)
            inner_end = stop - 1 if text[stop - 1 : stop] == "}" else stop
            inner = text[p + 1 : inner_end].strip()
            kind = "spread" if inner.startswith("...") else "shorthand"
            attrs.append(Attr(inner, p, stop, kind, (p + 1, inner_end)))
            p = stop
            continue
        nm = _ATTR_NAME.match(text, p, end)
        if nm is None:
            p += 1  # a stray quote or brace
            continue
        name = nm.group()
        q = _WS.match(text, nm.end(), end).end()
        if q >= end or text[q] != "=":
            attrs.append(Attr(name, p, nm.end(), "bare"))
            p = nm.end()
            continue
        v = _WS.match(text, q + 1, end).end()
        c = text[v] if v < end else ""
        if c in ("\"", "'"):
            if mixed and braces:
                attr, p = _mixed_value(text, name, p, v, end, jsx)
                attrs.append(attr)
                continue
            stop = text.find(c, v + 1, end)
            stop = end if stop < 0 else stop
            attrs.append(Attr(name, p, min(end, stop + 1), "quoted", (v + 1, stop)))
            p = min(end, stop + 1)
        elif c == "{" and braces:
            stop = skip_js(text, v + 1, end, jsx=jsx)
            inner_end = stop - 1 if text[stop - 1 : stop] == "}" else stop
            attrs.append(Attr(name, p, stop, "expr", (v + 1, inner_end)))
            p = stop
        elif c == "`" and jsx:
            stop = skip_js(text, v + 1, end, jsx=jsx, in_template=True)
            inner_end = stop - 1 if text[stop - 1 : stop] == "`" else stop
            attrs.append(Attr(name, p, stop, "template", (v + 1, inner_end)))
            p = stop
        else:
            stop = _UNQUOTED.match(text, v, end).end()
            if stop > v and text[stop - 1] == "/" and text.startswith(">", stop):
                stop -= 1  # <img src=x.png/>
            attrs.append(Attr(name, p, stop, "unquoted", (v, stop)))
            p = max(stop, v + 1) if stop == v and v < end and text[v] not in ">" else stop


def _mixed_value(text: str, name: str, start: int, v: int, end: int, jsx: bool) -> tuple[Attr, int]:
    """A quoted value that may hold ``{...}`` (Svelte: ``class="a {b} c"``)."""
    quote = text[v]
    stops = re.compile("[" + quote + "{]")
    pieces: list[tuple[int, int]] = []
    p = v + 1
    while True:
        m = stops.search(text, p, end)
        if m is None:
            return Attr(name, start, end, "mixed" if pieces else "quoted", (v + 1, end), pieces), end
        if m.group() == quote:
            kind = "mixed" if pieces else "quoted"
            return Attr(name, start, m.end(), kind, (v + 1, m.start()), pieces), m.end()
        stop = skip_js(text, m.end(), end, jsx=jsx)
        pieces.append((m.start(), stop))
        p = stop


def find_tag_end(text: str, pos: int, end: int) -> int:
    """Just after the ">" that closes a start tag begun before ``pos`` (quotes respected)."""
    while True:
        m = _TAG_END_STOP.search(text, pos, end)
        if m is None:
            return end
        if m.group() == ">":
            return m.end()
        stop = text.find(m.group(), m.end(), end)
        if stop < 0:
            return end
        pos = stop + 1


_TAG_END_STOP = re.compile(r"""[>"']""")
_closers: dict[str, re.Pattern[str]] = {}


def closer(name: str) -> re.Pattern[str]:
    """The end tag of an element whose content is text: ``</script`` in any case."""
    found = _closers.get(name)
    if found is None:
        found = _closers[name] = re.compile(r"</" + re.escape(name) + r"(?=[\s/>]|\Z)", re.I)
    return found


def _quote_value(value: str) -> str:
    return value.replace("&", "&amp;").replace('"', "&quot;")


# --- the markup scanner -------------------------------------------------------------------


class _Frame:
    __slots__ = ("kind", "depth", "chunk", "prev")

    def __init__(self, kind: str, depth: int = 0, chunk: int | None = None, prev: str = "{") -> None:
        self.kind = kind  # "markup" (the template), "island" (markup in code), "code"
        self.depth = depth  # island: elements open; code: braces open
        self.chunk = chunk  # code: where the code not yet written as unknown begins
        self.prev = prev


@dataclass(slots=True)
class Block:
    """A script or style of the component itself (not of its markup): written apart."""

    tag: Tag
    content: tuple[int, int]
    end_tag: tuple[int, int] | None  # None: never closed


class MarkupReader:
    """Writes a template's markup: elements as the browser gets them, code as unknown.

    Subclasses say what their dialect's attributes, blocks and special elements mean."""

    braces = False  # {expr} in text and attribute values
    jsx = False  # markup inside expressions
    mixed = False  # {expr} inside quoted attribute values
    kebab = False  # components may be spelled in kebab-case

    def __init__(self, text: str, writer: MarkupWriter, options: ReadOptions) -> None:
        self.text = text
        self.w = writer
        self.options = options
        self.end = len(text)
        self._resolved: dict[str, object] = {}
        self._no_mustache_close = False
        self.blocks: list[Block] = []
        self.depth = 0  # elements open (roughly: misnesting is not repaired)

    # -- what subclasses provide -------------------------------------------------------

    def code_for_imports(self) -> str:
        return ""

    @property
    def imports(self) -> Mapping[str, str]:
        found = getattr(self, "_imports", None)
        if found is None:
            from .components import imports_of

            try:
                found = imports_of(self.code_for_imports())
            except Exception:  # noqa: BLE001 - best effort: a file is never lost to its imports
                found = {}
            self._imports = found
        return found

    def special(self, tag: Tag) -> str | None:
        """What a tag the dialect knows stands for: "drop" (tags dropped, children kept), "gone"
        (tag dropped, it has no children), "unknown" (the tag is unknown, children kept),
        "slot" (unknown, markup of other files), or None: an element or a component."""
        return None

    def special_end(self, name: str) -> str | None:
        return None

    def is_component(self, name: str) -> bool:
        return name[:1].isupper() or "." in name

    def block_markers(self, tag: Tag) -> list[tuple[int, int]]:
        return []

    def is_block(self, tag: Tag) -> bool:
        """A script or style of the component (written apart), not of its markup."""
        return False

    def emit_attributes(self, tag: Tag, element: str) -> tuple | None:
        """Write the attributes (and the space between them); return the element's content
        when an attribute sets it: ("literal", start, end) or ("unknown", start, end)."""
        self.copy_attrs(tag.attrs, tag.name_end, tag.close)
        return None

    def text_expression(self, i: int, stack: list[_Frame]) -> int:
        """``{`` in text at ``i`` (Svelte, Astro): write it; return where text goes on."""
        stop = skip_js(self.text, i + 1, self.end, jsx=self.jsx)
        self.w.unknown(i, stop)
        return stop

    # -- writing helpers -------------------------------------------------------------

    def copy_attrs(self, attrs: list[Attr], start: int, close: int) -> None:
        w = self.w
        pos = start
        for a in attrs:
            w.copy(pos, a.end)
            pos = a.end
        w.copy(pos, close)

    def put_unknown_value(self, name: str, a: Attr) -> None:
        """``name="<unknown>"`` standing for the attribute ``a``."""
        s, e = a.value if a.value is not None else (a.start, a.end)
        self.w.write(f'{name}="', a.start, s)
        self.w.unknown(s, e)
        self.w.write('"', e, a.end)

    def put_literal_value(self, name: str, a: Attr, s: int, e: int) -> None:
        """``name="..."`` with the value copied from ``text[s:e]`` (the characters of a literal)."""
        w = self.w
        w.write(f'{name}="', a.start, s)
        value = self.text[s:e]
        if '"' in value or "&" in value:
            w.write(_quote_value(value), s, e)
        else:
            w.copy(s, e)
        w.write('"', e, a.end)

    def put_code_value(self, name: str, a: Attr, boolean_ok: bool = True) -> None:
        """An attribute whose value is code: a string literal as written, ``true`` as a bare
        attribute, ``false``/``null`` as none, anything else unknown."""
        s, e = a.value if a.value is not None else (a.start, a.start)
        lit = string_literal(self.text, s, e) if a.kind != "template" else (
            (s, e) if "${" not in self.text[s:e] and "\\" not in self.text[s:e] else None
        )
        if lit is not None:
            self.put_literal_value(name, a, *lit)
            return
        const = constant(self.text, s, e) if boolean_ok else None
        if const in ("false", "null", "undefined"):
            return
        if const == "true":
            self.w.write(name, a.start, a.end)
            return
        if const is not None:
            self.w.write(f'{name}="{const}"', a.start, a.end)
            return
        self.put_unknown_value(name, a)

    def put_braced_attribute(self, a: Attr) -> bool:
        """``{...props}`` (attributes nobody knows) or ``{name}`` (an unknown value), as Svelte
        and Astro write them; False for any other attribute."""
        if a.kind == "spread":
            self.put_dynamic_attributes(a)
            return True
        if a.kind == "shorthand":
            self.put_unknown_value(a.name, a)
            return True
        return False

    def put_dynamic_attributes(self, a: Attr) -> None:
        """Code that may add any attributes (a spread): unknown between attributes."""
        self.w.unknown(a.start, a.end)

    def put_content(self, content: tuple | None) -> None:
        if content is None:
            return
        kind, s, e = content
        if kind == "literal":
            self.w.copy(s, e)
        else:
            self.w.unknown(s, e)

    def put_merged(self, name: str, static: Attr, bound: Attr) -> None:
        """A class or style written both ways: the framework joins the two, so the literal part
        stays and the rest is unknown."""
        w = self.w
        first = min(static, bound, key=lambda a: a.start)
        w.write(f'{name}="', first.start, first.start)
        if static.value is not None:
            s, e = static.value
            value = self.text[s:e]
            if '"' in value or "&" in value:
                w.write(_quote_value(value), s, e)
            else:
                w.copy(s, e)
            w.write(" ", e, e)
        s, e = bound.value if bound.value is not None else (bound.start, bound.end)
        lit = string_literal(self.text, s, e)
        if lit is not None and '"' not in self.text[lit[0] : lit[1]]:
            w.copy(*lit)
        else:
            w.unknown(s, e)
        w.write('"', first.end, first.end)

    # -- scanning ------------------------------------------------------------------------

    def run(self, start: int, end: int) -> None:
        self.end = end
        stack = [_Frame("markup")]
        pos = start
        while stack and pos < end:
            f = stack[-1]
            if f.kind == "code":
                pos = self._code_step(f, pos, stack)
            else:
                pos = self._markup_step(f, pos, stack)
        for f in stack:
            if f.kind == "code" and f.chunk is not None and f.chunk < end:
                self.w.unknown(f.chunk, end)

    def _text_stop(self, island: bool) -> re.Pattern[str]:
        if island:
            return _STOP_ISLAND
        return _STOP_BRACES if self.braces else _STOP_MUSTACHE

    def _markup_step(self, f: _Frame, pos: int, stack: list[_Frame]) -> int:
        text, end = self.text, self.end
        island = f.kind == "island"
        m = self._text_stop(island).search(text, pos, end)
        i = m.start() if m else end
        self.w.copy(pos, i)
        if m is None:
            return end
        c = text[i]
        if c == "<":
            return self._angle(f, i, stack)
        if c == "}":  # markup in code cannot hold a bare "}": back to the code
            self._pop_island(stack, i)
            return i
        if not self.braces:  # Vue's {{ }}: template code as it stands
            stop = -1 if self._no_mustache_close else text.find("}}", i + 2, end)
            if stop < 0:
                self._no_mustache_close = True
                self.w.copy(i, i + 2)
                return i + 2
            self.w.copy(i, stop + 2)
            return stop + 2
        return self.text_expression(i, stack)

    def _pop_island(self, stack: list[_Frame], at: int) -> None:
        stack.pop()
        if stack and stack[-1].kind == "code":
            stack[-1].chunk = at
            stack[-1].prev = "a"

    def _angle(self, f: _Frame, i: int, stack: list[_Frame]) -> int:
        text, end, w = self.text, self.end, self.w
        island = f.kind == "island"
        if text.startswith("<!--", i):
            stop = text.find("-->", i + 4, end)
            stop = end if stop < 0 else stop + 3
            w.copy(i, stop)
            return stop
        if text.startswith("</", i):
            nm = _TAG_NAME.match(text, i + 2, end)
            if nm is None:
                if island and text.startswith("</>", i):
                    self._island_closed(f, stack, i + 3, -1)
                    return i + 3
                w.copy(i, i + 2)
                return i + 2
            stop = text.find(">", nm.end(), end)
            stop = end if stop < 0 else stop + 1
            self.end_tag(nm.group(), i, stop)
            if island:
                self._island_closed(f, stack, stop, -1)
            return stop
        if island and text.startswith("<>", i):
            f.depth += 1
            return i + 2
        if text.startswith("<!", i) or text.startswith("<?", i):
            stop = text.find(">", i, end)
            stop = end if stop < 0 else stop + 1
            w.copy(i, stop)
            return stop
        nm = _TAG_NAME.match(text, i + 1, end)
        if nm is None:
            w.copy(i, i + 1)
            return i + 1
        tag = parse_tag(text, i, nm.end(), end, self.braces, self.jsx, self.mixed)
        pos, opened = self.start_tag(tag)
        if island:
            self._island_closed(f, stack, pos, 1 if opened else 0)
        return pos

    def _island_closed(self, f: _Frame, stack: list[_Frame], pos: int, change: int) -> None:
        f.depth += change
        if f.depth <= 0:
            self._pop_island(stack, pos)

    def _code_step(self, f: _Frame, pos: int, stack: list[_Frame]) -> int:
        ev, at, prev = next_code_event(self.text, pos, self.end, f.prev, self.jsx, self.w.comments)
        if not ev:
            if f.chunk is not None:
                self.w.unknown(f.chunk, self.end)
            stack.pop()
            return self.end
        if ev == "{":
            f.depth += 1
            f.prev = "{"
            return at + 1
        if ev == "}":
            f.depth -= 1
            f.prev = "a"
            if f.depth <= 0:
                self.w.unknown(f.chunk if f.chunk is not None else at, at + 1)
                stack.pop()
            return at + 1
        if ev == "`":
            f.prev = "a"
            return skip_js(self.text, at + 1, self.end, jsx=self.jsx, in_template=True)
        # markup inside the code: written as markup, the code before it unknown
        if f.chunk is not None and at > f.chunk:
            self.w.unknown(f.chunk, at)
        f.chunk = None
        stack.append(_Frame("island"))
        return at

    # -- elements ----------------------------------------------------------------------

    def resolve(self, name: str):
        if name in self._resolved:
            return self._resolved[name]
        from .components import resolve

        try:
            found = resolve(name, self.imports, self.options, kebab=self.kebab)
        except Exception:  # noqa: BLE001 - an unknown component rather than a lost file
            found = None
        self._resolved[name] = found
        return found

    def start_tag(self, tag: Tag) -> tuple[int, bool]:
        """Write a start tag (and, for script, style and the like, its content and end tag).
        Returns where scanning goes on, and whether an element was left open."""
        w = self.w
        special = self.special(tag)
        if special is not None:
            for s, e in self.block_markers(tag):
                w.unknown(s, e)
            if special in ("unknown", "slot"):
                if special == "slot":
                    w.pulls_in_markup = True
                w.unknown(tag.start, tag.end)
            elif special == "content":
                self.put_content(self.emit_attributes_content_only(tag))
            return tag.end, not tag.self_closing and special != "gone"
        name = tag.name
        if self.is_component(name):
            for s, e in self.block_markers(tag):
                w.unknown(s, e)
            return self._component(tag), not tag.self_closing
        lower = name.lower()
        if self.is_block(tag):
            return self._block(tag), False
        for s, e in self.block_markers(tag):
            w.unknown(s, e)
        w.copy(tag.start, tag.name_end)
        content = self.emit_attributes(tag, lower)
        return self._finish_tag(tag, lower, content)

    def _finish_tag(self, tag: Tag, lower: str, content: tuple | None) -> tuple[int, bool]:
        w = self.w
        void = lower in VOID_ELEMENTS
        if tag.close >= tag.end:  # never closed
            w.write(">", tag.end, tag.end)
        elif tag.self_closing and not void:
            w.write(">", tag.close, tag.end)
        else:
            w.copy(tag.close, tag.end)
        self.put_content(content)
        if tag.self_closing and not void:
            w.write(f"</{lower}>", tag.close, tag.end)
            return tag.end, False
        if void:
            return tag.end, False
        if lower in RAW_TEXT:
            return self._raw_content(tag, lower), False
        self.depth += 1
        return tag.end, True

    def _raw_content(self, tag: Tag, lower: str) -> int:
        text, end, w = self.text, self.end, self.w
        m = closer(lower).search(text, tag.end, end)
        stop = m.start() if m else end
        if lower in _ESCAPABLE_RAW and self.braces:
            pos = tag.end
            while True:
                at = text.find("{", pos, stop)
                if at < 0:
                    break
                w.copy(pos, at)
                pos = min(stop, skip_js(text, at + 1, stop, jsx=self.jsx))
                w.unknown(at, pos)
            w.copy(pos, stop)
        else:
            w.copy(tag.end, stop)
            if lower == "script" and _is_javascript(self.text, tag):
                skip_js(text, tag.end, stop, jsx=False, comments=w.comments, braced=False)
        if m is None:
            w.write(f"</{lower}>", end, end)
            return end
        close_end = text.find(">", m.end(), end)
        close_end = end if close_end < 0 else close_end + 1
        w.copy(m.start(), close_end)
        return close_end

    def _block(self, tag: Tag) -> int:
        text, end = self.text, self.end
        lower = tag.name.lower()
        if tag.self_closing:
            self.blocks.append(Block(tag, (tag.end, tag.end), (tag.end, tag.end)))
            return tag.end
        m = closer(lower).search(text, tag.end, end)
        if m is None:
            self.blocks.append(Block(tag, (tag.end, end), None))
            return end
        close_end = text.find(">", m.end(), end)
        close_end = end if close_end < 0 else close_end + 1
        self.blocks.append(Block(tag, (tag.end, m.start()), (m.start(), close_end)))
        return close_end

    def end_tag(self, name: str, start: int, stop: int) -> None:
        w = self.w
        special = self.special_end(name)
        if special is not None:
            if special in ("unknown", "slot"):
                w.unknown(start, stop)
            return
        if self.is_component(name):
            comp = self.resolve(name)
            if comp is None:
                w.unknown(start, stop)
            elif comp.element and comp.element not in VOID_ELEMENTS:
                w.write(f"</{comp.element}>", start, stop)
            return
        self.depth = max(0, self.depth - 1)
        w.copy(start, stop)

    # -- components ------------------------------------------------------------------

    def prop_of(self, a: Attr) -> tuple[str, str] | None:
        """A component's prop: (name, how its value is written: "literal", "code", "bare",
        "spread"), or None for what is no prop (an event handler, a directive)."""
        if a.kind == "spread":
            return "", "spread"
        if a.kind == "shorthand":
            return a.name, "code"
        if a.kind in ("expr", "template", "mixed"):
            return a.name, "code"
        if a.kind == "bare":
            return a.name, "bare"
        return a.name, "literal"

    def _component(self, tag: Tag) -> int:
        w = self.w
        comp = self.resolve(tag.name)
        if comp is None:
            # Unknown: it renders markup of its own, around what it is given.
            w.pulls_in_markup = True
            w.unknown(tag.start, tag.end)
            return tag.end
        element = comp.element
        if not element:
            return tag.end  # only its children
        w.write(f"<{element}", tag.start, tag.name_end)
        literals: dict[str, str] = {}
        for a in tag.attrs:
            prop = self.prop_of(a)
            if prop is None:
                continue
            name, how = prop
            if how == "spread":
                if comp.pass_props:
                    w.write(" ", a.start, a.start)
                    self.put_dynamic_attributes(a)
                continue
            key = camel(name)
            if how == "literal" and a.value is not None:
                literals[key] = self.text[a.value[0] : a.value[1]]
            elif how == "code" and a.value is not None and a.kind != "mixed":
                lit = string_literal(self.text, *a.value)
                if lit is not None:
                    literals[key] = self.text[lit[0] : lit[1]]
            if key in comp.drop or name in comp.drop:
                continue
            if key in comp.rename or name in comp.rename:
                out = comp.rename.get(key) or comp.rename[name]
            elif comp.pass_props and name:
                out = name
            else:
                continue
            w.write(" ", a.start, a.start)
            if how == "bare":
                w.write(out, a.start, a.end)
            elif how == "literal" and a.value is not None:
                self.put_literal_value(out, a, *a.value)
            else:
                self.put_code_value(out, a)
        for name, value in comp.fixed_attributes(literals).items():
            if value is None:
                w.write(f' {name}="', tag.start, tag.name_end)
                w.unknown(tag.start, tag.name_end)
                w.write('"', tag.name_end, tag.name_end)
            else:
                w.write(f' {name}="{_quote_value(value)}"', tag.start, tag.name_end)
        if comp.hosted_fields:  # for the inventory: the processor's own card fields
            w.write(f' {HOSTED_FIELDS_ATTRIBUTE}="{_quote_value(comp.hosted_fields)}"', tag.start, tag.name_end)
        void = element in VOID_ELEMENTS
        w.write(">", tag.close, tag.end)
        if tag.self_closing and not void:
            w.write(f"</{element}>", tag.close, tag.end)
        return tag.end

    def emit_attributes_content_only(self, tag: Tag) -> tuple | None:
        return None


_STOP_MUSTACHE = re.compile(r"<|\{\{")
_STOP_BRACES = re.compile(r"[<{]")
_STOP_ISLAND = re.compile(r"[<{}]")
_NOT_JAVASCRIPT = re.compile(r"json|template|html|x-|text/plain|importmap|speculationrules", re.I)


def _is_javascript(text: str, tag: Tag) -> bool:
    for a in tag.attrs:
        if a.name.lower() == "type" and a.value is not None:
            return _NOT_JAVASCRIPT.search(text, a.value[0], a.value[1]) is None
    return True


def write_blocks(writer: MarkupWriter, text: str, blocks: list[Block]) -> None:
    """A component's own scripts and styles, apart from its markup: they are code bundled with
    the component, not part of the page where it stands, yet what they load and run is the
    page's (tracker snippets, script URLs)."""
    if not blocks:
        return
    writer.fragment(blocks[0].tag.start)
    for block in blocks:
        tag = block.tag
        lower = tag.name.lower()
        writer.write(f"<{lower}" + (f" {CODE_SCRIPT_ATTRIBUTE}" if lower == "script" else ""), tag.start, tag.name_end)
        pos = tag.name_end
        for a in tag.attrs:  # setup, lang, context: kept as written
            writer.copy(pos, a.end)
            pos = a.end
        writer.write(">", tag.close, tag.end)
        s, e = block.content
        writer.copy(s, e)
        if lower == "script":
            skip_js(text, s, e, comments=writer.comments, braced=False)
        if block.end_tag is None or tag.self_closing:
            writer.write(f"</{lower}>", e, e)
        else:
            writer.copy(*block.end_tag)
        writer.write("\n", block.end_tag[1] if block.end_tag else e, block.end_tag[1] if block.end_tag else e)
