"""Masking of template syntax so that the HTML around it parses, at the same offsets.

Every template construct (Jinja/Django/Nunjucks/Twig/Liquid, Handlebars/Mustache, Go
templates, ERB/EJS, PHP) is replaced by characters of the same count, newlines kept, so
that line and column of everything else stay where they are in the original file.

What a construct becomes depends on where it stands in the HTML:

* a comment (``{# #}``, ``{{!-- --}}``, ``<%# %>``, ``{% comment %}``...) becomes spaces;
* code inside a start tag but outside attribute values (``<input {% if x %}checked{% endif %}>``)
  becomes spaces, and the span is recorded so rules know the element has dynamic attributes;
* code anywhere else (attribute values, text, script bodies) becomes a *marker*: U+FDD0,
  two characters that number the span, then U+FDD1 fill. U+FDD0/U+FDD1 are Unicode
  noncharacters, reserved for exactly this kind of internal use, so they never clash with
  content. A rule that sees a marker knows the value is dynamic, and can ask for the
  template code behind it (a link text ``{{ 'footer.privacy' | t }}`` says "privacy").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MARK = "\ufdd0"
FILL = "\ufdd1"
_INDEX_BASE = 0xE000  # two characters from U+E000..U+EFFF number a span (4096**2 spans)
_INDEX_RADIX = 0x1000

# Where a construct stood, as far as the masking is concerned.
COMMENT = "comment"
ATTRS = "attrs"  # between attributes of a start tag
CODE = "code"  # in text, in an attribute value, or in a script/style body


@dataclass(frozen=True, slots=True)
class Span:
    start: int
    end: int
    kind: str  # COMMENT, ATTRS or CODE


# Any of these can start a template construct. Cheap test for files with none at all.
_ANY_OPENER = re.compile(r"\{[{%#]|<%|<\?(?:php\b|=|\s)", re.I)

# Elements whose content the HTML parser (libxml2) reads as raw text, not markup.
RAW_TEXT_ELEMENTS = frozenset(
    {"script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes"}
)

_COMMENT_BLOCK_OPEN = re.compile(r"\{%-?\s*comment\b[^%]*?-?%\}")
_COMMENT_BLOCK_CLOSE = re.compile(r"\{%-?\s*endcomment\s*-?%\}")


class _Closers:
    """Where a closer ("}}", "%>", an endcomment tag) next occurs in a text: each stretch of
    the text is searched once, not once per opener before it. A file of unclosed "{{" would
    otherwise be searched to its end from every one of them, which takes hours at a few MB."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._last: dict[object, tuple[int, int]] = {}  # closer -> (searched from, found at or -1)

    def find(self, closer: str | re.Pattern[str], start: int) -> int:
        """The offset at which the next ``closer`` (a string or a pattern) starts, at or after
        ``start``; -1 if there is none."""
        known = self._last.get(closer)
        if known is not None:
            since, at = known
            if since <= start and (at < 0 or start <= at):
                return at  # nothing between since and at: the same answer
        if isinstance(closer, str):
            at = self.text.find(closer, start)
        else:
            m = closer.search(self.text, start)
            at = m.start() if m else -1
        self._last[closer] = (start, at)
        return at


