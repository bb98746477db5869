"""What the template languages with a syntax of their own (Smarty, Blade, Razor, Freemarker)
share: a writer that copies the markup and turns each construct into template code or a
comment, and ``Brackets``, where each bracket closes, found in one pass (it does not look at
quotes). Each reader finds where its other constructs end itself: Smarty's tags and Freemarker's
values by a regular expression that takes strings whole, Freemarker's directives by a bounded
scan (``MAX_CONSTRUCT``) that takes strings whole and tracks parentheses.

A construct becomes ``PLACEHOLDER``, which ``template.find_spans`` then classifies by where it
stands (between attributes, in a value, in text) and masks like any template code, mapped
back to the construct, so that rules see an unknown value and messages show the code.
"""

from __future__ import annotations

import re

from . import MarkupWriter, Reading

# The longest Freemarker directive read: an opener with no end within it is text, which bounds
# the work per opener. ``Brackets.end`` allows 25 times it between a bracket and its closer (a
# Blade directive's or a Razor expression's parentheses, a Razor block's braces). Smarty's tags
# are not bounded by it: their search stops at the next "{" outside a string (a string at its
# line's end), which keeps it linear.
MAX_CONSTRUCT = 4000


class DialectWriter:
    def __init__(self, text: str) -> None:
        self.text = text
        self.writer = MarkupWriter(text)
        self._copied = 0

    def code(self, start: int, end: int) -> None:
        """Template code from ``start`` to ``end``: unknown where it stands."""
        self.writer.copy(self._copied, start)
        self.writer.unknown(start, end)
        self._copied = end

    def comment(self, start: int, end: int, body_start: int, body_end: int) -> None:
        """A comment of the language: no markup, kept for inline directives."""
        self.writer.copy(self._copied, start)
        self.writer.comments.append((start, end, self.text[body_start:body_end]))
        self._copied = end

    def replace(self, markup: str, start: int, end: int) -> None:
        """Markup that stands for the file's text from ``start`` to ``end``."""
        self.writer.copy(self._copied, start)
        self.writer.write(markup, start, end)
        self._copied = end

    def skip_to(self, offset: int) -> None:
        """Copy the file's text up to ``offset`` as it stands."""
        self.writer.copy(self._copied, offset)
        self._copied = max(self._copied, offset)

    def resume_at(self, offset: int) -> None:
        """What the writer wrote itself stands for the file's text up to ``offset``."""
        self._copied = offset

    def finish(self) -> Reading:
        self.writer.copy(self._copied, len(self.text))
        return self.writer.finish()


class Brackets:
    """Where each bracket of a kind closes, found in one pass over the text (a stack), so that
    asking for any opener's end costs nothing more: linear on crafted input, where a search
    per opener would not be. Quotes are not looked at (in markup an apostrophe is text), so a
    bracket inside a string of the code counts like any other."""

    def __init__(self, text: str, opener: str, closer: str) -> None:
        self.ends: dict[int, int] = {}
        stack: list[int] = []
        for m in re.finditer(re.escape(opener) + "|" + re.escape(closer), text):
            if m.group() == opener:
                stack.append(m.start())
            elif stack:
                self.ends[stack.pop()] = m.end()

    def end(self, pos: int, limit: int = MAX_CONSTRUCT * 25) -> int:
        """The offset just after the bracket that closes the one at ``pos``; -1 if none does."""
        end = self.ends.get(pos, -1)
        return end if end < 0 or end - pos <= limit else -1
