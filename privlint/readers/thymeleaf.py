"""Thymeleaf (Spring): HTML whose ``th:`` attributes decide what the browser gets.

A Thymeleaf template is a page that opens in a browser as a prototype; when rendered, each
``th:x`` attribute replaces the static ``x``: ``<form action="pay.html" th:action="@{/pay}">``
posts to ``/pay``. So the value that reaches the browser is the ``th:`` one:

* ``th:action``, ``th:href``, ``th:src``, ``th:value``, ``th:autocomplete`` and the other
  ``th:`` forms of HTML attributes replace their static attribute. A link expression
  ``@{/pay}`` is the path ``/pay`` on the site's own host (``@{https://…}`` an absolute URL);
  ``${…}``, ``*{…}``, ``#{…}`` and other expressions are unknown values;
* ``th:field="*{cardNumber}"`` renders ``name`` and ``id`` from the property, and on a
  checkbox or radio decides ``checked`` from the model (unknown);
* ``th:attr`` may write any attribute; ``th:classappend``/``th:styleappend`` make ``class``
  and ``style`` unknown;
* the processors that decide whether or how often an element renders (``th:if``,
  ``th:each``, ``th:object``…) and ``xmlns:th`` render no attribute (``xmlns:th`` names
  Thymeleaf's namespace: no request is made to it);
* ``th:replace``, ``th:insert``, ``th:include`` and the layout dialect's ``layout:decorate`` and
  ``layout:fragment`` pull in markup of other templates: the page is completed elsewhere.

Everything else is the page as it stands.
"""

from __future__ import annotations

import re

from . import PLACEHOLDER, ReadOptions, Reading
from ._dialect import DialectWriter

# Whether a page is a Thymeleaf template: a th: (or data-th-) attribute, or its namespace.
THYMELEAF = re.compile(r"\s(?:th:|data-th-)[a-z]|xmlns:th\s*=", re.I)
_ATTRIBUTE = re.compile(
    r"""\s(?:(?:th:|data-th-)([\w-]+)|xmlns:(th))\s*=\s*(?:"([^"]*)"|'([^']*)')""", re.I
)
_STATIC = re.compile(r"""\s([A-Za-z][\w:.-]*)(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>"']+))?""")
_TAG_NAME = re.compile(r"<([A-Za-z][\w-]*)")
_TYPE = re.compile(r"""\stype\s*=\s*["']?\s*(checkbox|radio)\b""", re.I)
# Processors that render no attribute of their own.
_PROCESSORS = frozenset(
    """if unless each with object remove fragment insert replace include inline block switch case
    assert errors errorclass text utext ref""".split()
)
_BOOLEANS = frozenset(
    "checked selected disabled readonly required multiple autofocus hidden novalidate async defer".split()
)
# Markup from other templates: fragments put in place, a layout this page decorates or fills.
_INCLUDES = re.compile(r"\s(?:th:|data-th-)(?:replace|insert|include)\s*=|\slayout:(?:decorate|decorator|fragment|insert|replace)\s*=", re.I)
_ID_DROPS = re.compile(r"[.\[\]]")  # Spring's id of a bound field: the path without these
_LINK = re.compile(r"@\{\s*([^${}*#()]*?)\s*(\([^)]*\))?\s*\}")
_LITERAL = re.compile(r"'([^'${}]*)'")


def read_thymeleaf(text: str, options: ReadOptions) -> Reading:
    out = DialectWriter(text)
    edits: list[tuple[int, int, str]] = []
    pos = 0
    while (m := _ATTRIBUTE.search(text, pos)) is not None:
        lt = text.rfind("<", max(0, m.start() - 4000), m.start())
        close = text.find(">", m.end())
        if close < 0:
            break  # no tag closes after it: the rest is text
        if lt < 0 or (tag := _TAG_NAME.match(text, lt)) is None:
            pos = m.end()
            continue
        gt = close
        edits += _tag_edits(text, lt, tag.end(), gt)
        pos = gt + 1
    for start, end, markup in sorted(edits):
        out.replace(markup, start, end)
    reading = out.finish()
    reading.pulls_in_markup = _INCLUDES.search(text) is not None
    return reading


def _tag_edits(text: str, begin: int, name_end: int, gt: int) -> list[tuple[int, int, str]]:
    """The edits of one start tag: each th: attribute as what it renders, and the static
    attributes it replaces dropped."""
    found = list(_ATTRIBUTE.finditer(text, name_end, gt))
    rendered: dict[str, str] = {}
    edits: list[tuple[int, int, str]] = []
    checkable = _TYPE.search(text, name_end, gt) is not None
    for m in found:
        name = (m.group(1) or "").lower()
        value = m.group(3) if m.group(3) is not None else m.group(4) or ""
        markup = ""
        if m.group(2):  # xmlns:th
            markup = ""
        elif name == "field":
            prop = value.strip()
            prop = prop[2:-1].strip() if prop.startswith(("*{", "${")) and prop.endswith("}") else ""
            if prop and re.fullmatch(r"[\w.\[\]]+", prop):
                markup = f' name="{prop}" id="{_ID_DROPS.sub("", prop)}"'
                rendered.update({"name": "", "id": ""})
            else:
                markup = f' name="{PLACEHOLDER}" id="{PLACEHOLDER}"'
                rendered.update({"name": "", "id": ""})
            if checkable:
                markup += f' checked="{PLACEHOLDER}"'
                rendered["checked"] = ""
        elif name == "attr":
            markup = f" {PLACEHOLDER}"
        elif name in ("classappend", "styleappend"):
            target = name[: -len("append")]
            markup = f' {target}="{PLACEHOLDER}"'
            rendered[target] = ""
        elif name in _PROCESSORS or name.startswith(("attrappend", "attrprepend")):
            markup = ""
        else:
            markup = f' {name}="{_rendered_value(value, name)}"'
            rendered[name] = ""
        edits.append((m.start() + 1, m.end(), markup.lstrip(" ")))  # the white space before stays
    th_starts = {m.start() for m in found}  # both patterns start at the white space before
    for s in _STATIC.finditer(text, name_end, gt):
        if s.start() in th_starts:
            continue
        if s.group(1).lower() in rendered:
            edits.append((s.start(), s.end(), ""))
    return edits


def _rendered_value(value: str, name: str) -> str:
    """What an attribute's Thymeleaf expression gives: a link's path, a literal, or unknown."""
    value = value.strip()
    link = _LINK.fullmatch(value)
    if link is not None:
        path = link.group(1)
        if path.startswith("~/"):
            path = path[1:]
        query = f"?{PLACEHOLDER}" if link.group(2) else ""
        if path.startswith(("/", "http:", "https:", "//")) or not path:
            return _escape(path) + query
        return f"{PLACEHOLDER}{query}"
    literal = _LITERAL.fullmatch(value)
    if literal is not None and name not in _BOOLEANS:
        return _escape(literal.group(1))
    return PLACEHOLDER  # ${…}, *{…}, #{…}, |…|, a condition


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace('"', "&quot;")
