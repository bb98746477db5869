"""Freemarker (``.ftl``): its directives and interpolations are template code.

``${…}`` and ``#{…}`` are values; ``<#if>``, ``<#list>``, ``<#include>``, ``<#assign>``,
``</#if>`` and user macros (``<@layout>``, ``</@layout>``) are template code where they stand;
``<#-- … -->`` is a comment. A directive ends at its first ">" outside parentheses and strings,
as in Freemarker (``<#if (x > y)>`` is one directive).
"""

from __future__ import annotations

import re

from . import ReadOptions, Reading
from ._dialect import MAX_CONSTRUCT, DialectWriter

_OPENER = re.compile(r"[$#]\{|</?[#@](?=[A-Za-z_])|<#--")
# A value up to its "}" (one level of braces inside, a hash literal).
_VALUE = re.compile(r"""[$#]\{(?:[^{}'"]|'[^'\n]*'|"[^"\n]*"|\{[^{}]*\})*\}""")
# What a directive's end is looked for among: its ">" (one inside parentheses compares, as in
# ``<#if (x > y)>``), parentheses, strings whole (a quote left open on its line is one alone),
# and a "<" that starts a tag or another directive, where a directive left open ends.
_DIRECTIVE_PART = re.compile(r"""[()>]|<[#@/!?A-Za-z]|"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|["']""")
_INCLUDES = re.compile(r"<#(?:include|import)\b|<@")


def read_freemarker(text: str, options: ReadOptions) -> Reading:
    out = DialectWriter(text)
    pos = 0
    while (m := _OPENER.search(text, pos)) is not None:
        start = m.start()
        if m.group() == "<#--":
            close = text.find("-->", start + 4)
            if close < 0:
                break
            out.comment(start, close + 3, start + 4, close)
            pos = close + 3
            continue
        if m.group().endswith("{"):
            value = _VALUE.match(text, start)
            end = value.end() if value is not None else -1
        else:
            end = _directive_end(text, m.end())
        if end < 0:
            pos = start + 1
            continue
        out.code(start, end)
        pos = end
    reading = out.finish()
    reading.pulls_in_markup = _INCLUDES.search(text) is not None
    return reading


def _directive_end(text: str, pos: int) -> int:
    """Just after the ">" that ends the directive whose name begins at ``pos``; -1 if it does
    not end: before a tag or another directive, at a quote left open, or within
    ``MAX_CONSTRUCT``. One pass, tracking the depth of parentheses. The search stops at the
    next opener outside a string, and a string at its line's end, so that no text is looked at
    again for more than a few openers: reading stays linear."""
    depth = 0
    for m in _DIRECTIVE_PART.finditer(text, pos, min(len(text), pos + MAX_CONSTRUCT)):
        part = m.group()
        if part == ">":
            if depth == 0:
                return m.end()
        elif part == "(":
            depth += 1
        elif part == ")":
            depth = max(0, depth - 1)
        elif part[0] == "<" or len(part) == 1:
            return -1
    return -1
