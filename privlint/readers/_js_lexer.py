"""A tolerant JavaScript/TypeScript lexer, with JSX, for the readers of scripts and components.

It never raises and runs in linear time on any input: every step moves forward, nesting
(template literals within ``${ }``, JSX within ``{ }`` within JSX) is kept on an explicit stack
rather than by recursion, and whatever is left open at the end of the file (a string, a
comment, a template, an element) simply ends there. A string or a regular expression left open
ends at its line's end. It knows just enough of the grammar to tell a regular expression
from a division and a JSX element from a comparison, by the token before them.
"""

from __future__ import annotations

import re

# Token kinds.
NAME, NUM, STR, REGEX, PUNCT = "name", "num", "str", "regex", "punct"
TMPL_FULL, TMPL_HEAD, TMPL_MID, TMPL_TAIL = "tmpl", "tmpl-head", "tmpl-mid", "tmpl-tail"
JSX_OPEN = "jsx-open"  # "<name": an element's start tag begins
JSX_ATTR = "jsx-attr"  # an attribute name in a start tag
JSX_EQ = "jsx-eq"
JSX_STR = "jsx-str"  # a quoted attribute value, quotes included
JSX_TAG_END = "jsx-tag-end"  # ">" of a start tag
JSX_SELF_END = "jsx-self-end"  # "/>"
JSX_TEXT = "jsx-text"
JSX_CLOSE = "jsx-close"  # "</name>"
JSX_FRAG_OPEN = "jsx-frag-open"  # "<>"
JSX_FRAG_CLOSE = "jsx-frag-close"  # "</>"
JSX_EXPR_OPEN = "jsx-expr-open"  # "{" in a start tag or among children
JSX_EXPR_CLOSE = "jsx-expr-close"

# Contexts on the stack.
_BRACE, _TMPL, _EXPR_ATTR, _EXPR_CHILD, _TAG, _CHILDREN = range(6)

_SPACE = re.compile(r"\s+")
_NAME = re.compile(r"[A-Za-z_$\u0080-\uffff#][\w$\u0080-\uffff]*")
_NUMBER = re.compile(r"(?:0[xXoObB][\w]*|\d[\d_]*(?:\.[\d_]*)?(?:[eE][+-]?\d+)?n?|\.\d[\d_]*(?:[eE][+-]?\d+)?)")
_PUNCT = re.compile(
    r">>>=|\.\.\.|===|!==|\*\*=|<<=|>>=|>>>|&&=|\|\|=|\?\?=|=>|==|!=|<=|>=|&&|\|\||\?\?|\?\.(?!\d)"
    r"|\+\+|--|\+=|-=|\*=|/=|%=|&=|\|=|\^=|\*\*|<<|>>|[\s\S]"
)
# Where the scan of a string, a template or a regex stops to look.
_SQ_STOP = re.compile(r"['\\\n]")
_DQ_STOP = re.compile(r'["\\\n]')
_TMPL_STOP = re.compile(r"[`\\$]")
_REGEX_STOP = re.compile(r"[/\\\[\]\n]")
_FLAGS = re.compile(r"[A-Za-z]*")
_JSX_NAME = re.compile(r"[A-Za-z_$][\w$\-]*(?:[.:][A-Za-z_$][\w$\-]*)*")
_JSX_ATTR_NAME = re.compile(r"[A-Za-z_$][\w$\-]*(?::[\w$\-]+)?")
_JSX_TEXT = re.compile(r"[^<{]+")
_JSX_CLOSING = re.compile(r"</\s*([A-Za-z_$][\w$\-]*(?:[.:][A-Za-z_$][\w$\-]*)*)?\s*>?")
# After "<Name": a TypeScript type parameter list (<T,>, <T extends U>), not an element.
_TYPE_PARAMS = re.compile(r"\s*(?:,|extends\s+[^\s=>/])")

