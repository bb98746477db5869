"""JavaScript, TypeScript and JSX: the markup a script or a component writes.

A script's own code is written once, whole, as the body of a ``<script>`` in the page's flow,
so that the rules read its tracker snippets, the URLs it spells and its consent checks as they
read an inline script. The markup it writes is read apart, each piece a fragment of its own:

* strings and template literals given to ``innerHTML``/``outerHTML``, ``insertAdjacentHTML``,
  ``document.write``, jQuery's ``$('<...>')``, ``.html()``, ``.append()`` and the like, with
  ``+`` chains read piece by piece (literal text copied, anything else unknown) and variables
  followed from their declaration (``let html = '<ul>'; html += ...; el.innerHTML = html``);
  any other string or template that holds markup is read too, on its own;
* ``document.createElement('script')`` whose ``src`` (``integrity``...) is set from a literal:
  the ``<script src>`` element it becomes;
* in JSX and TSX, every element tree in the code (a component's returned JSX), read as HTML:
  React's attribute names as HTML spells them, ``{expr}`` values unknown, components resolved
  through ``components.resolve`` (unknown ones stand as unknown, their children in place).

``next/script``'s ``<Script>`` becomes a ``<script>`` whatever its ``strategy``: every strategy
loads the script without the visitor asking (beforeInteractive in the server HTML, the others
from the client right after), which is what the tracker rules judge.
"""

from __future__ import annotations

import re

from . import CODE_SCRIPT_ATTRIBUTE, HOSTED_FIELDS_ATTRIBUTE, JS_TYPES, MarkupWriter, ReadOptions, Reading, may_write_markup
from . import _js_lexer as lx
from . import components as comp

# A literal holds markup when "<" starts a tag, an end tag or a comment.
_MARKUP = re.compile(r"<(?:[A-Za-z/]|!--)")
_ESCAPE = re.compile(r"\\(?:x[0-9A-Fa-f]{2}|u\{[0-9A-Fa-f]{1,6}\}|u[0-9A-Fa-f]{4}|\r\n|[\s\S])?")
_ESCAPE_OR_QUOTE = re.compile(_ESCAPE.pattern + r'|"')
_SIMPLE_ESCAPES = {"n": "\n", "t": "\t", "r": "\n", "b": "", "f": "\f", "v": "", "0": ""}
_SCRIPT_CLOSE = re.compile(r"</(?=script)", re.I)

_KEYWORDS = frozenset(
    {"return", "typeof", "instanceof", "in", "of", "new", "delete", "void", "throw", "case", "do", "else",
     "yield", "await", "default", "extends", "if", "for", "while", "function", "class", "const", "let", "var",
     "this", "true", "false", "null", "undefined", "import", "export", "switch", "try", "catch", "finally"}
)
_LITERALS = (lx.STR, lx.TMPL_FULL, lx.TMPL_HEAD)
_JSX_KINDS = frozenset(
    {lx.JSX_OPEN, lx.JSX_ATTR, lx.JSX_EQ, lx.JSX_STR, lx.JSX_TAG_END, lx.JSX_SELF_END, lx.JSX_TEXT,
     lx.JSX_CLOSE, lx.JSX_FRAG_OPEN, lx.JSX_FRAG_CLOSE, lx.JSX_EXPR_OPEN, lx.JSX_EXPR_CLOSE}
)
_ENDS_VALUE = frozenset({lx.NAME, lx.NUM, lx.STR, lx.TMPL_FULL, lx.TMPL_TAIL, lx.REGEX})
_STARTS_VALUE = frozenset({lx.NAME, lx.NUM, lx.STR, lx.TMPL_FULL, lx.TMPL_HEAD})
_OPENERS = frozenset({"(", "[", "{"})
_CHAIN_STOPS = frozenset({",", ";", ")", "]", "}", "?", ":", "=", "||", "&&", "??"})

# Methods whose arguments, when they hold markup, are markup (jQuery's, mostly).
_MARKUP_METHODS = frozenset({"html", "append", "prepend", "before", "after", "replaceWith", "wrap", "wrapAll"})
# Properties of a created element that are its attributes, as HTML spells them.
_ELEMENT_PROPERTIES = {
    "src": "src", "href": "href", "integrity": "integrity", "crossOrigin": "crossorigin", "type": "type",
    "async": "async", "defer": "defer", "id": "id", "referrerPolicy": "referrerpolicy", "charset": "charset",
    "noModule": "nomodule", "rel": "rel", "action": "action", "method": "method",
}

# Every name _Reader._name acts on, other than one being assigned to.
_SINK_NAMES = frozenset(
    {"innerHTML", "outerHTML", "insertAdjacentHTML", "write", "writeln", "setAttribute", "$", "jQuery",
     "let", "const", "var", "return", "Image"}
) | _MARKUP_METHODS | frozenset(_ELEMENT_PROPERTIES)

# JSX attribute names that HTML spells otherwise; props React does not render.
_DOM_NAMES = {
    "className": "class", "htmlFor": "for", "acceptCharset": "accept-charset", "httpEquiv": "http-equiv",
    "defaultChecked": "checked", "defaultValue": "value", "xlinkHref": "xlink:href",
}
_NOT_RENDERED = frozenset(
    {"key", "ref", "children", "dangerouslySetInnerHTML", "suppressHydrationWarning",
     "suppressContentEditableWarning"}
)
_EVENT_HANDLER = re.compile(r"on[A-Z]")
_VOID = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr"}
)
_ATTRIBUTE_NAME = re.compile(r"[A-Za-z_][\w:.-]*")
_ABSENT = frozenset({"false", "null", "undefined"})
_VARIABLE_DEPTH = 8  # how deep variables made of variables are followed
# Code that asks a consent manager (or the TCF API) before it loads anything.
_CONSENT_CHECK = re.compile(
    r"consent|Cookiebot|OneTrust|Optanon|cmplz|complianz|_iub|klaro|UC_UI|usercentrics|__tcfapi|Didomi|axeptio", re.I
)
# A handler for something the visitor does: what a script loads after it may wait for them.
_INTERACTION_HANDLER = re.compile(
    r"""addEventListener\(\s*['"](?:click|pointerdown|pointerup|mousedown|touchstart|keydown|submit)['"]"""
    r"""|\.on(?:click|pointerdown|mousedown|touchstart|keydown)\s*=|\.(?:on|one)\(\s*['"]click\b|\.click\(\s*function\b"""
)


