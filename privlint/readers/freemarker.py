"""Freemarker (``.ftl``): its directives and interpolations are template code.

``${…}`` and ``#{…}`` are values; ``<#if>``, ``<#list>``, ``<#include>``, ``<#assign>``,
``</#if>`` and user macros (``<@layout>``, ``</@layout>``) are template code where they stand;
``<#-- … -->`` is a comment.
"""

from __future__ import annotations

import re

from . import ReadOptions, Reading
from ._dialect import DialectWriter

_OPENER = re.compile(r"[$#]\{|</?[#@](?=[A-Za-z_])|<#--")
# A value up to its "}" (one level of braces inside, a hash literal), a directive up to its
# ">" (Freemarker compares with gt/lt, so no "<" stands inside): each search stops at the next
# opener, which keeps reading linear.
_VALUE = re.compile(r"""[$#]\{(?:[^{}'"]|'[^'\n]*'|"[^"\n]*"|\{[^{}]*\})*\}""")
_DIRECTIVE = re.compile(r"""</?[#@](?:[^<>'"]|'[^'\n]*'|"[^"\n]*")*>""")
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
        construct = (_VALUE if m.group().endswith("{") else _DIRECTIVE).match(text, start)
        if construct is None:
            pos = start + 1
            continue
        out.code(start, construct.end())
        pos = construct.end()
    reading = out.finish()
    reading.pulls_in_markup = _INCLUDES.search(text) is not None
    return reading