def _construct_at(text: str, pos: int, closers: _Closers) -> tuple[int, str] | None:
    """The end offset and kind of a template construct starting at ``pos``, if any."""
    c = text[pos]
    two = text[pos : pos + 2]
    if c == "{":
        if two == "{{":
            if text.startswith("{{!--", pos):
                end = closers.find("--}}", pos + 5)
                return (end + 4, COMMENT) if end >= 0 else None
            if text.startswith("{{{", pos):
                end = closers.find("}}}", pos + 3)
                return (end + 3, CODE) if end >= 0 else None
            end = closers.find("}}", pos + 2)
            if end < 0:
                return None
            inner = text[pos + 2 : end].lstrip("- \t\r\n")
            if inner.startswith("!") or inner.startswith("/*"):
                return end + 2, COMMENT  # Mustache {{! }}, Go {{/* */}}
            return end + 2, CODE
        if two == "{%":
            m = _COMMENT_BLOCK_OPEN.match(text, pos)
            if m:
                close = closers.find(_COMMENT_BLOCK_CLOSE, m.end())
                if close >= 0:
                    return _COMMENT_BLOCK_CLOSE.match(text, close).end(), COMMENT
            end = closers.find("%}", pos + 2)
            return (end + 2, CODE) if end >= 0 else None
        if two == "{#":
            end = closers.find("#}", pos + 2)
            return (end + 2, COMMENT) if end >= 0 else None
        return None
    if two == "<%":
        if text.startswith("<%%", pos):
            return None  # ERB's escaped literal "<%"
        end = closers.find("%>", pos + 2)
        if end < 0:
            return None
        kind = COMMENT if text.startswith("<%#", pos) else CODE
        return end + 2, kind
    if two == "<?":
        rest = text[pos + 2 : pos + 5]
        if rest.lower() == "php" or rest[:1] == "=" or rest[:1].isspace():
            end = closers.find("?>", pos + 2)
            # PHP allows the final block of a file to stay open.
            return (end + 2 if end >= 0 else len(text)), CODE
    return None


# Per HTML state, the characters after which something may change.
_DATA_STOP = re.compile(r"[<{]")
_TAG_STOP = re.compile(r"""[>"'={<]""")
_DQ_STOP = re.compile(r'["{<]')
_SQ_STOP = re.compile(r"['{<]")
_UNQ_STOP = re.compile(r"[\s>{<]")
_TAG_NAME = re.compile(r"[A-Za-z][^\s/>{<]*")
_SPACES = re.compile(r"\s*")


_BRACE_OPENER = re.compile(r"\{[{%#]")
_PHP_OPENER = re.compile(r"<\?(?:php\b|=|\s)", re.I)


def has_template_syntax(text: str) -> bool:
    """The same test as _ANY_OPENER, in pieces the regex engine scans fast (a literal first
    character): one alternation over a large page costs several times more."""
    return (
        ("{" in text and _BRACE_OPENER.search(text) is not None)
        or "<%" in text
        or ("<?" in text and _PHP_OPENER.search(text) is not None)
    )


def find_spans(text: str) -> list[Span]:
    """Locate every template construct, knowing which HTML state each one stands in."""
    spans: list[Span] = []
    n = len(text)
    pos = 0
    state = "data"
    raw_close: re.Pattern[str] | None = None
    closers = _Closers(text)

    def construct(at: int, context: str) -> int | None:
        found = _construct_at(text, at, closers)
        if found is None:
            return None
        end, kind = found
        if kind != COMMENT and context == ATTRS:
            kind = ATTRS
        spans.append(Span(at, end, kind))
        return end

    while pos < n:
        if state == "data":
            m = _DATA_STOP.search(text, pos)
            if not m:
                break
            i = m.start()
            end = construct(i, CODE)
            if end is not None:
                pos = end
                continue
            if text[i] == "{":
                pos = i + 1
                continue
            # text[i] == "<"
            if text.startswith("<!--", i):
                pos = _skip_html_comment(text, i, spans, closers)
                continue
            nm = _TAG_NAME.match(text, i + 1)
            if nm:
                name = nm.group().lower()
                raw_close = (
                    re.compile(r"</" + re.escape(name) + r"(?=[\s/>])", re.I)
                    if name in RAW_TEXT_ELEMENTS
                    else None
                )
                state = "tag"
                pos = nm.end()
                continue
            if text.startswith("</", i) or text.startswith("<!", i) or text.startswith("<?", i):
                raw_close = None
                state = "tag"
                pos = i + 2
                continue
            pos = i + 1
        elif state == "tag":
            m = _TAG_STOP.search(text, pos)
            if not m:
                break
            i = m.start()
            ch = text[i]
            if ch in "{<":
                end = construct(i, ATTRS)
                pos = end if end is not None else i + 1
            elif ch == ">":
                pos = i + 1
                state = "raw" if raw_close is not None else "data"
            elif ch == "=":
                j = _SPACES.match(text, i + 1).end()
                if j < n and text[j] == '"':
                    state, pos = "dq", j + 1
                elif j < n and text[j] == "'":
                    state, pos = "sq", j + 1
                else:
                    state, pos = "unq", j
            else:  # a stray quote inside an attribute name
                pos = i + 1
        elif state in ("dq", "sq"):
            m = (_DQ_STOP if state == "dq" else _SQ_STOP).search(text, pos)
            if not m:
                break
            i = m.start()
            if text[i] in "{<":
                end = construct(i, CODE)
                pos = end if end is not None else i + 1
            else:
                state, pos = "tag", i + 1
        elif state == "unq":
            m = _UNQ_STOP.search(text, pos)
            if not m:
                break
            i = m.start()
            if text[i] in "{<":
                end = construct(i, CODE)
                if end is not None:
                    pos = end
                    continue
                if text[i] == "<":
                    state, pos = "tag", i  # libxml2 ends an unquoted value at "<"
                else:
                    pos = i + 1
            elif text[i] == ">":
                state, pos = "tag", i
            else:
                state, pos = "tag", i + 1
        else:  # raw text of script/style/...: only templates and the closing tag matter
            assert raw_close is not None
            close = raw_close.search(text, pos)
            limit = close.start() if close else n
            while True:
                m = _ANY_OPENER.search(text, pos, limit)
                if not m:
                    break
                end = construct(m.start(), CODE)
                pos = end if end is not None else m.start() + 1
                if pos > limit:  # a template construct ran over the closing tag
                    close = raw_close.search(text, pos)
                    limit = close.start() if close else n
            if close is None:
                break
            raw_close = None
            state = "tag"
            pos = close.end()
    return spans


