"""PHP: the markup a PHP file writes.

Outside ``<?php … ?>`` the file is markup, copied as it stands. Inside, code writes markup in
two ways, and the reader follows both:

* **output in place**: ``echo``, ``print``, ``<?=``, ``printf`` and ``vprintf`` write their
  arguments where they stand, so those strings join the page's flow there;
* **markup built as strings**: ``$html = '<p>' . $x . '</p>';``, ``return '<input …>';``, an
  array of field strings, ``apply_filters( 'name', '<p>…</p>' )``. A function's strings are one
  fragment, in source order: what ``$html .=`` adds continues what came before, so a field's
  form is found when the same function writes it, and is unknown otherwise.

A string is read as PHP reads it (escapes decoded; ``$var`` and ``{$expr}`` in double quotes and
heredocs unknown); code joined to it with ``.`` is an unknown value, exactly like ``{{ … }}`` in
a template; ``%s`` in a ``printf`` format is unknown too. Other code is unknown where it stands.
Every character maps back to the file's own line and column.

Time is linear in the file's size: one pass finds the strings, comments and code; files whose
strings hold no markup stop there; the rest are tokenized once, with brackets matched in the
same pass, and each token is looked at a bounded number of times.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from . import MarkupWriter, ReadOptions, Reading
from ._calls import matching_brace
from .blade import collective_pieces
from .woocommerce import form_field_pieces

_OPEN = re.compile(r"<\?(?:php\b|=|(?=\s))", re.I)
# Markup in a string: a tag, an end tag or a comment begins there ('<' alone, as in '<' or
# 'a < b', is no markup).
_MARKUP = re.compile(r"<(?:[A-Za-z]|/[A-Za-z]|!--)")

# What ends a stretch of plain code: a string, a comment, a heredoc, the end of the block.
_CODE_STOP = re.compile(r"""['"`]|//|\#(?!\[)|/\*|\?>|<<<""")
_HEREDOC = re.compile(r"""<<<[ \t]*(["']?)([A-Za-z_\x80-\uffff][\w\x80-\uffff]*)\1\r?\n""")
_SQ_END = re.compile(r"[^'\\]*(?:\\.[^'\\]*)*'", re.S)
_DQ_END = re.compile(r'[^"\\]*(?:\\.[^"\\]*)*"', re.S)
_BT_END = re.compile(r"[^`\\]*(?:\\.[^`\\]*)*`", re.S)
_LINE_COMMENT_END = re.compile(r"\n|\?>")

_TOKEN = re.compile(
    r"""
      (?P<var>\$+[A-Za-z_\x80-\uffff][\w\x80-\uffff]*)
    | (?P<word>\\?[A-Za-z_\x80-\uffff][\w\x80-\uffff]*(?:\\[A-Za-z_\x80-\uffff][\w\x80-\uffff]*)*|\d+(?:\.\d+)?\w*)
    | (?P<op>\.=|=>|\?->|->|::|\?\?=?|\.\.\.|===?|!==?|<=>|<=|>=|&&|\|\||[-+*/%=!<>&|^~?:.,;@(){}\[\]$\\])
    | (?P<other>\S)
    """,
    re.X,
)

# Functions whose string arguments are patterns or needles, not markup that is written.
_NOT_WRITTEN = re.compile(
    r"(?:preg_\w+|str\w*|mb_\w+|substr\w*|explode|implode|in_array|array_\w+|strip_tags|wp_kses_allowed_html"
    r"|html_entity_decode|htmlspecialchars_decode|define|defined|constant|_deprecated\w*|assert\w*)",
    re.I,
)
_OUTPUT_CALLS = frozenset({"printf", "vprintf"})
_FORMAT_CALLS = frozenset({"sprintf", "vsprintf"})
_FORMAT_SPEC = re.compile(r"%(?:%|(?:\d+\$)?[-+ 0]*(?:'.)?\d*(?:\.\d+)?[bcdeEfFgGhHosuxX])")
_DQ_SPECIAL = re.compile(r"\\|\$(?=[A-Za-z_{\x80-\uffff])|\{\$")
_SIMPLE_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "v": "\v", "e": "\x1b", "f": "\f", "\\": "\\", "$": "$", '"': '"'}
_ESCAPE = re.compile(r"\\(?:[0-7]{1,3}|x[0-9A-Fa-f]{1,2}|u\{[0-9A-Fa-f]+\}|.)", re.S)
_INTERPOLATED = re.compile(r"\$[A-Za-z_\x80-\uffff][\w\x80-\uffff]*(?:\[[^\]\n]{0,200}\]|->[A-Za-z_]\w*)?")