def read_script(text: str, options: ReadOptions) -> Reading:
    """A .js/.mjs/.cjs/.ts file: its code as an inline script, and the markup it writes."""
    if not may_write_markup(text) and "privlint" not in text:
        # Writes no markup and holds no directive: its code as it stands, without a lexer.
        w = MarkupWriter(text)
        w.write(f"<script {CODE_SCRIPT_ATTRIBUTE}>", 0, 0)
        _copy_code(w, text, 0, len(text))
        w.write("</script>", len(text), len(text))
        return w.finish()
    return _Reader(text, options, jsx=False).read()


def _copy_code(w: MarkupWriter, text: str, start: int, end: int) -> None:
    """Code as script text: a "</script" in it would end the element, so it is broken."""
    pos = start
    for m in _SCRIPT_CLOSE.finditer(text, start, end):
        w.copy(pos, m.start())
        w.write("<\\/", m.start(), m.end())
        pos = m.end()
    w.copy(pos, end)


def read_jsx(text: str, options: ReadOptions) -> Reading:
    """A .jsx/.tsx file: its elements as HTML, and its plain JavaScript as read_script reads it."""
    return _Reader(text, options, jsx=True).read()


_SCRIPT_START = re.compile(r"<script\b((?:[^>\"']|\"[^\"]*\"|'[^']*'){0,4000})>", re.I)  # bounded: linear
_TYPE = re.compile(r"""\btype\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.I)
_SRC = re.compile(r"\bsrc\s*=", re.I)


def read_inline_scripts(text: str, source: str, options: ReadOptions) -> Reading | None:
    """An HTML page or template whose inline scripts write markup: the page as it stands
    (``source`` is ``text`` with template code masked, same offsets), each written string left
    out of its script, and the markup they write as fragments after it. None when no inline
    script writes any (the page is then read as usual)."""
    bodies = [b for b in _inline_bodies(source) if may_write_markup(source, *b)]
    if not bodies:
        return None
    writer = MarkupWriter(text)
    readers = []
    for start, end in bodies:
        r = _Reader(text, options, jsx=False, writer=writer, region=(start, end))
        r._scripts()
        if r.jobs:
            readers.append(r)
    if not readers:
        return None
    pos = 0
    for r in readers:
        start, end = r.region
        writer.copy(pos, start)
        r._code_in_place(r._written())
        pos = end
    writer.copy(pos, len(text))
    for r in readers:
        r._write_jobs()
    return writer.finish()


def _inline_bodies(source: str) -> list[tuple[int, int]]:
    """The bodies of the page's inline scripts that run as JavaScript (no ``src``; no type, or
    a JavaScript one: not JSON, templates or scripts a consent manager holds back), outside
    HTML comments."""
    lowered = source.lower() if "<script" not in source or "<SCRIPT" in source or "<Script" in source else source
    bodies = []
    pos = 0
    while True:
        at = lowered.find("<script", pos)
        if at < 0:
            return bodies
        comment = lowered.find("<!--", pos, at)
        if comment >= 0:  # a script in a comment never runs
            end = lowered.find("-->", comment + 4)
            if end < 0:
                return bodies
            pos = end + 3
            continue
        m = _SCRIPT_START.match(source, at)
        if m is None:
            pos = at + 7
            continue
        close = lowered.find("</script", m.end())
        end = close if close >= 0 else len(source)
        attrs = m.group(1)
        t = _TYPE.search(attrs)
        kind = next((g for g in t.groups() if g is not None), "").strip().lower() if t else ""
        if kind in JS_TYPES and not _SRC.search(attrs):
            bodies.append((m.end(), end))
        pos = end


class _Reader:
    def __init__(
        self, text: str, options: ReadOptions, jsx: bool, writer: MarkupWriter | None = None,
        region: tuple[int, int] | None = None,
    ) -> None:
        self.text = text
        self.options = options
        self.jsx = jsx
        self.writer = writer or MarkupWriter(text)
        self.region = region or (0, len(text))
        if region is None:
            self.toks = lx.tokenize(text, jsx)
        else:  # an inline script: its tokens, at their offsets in the page
            self.toks = lx.tokenize(text[region[0] : region[1]], jsx)
            self.toks.shift(region[0], text)
        self.kinds = self.toks.kinds
        self.starts = self.toks.starts
        self.ends = self.toks.ends
        self.match = self.toks.match
        self.n = len(self.kinds)
        self.consumed: set[int] = set()  # literal tokens already written
        self.variables: dict[str, list[tuple]] = {}  # name -> pieces of the string it holds
        self.var_markup: dict[str, bool] = {}  # name -> whether what it holds has markup
        self.expanded: set[str] = set()  # variables written out at a sink
        self.declared: set[int] = set()  # name tokens of declarations, read by _declarations
        self.created: dict[str, dict] = {}  # variable -> element made by createElement
        self.jobs: list[tuple] = []  # fragments to write: ("pieces", at, pieces), ("element", record)
        # Past a handler for the visitor's act or a consent check, what the script loads may
        # wait for them: such loads are left to the reading of the script's own code.
        start, end = self.region
        gates = [m.start() for m in (_INTERACTION_HANDLER.search(text, start, end), _CONSENT_CHECK.search(text, start, end)) if m]
        self.first_gate = min(gates, default=len(text))
        self.pending: list[int] = []  # JSX elements found in attribute values, read apart
        self.markup_memo: dict[int, bool] = {}  # template head -> whether its text has markup
        self.queued: set[int] = set()  # the same, as a set: each is read once
        self.holds_jsx: set[int] = set()  # "{" of attribute values with JSX in them
        # The first "{" left open to the end of the file whose JSX was queued: one after it
        # holds nothing that scan did not queue (what encloses an open brace is open too).
        self.open_scan_from: int | None = None
        self._imports: dict[str, str] | None = None

    @property
    def imports(self) -> dict[str, str]:
        if self._imports is None:
            self._imports = comp.imports_of(self.text)
        return self._imports

    # --- the whole reading ------------------------------------------------------------

    def read(self) -> Reading:
        w = self.writer
        w.comments = list(self.toks.comments)
        roots = self._jsx_roots() if self.jsx else []
        for i in roots:  # strings in a component's JSX are its text or its code, never markup apart
            for k in range(i, self.match.get(i, self.n - 1) + 1):
                if self.kinds[k] in _LITERALS:
                    self.consumed.add(k)
        # What the code writes is found first, so that the code read as a script leaves out
        # the strings read as markup: each URL is seen once, where it loads.
        self._scripts()
        self._code_as_script(roots, self._written())
        self._write_jobs()
        for i in roots:
            self._jsx_fragment(i)
        done = 0
        while done < len(self.pending):  # the list grows as nested ones are found
            self._jsx_fragment(self.pending[done])
            done += 1
        return w.finish()

    def _written(self) -> list[int]:
        """The string and template tokens that the jobs write as markup."""
        return [
            i for job in self.jobs for pieces in self._job_pieces(job) for kind, i, *_ in pieces if kind in ("str", "tmpl")
        ]

    def _write_jobs(self) -> None:
        for job in self.jobs:
            if job[0] == "pieces":
                self.writer.fragment(job[1])
                self._write_pieces(job[2])
            else:
                self._write_element(job[1])

    @staticmethod
    def _job_pieces(job: tuple) -> list[list[tuple]]:
        if job[0] == "pieces":
            return [job[2]]
        return [pieces for _attr, pieces, _at in job[1]["attrs"]]

    def _code_as_script(self, roots: list[int], written: list[int]) -> None:
        """The file's code as an inline script, without its JSX elements and the strings
        read as markup."""
        w, text = self.writer, self.text
        w.write(f"<script {CODE_SCRIPT_ATTRIBUTE}>", 0, 0)
        self._code_in_place(written, roots)
        w.write("</script>", len(text), len(text))

    def _code_in_place(self, written: list[int], roots: list[int] = ()) -> None:
        """The code of the region as it stands, each JSX element and each string read as
        markup replaced by a neutral value."""
        w = self.writer
        # A neutral value stands for each (not template code: the lines stay certain for the
        # directives on them).
        ranges = [(self.starts[i], self._element_end(i), "null") for i in roots]
        ranges += [
            (self.starts[i], self._element_end(i) if self.kinds[i] == lx.TMPL_HEAD else self.ends[i], "''")
            for i in written
        ]
        ranges.sort()
        pos, region_end = self.region
        for start, end, stand_in in ranges:
            if start < pos:
                continue  # within a range already left out
            self._copy_code(pos, start)
            w.write(stand_in, start, end)
            pos = end
        self._copy_code(pos, region_end)

    def _copy_code(self, start: int, end: int) -> None:
        _copy_code(self.writer, self.text, start, end)

    def _element_end(self, i: int) -> int:
        j = self.match.get(i)
        return self.ends[j] if j is not None else self.region[1]

    # --- pieces of strings ------------------------------------------------------------

    def _decoded(self, start: int, end: int, attr: bool = False) -> None:
        """A string's text from ``start`` to ``end`` with its escapes decoded (and, in an
        attribute value, its double quotes written as &quot;)."""
        w = self.writer
        pos = start
        for m in (_ESCAPE_OR_QUOTE if attr else _ESCAPE).finditer(self.text, start, end):
            w.copy(pos, m.start())
            w.write(_decode(m.group()), m.start(), m.end())
            pos = m.end()
        w.copy(pos, end)

    def _string(self, i: int, attr: bool = False) -> None:
        s, e = self.starts[i], self.ends[i]
        quote = self.text[s]
        self._decoded(s + 1, e - 1 if e - s >= 2 and self.text[e - 1] == quote else e, attr)
        self.consumed.add(i)

    def _template(self, i: int, attr: bool = False) -> None:
        """A template literal: its text decoded, each ``${...}`` unknown."""
        kinds, starts, ends, text = self.kinds, self.starts, self.ends, self.text
        self.consumed.add(i)
        if kinds[i] == lx.TMPL_FULL:
            end = ends[i] - 1 if ends[i] - starts[i] >= 2 and text[ends[i] - 1] == "`" else ends[i]
            self._decoded(starts[i] + 1, end, attr)
            return
        self._decoded(starts[i] + 1, ends[i] - 2, attr)
        k = i + 1
        hole = ends[i] - 2
        while k < self.n:
            kind = kinds[k]
            if kind == lx.TMPL_FULL or kind == lx.TMPL_HEAD:
                # A template in the hole is read on its own: the hole's code stops short of
                # it, so that nested templates do not each span all those inside them.
                if hole < starts[k]:
                    self.writer.unknown(hole, starts[k])
                k = self._skip(k)
                hole = ends[k - 1]
                continue
            if kind == lx.TMPL_MID or kind == lx.TMPL_TAIL:
                self.writer.unknown(hole, starts[k] + 1)
                if kind == lx.TMPL_TAIL:
                    end = ends[k] - 1 if text[ends[k] - 1] == "`" and ends[k] - starts[k] >= 2 else ends[k]
                    self._decoded(starts[k] + 1, end, attr)
                    return
                self._decoded(starts[k] + 1, ends[k] - 2, attr)
                hole = ends[k] - 2
                k += 1
                continue
            k = self._skip(k)
        self.writer.unknown(hole, self.region[1])  # left open at the end of the file

    def _skip(self, k: int) -> int:
        """The token after the one at ``k`` and all it opens."""
        j = self.match.get(k)
        return j + 1 if j is not None and j > k else k + 1

    def _value(self, i: int) -> str:
        if not 0 <= i < self.n:
            return ""
        return self.text[self.starts[i] : self.ends[i]]

    def _punct(self, i: int, *values: str) -> bool:
        return 0 <= i < self.n and self.kinds[i] == lx.PUNCT and self._value(i) in values

    # --- chains: "a" + b + `c${d}` ------------------------------------------------------

    def _operand(self, i: int) -> tuple[tuple | None, int]:
        n, kinds = self.n, self.kinds
        if i >= n:
            return None, i
        kind = kinds[i]
        if kind == lx.STR and not self._postfix(i + 1):
            return ("str", i), i + 1
        if kind == lx.TMPL_FULL and not self._postfix(i + 1):
            return ("tmpl", i), i + 1
        if kind == lx.TMPL_HEAD:
            j = self.match.get(i)
            if j is not None and not self._postfix(j + 1):
                return ("tmpl", i), j + 1
        if kind == lx.NAME and self._value(i) not in _KEYWORDS and not self._postfix(i + 1):
            return ("var", self._value(i), self.starts[i], self.ends[i]), i + 1
        k = i
        while k < n:
            kind = kinds[k]
            if kind in _JSX_KINDS:
                if kind in (lx.JSX_OPEN, lx.JSX_FRAG_OPEN):
                    k = self._skip(k)
                    continue
                break
            if kind == lx.TMPL_MID or kind == lx.TMPL_TAIL:
                break
            if k > i and self._new_statement(k):
                break
            if kind == lx.PUNCT:
                v = self._value(k)
                if v in _CHAIN_STOPS or (v == "+" and k > i):
                    break
                if v in _OPENERS and k not in self.match:
                    k = n  # left open: the rest of the file is in it
                    break
            elif kind == lx.TMPL_HEAD and k not in self.match:
                k = n
                break
            k = self._skip(k)
        if k == i:
            return None, i
        return ("unk", self.starts[i], self.ends[k - 1]), k

    def _postfix(self, j: int) -> bool:
        """True when the token at ``j`` makes what is before it part of a larger value."""
        if j >= self.n:
            return False
        kind = self.kinds[j]
        if kind == lx.PUNCT:
            return self._value(j) in (".", "[", "(", "?.")
        return kind in (lx.TMPL_FULL, lx.TMPL_HEAD) and not self._new_statement(j)

    def _new_statement(self, k: int) -> bool:
        """A line break between a value and the start of another: a statement ends there."""
        prev = k - 1
        if self.kinds[k] not in _STARTS_VALUE:
            return False
        if self.kinds[prev] not in _ENDS_VALUE and not self._punct(prev, ")", "]", "}"):
            return False
        return "\n" in self.text[self.ends[prev] : self.starts[k]]

    def _chain(self, i: int) -> tuple[list[tuple], int]:
        pieces: list[tuple] = []
        while True:
            piece, i = self._operand(i)
            if piece is None:
                break
            pieces.append(piece)
            if self._punct(i, "+"):
                i += 1
                continue
            break
        return pieces, i

    def _has_markup(self, pieces: list[tuple]) -> bool:
        for piece in pieces:
            if piece[0] in ("str", "tmpl"):
                if self._literal_has_markup(piece[1]):
                    return True
            elif piece[0] == "var" and self.var_markup.get(piece[1]) and piece[1] in self.variables:
                return True
        return False

    def _literal_has_markup(self, i: int) -> bool:
        """Whether the text of the string or template at ``i`` starts a tag; a template's holes
        are not its text (so nested templates are each searched once)."""
        text, kinds, starts, ends = self.text, self.kinds, self.starts, self.ends
        if kinds[i] != lx.TMPL_HEAD:
            return _MARKUP.search(text, starts[i], ends[i]) is not None
        known = self.markup_memo.get(i)
        if known is not None:
            return known
        found = False
        k = i
        while k < self.n and not found:
            if kinds[k] in (lx.TMPL_HEAD, lx.TMPL_MID, lx.TMPL_TAIL) and (k == i or kinds[k] != lx.TMPL_HEAD):
                # A part's text with its "`" or "}" before it and "${" after: a tag needs two characters.
                found = _MARKUP.search(text, starts[k], ends[k]) is not None
                if kinds[k] == lx.TMPL_TAIL:
                    break
                k += 1
                continue
            if kinds[k] == lx.TMPL_HEAD and k not in self.match:
                break  # a template left open: the rest of the file is in it
            k = self._skip(k)
        self.markup_memo[i] = found
        return found

    def _hold(self, name: str, pieces: list[tuple]) -> None:
        """``name`` now holds ``pieces``."""
        self.variables[name] = pieces
        self.var_markup[name] = self._has_markup(pieces)
        self.expanded.discard(name)

    def _append(self, name: str, pieces: list[tuple]) -> None:
        """``name`` += ``pieces`` (in place: a loop of thousands of += stays linear)."""
        self.variables[name].extend(pieces)
        self.var_markup[name] = self.var_markup.get(name, False) or self._has_markup(pieces)

    def _has_literal(self, pieces: list[tuple]) -> bool:
        return any(p[0] in ("str", "tmpl") or (p[0] == "var" and p[1] in self.variables) for p in pieces)

    def _resolve(self, pieces: list[tuple], depth: int = 0) -> list[tuple]:
        """The pieces with each variable replaced by what it holds now (once: a variable
        written at one sink is unknown at the next, so the markup is never multiplied)."""
        out: list[tuple] = []
        for piece in pieces:
            if piece[0] == "var":
                name = piece[1]
                held = self.variables.get(name)
                if held is not None and name not in self.expanded and depth < _VARIABLE_DEPTH:
                    self.expanded.add(name)
                    out += self._resolve(held, depth + 1)
                    continue
            out.append(piece)
        return out

    def _write_pieces(self, pieces: list[tuple], attr: bool = False) -> None:
        w = self.writer
        for piece in pieces:
            kind = piece[0]
            if kind == "str":
                self._string(piece[1], attr)
            elif kind == "tmpl":
                self._template(piece[1], attr)
            elif kind == "var":
                w.unknown(piece[2], piece[3])
            else:
                w.unknown(piece[1], piece[2])

    def _pieces_end(self, pieces: list[tuple]) -> int:
        last = pieces[-1]
        if last[0] == "str":
            return self.ends[last[1]]
        if last[0] == "tmpl":
            return self.ends[self.match.get(last[1], last[1])]
        return last[-1]

    def _mark(self, pieces: list[tuple]) -> None:
        for piece in pieces:
            if piece[0] in ("str", "tmpl"):
                self.consumed.add(piece[1])

    def _fragment(self, pieces: list[tuple]) -> None:
        if not pieces:
            return
        first = pieces[0]
        at = self.starts[first[1]] if first[0] in ("str", "tmpl") else first[-2]
        self.jobs.append(("pieces", at, self._resolve(pieces)))

    # --- scripts: sinks, variables, created elements -------------------------------------

    def _scripts(self) -> None:
        kinds, starts, ends, text, n = self.kinds, self.starts, self.ends, self.text, self.n
        i = 0
        while i < n:
            kind = kinds[i]
            if kind == lx.NAME:
                name = text[starts[i] : ends[i]]
                # Most names neither write markup nor are assigned: only those _name reads.
                if name in _SINK_NAMES or (
                    i + 1 < n and kinds[i + 1] == lx.PUNCT and text[starts[i + 1]] in "=+"
                ):
                    self._name(i, name)
            elif kind in _LITERALS and i not in self.consumed:
                pieces, _ = self._chain(i)
                self._mark(pieces)  # read once, whatever it holds
                if self._has_markup(pieces):
                    self._fragment(pieces)
            i += 1
        for name, pieces in self.variables.items():
            if name not in self.expanded and self.var_markup.get(name):
                self._fragment(pieces)
        for name in list(self.created):
            self._created_element(name)

    def _name(self, i: int, name: str) -> None:
        after_dot = self._punct(i - 1, ".", "?.")
        if after_dot:
            if name in ("innerHTML", "outerHTML") and self._punct(i + 1, "=", "+="):
                self._sink(i + 2, markup_only=False)
            elif name == "insertAdjacentHTML" and self._punct(i + 1, "("):
                args = self._arguments(i + 1)
                if len(args) >= 2:
                    self._sink(args[1], markup_only=False)
            elif name in ("write", "writeln") and self._punct(i + 1, "(") and self._value(i - 2) == "document":
                pieces: list[tuple] = []
                for arg in self._arguments(i + 1):
                    pieces += self._chain(arg)[0]
                self._emit(pieces, markup_only=False)
            elif name in _MARKUP_METHODS and self._punct(i + 1, "("):
                for arg in self._arguments(i + 1):
                    self._sink(arg, markup_only=True)
            elif name == "setAttribute" and self._punct(i + 1, "(") and i >= 2 and self._value(i - 2) in self.created:
                args = self._arguments(i + 1)
                if len(args) >= 2 and self.kinds[args[0]] == lx.STR:
                    attr = self._literal_text(args[0])
                    self._element_attribute(self._value(i - 2), attr.lower(), args[1], self.starts[args[0]])
            elif (
                name in _ELEMENT_PROPERTIES and self._punct(i + 1, "=") and i >= 2
                and self._value(i - 2) in self.created and self.kinds[i - 2] == lx.NAME
            ):
                self._element_attribute(self._value(i - 2), _ELEMENT_PROPERTIES[name], i + 2, self.starts[i])
            return
        if name in ("$", "jQuery") and self._punct(i + 1, "("):
            args = self._arguments(i + 1)
            if args:
                self._sink(args[0], markup_only=True)
        elif name in ("let", "const", "var"):
            self._declarations(i + 1)
        elif name == "return":
            pieces, _ = self._chain(i + 1)
            if self._has_markup(pieces):
                self._emit(pieces, markup_only=True)
        elif name == "Image" and self._value(i - 1) == "new":
            self._new_image(i)
        elif name not in _KEYWORDS and i not in self.declared:
            if self._punct(i + 1, "="):
                self._assign(name, i + 2, declared=False)
            elif self._punct(i + 1, "+="):
                pieces, _ = self._chain(i + 2)
                if name in self.variables and name not in self.expanded:
                    self._append(name, pieces)
                    self._mark(pieces)
                elif self._has_markup(pieces):
                    self._hold(name, [("unk", self.starts[i], self.ends[i])] + pieces)
                    self._mark(pieces)

    def _sink(self, i: int, markup_only: bool) -> None:
        pieces, _ = self._chain(i)
        self._emit(pieces, markup_only)

    def _emit(self, pieces: list[tuple], markup_only: bool) -> None:
        if not pieces or not (self._has_markup(pieces) if markup_only else self._has_literal(pieces)):
            return
        self._mark(pieces)
        self._fragment(pieces)

    def _arguments(self, open_paren: int) -> list[int]:
        """The first token of each argument of the call whose "(" is at ``open_paren``."""
        close = self.match.get(open_paren)
        if close is None:
            return []
        args = []
        k = open_paren + 1
        start = k
        while k < close:
            if self._punct(k, ","):
                if k > start:
                    args.append(start)
                start = k + 1
                k += 1
                continue
            k = self._skip(k)
        if close > start:
            args.append(start)
        return args

    def _declarations(self, i: int) -> None:
        """let a = ..., b = ...: what each name holds, when it is a string or an element."""
        while i + 1 < self.n and self.kinds[i] == lx.NAME:
            name = self._value(i)
            self.declared.add(i)
            k = i + 1
            if self._punct(k, ":"):  # a TypeScript annotation: skip to "="
                while k < self.n and not self._punct(k, "=", ",", ";"):
                    k = self._skip(k)
            if not self._punct(k, "="):
                return
            end = self._assign(name, k + 1, declared=True)
            if not self._punct(end, ","):
                return
            i = end + 1

    def _assign(self, name: str, i: int, declared: bool) -> int:
        """``name = <value at i>``; returns the index after the value (its chain)."""
        element = self._created_by(i) if i < self.n else None
        if element is not None:
            if name in self.created:
                self._created_element(name)
            self.created[name] = {"tag": element[0], "at": element[1], "end": element[2], "attrs": []}
            return i + 1
        pieces, end = self._chain(i)
        if not declared and pieces and pieces[0][0] == "var" and pieces[0][1] == name and name in self.variables:
            if name not in self.expanded:
                self._append(name, pieces[1:])
                self._mark(pieces)
                return end
        old = self.variables.pop(name, None)
        if old is not None and name not in self.expanded and self.var_markup.get(name):
            self._fragment(old)  # what it held before is markup written apart
        self.expanded.discard(name)
        self.var_markup.pop(name, None)
        if self._has_literal(pieces):
            self._hold(name, pieces)
            self._mark(pieces)
        return end

    def _literal_text(self, i: int) -> str:
        s, e = self.starts[i], self.ends[i]
        return self.text[s + 1 : e - 1] if e - s >= 2 else ""

    # document.createElement('script') and new Image()

    def _created_by(self, i: int) -> tuple[str, int, int] | None:
        """The tag of ``document.createElement('tag')`` at ``i``, with where the call stands."""
        v = self._value
        if i + 5 < self.n and v(i + 1) == "." and v(i + 2) == "createElement" and v(i + 3) == "(":
            if self.kinds[i + 4] == lx.STR and v(i + 5) == ")":
                tag = self._literal_text(i + 4).strip().lower()
                if re.fullmatch(r"[a-z][a-z0-9-]*", tag):
                    return tag, self.starts[i], self.ends[i + 5]
        if v(i) == "new" and i + 1 < self.n and v(i + 1) == "Image":
            return "img", self.starts[i], self.ends[i + 1]
        return None

    def _new_image(self, i: int) -> None:
        """``new Image().src = '...'``: a pixel, written as an <img>."""
        k = i + 1
        if self._punct(k, "(") and self._punct(k + 1, ")"):
            k += 2
        if self._punct(k, ")"):  # (new Image).src
            k += 1
        if self._punct(k, ".") and k + 2 < self.n and self._value(k + 1) == "src" and self._punct(k + 2, "="):
            key = f"\0image{i}"
            self.created[key] = {"tag": "img", "at": self.starts[i - 1], "end": self.ends[i], "attrs": []}
            self._element_attribute(key, "src", k + 3, self.starts[k + 1])

    def _element_attribute(self, name: str, attr: str, i: int, at: int) -> None:
        word = self._value(i)
        if self.kinds[i] == lx.NAME and word in ("true", "false") and not self._postfix(i + 1) if i < self.n else False:
            if word == "true":  # s.async = true: a boolean attribute, present
                self.created[name]["attrs"].append((attr, [], at))
            return
        pieces, _ = self._chain(i)
        if not pieces:
            return
        self._mark(pieces)
        self.created[name]["attrs"].append((attr, self._resolve(pieces), at))

    def _created_element(self, name: str) -> None:
        """The element a script created, with the attributes it set: its own fragment. One
        created after the script sets up a click handler or checks consent is left to the
        script's reading (it may wait for the visitor)."""
        element = self.created.pop(name)
        # One whose attributes are all computed tells the rules nothing.
        known = any(pieces and self._has_literal(pieces) for _attr, pieces, _at in element["attrs"])
        if known and element["at"] < self.first_gate:
            self.jobs.append(("element", element))

    def _write_element(self, element: dict) -> None:
        w = self.writer
        tag, at, end = element["tag"], element["at"], element["end"]
        w.fragment(at)
        w.write("<" + tag, at, end)
        for attr, pieces, where in element["attrs"]:
            if not _ATTRIBUTE_NAME.fullmatch(attr):
                continue
            if not pieces:
                w.write(f" {attr}", where, where)
                continue
            w.write(f' {attr}="', where, where)
            self._write_pieces(pieces, attr=True)
            value_end = self._pieces_end(pieces)
            w.write('"', value_end, value_end)
        w.write(">", end, end)
        if tag not in _VOID:
            w.write(f"</{tag}>", end, end)

    # --- JSX ----------------------------------------------------------------------------

    def _jsx_roots(self) -> list[int]:
        """The outermost JSX elements of the file, in order."""
        roots = []
        kinds = self.kinds
        i = 0
        while i < self.n:
            if kinds[i] in (lx.JSX_OPEN, lx.JSX_FRAG_OPEN):
                roots.append(i)
                j = self.match.get(i)
                if j is None:
                    break  # open to the end of the file
                i = j + 1
                continue
            i += 1
        return roots

    def _jsx_fragment(self, i: int) -> None:
        self.writer.fragment(self.starts[i])
        self._build(i)

    def _build(self, root: int) -> None:
        """Write one JSX element tree, children and code among them in place. Iterative: an
        explicit stack of open elements and of expression containers among children."""
        kinds, starts, ends, w = self.kinds, self.starts, self.ends, self.writer
        last = self.match.get(root, self.n - 1)
        # Frames: ("el", closing) for an open element; ("expr", close index, run start).
        stack: list[list] = []
        i = root
        while i <= last and i < self.n:
            kind = kinds[i]
            top = stack[-1] if stack else None
            if top is not None and top[0] == "expr":
                if i >= top[1]:  # the container's "}"
                    if top[2] is not None:
                        w.unknown(top[2], ends[min(i, self.n - 1)])
                    stack.pop()
                    i += 1
                    continue
                if kind in (lx.JSX_OPEN, lx.JSX_FRAG_OPEN):
                    if top[2] is not None:
                        w.unknown(top[2], starts[i])
                    top[2] = None
                    i = self._open(i, stack)
                    continue
                if top[2] is None:
                    top[2] = starts[i]
                i = self._skip_code(i, top[1])
                continue
            if kind == lx.JSX_OPEN:
                i = self._open(i, stack)
            elif kind == lx.JSX_FRAG_OPEN:
                stack.append(["el", None, False])
                i += 1
            elif kind == lx.JSX_TEXT:
                w.copy(starts[i], ends[i])
                i += 1
            elif kind == lx.JSX_EXPR_OPEN:
                i = self._child_expression(i, stack)
            elif kind in (lx.JSX_CLOSE, lx.JSX_FRAG_CLOSE):
                if stack and stack[-1][0] == "el":
                    frame = stack.pop()
                    self._close(frame, i)
                i += 1
            else:
                i += 1
        while stack:  # left open at the end of the file: closed there
            frame = stack.pop()
            if frame[0] == "el":
                self._close(frame, None)

    def _skip_code(self, i: int, close: int) -> int:
        """Past code inside an expression container, up to JSX or the container's end."""
        kinds = self.kinds
        while i < close and kinds[i] not in (lx.JSX_OPEN, lx.JSX_FRAG_OPEN):
            if kinds[i] in _LITERALS:
                self.consumed.add(i)  # code of a component: its strings are not markup written apart
            i += 1
        return i

    def _close(self, frame: list, i: int | None) -> None:
        w = self.writer
        closing = frame[1]
        s = self.starts[i] if i is not None else len(self.text)
        e = self.ends[i] if i is not None else len(self.text)
        if closing is None:
            return
        if closing == "?":
            w.unknown(s, e)
        elif closing == "copy" and i is not None:
            w.copy(s, e)
        else:
            w.write(closing, s, e)

    def _child_expression(self, i: int, stack: list) -> int:
        """``{...}`` among children: a literal is text, code is unknown, JSX in it is written in
        place (``{cond && <a/>}``, ``{items.map(i => <li>{i}</li>)}``)."""
        kinds, w = self.kinds, self.writer
        close = self.match.get(i)
        if close is None:
            close = self.n
        inner = close - i - 1
        if inner <= 0:
            return close + 1  # {} or {/* a comment */}
        first = i + 1
        if inner == 1 and kinds[first] in (lx.STR, lx.TMPL_FULL):
            if kinds[first] == lx.STR:
                self._string(first)
            else:
                self._template(first)
            return close + 1
        if kinds[first] == lx.TMPL_HEAD and self.match.get(first) == close - 1:
            self._template(first)
            return close + 1
        words = [self._value(k) for k in range(first, min(close, first + 5))]
        if words in (["children"], ["props", ".", "children"], ["this", ".", "props", ".", "children"]):
            self.writer.pulls_in_markup = True
        if close >= self.n:
            w.unknown(self.starts[i], self.ends[i])  # left open: its code is read in place of its value
            return self.n
        stack.append(["expr", close, self.starts[i]])
        return i + 1

    # one element's start tag

    def _open(self, i: int, stack: list) -> int:
        """Write the start tag at ``i`` (and, for one that closes itself, its end); push the
        element. Returns the index after the start tag."""
        kinds, starts, ends, w = self.kinds, self.starts, self.ends, self.writer
        name = self._value(i)[1:]
        attrs, k = self._attributes(i + 1)
        self_closing = k < self.n and kinds[k] == lx.JSX_SELF_END
        tag_end = ends[k] if k < self.n else len(self.text)
        after = k + 1
        is_html = name[:1].islower() and "." not in name
        component = None if is_html else comp.resolve(name, self.imports, self.options)
        if not is_html and component is None:
            # Unknown component: it stands as unknown, its children in place.
            w.unknown(starts[i], tag_end)
            w.pulls_in_markup = True
            if not self_closing:
                stack.append(["el", "?", False])
            return after
        if component is not None and not component.element:
            if not self_closing:
                stack.append(["el", None, False])
            return after
        element = name if component is None else component.element
        if component is None:
            w.copy(starts[i], ends[i])
        else:
            w.write("<" + element, starts[i], ends[i])
        content = self._write_attributes(attrs, component)
        if component is not None:
            self._fixed_attributes(component, attrs, starts[i], ends[i])
        if k < self.n and kinds[k] == lx.JSX_TAG_END and component is None:
            w.copy(starts[k], ends[k])
        else:
            w.write(">", starts[k] if k < self.n else tag_end, tag_end)
        if content is not None:
            self._write_pieces(content)
        void = element.lower() in _VOID
        if self_closing:
            if not void:
                w.write(f"</{element}>", tag_end, tag_end)
            return after
        closing = None if void else "copy" if component is None else f"</{element}>"
        stack.append(["el", closing, False])
        return after

    def _attributes(self, k: int) -> tuple[list[tuple], int]:
        """The attributes of a start tag from ``k``: (name index or None for a spread, value
        kind, value index); and the index of the tag's end."""
        kinds = self.kinds
        attrs: list[tuple] = []
        while k < self.n:
            kind = kinds[k]
            if kind in (lx.JSX_TAG_END, lx.JSX_SELF_END):
                break
            if kind == lx.JSX_ATTR:
                if k + 2 < self.n and kinds[k + 1] == lx.JSX_EQ:
                    if kinds[k + 2] == lx.JSX_STR:
                        attrs.append((k, "str", k + 2))
                        k += 3
                        continue
                    if kinds[k + 2] == lx.JSX_EXPR_OPEN:
                        attrs.append((k, "expr", k + 2))
                        self._nested_jsx(k + 2)
                        if k + 2 not in self.match:
                            return attrs, self.n  # the value runs to the end of the file
                        k = self._skip(k + 2)
                        continue
                attrs.append((k, "bare", None))
                k += 1
                continue
            if kind == lx.JSX_EXPR_OPEN:
                attrs.append((None, "expr", k))
                self._nested_jsx(k)
                if k not in self.match:
                    return attrs, self.n
                k = self._skip(k)
                continue
            if kind in (lx.JSX_OPEN, lx.JSX_FRAG_OPEN, lx.JSX_CLOSE, lx.JSX_TEXT, lx.JSX_FRAG_CLOSE):
                break  # a start tag cut short
            k += 1
        return attrs, k

    def _nested_jsx(self, open_brace: int) -> None:
        """JSX inside an attribute's value (a render prop, icon={<Icon/>}): read apart later."""
        close = self.match.get(open_brace)
        if close is None:
            if self.open_scan_from is not None and open_brace > self.open_scan_from:
                return
            self.open_scan_from = open_brace
            close = self.n
        k = open_brace + 1
        while k < close and k < self.n:
            if self.kinds[k] in (lx.JSX_OPEN, lx.JSX_FRAG_OPEN):
                self.holds_jsx.add(open_brace)
                if k not in self.queued:
                    self.queued.add(k)
                    self.pending.append(k)
                k = self._skip(k)
                continue
            if self.kinds[k] in _LITERALS:
                self.consumed.add(k)
            k += 1

    def _value_code_end(self, open_brace: int, close: int) -> int:
        """Where the code of an unknown ``{...}`` value ends: at its "}"; at its "{" when it is
        left open or holds JSX read apart (so that nested values never each span all those
        inside them)."""
        if close >= self.n or open_brace in self.holds_jsx:
            return self.ends[open_brace]
        return self.ends[close]

    def _expr_tokens(self, open_brace: int) -> tuple[int, int]:
        close = self.match.get(open_brace, self.n)
        return open_brace + 1, close

    def _write_attributes(self, attrs: list[tuple], component: comp.Component | None) -> list[tuple] | None:
        """Write a start tag's attributes; returns dangerouslySetInnerHTML's content, if any."""
        w, starts, ends, kinds = self.writer, self.starts, self.ends, self.kinds
        content = None
        for name_at, how, value_at in attrs:
            if name_at is None:  # {...spread}: attributes nobody knows, between the others
                first, close = self._expr_tokens(value_at)
                w.write(" ", starts[value_at], starts[value_at])
                w.unknown(starts[value_at], self._value_code_end(value_at, close))
                continue
            prop = self._value(name_at)
            if prop == "dangerouslySetInnerHTML" and how == "expr":
                content = self._inner_html(value_at)
                continue
            attr = self._html_name(prop, component)
            if attr is None:
                continue
            ns, ne = starts[name_at], ends[name_at]
            if how == "bare":
                self._attr_name(attr, prop, ns, ne)
                continue
            if how == "str":
                self._attr_name(attr, prop, ns, ne)
                w.copy(ne, ends[value_at])  # ="value" as written
                continue
            first, close = self._expr_tokens(value_at)
            if close <= first:
                continue  # attr={}: nothing
            single = close - first == 1
            kind = kinds[first]
            word = self._value(first)
            if single and kind == lx.NAME and word in _ABSENT:
                continue
            self._attr_name(attr, prop, ns, ne)
            if single and kind == lx.NAME and word == "true":
                continue
            w.write('="', ends[name_at], starts[first])
            if single and kind == lx.STR:
                self._string(first, attr=True)
            elif (single and kind == lx.TMPL_FULL) or (kind == lx.TMPL_HEAD and self.match.get(first) == close - 1):
                self._template(first, attr=True)
            elif single and kind == lx.NUM:
                w.copy(starts[first], ends[first])
            else:
                w.unknown(starts[value_at], self._value_code_end(value_at, close))
            end = self._value_code_end(value_at, close)
            w.write('"', end, end)
        return content

    def _attr_name(self, attr: str, prop: str, start: int, end: int) -> None:
        w = self.writer
        w.write(" ", start, start)
        if attr == prop:
            w.copy(start, end)
        else:
            w.write(attr, start, end)

    def _html_name(self, prop: str, component: comp.Component | None) -> str | None:
        """The attribute a JSX prop renders as, or None."""
        if component is not None:
            renamed = component.attribute_for(prop)
            if renamed is None:
                return None
            prop = renamed
        if prop in _NOT_RENDERED or _EVENT_HANDLER.match(prop):
            return None
        if prop in _DOM_NAMES:
            return _DOM_NAMES[prop]
        if not _ATTRIBUTE_NAME.fullmatch(prop):
            return None
        if "-" in prop or ":" in prop:
            return prop  # data-*, aria-*, custom elements' attributes: as written
        return prop.lower()  # autoComplete, formAction, noValidate, itemType ...

    def _fixed_attributes(self, component: comp.Component, attrs: list[tuple], start: int, end: int) -> None:
        """An entry's fixed attributes (the src of a hosted field, GoogleTagManager's loader),
        ``{prop}`` filled from the props' literals."""
        if not component.attributes:
            return
        w = self.writer
        literals: dict[str, str] = {}
        spots: dict[str, tuple[int, int]] = {}
        for name_at, how, value_at in attrs:
            if name_at is None:
                continue
            prop = self._value(name_at)
            spots[prop] = (self.starts[name_at], self.ends[value_at] if value_at is not None else self.ends[name_at])
            if how == "str":
                literals[prop] = self._literal_text(value_at)
            elif how == "expr":
                first, close = self._expr_tokens(value_at)
                if close - first == 1 and self.kinds[first] in (lx.STR, lx.TMPL_FULL):
                    literals[prop] = self._literal_text(first)
        for attr, value in component.fixed_attributes(literals).items():
            if not _ATTRIBUTE_NAME.fullmatch(attr):
                continue
            if value is None:
                w.write(f' {attr}="', start, end)
                refs = [m.group(1) for m in re.finditer(r"\{(\w+)\}", component.attributes[attr])]
                spot = next((spots[r] for r in refs if r in spots), (start, end))
                w.unknown(*spot)
                w.write('"', end, end)
            else:
                w.write(f' {attr}="{_attribute_text(value)}"', start, end)
        if component.hosted_fields:
            w.write(f' {HOSTED_FIELDS_ATTRIBUTE}="{_attribute_text(component.hosted_fields)}"', start, end)

    def _inner_html(self, open_brace: int) -> list[tuple]:
        """dangerouslySetInnerHTML={{ __html: ... }}: the content's pieces."""
        first, close = self._expr_tokens(open_brace)
        v = self._value
        if first < close and v(first) == "{" and first + 2 < close and v(first + 1) in ("__html", "'__html'", '"__html"'):
            if v(first + 2) == ":":
                pieces, _ = self._chain(first + 3)
                self._mark(pieces)
                return pieces
        return [("unk", self.starts[open_brace], self._value_code_end(open_brace, close))]


def _decode(escape: str) -> str:
    """What a backslash escape of a JavaScript string stands for, safe to parse as HTML."""
    if escape == '"':
        return "&quot;"
    body = escape[1:]
    if not body or body in ("\n", "\r\n", "\r", "\u2028", "\u2029"):
        return ""  # a line continuation
    c = body[0]
    if c in _SIMPLE_ESCAPES and len(body) == 1:
        return _SIMPLE_ESCAPES[c]
    if c == "x" and len(body) == 3:
        return _safe(int(body[1:], 16))
    if c == "u" and len(body) > 1:
        return _safe(int(body[1:].strip("{}"), 16))
    return body


def _safe(code: int) -> str:
    """A decoded character as markup can hold it: controls, surrogates and the noncharacters
    privlint uses for its own markers become U+FFFD."""
    if code > 0x10FFFF or 0xD800 <= code <= 0xDFFF or 0xFDD0 <= code <= 0xFDEF:
        return "\ufffd"
    if code < 0x20 and code not in (0x09, 0x0A, 0x0C, 0x0D) or code == 0x7F:
        return "\ufffd"
    if code == 0x0D:
        return "\n"
    return chr(code)


def _attribute_text(value: str) -> str:
    return value.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")