def _skip_html_comment(text: str, start: int, spans: list[Span], closers: _Closers) -> int:
    """Skip an HTML comment; template constructs inside it become comments too."""
    end = closers.find("-->", start + 4)
    end = len(text) if end < 0 else end + 3
    pos = start + 4
    while True:
        m = _ANY_OPENER.search(text, pos, end)
        if not m:
            return end
        found = _construct_at(text, m.start(), closers)
        if found is None:
            pos = m.start() + 1
            continue
        stop, _ = found
        spans.append(Span(m.start(), stop, COMMENT))
        pos = stop
        if stop > end:  # e.g. <!-- {{ x|default:"-->" }} -->
            e = text.find("-->", stop)
            end = len(text) if e < 0 else e + 3


def mask(text: str, spans: list[Span]) -> str:
    """Return ``text`` with every span replaced, same length, newlines kept."""
    if not spans:
        return text
    out: list[str] = []
    last = 0
    for index, span in enumerate(spans):
        out.append(text[last : span.start])
        chunk = text[span.start : span.end]
        if span.kind == CODE:
            out.append(_marker(chunk, index))
        else:
            out.append(re.sub(r"[^\n]", " ", chunk))
        last = span.end
    out.append(text[last:])
    return "".join(out)


def _marker(chunk: str, index: int) -> str:
    head = (
        MARK
        + chr(_INDEX_BASE + index // _INDEX_RADIX % _INDEX_RADIX)
        + chr(_INDEX_BASE + index % _INDEX_RADIX)
    )
    chars = []
    k = 0
    for ch in chunk:
        if ch == "\n":
            chars.append("\n")
        elif k < 3:
            chars.append(head[k])
            k += 1
        else:
            chars.append(FILL)
    return "".join(chars)


# A marker as it appears in parsed values: the head (maybe split by kept newlines) and fill.
MARKER_RE = re.compile(r"\ufdd0\n*([\ue000-\uefff])\n*([\ue000-\uefff])[\ufdd1\n]*")


def marker_indexes(value: str) -> list[int]:
    """The span numbers of the markers in a parsed value, in order."""
    return [
        (ord(hi) - _INDEX_BASE) * _INDEX_RADIX + (ord(lo) - _INDEX_BASE)
        for hi, lo in MARKER_RE.findall(value)
    ]


def is_dynamic(value: str) -> bool:
    return MARK in value


def literal_parts(value: str) -> list[str]:
    """The literal text between markers (empty strings where markers touch)."""
    return MARKER_RE.split(value)[::3]


# Template code that only chooses what follows (if/else/end, loops), in each syntax: between a
# tag's attributes it writes nothing itself, so the attributes it may add are the literal ones
# of its branches. Output (``{{ attrs }}``, ``<%= tag_options %>``, a PHP echo) may add any.
_BRANCH_CODE = re.compile(
    r"""
      \{%-?\s*(?:if|elif|elsif|else|endif|unless|endunless|for|endfor|empty|case|when|endcase
               |ifequal|endifequal|ifnotequal|endifnotequal|ifchanged|endifchanged|with|endwith)\b[^%]*-?%\}\Z
    | \{\{~?\s*(?:[#^]\s*(?:if|unless|each|with)\b|/\s*(?:if|unless|each|with)\s*~?\}\}\Z|else\b|\^\s*~?\}\}\Z)
    | \{\{-?\s*(?:if|else|end|range|with)\b[^}]*-?\}\}\Z                                         # Go
    | <%-?\s*(?:(?:if|elsif|else|end|unless|case|when)\b[^%]*|\}?\s*(?:else\s*(?:if\s*\([^%]*\))?\s*\{|\})
               |(?:if|for|while)\s*\([^%]*\)\s*\{)\s*-?%>\Z                                          # ERB, EJS
    | <\?(?:php)?\s+(?:(?:if|elseif|else|endif|foreach|endforeach|for|endfor|while|endwhile|switch|endswitch)\b
               (?![^?]*\b(?:echo|print|printf)\b)[^?]*|\}\s*)\?>\Z                                      # PHP
    | @(?:if|elseif|else|endif|unless|endunless|isset|endisset|empty|endempty|auth|endauth|guest|endguest
         |foreach|endforeach|forelse|endforelse|for|endfor|while|endwhile|switch|case|endswitch
         |can|cannot|elsecan|endcan|endcannot|error|enderror)\b[^@]*\Z                                 # Blade
    | \{/?(?:if|elseif|else|foreach|foreachelse|section|sectionelse|for|while)\b[^}]*\}\Z                 # Smarty
    | </?\#(?:if|elseif|else|list|items|sep|switch|case|default)\b[^>]*>\Z                               # Freemarker
    """,
    re.X | re.I,
)


# Blade's attribute directives: each writes the one attribute it is named after.
_ONE_ATTRIBUTE = re.compile(r"@(class|style|checked|selected|disabled|readonly|required)\s*\(")


def attributes_written(code: str) -> frozenset[str] | None:
    """The attributes template code between a tag's attributes may write itself: none for code
    that only chooses (``{% if x %}``, ``{{#if x}}``, ``{{ end }}``, ``<% else %>``,
    ``<?php endif; ?>``: its branches' literal attributes count), ``class`` for Blade's
    ``@class([…])``; None when it may write any."""
    code = code.strip()
    if _BRANCH_CODE.match(code) is not None:
        return frozenset()
    one = _ONE_ATTRIBUTE.match(code)
    return frozenset({one.group(1)}) if one else None


# Template code that pulls markup in from elsewhere (layouts, partials, includes, blocks a
# child template fills): the page is then only complete together with other files.
INCLUDE_RE = re.compile(
    r"""
      \{%-?\s*(?:extends|include|include_relative|render|section|sections|layout|embed
               |import|from|use|block)\b                                   # Jinja/Django/Twig/Liquid
    | \{\{-?\s*(?:include|render|block|content_for_layout|content)\b         # Twig, Liquid, Jekyll
    | \{\{\{?-?\s*(?:>|body\b|content\b|\.Content\b)                        # Handlebars/Mustache, Hugo
    | \{\{!<                                                              # Ghost layout directive
    | \{\{-?\s*(?:template|partial|partialCached|define|block)\b            # Go templates / Hugo
    | <%[=-]?\s*(?:render|yield|include|content_for|partial|body)\b       # ERB / EJS (Hexo)
    | <\?(?:php|=)?[^?]*?\b(?:include|require|include_once|require_once
               |get_header|get_footer|get_template_part|wp_footer)\b      # PHP / WordPress
    """,
    re.I | re.X,
)