# ("copy", start, end) | ("write", text, start, end) | ("unknown", start, end) | ("helper", call)
Piece = tuple


@dataclass
class _Literal:
    """A string literal in the code: where it stands and how it reads."""

    start: int
    end: int
    kind: str  # "sq", "dq", "heredoc", "nowdoc", "bt"
    body_start: int
    body_end: int

    def pieces(self, text: str) -> list[Piece]:
        if self.kind in ("sq", "nowdoc"):
            return _single_quoted(text, self.body_start, self.body_end, self.kind == "sq")
        if self.kind == "bt":
            return [("unknown", self.start, self.end)]  # shell output
        return _double_quoted(text, self.body_start, self.body_end, self.kind == "dq")


def read_php(text: str, options: ReadOptions) -> Reading:
    writer = MarkupWriter(text)
    blocks, literals = _scan(text, writer)
    helpers = "woocommerce_form_field" in text or "Form::" in text or "FormFacade::" in text
    if not helpers and not any(_MARKUP.search(text, lit.body_start, lit.body_end) for lit in literals):
        _write_islands(writer, text, blocks, {})  # no string writes markup: code is unknown
        return writer.finish()
    code = _Code(text, blocks, literals, writer.comments)
    outputs, groups = code.analyse()
    _write_islands(writer, text, blocks, outputs)
    for at, chains in groups:
        writer.fragment(at)
        for pieces in chains:
            _emit(writer, pieces)
    return writer.finish()


# --- pass 1: blocks, strings and comments ----------------------------------------------------


def _scan(text: str, writer: MarkupWriter):
    """The PHP blocks ((start, code start, end), end past ``?>``), the string literals in them,
    and the comments (also given to the writer, for directives)."""
    blocks: list[tuple[int, int, int]] = []
    literals: list[_Literal] = []
    n = len(text)
    pos = 0
    if "<?" not in text:
        return blocks, literals
    while True:
        m = _OPEN.search(text, pos)
        if m is None:
            break
        start, i = m.start(), m.end()
        end = n
        while True:
            stop = _CODE_STOP.search(text, i)
            if stop is None:
                break
            s = stop.group()
            j = stop.start()
            if s == "?>":
                end = stop.end()
                break
            if s in ("'", '"', "`"):
                pattern = _SQ_END if s == "'" else _DQ_END if s == '"' else _BT_END
                close = pattern.match(text, j + 1)
                stop_at = close.end() if close else n
                kind = "sq" if s == "'" else "dq" if s == '"' else "bt"
                literals.append(_Literal(j, stop_at, kind, j + 1, stop_at - 1 if close else n))
                i = stop_at
            elif s == "/*":
                close = text.find("*/", j + 2)
                stop_at = close + 2 if close >= 0 else n
                writer.comments.append((j, stop_at, text[j + 2 : close if close >= 0 else n]))
                i = stop_at
            elif s == "<<<":
                h = _HEREDOC.match(text, j)
                if h is None:
                    i = j + 3
                    continue
                body = h.end()
                closer = re.compile(r"^[ \t]*" + re.escape(h.group(2)) + r"(?![\w\x80-\uffff])", re.M)
                c = closer.search(text, body)
                body_end = max(body, c.start() - 1) if c else n
                stop_at = c.end() if c else n
                literals.append(_Literal(j, stop_at, "nowdoc" if h.group(1) == "'" else "heredoc", body, body_end))
                i = stop_at
            else:  # a line comment: up to the line's end, or the end of the block
                close = _LINE_COMMENT_END.search(text, stop.end())
                stop_at = close.start() if close else n
                writer.comments.append((j, stop_at, text[stop.end() : stop_at]))
                i = stop_at
        blocks.append((start, m.end(), end))
        if end >= n:
            break
        pos = end
    return blocks, literals


def _write_islands(writer: MarkupWriter, text: str, blocks, outputs: dict[int, list[tuple[int, int, list | None]]]) -> None:
    """The page's flow: markup outside PHP as it stands; each block as the output it writes in
    place (``outputs``: block start -> (start, end, pieces or None for unknown)), or unknown."""
    pos = 0
    for start, _code, end in blocks:
        writer.copy(pos, start)
        written = outputs.get(start)
        if not written:
            writer.unknown(start, end)
        else:
            for s, e, pieces in written:
                if pieces is None:
                    writer.unknown(s, e)
                else:
                    _emit(writer, pieces)
        pos = end
    writer.copy(pos, len(text))


