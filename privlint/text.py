"""Normalising words for matching: any case, no accents, camelCase and punctuation split."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from . import template

_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])|(?<=[A-Za-z])(?=\d)|(?<=\d)(?=[A-Za-z])")
_NON_WORD = re.compile(r"[\W_]+")
_SPACE = re.compile(r"\s+")


class _DropCombining(dict):
    """A str.translate table that drops combining marks (accents, once NFKD has split them
    off their letters), deciding each code point the first time it is met."""

    def __missing__(self, code: int) -> int | None:
        kept = None if unicodedata.combining(chr(code)) else code
        self[code] = kept
        return kept


_DROP_COMBINING = _DropCombining()


@lru_cache(maxsize=4096)
def fold(value: str) -> str:
    """Lower case, accents removed, whitespace collapsed: "Datenschutzerklärung" -> "datenschutzerklarung"."""
    if value.isascii():
        return _SPACE.sub(" ", value.lower()).strip()
    value = unicodedata.normalize("NFKD", value).translate(_DROP_COMBINING)
    return _SPACE.sub(" ", value.casefold()).strip()


@lru_cache(maxsize=4096)
def words(value: str) -> str:
    """Identifier-ish text as words: "creditCard[number]" -> "credit card number"."""
    value = value.replace(template.MARK, " ").replace(template.FILL, " ")
    value = _CAMEL.sub(" ", value)
    return " " + _NON_WORD.sub(" ", fold(value)).strip() + " "


def has_word(haystack_words: str, needles: tuple[str, ...]) -> str | None:
    """The first needle that occurs as whole words in a ``words()`` string."""
    for needle in needles:
        if f" {needle} " in haystack_words:
            return needle
    return None


def term_regex(terms: tuple[str, ...]) -> re.Pattern[str]:
    """One pattern for folded terms, shaped as a trie so that shared prefixes are tested once
    (an alternation of a hundred words is slow in Python's engine). A space in a term also
    matches "-", "_" or "/" (URLs: privacy-policy)."""
    trie: dict = {}
    for term in terms:
        node = trie
        for char in term:
            node = node.setdefault(char, {})
        node[""] = {}
    return re.compile(_trie_pattern(trie) if trie else r"(?!)")


def _trie_pattern(node: dict) -> str:
    branches = []
    optional = "" in node
    for char, child in sorted(node.items()):
        if char == "":
            continue
        head = r"[\W_]+" if char == " " else re.escape(char)
        branches.append(head + _trie_pattern(child) if child else head)
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if optional:
        body = "(?:" + body + ")?"
    return body


def has_term(haystack: str, terms: tuple[str, ...]) -> str | None:
    """The first term that occurs anywhere in folded text (compounds included)."""
    for term in terms:
        if term in haystack:
            return term
    return None


_HIDDEN = frozenset({"script", "style", "template", "noscript", "head"})


def unaccent(value: str) -> str:
    """Accents removed and whitespace collapsed, case kept: for texts searched for names."""
    if not value.isascii():
        value = unicodedata.normalize("NFKD", value).translate(_DROP_COMBINING)
    return _SPACE.sub(" ", value).strip()


_HIDDEN = frozenset({"script", "style", "template", "noscript", "head"})


def visible_text(root) -> str:
    """The text a reader sees (no script, style or template bodies), as written."""
    from lxml import etree

    body = root.find("body")
    top = body if body is not None else root
    parts: list[str] = []
    title = root.findtext(".//title")
    if title:
        parts.append(title)
    walker = etree.iterwalk(top, events=("start", "end"))
    for event, el in walker:
        if event == "start":
            if not isinstance(el.tag, str) or el.tag in _HIDDEN:
                walker.skip_subtree()
            elif el.text:
                parts.append(el.text)
        elif el is not top and el.tail:
            parts.append(el.tail)
    return " ".join(parts)
