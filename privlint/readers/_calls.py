"""The arguments of a helper call in template code, as far as they are literal.

Rails (``f.text_field :card_number, autocomplete: "off", data: { stripe: "number" }``), Laravel
Collective and WooCommerce (``['url' => 'https://…', 'class' => 'x']``, ``array( … )``), Twig
(``form_widget(form.number, {attr: {autocomplete: 'off'}})``) and Liquid (``{% form 'contact',
id: 'x' %}``) spell their arguments alike: strings, symbols, numbers, hashes and arrays, and
code. A literal becomes a ``Value`` with its text; anything computed is unknown, with the
stretch of the file it spans, so that a message can show its code. One pass over the tokens (an
outermost hash that holds code is read again as code, once), and no token pattern rescans text
another token has passed: linear in the call's length.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_TOKEN = re.compile(
    r"""
      (?P<dq>"(?:[^"\\]|\\.)*")
    | (?P<sq>'(?:[^'\\]|\\.)*')
    | (?P<sym>:[A-Za-z_]\w*[?!]?)(?!:)
    | (?P<key>(?<![\w-])[A-Za-z_][\w-]*:)(?!:)  # not within a word: "a-a-a-…" is scanned once
    | (?P<num>-?\d+(?:\.\d+)?)
    | (?P<word>[@$]*[A-Za-z_][\w]*[?!]?)
    | (?P<arrow>=>)
    | (?P<open>[(\[{])
    | (?P<close>[)\]}])
    | (?P<comma>,)
    | (?P<other>\S)
    """,
    re.X | re.S,
)
_CLOSERS = {"(": ")", "[": "]", "{": "}"}
_PHP_INTERPOLATION = re.compile(r"\{?\$[A-Za-z_][\w\[\]'\"\->]*\}?")


@dataclass
class Value:
    """A literal argument, or a stretch of code whose value is unknown (``text`` None)."""

    start: int
    end: int
    text: str | None = None  # a string, symbol or number as it reads; "true"/"false"/"nil" too
    # A string with code inside ("#{prefix}[cvc]"): its literal pieces, and "" for each stretch
    # of code, with where each stands.
    pieces: list[tuple[str, int, int]] | None = None
    entries: dict[str, "Value"] | None = None  # a hash
    items: list["Value"] | None = None  # an array
    word: str | None = None  # the code of an unknown value (``@order``, ``checkout_path(o)``)
    key_start: int | None = None  # where its key stands, for an option (``autocomplete: "off"``)

    @property
    def known(self) -> bool:
        return self.text is not None or self.entries is not None or self.items is not None

    @property
    def is_false(self) -> bool:
        return self.text in ("false", "nil", "null")

    def literal(self) -> str | None:
        """The text of a literal string, symbol or number; None for anything else."""
        return self.text if self.text not in (None, "true", "false", "nil", "null") else None


@dataclass
class Arguments:
    positional: list[Value] = field(default_factory=list)
    options: dict[str, Value] = field(default_factory=dict)
    # Options that cannot be read (a splat, a variable holding them): any attribute may follow.
    open_options: list[tuple[int, int]] = field(default_factory=list)
    end: int = 0  # where the arguments end in the file


class _Tokens:
    def __init__(self, text: str, start: int, end: int) -> None:
        self.items = [(m.lastgroup, m.start(), m.end()) for m in _TOKEN.finditer(text, start, end)]
        self.text = text
        self.i = 0

    def peek(self, ahead: int = 0):
        j = self.i + ahead
        return self.items[j] if j < len(self.items) else (None, -1, -1)

    def take(self):
        tok = self.peek()
        self.i += 1
        return tok


def read_arguments(text: str, start: int, end: int, interpolation: str = "ruby") -> Arguments:
    """The arguments between ``start`` and ``end`` (after the helper's name: an opening
    parenthesis is optional, as in Ruby). ``interpolation``: how a double-quoted string holds
    code ("ruby" ``#{}``, "php" ``$var``, or "none")."""
    tokens = _Tokens(text, start, end)
    args = Arguments(end=end)
    wrapped = tokens.peek()[0] == "open" and text[tokens.peek()[1]] == "("
    if wrapped:
        tokens.take()
    while True:
        kind, s, e = tokens.peek()
        if kind is None:
            break
        if kind == "close":
            args.end = e
            break
        if kind == "comma":
            tokens.take()
            continue
        if kind == "word" and text[s:e] in ("do",) and not wrapped:
            break  # a Ruby block begins: the arguments are over
        key = _key(tokens, text)
        if key is not None:
            args.options[key] = _value(tokens, text, interpolation)
            args.options[key].key_start = s
            continue
        value = _value(tokens, text, interpolation)
        if value.entries is not None:
            args.options.update(value.entries)  # Twig/PHP hashes of options as the last argument
            args.positional.append(value)
        elif text.startswith("**", value.start) or text.startswith("...", value.start):
            args.open_options.append((value.start, value.end))
        else:
            args.positional.append(value)
    return args


def _key(tokens: _Tokens, text: str) -> str | None:
    """A hash key with its separator (``key:``, ``:key =>``, ``'key' =>``, ``key =>``), taken;
    None (nothing taken) when the next value is not one."""
    kind, s, e = tokens.peek()
    if kind == "key":
        tokens.take()
        return text[s : e - 1]
    if kind in ("dq", "sq", "sym", "word") and tokens.peek(1)[0] == "arrow":
        tokens.take()
        tokens.take()
        name = text[s + 1 : e - 1] if kind in ("dq", "sq") else text[s + 1 : e] if kind == "sym" else text[s:e]
        return name
    if kind in ("dq", "sq") and tokens.peek(1)[0] == "other" and text[tokens.peek(1)[1]] == ":":
        tokens.take()
        tokens.take()  # Twig/JSON-style 'key': value
        return text[s + 1 : e - 1]
    return None


def _value(tokens: _Tokens, text: str, interpolation: str, depth: int = 0) -> Value:
    kind, s, e = tokens.peek()
    nxt = tokens.peek(1)
    simple_end = nxt[0] in (None, "comma", "close") or (nxt[0] == "word" and text[nxt[1] : nxt[2]] == "do")
    if kind in ("dq", "sq") and simple_end:
        tokens.take()
        return _string(text, s, e, kind == "dq", interpolation)
    if kind in ("sym", "num") and simple_end:
        tokens.take()
        return Value(s, e, text[s + 1 : e] if kind == "sym" else text[s:e])
    if kind == "word" and simple_end:
        tokens.take()
        word = text[s:e]
        if word in ("true", "false", "nil", "null"):
            return Value(s, e, word)
        return Value(s, e, word=word)
    if kind == "open" and text[s] in "{[" or (kind == "word" and text[s:e].lower() == "array" and nxt[0] == "open"):
        begin = tokens.i
        try:
            collection = _collection(tokens, text, interpolation, depth)
        except _NotLiteral:
            if depth:
                raise  # the outermost collection is read again as code, once
            tokens.i = begin
            return _unknown(tokens, text, s)
        after, a, b = tokens.peek()
        if after in (None, "comma", "close") or text[a:b] == "do":
            return collection
        if depth:
            raise _NotLiteral
        tokens.i = begin
    return _unknown(tokens, text, s)


class _NotLiteral(Exception):
    """A hash or array that holds code, or nests too deep: read as code as a whole."""


_MAX_DEPTH = 16


def _collection(tokens: _Tokens, text: str, interpolation: str, depth: int) -> Value:
    """A hash (``{ a: 1 }``, ``['a' => 1]``) or an array, taken; _NotLiteral when it holds
    other code."""
    if depth >= _MAX_DEPTH:
        raise _NotLiteral
    kind, s, e = tokens.take()
    if kind == "word":  # PHP array( … )
        kind, s2, e2 = tokens.take()
        opener = "("
    else:
        opener = text[s]
    closer = _CLOSERS[opener]
    entries: dict[str, Value] = {}
    items: list[Value] = []
    while True:
        kind, ts, te = tokens.peek()
        if kind is None:
            raise _NotLiteral
        if kind == "close":
            tokens.take()
            if text[ts] != closer:
                raise _NotLiteral
            if entries or not items and opener == "{":
                return Value(s, te, entries=entries)
            return Value(s, te, items=items)
        if kind == "comma":
            tokens.take()
            continue
        key = _key(tokens, text)
        value = _value(tokens, text, interpolation, depth + 1)
        if key is not None:
            value.key_start = ts
            entries[key] = value
        else:
            items.append(value)


def _unknown(tokens: _Tokens, text: str, start: int) -> Value:
    """Code up to the next comma or closing bracket at its own depth: an unknown value."""
    depth = 0
    end = start
    first = True
    while True:
        kind, s, e = tokens.peek()
        if kind is None:
            break
        if depth == 0 and kind in ("comma", "close"):
            break
        if depth == 0 and kind == "word" and text[s:e] == "do" and not first:
            break
        if kind == "open":
            depth += 1
        elif kind == "close":
            depth -= 1
        tokens.take()
        end = e
        first = False
    return Value(start, end, word=text[start:end])


def _string(text: str, s: int, e: int, double: bool, interpolation: str) -> Value:
    body_start, body_end = s + 1, e - 1
    body = text[body_start:body_end]
    if double and interpolation == "ruby" and "#{" in body:
        spans = _ruby_interpolations(text, body_start, body_end)
    elif double and interpolation == "php" and "$" in body:
        spans = ((m.start(), m.end()) for m in _PHP_INTERPOLATION.finditer(text, body_start, body_end))
    else:
        return Value(s, e, _unescape(body))
    pieces: list[tuple[str, int, int]] = []
    pos = body_start
    for code_start, code_end in spans:
        if code_start > pos:
            pieces.append((_unescape(text[pos:code_start]), pos, code_start))
        pieces.append(("", code_start, code_end))
        pos = code_end
    if pos < body_end:
        pieces.append((_unescape(text[pos:body_end]), pos, body_end))
    return Value(s, e, None, pieces=pieces)


def matching_brace(text: str, open_at: int, end: int) -> int:
    """Just past the ``}`` that closes the ``{`` at ``open_at``, within ``end``."""
    depth = 0
    i = open_at
    while i < end:
        c = text[i]
        if c == "{":
            depth += 1
        elif c == "}":
            depth -= 1
            if depth == 0:
                return i + 1
        i += 1
    return end


def _ruby_interpolations(text: str, start: int, end: int):
    """Where each ``#{…}`` stands in a string's body, braces within it counted
    (``"#{h[:a] || {}}"``); one left open runs to the body's end. Each character is looked at
    once: linear."""
    pos = start
    while True:
        at = text.find("#{", pos, end)
        if at < 0:
            return
        code_end = matching_brace(text, at + 1, end)
        yield at, code_end
        pos = code_end


def _unescape(body: str) -> str:
    return re.sub(r"\\(.)", r"\1", body) if "\\" in body else body
