"""Readers: front-ends that turn a source file into the markup it writes.

HTML pages and templates are read as they stand (``template.py`` masks their template code).
Other files write their markup with code: PHP in string literals and ``echo``, JavaScript in
``innerHTML`` and jQuery calls, components in JSX, Vue, Svelte and Astro. A reader for such a
file writes out that markup with a ``MarkupWriter``: stretches copied from the file, text
standing for a stretch (a decoded escape, a renamed attribute) and placeholders for code whose
value is unknown. The result, a ``Reading``, is what ``Document`` parses, with template code
masked as usual and every character mapped back to the file's own line and column.

Markup that code writes apart from the page's own flow (a string a PHP function builds, a
component's JSX) is a *fragment*: parsed on its own, so that nothing in it closes or opens
what stands around it, and its fields' form is unknown unless the fragment holds it.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from .. import template
from ..template import Span

# What a reader writes for code whose value is unknown: a construct template.find_spans knows,
# so that it is classified by where it stands (text, an attribute value, between attributes)
# and masked like template code. U+FDD2 is a noncharacter, never in a file's text.
PLACEHOLDER = "{%\ufdd2%}"

Comment = tuple[int, int, str]  # start, end, body: a comment of the file's language

# The attribute a reader puts on the element that a payment processor's hosted card fields
# component renders (rules/data/components.toml's hosted-fields): the processor's name.
HOSTED_FIELDS_ATTRIBUTE = "data-privlint-hosted-fields"
# The attribute of the <script> that holds a file's own code (a .js file, a component's script
# block): code bundled into the site, not a snippet pasted into a page, so a URL it merely
# spells loads nothing by itself (what it writes and creates is read apart, as markup).
CODE_SCRIPT_ATTRIBUTE = "data-privlint-code"


@dataclass(frozen=True)
class ReadOptions:
    """What the configuration and the project tell readers: components rendered as a known
    element, the widgets of a Django project's form fields."""

    components: tuple[tuple[str, str], ...] = ()  # (component name, element), from config
    # Fields a Django project's form classes declare: (name, widget, attributes, computed too).
    django_fields: tuple = ()
    # Services Hugo's built-in templates render with the site's settings: ("google_analytics", id)...
    hugo_services: tuple = ()


class OffsetMap:
    """Where each character of a reader's markup stands in the file it read.

    The markup is a sequence of pieces. A copied piece maps character for character; a written
    piece (text standing for a stretch of the file) maps as a whole to that stretch: its start
    to the stretch's start, its end to the stretch's end."""

    __slots__ = ("starts", "text_starts", "text_ends", "copied")

    def __init__(self) -> None:
        self.starts: list[int] = []
        self.text_starts: list[int] = []
        self.text_ends: list[int] = []
        self.copied: list[bool] = []

    def _piece(self, offset: int) -> int:
        return max(0, bisect.bisect_right(self.starts, offset) - 1)

    def to_text(self, offset: int) -> int:
        """The file offset of the markup character at ``offset``."""
        if not self.starts:
            return 0
        i = self._piece(offset)
        if self.copied[i]:
            return min(self.text_starts[i] + (offset - self.starts[i]), self.text_ends[i])
        return self.text_starts[i]

    def to_text_end(self, offset: int) -> int:
        """The file offset just after the markup character before ``offset`` (an end)."""
        if not self.starts:
            return 0
        if offset <= self.starts[0]:
            return self.text_starts[0]
        i = self._piece(offset - 1)
        if self.copied[i]:
            return min(self.text_starts[i] + (offset - self.starts[i]), self.text_ends[i])
        return self.text_ends[i]


@dataclass
class Reading:
    """What a reader made of a file: markup to parse, and how it maps to the file."""

    source: str  # the markup, template code masked: what the HTML parser reads
    spans: list[Span]  # template code and unknown values, at their offsets in the file
    source_spans: list[Span]  # the same constructs, at their offsets in ``source``
    offsets: OffsetMap  # from ``source`` offsets to the file's
    parts: list[tuple[int, int]]  # ranges of ``source``: the page's own flow, then each fragment
    comments: list[Comment] = field(default_factory=list)  # the language's comments, for directives
    pulls_in_markup: bool = False  # it renders markup of other files (children, slots, includes)
    # Elements a framework helper writes (``f.text_field :card_number``): where each start tag
    # begins in ``source``, and the helper call as a message shows it.
    helpers: dict[int, str] = field(default_factory=dict)


