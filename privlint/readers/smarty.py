"""Smarty (``.tpl``: PrestaShop, WHMCS): its tags are template code, its comments comments.

``{$var}``, ``{if}``…``{/if}``, ``{foreach}``, ``{l s='Card number'}``, ``{extends}``,
``{include}`` and ``{block}`` are template code where they stand (a translated label's code
still says what it labels); ``{* … *}`` is a comment; ``{literal}…{/literal}`` is markup as it
stands. As in Smarty 3, a ``{`` followed by white space is text (inline CSS and JavaScript).
"""

from __future__ import annotations

import re

from . import ReadOptions, Reading
from ._dialect import DialectWriter

_OPENER = re.compile(r"\{(?=[^\s}])")
# A tag: up to its "}", quoted strings whole (a quote left open ends the line's search).
_TAG = re.compile(r"""\{(?:[^{}'"]|'[^'\n]*'|"[^"\n]*")*\}""")
_LITERAL_END = re.compile(r"\{/literal\}")
_INCLUDES = re.compile(r"\{(?:extends|include|block)\b")


def read_smarty(text: str, options: ReadOptions) -> Reading:
    out = DialectWriter(text)
    pos = 0
    while (m := _OPENER.search(text, pos)) is not None:
        start = m.start()
        if text.startswith("{*", start):
            close = text.find("*}", start + 2)
            if close < 0:
                break  # an unclosed comment: the rest is text
            out.comment(start, close + 2, start + 2, close)
            pos = close + 2
            continue
        tag = _TAG.match(text, start)
        if tag is None:
            pos = start + 1
            continue
        end = tag.end()
        if tag.group() == "{literal}":
            close = _LITERAL_END.search(text, end)
            out.code(start, end)
            if close is None:
                pos = len(text)
                break
            out.skip_to(close.start())
            out.code(close.start(), close.end())
            pos = close.end()
            continue
        out.code(start, end)
        pos = end
    reading = out.finish()
    reading.pulls_in_markup = _INCLUDES.search(text) is not None
    return reading