def _emit(writer: MarkupWriter, pieces: list[Piece]) -> None:
    for piece in pieces:
        if piece[0] == "copy":
            writer.copy(piece[1], piece[2])
        elif piece[0] == "write":
            writer.write(piece[1], piece[2], piece[3])
        elif piece[0] == "helper":
            writer.mark_helper(piece[1])
        else:
            writer.unknown(piece[1], piece[2])


# --- reading a string literal ----------------------------------------------------------------


def _single_quoted(text: str, start: int, end: int, escapes: bool) -> list[Piece]:
    if not escapes or "\\" not in text[start:end]:
        return [("copy", start, end)]
    pieces: list[Piece] = []
    pos = start
    i = text.find("\\", start, end)
    while i >= 0 and i + 1 < end:
        if text[i + 1] in "\\'":
            pieces.append(("copy", pos, i))
            pieces.append(("write", text[i + 1], i, i + 2))
            pos = i + 2
            i = text.find("\\", pos, end)
        else:
            i = text.find("\\", i + 1, end)
    pieces.append(("copy", pos, end))
    return pieces


def _double_quoted(text: str, start: int, end: int, quoted: bool) -> list[Piece]:
    pieces: list[Piece] = []
    pos = start
    while True:
        m = _DQ_SPECIAL.search(text, pos, end)
        if m is None:
            break
        i = m.start()
        pieces.append(("copy", pos, i))
        if m.group() == "\\":
            e = _ESCAPE.match(text, i, end)
            if e is None:  # a lone backslash at the end
                pos = i
                break
            pieces.append(("write", _decode_escape(e.group(), quoted), i, e.end()))
            pos = e.end()
        elif m.group() == "{$" or text.startswith("${", i):
            close = matching_brace(text, i if m.group() == "{$" else i + 1, end)
            pieces.append(("unknown", i, close))
            pos = close
        else:
            v = _INTERPOLATED.match(text, i, end)
            stop = v.end() if v else i + 1
            pieces.append(("unknown", i, stop))
            pos = stop
    pieces.append(("copy", pos, end))
    return [p for p in pieces if p[0] != "copy" or p[2] > p[1]]


def _decode_escape(seq: str, quoted: bool) -> str:
    c = seq[1]
    if c in _SIMPLE_ESCAPES and (quoted or c != '"'):
        return _SIMPLE_ESCAPES[c]
    try:
        if c in "01234567":
            return chr(int(seq[1:], 8) & 0xFF)
        if c == "x" and len(seq) > 2:
            return chr(int(seq[2:], 16))
        if c == "u" and seq.startswith("\\u{"):
            return chr(int(seq[3:-1], 16))
    except (ValueError, OverflowError):
        pass
    return seq  # PHP keeps an unknown escape as written


# --- pass 2: the code, for files whose strings write markup ----------------------------------

_OPENERS = {"(": ")", "[": "]", "{": "}"}
_CLOSERS = {")": "(", "]": "[", "}": "{"}
_ACCESS = frozenset({"->", "?->", "::"})
_TRIVIAL = frozenset({";", "{", "}", ":", ","})
_MAX_NESTING = 64  # parentheses read inline within each other; deeper is unknown
_TERM_PREFIX = frozenset({"@", "&"})
_CASTS = re.compile(r"\(\s*(?:int|integer|bool|boolean|float|double|real|string|array|object|unset|binary)\s*\)", re.I)