class MarkupWriter:
    """Builds a reader's markup piece by piece, remembering where each piece stands in the file."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._chunks: list[str] = []
        self._length = 0
        self.offsets = OffsetMap()
        self._parts: list[int] = [0]  # where each part begins in the markup
        self.comments: list[Comment] = []
        self.pulls_in_markup = False
        self.helpers: dict[int, str] = {}

    @property
    def length(self) -> int:
        return self._length

    def copy(self, start: int, end: int) -> None:
        """The file's text from ``start`` to ``end``, as it stands."""
        if end <= start:
            return
        m = self.offsets
        if m.copied and m.copied[-1] and m.text_ends[-1] == start:
            m.text_ends[-1] = end  # continues the last piece
        else:
            self._add(start, end, True)
        self._chunks.append(self.text[start:end])
        self._length += end - start

    def write(self, markup: str, start: int, end: int) -> None:
        """Markup that stands for the file's text from ``start`` to ``end`` (a decoded escape,
        an attribute name as HTML spells it, an end tag the code implies)."""
        if not markup:
            return
        self._add(start, end, False)
        self._chunks.append(markup)
        self._length += len(markup)

    def unknown(self, start: int, end: int) -> None:
        """A value computed by code (``start``..``end``): unknown, like template code."""
        self.write(PLACEHOLDER, start, end)

    def mark_helper(self, label: str) -> None:
        """The start tag written next is a framework helper's (``label``: the call)."""
        self.helpers[self._length] = label

    def fragment(self, at: int) -> None:
        """Start a fragment: markup written apart from what came before (``at``: where in the
        file). An empty fragment is not kept."""
        if self._length == self._parts[-1]:
            return
        self.write("\n", at, at)  # parts start on lines of their own: libxml2 counts lines per parse
        self._parts.append(self._length)

    def _add(self, start: int, end: int, copied: bool) -> None:
        m = self.offsets
        m.starts.append(self._length)
        m.text_starts.append(start)
        m.text_ends.append(end)
        m.copied.append(copied)

    def finish(self) -> Reading:
        raw = "".join(self._chunks)
        source_spans = template.find_spans(raw) if template.has_template_syntax(raw) else []
        to_text, to_text_end = self.offsets.to_text, self.offsets.to_text_end
        spans = [Span(to_text(s.start), max(to_text(s.start), to_text_end(s.end)), s.kind) for s in source_spans]
        bounds = self._parts + [len(raw)]
        parts = [(bounds[i], bounds[i + 1]) for i in range(len(self._parts))]
        return Reading(
            template.mask(raw, source_spans), spans, source_spans, self.offsets, parts, self.comments,
            self.pulls_in_markup, self.helpers,
        )


Reader = Callable[[str, ReadOptions], Reading]


def reader_for(path: Path) -> Reader | None:
    """The reader of a file that writes its markup with code; None for HTML and templates,
    which are read as they stand."""
    suffix = path.suffix.lower()
    if path.name in _MANIFEST_READERS:  # package.json, Gemfile...: the tracker SDKs they declare
        from . import manifests

        return getattr(manifests, _MANIFEST_READERS[path.name])
    if suffix not in _READERS or path.name.lower().endswith(".blade.php"):
        return None
    module, name = _READERS[suffix]
    from importlib import import_module

    return getattr(import_module(f"{__name__}.{module}"), name)


def template_reader_for(path: Path, text: str, options: ReadOptions | None = None) -> Reader | None:
    """The reader of a template whose framework helpers write its markup (Rails'
    ``f.text_field``, Twig's ``form_widget``, Liquid's ``{% form %}``), when the text calls one,
    or of a template language with a syntax of its own; None for a template read as it stands."""
    name = path.name.lower()
    if name.endswith(".erb") and "<%" in text:
        from .erb import HELPER_CALL, read_erb

        return read_erb if HELPER_CALL.search(text) else None
    if name.endswith((".html", ".htm", ".xhtml")) and ("xmlns:th" in text or " th:" in text or "data-th-" in text):
        from .thymeleaf import THYMELEAF, read_thymeleaf

        return read_thymeleaf if THYMELEAF.search(text) else None
    if name.endswith((".md", ".markdown")) and options is not None and options.hugo_services:
        from .hugo import read_hugo_content

        return read_hugo_content  # a Hugo content file: what its shortcodes render
    if options is not None and options.hugo_services and ("google_analytics" in text or "disqus" in text) and name.endswith((".html", ".htm")):
        from .hugo import BUILTIN_CALL, read_hugo

        if BUILTIN_CALL.search(text):
            return read_hugo
    # Django templates: HTML names (and Jinja's), never another language's file.
    django_names = (".html", ".htm", ".txt", ".j2", ".jinja", ".jinja2")
    if options is not None and options.django_fields and "form." in text and name.endswith(django_names):
        from .django_forms import FIELD_OUTPUT, read_django

        known = {field[0] for field in options.django_fields}
        if any(m.group(2) in known for m in FIELD_OUTPUT.finditer(text)):
            return read_django
    if name.endswith(".twig") and "form_" in text:
        from .twig import FORM_CALL, read_twig

        return read_twig if FORM_CALL.search(text) else None
    if name.endswith(".liquid") and "form" in text:
        from .liquid import FORM_TAG, read_liquid

        return read_liquid if FORM_TAG.search(text) else None
    for suffix, (module, function) in _DIALECTS.items():
        if name.endswith(suffix):
            from importlib import import_module

            return getattr(import_module(f"{__name__}.{module}"), function)
    return None


