"""CSS: the stylesheets of a build (``.css`` files) and the text of ``<style>`` elements and
``style`` attributes. Rules only need what a stylesheet fetches: ``@import`` and ``url()``.

Not a CSS parser: a tokenizer just good enough to skip comments and strings and to find
the URL tokens the way the CSS Syntax spec reads them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from .document import SourceText, decode, normalise, read_source

CSS_EXTENSIONS = frozenset({".css"})

# A comment, a string, url( with an unquoted URL, url( / @import followed by a string.
_TOKEN = re.compile(
    r"""/\*.*?(?:\*/|\Z)"""
    r"""|(?P<import>@import\s*(?:url\(\s*)?(?P<iq>["']))"""
    r"""|(?P<urlfn>\burl\(\s*(?P<uq>["'])?)"""
    r"""|(?P<string>["'])""",
    re.S | re.I,
)
_UNQUOTED_URL_END = re.compile(r"""[\s)"'(]""")
_IMPORT_BEFORE = re.compile(r"@import\s*$", re.I)
# "@namespace svg url(http://www.w3.org/2000/svg)" names an XML namespace: nothing is fetched.
_NAMESPACE_BEFORE = re.compile(r"@namespace\s+(?:[\w-]+\s+)?$", re.I)


def _after_import(css: str, start: int) -> bool:
    return bool(_IMPORT_BEFORE.search(css, max(0, start - 40), start))


@dataclass(frozen=True, slots=True)
class CssReference:
    """A URL a stylesheet fetches; start and end are offsets of the URL itself."""

    url: str
    start: int
    end: int
    how: str  # "import" (@import) or "url" (url(), fonts and images)


def _string_end(text: str, start: int, quote: str) -> int:
    """The offset of the closing quote of a string whose content starts at ``start``."""
    i = start
    n = len(text)
    while i < n:
        c = text[i]
        if c == "\\":
            i += 2
            continue
        if c == quote or c == "\n":  # an unclosed string ends at the line (a bad-string token)
            return i
        i += 1
    return n


def references(css: str, offset: int = 0) -> Iterator[CssReference]:
    """Every ``@import`` and ``url()`` URL in CSS text, in order; ``offset`` shifts positions
    (the text of a <style> element inside an HTML file)."""
    pos = 0
    n = len(css)
    while pos < n:
        m = _TOKEN.search(css, pos)
        if m is None:
            return
        if m.group("urlfn") is not None and _NAMESPACE_BEFORE.search(css, max(0, m.start() - 80), m.start()):
            pos = m.end()  # the URL is skipped as an ordinary token from here
            if m.group("uq"):
                pos = _string_end(css, pos, m.group("uq")) + 1
            continue
        if m.group("import") is not None or (m.group("urlfn") is not None and m.group("uq")):
            quote = m.group("iq") or m.group("uq")
            start = m.end()
            end = _string_end(css, start, quote)
            how = "import" if m.group("import") is not None or _after_import(css, m.start()) else "url"
            yield CssReference(css[start:end].strip(), start + offset, end + offset, how)
            pos = end + 1
        elif m.group("urlfn") is not None:
            start = m.end()
            stop = _UNQUOTED_URL_END.search(css, start)
            end = stop.start() if stop else n
            how = "import" if _after_import(css, m.start()) else "url"
            yield CssReference(css[start:end], start + offset, end + offset, how)
            pos = end
        elif m.group("string") is not None:
            pos = _string_end(css, m.end(), m.group("string")) + 1
        else:  # a comment
            pos = m.end()


class StyleSheet(SourceText):
    """A ``.css`` file of the run, read once."""

    def __init__(self, path: Path, display: str, text: str) -> None:
        self.path = path
        self.display = display
        self.text = normalise(text)

    @classmethod
    def from_file(cls, path: Path, display: str, max_size: int | None = None) -> "StyleSheet":
        return cls(path, display, decode(read_source(path, max_size)))

    def references(self) -> Iterator[CssReference]:
        return references(self.text)


def is_stylesheet(path: Path) -> bool:
    return path.suffix.lower() in CSS_EXTENSIONS