# Keywords after which an expression starts: a "/" there opens a regular expression.
_EXPRESSION_KEYWORDS = frozenset(
    {"return", "typeof", "instanceof", "in", "of", "new", "delete", "void", "throw", "case", "do",
     "else", "yield", "await", "default", "extends"}
)
# Punctuation after which a "/" is a division, not a regular expression: what ends a value.
_VALUE_ENDERS = frozenset({")", "]", "}", "++", "--"})
# Punctuation after which "<" opens JSX: where an expression begins.
_JSX_AFTER = frozenset(
    {"(", "=", "=>", "?", ":", ",", "&&", "||", "??", "[", "{", ";", "!", "+", "-", "*", "%",
     "+=", "||=", "&&=", "??=", "...", "|", "&", "^", "~", ">", "<", "==", "===", "!=", "!=="}
)
_JSX_KEYWORDS = frozenset({"return", "yield", "default", "else", "do", "case", "await", "in", "of", "void"})


class Tokens:
    """The tokens of a file in parallel lists, with what the analysis needs precomputed:
    for every opening bracket (and template head, and JSX element) the index of its closer."""

    __slots__ = ("kinds", "starts", "ends", "match", "comments", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        self.kinds: list[str] = []
        self.starts: list[int] = []
        self.ends: list[int] = []
        self.match: dict[int, int] = {}  # opener index -> closer index
        self.comments: list[tuple[int, int, str]] = []

    def __len__(self) -> int:
        return len(self.kinds)

    def shift(self, offset: int, text: str) -> None:
        """Tokens of a part of ``text`` that begins at ``offset``: moved to their offsets in it."""
        self.text = text
        self.starts[:] = [s + offset for s in self.starts]
        self.ends[:] = [e + offset for e in self.ends]
        self.comments[:] = [(s + offset, e + offset, body) for s, e, body in self.comments]

    def value(self, i: int) -> str:
        return self.text[self.starts[i] : self.ends[i]]


def tokenize(text: str, jsx: bool = False) -> Tokens:
    """Split ``text`` into tokens; ``jsx``: read JSX elements where an expression may start."""
    toks = Tokens(text)
    kinds, starts, ends, comments = toks.kinds, toks.starts, toks.ends, toks.comments
    match = toks.match
    n = len(text)
    pos = 0
    stack: list[int] = []  # contexts
    openers: list[int] = []  # token index of each context's opener (parallel to stack)
    brackets: list[int] = []  # token indexes of open "(" and "["
    prev_kind: str | None = None
    prev_text = ""
    kinds_append, starts_append, ends_append = kinds.append, starts.append, ends.append
    name_match, number_match, punct_match, space_match = _NAME.match, _NUMBER.match, _PUNCT.match, _SPACE.match

    def add(kind: str, start: int, end: int) -> int:
        kinds.append(kind)
        starts.append(start)
        ends.append(end)
        return len(kinds) - 1

    def open_context(kind: str, context: int, start: int, end: int) -> None:
        """Add the opener token of a context and push the context: its closer matches it."""
        openers.append(add(kind, start, end))
        stack.append(context)

    def close_context(index: int) -> None:
        """Pop a context of code, its closer at token ``index``: brackets left open inside it
        stay unmatched rather than match a closer outside."""
        stack.pop()
        opener = openers.pop()
        match[opener] = index
        while brackets and brackets[-1] > opener:
            brackets.pop()

    def template_part(at: int, head: bool) -> int:
        """Scan a template's text from ``at`` (just after "`" or "}"), add its token; returns
        the position after it. On "${" the template's context is pushed."""
        start = at - 1
        p = at
        while True:
            m = _TMPL_STOP.search(text, p)
            if m is None:
                add(TMPL_FULL if head else TMPL_TAIL, start, n)
                if not head:
                    close_context(len(kinds) - 1)
                return n
            c = m.group()
            q = m.start()
            if c == "\\":
                p = q + 2
            elif c == "$":
                if q + 1 < n and text[q + 1] == "{":
                    index = add(TMPL_HEAD if head else TMPL_MID, start, q + 2)
                    if head:
                        stack.append(_TMPL)
                        openers.append(index)
                    return q + 2
                p = q + 1
            else:  # the closing backtick
                add(TMPL_FULL if head else TMPL_TAIL, start, q + 1)
                if not head:
                    close_context(len(kinds) - 1)
                return q + 1

    while pos < n:
        context = stack[-1] if stack else _BRACE
        if context == _CHILDREN:
            c = text[pos]
            if c == "{":
                open_context(JSX_EXPR_OPEN, _EXPR_CHILD, pos, pos + 1)
                pos += 1
                prev_kind, prev_text = JSX_EXPR_OPEN, "{"
                continue
            if c == "<":
                if text.startswith("</", pos):
                    m = _JSX_CLOSING.match(text, pos)
                    end = m.end() if m else pos + 2
                    index = add(JSX_FRAG_CLOSE if m and m.group(1) is None else JSX_CLOSE, pos, end)
                    stack.pop()
                    match[openers.pop()] = index
                    pos = end
                    prev_kind, prev_text = JSX_CLOSE, ""
                    continue
                if text.startswith("<>", pos):
                    open_context(JSX_FRAG_OPEN, _CHILDREN, pos, pos + 2)
                    pos += 2
                    continue
                m = _JSX_NAME.match(text, pos + 1)
                if m:
                    open_context(JSX_OPEN, _TAG, pos, m.end())
                    pos = m.end()
                    continue
                add(JSX_TEXT, pos, pos + 1)  # a lone "<": text, best effort
                pos += 1
                continue
            m = _JSX_TEXT.match(text, pos)
            add(JSX_TEXT, pos, m.end())
            pos = m.end()
            continue
        if context == _TAG:
            m = _SPACE.match(text, pos)
            if m:
                pos = m.end()
                if pos >= n:
                    break
            c = text[pos]
            if c == "/" and text.startswith("/>", pos):
                index = add(JSX_SELF_END, pos, pos + 2)
                stack.pop()
                match[openers.pop()] = index
                pos += 2
                prev_kind, prev_text = JSX_CLOSE, ""
            elif c == ">":
                add(JSX_TAG_END, pos, pos + 1)
                stack[-1] = _CHILDREN  # the element's opener stays
                pos += 1
            elif c == "{":
                open_context(JSX_EXPR_OPEN, _EXPR_ATTR, pos, pos + 1)
                pos += 1
                prev_kind, prev_text = JSX_EXPR_OPEN, "{"
            elif c == "=":
                add(JSX_EQ, pos, pos + 1)
                pos += 1
            elif c in "\"'":
                end = text.find(c, pos + 1)
                end = n if end < 0 else end + 1
                add(JSX_STR, pos, end)
                pos = end
            elif text.startswith("/*", pos) or text.startswith("//", pos):
                pos = _comment(text, pos, comments)
            else:
                m = _JSX_ATTR_NAME.match(text, pos)
                if m:
                    add(JSX_ATTR, pos, m.end())
                    pos = m.end()
                else:
                    pos += 1  # a stray character in a start tag: skipped
            continue
        # JavaScript code.
        c = text[pos]
        if c.isspace():
            pos = space_match(text, pos).end()
            continue
        if c == "/":
            if text.startswith("//", pos) or text.startswith("/*", pos):
                pos = _comment(text, pos, comments)
                continue
            if _regex_allowed(prev_kind, prev_text):
                end = _regex_end(text, pos)
                add(REGEX, pos, end)
                pos = end
                prev_kind, prev_text = REGEX, ""
                continue
        elif c in "'\"":
            stop = _SQ_STOP if c == "'" else _DQ_STOP
            p = pos + 1
            while True:
                m = stop.search(text, p)
                if m is None:
                    end = n
                    break
                ch = m.group()
                if ch == "\\":
                    p = m.start() + 2
                    continue
                end = m.start() + (1 if ch == c else 0)  # an unterminated string ends at its line's end
                break
            add(STR, pos, min(end, n))
            pos = min(end, n)
            prev_kind, prev_text = STR, ""
            continue
        elif c == "`":
            pos = template_part(pos + 1, True)
            prev_kind, prev_text = TMPL_FULL, ""
            continue
        elif c == "}":
            top = stack[-1] if stack else None
            if top == _TMPL:
                pos = template_part(pos + 1, False)
                prev_kind, prev_text = TMPL_FULL, ""
                continue
            if top in (_EXPR_ATTR, _EXPR_CHILD):
                close_context(add(JSX_EXPR_CLOSE, pos, pos + 1))
                pos += 1
                continue
            index = add(PUNCT, pos, pos + 1)
            if top == _BRACE:
                close_context(index)
            pos += 1
            prev_kind, prev_text = PUNCT, "}"
            continue
        elif c == "{":
            open_context(PUNCT, _BRACE, pos, pos + 1)
            pos += 1
            prev_kind, prev_text = PUNCT, "{"
            continue
        elif c == "<" and jsx and _jsx_allowed(prev_kind, prev_text):
            if text.startswith("<>", pos):
                open_context(JSX_FRAG_OPEN, _CHILDREN, pos, pos + 2)
                pos += 2
                continue
            m = _JSX_NAME.match(text, pos + 1)
            if m and not _TYPE_PARAMS.match(text, m.end()):
                open_context(JSX_OPEN, _TAG, pos, m.end())
                pos = m.end()
                continue
        # The most frequent tokens, appended in place (a call per token is a third of the time).
        m = name_match(text, pos)
        if m:
            end = m.end()
            kinds_append(NAME)
            starts_append(pos)
            ends_append(end)
            prev_kind, prev_text = NAME, m.group()
            pos = end
            continue
        m = number_match(text, pos)
        if m and m.end() > pos:
            add(NUM, pos, m.end())
            prev_kind, prev_text = NUM, ""
            pos = m.end()
            continue
        m = punct_match(text, pos)
        p = m.group()
        end = m.end()
        index = len(kinds)
        kinds_append(PUNCT)
        starts_append(pos)
        ends_append(end)
        if p in "([":
            brackets.append(index)
        elif p in ")]" and brackets:
            if text[starts[brackets[-1]]] == ("(" if p == ")" else "["):
                match[brackets.pop()] = index
        prev_kind, prev_text = PUNCT, p
        pos = end
    return toks


def _comment(text: str, pos: int, comments: list[tuple[int, int, str]]) -> int:
    if text.startswith("//", pos):
        end = text.find("\n", pos)
        end = len(text) if end < 0 else end
        comments.append((pos, end, text[pos + 2 : end]))
        return end
    end = text.find("*/", pos + 2)
    if end < 0:
        comments.append((pos, len(text), text[pos + 2 :]))
        return len(text)
    comments.append((pos, end + 2, text[pos + 2 : end]))
    return end + 2


def _regex_allowed(prev_kind: str | None, prev_text: str) -> bool:
    if prev_kind is None:
        return True
    if prev_kind == NAME:
        return prev_text in _EXPRESSION_KEYWORDS
    if prev_kind == PUNCT:
        return prev_text not in _VALUE_ENDERS
    return prev_kind in (JSX_EXPR_OPEN,)


def _jsx_allowed(prev_kind: str | None, prev_text: str) -> bool:
    if prev_kind is None or prev_kind in (JSX_EXPR_OPEN, TMPL_HEAD):
        return True
    if prev_kind == NAME:
        return prev_text in _JSX_KEYWORDS
    return prev_kind == PUNCT and prev_text in _JSX_AFTER


def _regex_end(text: str, pos: int) -> int:
    """The end of a regular expression literal at ``pos`` (flags included); one left open ends
    at its line's end."""
    n = len(text)
    p = pos + 1
    in_class = False
    while True:
        m = _REGEX_STOP.search(text, p)
        if m is None:
            return n
        c = m.group()
        q = m.start()
        if c == "\n":
            return q
        if c == "\\":
            p = q + 2
        elif c == "[":
            in_class = True
            p = q + 1
        elif c == "]":
            in_class = False
            p = q + 1
        elif in_class:
            p = q + 1
        else:
            return _FLAGS.match(text, q + 1).end()