class _Code:
    """The tokens of every PHP block of a file, with brackets matched across blocks (a
    function may close in a later block than it opens)."""

    def __init__(self, text: str, blocks, literals: list[_Literal], comments) -> None:
        self.text = text
        kinds: list[str] = []  # "s" string, "v" variable, "w" word, "o" operator, "b" block edge
        values: list[str] = []
        starts: list[int] = []
        ends: list[int] = []
        self.literal_at: dict[int, _Literal] = {}
        # Strings and comments, in file order: what is not tokenized as code.
        skipped = sorted(
            [(lit.start, lit.end, lit) for lit in literals] + [(c[0], c[1], None) for c in comments],
            key=lambda item: item[0],
        )
        k = 0
        for start, code_start, end in blocks:
            kinds.append("b")
            values.append("<?=" if text.startswith("<?=", start) else "<?php")
            starts.append(start)
            ends.append(code_start)
            block_end = end - 2 if text.startswith("?>", end - 2) else end
            pos = code_start
            while k < len(skipped) and skipped[k][0] < code_start:
                k += 1
            while k < len(skipped) and skipped[k][0] < block_end:
                s, e, lit = skipped[k]
                self._tokens(pos, s, kinds, values, starts, ends)
                if lit is not None:
                    self.literal_at[len(kinds)] = lit
                    kinds.append("s")
                    values.append("")
                    starts.append(s)
                    ends.append(e)
                pos = max(pos, e)
                k += 1
            self._tokens(pos, block_end, kinds, values, starts, ends)
            kinds.append("b")
            values.append("?>")
            starts.append(block_end)
            ends.append(end)
        self.kinds, self.values, self.starts, self.ends = kinds, values, starts, ends
        self.match = self._match_brackets()
        self.skip_to: dict[int, int] = {}  # token -> past a group read inline (not to be read again)
        self._chains: dict[int, tuple[int, list[Piece], bool]] = {}

    def _tokens(self, start: int, end: int, kinds, values, starts, ends) -> None:
        if start >= end:
            return
        text = self.text
        for m in _TOKEN.finditer(text, start, end):
            kinds.append(m.lastgroup[0])
            values.append(m.group())
            starts.append(m.start())
            ends.append(m.end())

    def _match_brackets(self) -> list[int]:
        match = [-1] * len(self.kinds)
        stack: list[int] = []
        kinds, values = self.kinds, self.values
        for i, k in enumerate(kinds):
            if k != "o":
                continue
            v = values[i]
            if v in _OPENERS:
                stack.append(i)
            elif v in _CLOSERS:
                # An unmatched closer is dropped; openers it skips stay open (best effort).
                for depth in range(len(stack) - 1, max(-1, len(stack) - 8), -1):
                    if values[stack[depth]] == _CLOSERS[v]:
                        opener = stack[depth]
                        del stack[depth:]
                        match[opener], match[i] = i, opener
                        break
        return match

    # --- what the code writes -----------------------------------------------------------

    def analyse(self):
        """The output of each block in place (block start -> [(start, end, pieces or None for
        unknown)]), and the markup built as strings, grouped by the function that builds it:
        [(where, [pieces of a chain, ...]), ...]."""
        kinds, values, match, starts, ends = self.kinds, self.values, self.match, self.starts, self.ends
        n = len(kinds)
        outputs: dict[int, list] = {}
        groups: dict[int, list] = {}  # function body opener (or -1) -> chains
        group_at: dict[int, int] = {}
        functions: list[tuple[int, int]] = []  # open function bodies: (opener, closer)
        calls: list[tuple[int, str]] = []  # open brackets: (closer, the word before the bracket)
        covered: dict[int, int] = {}  # depth -> end of the last chain read at that depth
        skip_to = self.skip_to
        pending_function = False
        block_start = 0  # where the block being read starts
        items: list = []
        since = 0  # the first token after the block's last output

        def nontrivial(t: int) -> bool:
            return values[t] not in _TRIVIAL if kinds[t] == "o" else kinds[t] != "w" or values[t].lower() not in ("echo", "print")

        def output(first: int, last: int, pieces) -> None:
            # Code between outputs (a loop, a call that may print) is unknown where it stands.
            nonlocal since
            if any(nontrivial(t) for t in range(since, first)):
                items.append((starts[since], ends[first - 1], None))
            items.append((starts[first], ends[last], pieces))
            since = last + 1

        i = 0
        while i < n:
            k, v = kinds[i], values[i]
            while functions and i > functions[-1][1]:
                functions.pop()
            while calls and i > calls[-1][0]:
                calls.pop()
            if k == "b":
                if v == "?>":
                    if items and any(nontrivial(t) for t in range(since, i)):
                        items.append((starts[since], ends[i - 1], None))
                    outputs[block_start] = items
                    i += 1
                    continue
                block_start, items, since = starts[i], [], i + 1
                if v == "<?=":
                    i = self._echo(i + 1, output)
                    continue
                i += 1
                continue
            if i in skip_to:
                i = skip_to[i]
                continue
            if k == "w":
                word = v.lower().lstrip("\\")
                if word in ("function", "fn"):
                    pending_function = True
                elif word in ("echo", "print") and not self._is_member(i):
                    since_before = since
                    i = self._echo(i + 1, output)
                    if since == since_before:  # nothing read as output: go on as code
                        i = max(i, since_before)
                    continue
                elif word in _OUTPUT_CALLS and self._call_at(i) and not self._is_member(i):
                    close = match[i + 1]
                    output(i, close, self._format_call(i))
                    i = close + 1
                    continue
                elif word == "woocommerce_form_field" and self._call_at(i) and not self._is_member(i):
                    close = match[i + 1]
                    pieces = form_field_pieces(self.text, starts[i], starts[i + 1], ends[close])
                    if pieces is not None:
                        output(i, close, pieces)
                        i = close + 1
                        continue
            depth = len(calls)
            if k == "o":
                if v == "{" and pending_function and match[i] > i:
                    functions.append((i, match[i]))
                    pending_function = False
                elif v == ";":
                    pending_function = False
                if v in _OPENERS and match[i] > i:
                    calls.append((match[i], values[i - 1] if i and kinds[i - 1] == "w" else ""))
            if covered.get(depth, -1) > i or not self._can_start_term(i):
                i += 1
                continue
            end, pieces, markup = self._chain(i)
            covered[depth] = end
            if markup and not (calls and _NOT_WRITTEN.fullmatch(calls[-1][1].lstrip("\\"))):
                owner = functions[-1][0] if functions else -1
                if owner not in groups:
                    groups[owner] = []
                    group_at[owner] = starts[i]
                groups[owner].append(pieces)
            i += 1
        order = sorted(groups, key=lambda g: group_at[g])
        return outputs, [(group_at[g], groups[g]) for g in order]

    def _is_member(self, i: int) -> bool:
        return i > 0 and self.kinds[i - 1] == "o" and self.values[i - 1] in ("->", "?->", "::")

    def _call_at(self, i: int) -> bool:
        j = i + 1
        return j < len(self.kinds) and self.values[j] == "(" and self.match[j] > j

    def _echo(self, i: int, output) -> int:
        """``echo a, b;`` (or ``<?= a ?>``) from its first argument at ``i``: each argument that
        is a string, or strings and code joined with ``.``, is written in place. An argument of
        other code (``$a ? '<b>' : ''``) is unknown there, and the scan goes on inside it.
        Returns where the scan goes on."""
        kinds, values, match = self.kinds, self.values, self.match
        n = len(kinds)
        while i < n and kinds[i] != "b":
            j = i
            while j < n and kinds[j] != "b" and not (kinds[j] == "o" and values[j] in (",", ";")):
                j = match[j] + 1 if kinds[j] == "o" and values[j] in _OPENERS and match[j] > j else j + 1
            if j == i:
                return j + 1 if j < n and kinds[j] == "o" else j
            helper = collective_pieces(self.text, self.starts[i], self.ends[j - 1]) if kinds[i] == "w" else None
            if helper is not None:  # Laravel Collective's Form::checkbox(…), echoed by plain PHP
                output(i, j - 1, helper)
                if j < n and kinds[j] == "o" and values[j] == ",":
                    i = j + 1
                    continue
                return j + 1 if j < n and kinds[j] == "o" else j
            end, pieces, _markup = self._chain(i)
            if end != j:
                output(i, j - 1, None)
                return i  # its strings are read as markup built as strings
            output(i, j - 1, pieces)
            if j < n and kinds[j] == "o" and values[j] == ",":
                i = j + 1
                continue
            return j + 1 if j < n and kinds[j] == "o" else j
        return i

    def _can_start_term(self, i: int) -> bool:
        k = self.kinds[i]
        if k in ("s", "v"):
            return True
        if k == "w":
            return True
        return k == "o" and self.values[i] in ("(", "@")

    def _term(self, i: int, level: int) -> tuple[int, list[Piece], bool]:
        """The term at ``i``: (index after it, its pieces, whether it holds markup)."""
        kinds, values, match, starts, ends = self.kinds, self.values, self.match, self.starts, self.ends
        n = len(kinds)
        first = i
        while i < n:  # prefixes: @, &, casts; what follows them is computed
            if kinds[i] == "o" and values[i] in _TERM_PREFIX:
                i += 1
            elif kinds[i] == "o" and values[i] == "(" and match[i] > i and _CASTS.fullmatch(self.text, starts[i], ends[match[i]]):
                i = match[i] + 1
            else:
                break
        if i > first:
            j = self._term(i, level + 1)[0] if i < n and self._can_start_term(i) else i
            return j, [("unknown", starts[first], ends[j - 1])], False
        if kinds[i] == "s":
            lit = self.literal_at[i]
            return i + 1, lit.pieces(self.text), _MARKUP.search(self.text, lit.body_start, lit.body_end) is not None
        if kinds[i] == "o" and values[i] == "(" and match[i] > i:
            close = match[i]
            if i + 1 < close and level < _MAX_NESTING:
                inner_end, pieces, markup = self._chain(i + 1, level + 1)
                if inner_end == close and markup:
                    self.skip_to[i + 1] = close  # read here, not again
                    return close + 1, pieces, True
            j = close + 1
        elif kinds[i] == "w" and values[i].lower().lstrip("\\") in _FORMAT_CALLS and self._call_at(i):
            close = match[i + 1]
            pieces = self._format_call(i, level)
            markup = any(p[0] != "unknown" for p in pieces)
            if markup:
                self.skip_to[i + 2] = close
            return close + 1, pieces, markup
        else:
            j = i + 1
            if kinds[i] == "w" and values[i].lower() in ("new", "clone"):
                j = min(j + 1, n)
        # accessors, calls and subscripts that follow: all part of one computed value
        while j < n:
            v = values[j]
            if kinds[j] == "o" and v in ("(", "[", "{") and match[j] > j:
                if v == "{" and kinds[j - 1] not in ("v", "w") and values[j - 1] not in ("->", "?->"):
                    break
                j = match[j] + 1
            elif kinds[j] == "o" and v in _ACCESS and j + 1 < n and (kinds[j + 1] in ("w", "v") or values[j + 1] == "{"):
                j += 1 if values[j + 1] == "{" else 2
            else:
                break
        return j, [("unknown", starts[i], ends[j - 1])], False

    def _chain(self, i: int, level: int = 0) -> tuple[int, list[Piece], bool]:
        """``term . term . term`` from ``i``: (index after it, pieces, whether it holds markup).
        Read once per start: the main scan and an enclosing group both ask."""
        known = self._chains.get(i)
        if known is not None:
            return known
        kinds, values = self.kinds, self.values
        n = len(kinds)
        start = i
        pieces: list[Piece] = []
        markup = False
        while True:
            j, term, term_markup = self._term(i, level)
            pieces.extend(term)
            markup = markup or term_markup
            if j + 1 < n and kinds[j] == "o" and values[j] == "." and self._can_start_term(j + 1):
                i = j + 1
                continue
            result = (j, _merge_unknowns(pieces), markup)
            self._chains[start] = result
            return result

    def _format_call(self, i: int, level: int = 0) -> list[Piece]:
        """``printf('<p>%s</p>', $x)``: the format, its conversions unknown."""
        open_at = i + 1
        close = self.match[open_at]
        first = open_at + 1
        if first < close and level < _MAX_NESTING:
            end, pieces, _markup = self._chain(first, level + 1)
            if end == close or self.values[end] == ",":
                out: list[Piece] = []
                for p in pieces:
                    out.extend(_format_pieces(self.text, p))
                return _merge_unknowns(out)
        return [("unknown", self.starts[i], self.ends[close])]


def _format_pieces(text: str, piece: Piece) -> list[Piece]:
    if piece[0] == "unknown":
        return [piece]
    if piece[0] == "write":
        value = piece[1]
        if "%" not in value:
            return [piece]
        return [("write", value.replace("%%", "%"), piece[2], piece[3])] if "%%" in value else [("unknown", piece[2], piece[3])]
    start, end = piece[1], piece[2]
    out: list[Piece] = []
    pos = start
    for m in _FORMAT_SPEC.finditer(text, start, end):
        out.append(("copy", pos, m.start()))
        out.append(("write", "%", m.start(), m.end()) if m.group() == "%%" else ("unknown", m.start(), m.end()))
        pos = m.end()
    out.append(("copy", pos, end))
    return [p for p in out if p[0] != "copy" or p[2] > p[1]]


def _merge_unknowns(pieces: list[Piece]) -> list[Piece]:
    """Neighbouring unknowns are one computed value."""
    out: list[Piece] = []
    for p in pieces:
        if p[0] == "unknown" and out and out[-1][0] == "unknown":
            out[-1] = ("unknown", out[-1][1], p[2])
        else:
            out.append(p)
    return out