# Template languages of a syntax of their own, read by a reader of theirs (by file name ending).
_DIALECTS: dict[str, tuple[str, str]] = {
    ".blade.php": ("blade", "read_blade"),
    ".tpl": ("smarty", "read_smarty"),
    ".ftl": ("freemarker", "read_freemarker"),
    ".ftlh": ("freemarker", "read_freemarker"),
    ".cshtml": ("razor", "read_razor"),
}


# Inline scripts of a page that may write markup: they say a sink, and spell a string with a
# tag in it (bounded: linear) or set an element's address from a literal.
_SINK_WORD = re.compile(
    r"innerHTML|outerHTML|insertAdjacentHTML|document\.write|createElement|new\s+Image\b|\$\(|jQuery\("
    r"|\.(?:html|append|prepend|before|after|replaceWith|wrap|wrapAll)\("
)
_MARKUP_STRING = re.compile(r"""['"`][^'"`\n]{0,300}?<(?:[A-Za-z/]|!--)""")
_LITERAL_SRC = re.compile(r"""\.(?:src|href)\s*=\s*['"`]|setAttribute\(\s*['"](?:src|href)['"]\s*,\s*['"`]""")
# The script types that run as JavaScript (not JSON, templates, or scripts a consent manager holds back).
JS_TYPES = frozenset(
    {"", "text/javascript", "application/javascript", "module", "text/ecmascript", "application/ecmascript", "text/jscript"}
)


def may_write_markup(code: str, start: int = 0, end: int | None = None) -> bool:
    """Whether script code (``code[start:end]``) may write markup; most pages' scripts are
    snippets that do not (a consent manager's or a tag's loader), read as scripts."""
    end = len(code) if end is None else end
    if _SINK_WORD.search(code, start, end) is None:
        return False
    return _MARKUP_STRING.search(code, start, end) is not None or _LITERAL_SRC.search(code, start, end) is not None


def scripts_may_write_markup(root) -> bool:
    """Whether a parsed page has an inline script that may write markup (lxml finds the
    scripts in C: a page without one costs next to nothing)."""
    for el in root.iter("script"):
        code = el.text
        if code and el.get("src") is None and (el.get("type") or "").strip().lower() in JS_TYPES and may_write_markup(code):
            return True
    return False


def read_inline_scripts(text: str, source: str, options: ReadOptions) -> Reading | None:
    """An HTML page or template (``source``: its text with template code masked) whose inline
    scripts write markup, read with that markup as fragments; None for any other page."""
    from .javascript import read_inline_scripts as read

    return read(text, source, options)


# Suffix -> (module, function): imported the first time a file needs it.
# Dependency manifests, by file name (as the package managers spell it) -> their reader in manifests.py.
_MANIFEST_READERS = {
    "package.json": "read_package_json",
    "package-lock.json": "read_package_lock",
    "composer.json": "read_composer_json",
    "Gemfile": "read_gemfile",
    "requirements.txt": "read_requirements",
}
MANIFEST_NAMES = frozenset(_MANIFEST_READERS)

_READERS: dict[str, tuple[str, str]] = {
    ".php": ("php", "read_php"),
    ".phtml": ("php", "read_php"),
    ".js": ("javascript", "read_script"),
    ".mjs": ("javascript", "read_script"),
    ".cjs": ("javascript", "read_script"),
    ".ts": ("javascript", "read_script"),
    ".jsx": ("javascript", "read_jsx"),
    ".tsx": ("javascript", "read_jsx"),
    ".vue": ("vue", "read_vue"),
    ".svelte": ("svelte", "read_svelte"),
    ".astro": ("astro", "read_astro"),
}
