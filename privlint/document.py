"""One parsed file: its text, its template spans, its lxml tree, and exact source positions.

lxml only knows the line on which a start tag *ends* (and caps it at 65535), so columns
are computed here from the text: the start tags of the masked source are scanned once,
lazily, the first time a document has something to report, and matched to elements.
"""

from __future__ import annotations

import bisect
import codecs
import errno
import os
import re
import stat
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path

from lxml import etree

from . import readers, template, urls
from .readers import OffsetMap, ReadOptions
from .sizes import SIZE_UNITS, describe_size
from .template import Span

TEMPLATE_EXTENSIONS = frozenset(
    {".j2", ".jinja", ".jinja2", ".njk", ".liquid", ".hbs", ".handlebars", ".mustache",
     ".tmpl", ".gohtml", ".erb", ".ejs", ".twig", ".php", ".phtml", ".jsx", ".tsx", ".vue", ".svelte", ".astro",
     ".tpl", ".ftl", ".ftlh", ".cshtml"}
)

_LIBXML_MAX_LINE = 65535
# The element that holds a fragment's markup in the tree (readers: markup that code writes
# apart from the page's own flow). Its contents' surroundings are unknown.
FRAGMENT = "privlint-fragment"


class SourceError(Exception):
    """A file that cannot be read or decoded: reported as a notice, never a traceback."""


class FileSkipped(SourceError):
    """A file left alone on purpose (too large, not a regular file) or that the HTML parser
    cannot read to its end: a notice too."""


@dataclass(frozen=True, slots=True)
class Region:
    """1-based line and column of a start and of the character just after the end."""

    line: int
    column: int
    end_line: int
    end_column: int


# --- reading -------------------------------------------------------------------------

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
# C0 controls other than tab, LF, FF, CR would make libxml2 stop or drop text; NUL likewise.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f]")
_LONE_CR = re.compile(r"\r(?!\n)")


def read_source(path: Path, max_size: int | None = None) -> bytes:
    """A file's bytes; what stops the read is a SourceError (a notice, not a traceback).

    The file is looked at before it is opened: one over ``max_size`` bytes is never read,
    and a named pipe or a device (which could be read forever) is never opened."""
    try:
        status = path.stat()
        if not stat.S_ISREG(status.st_mode):
            raise FileSkipped(_not_a_file(status.st_mode))
        if max_size is not None and status.st_size > max_size:
            raise _too_large(status.st_size, max_size)
        with path.open("rb") as f:
            # No further than its size said, and one byte more to see it grew (the buffer is
            # allocated for what is asked: never the limit, megabytes for every small page).
            data = f.read(status.st_size + 1) if max_size is not None else f.read()
            if max_size is not None and len(data) > status.st_size:  # it grew since: up to the limit
                data += f.read(max_size + 1 - len(data))
    except OSError as exc:
        raise SourceError(_unreadable(path, exc)) from None
    if max_size is not None and len(data) > max_size:
        raise _too_large(len(data), max_size)
    if is_binary(data):
        raise FileSkipped("binary content")
    return data


# The first bytes of binary formats a site's folder holds (images, fonts, archives, programs).
# Signatures that read as text ("GIF89a", "%PDF-", "BZh", "wOFF") count only with bytes no text has.
_BINARY_MAGIC = (
    b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"PK\x03\x04", b"\x1f\x8b", b"\xfd7zXZ\x00", b"7z\xbc\xaf\x27\x1c",
    b"\x00asm", b"\x7fELF", b"\xcf\xfa\xed\xfe", b"\xca\xfe\xba\xbe", b"\x00\x01\x00\x00\x00", b"\x00\x00\x01\x00",
    b"SQLite format 3\x00",
)
_TEXT_LIKE_MAGIC = (b"GIF87a", b"GIF89a", b"%PDF-", b"BZh", b"wOFF", b"wOF2", b"OTTO", b"MZ")
_BINARY_SAMPLE = 8000  # bytes looked at, as git does


def is_binary(data: bytes) -> bool:
    """Bytes that are no text: a binary format's signature, or NUL bytes (more than a stray one)
    in a sample that is no valid UTF-8. A text file with a stray NUL is still text, and so is
    UTF-16 (every other byte NUL): what follows is linted."""
    if data.startswith(_BINARY_MAGIC):
        return True
    sample = data[:_BINARY_SAMPLE]
    nuls = sample.count(b"\x00")
    if nuls < max(2, len(sample) // 1000) or sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return False
    if 2 * nuls >= len(sample) - 2 and (sample[1::2].count(b"\x00") * 2 >= len(sample) - 2 or sample[::2].count(b"\x00") * 2 >= len(sample) - 2):
        return False  # UTF-16 without a byte order mark: text
    try:
        sample.decode("utf-8")
    except UnicodeDecodeError as exc:
        return exc.start < len(sample) - 4 or data.startswith(_TEXT_LIKE_MAGIC)  # not just a character cut at the end
    return data.startswith(_TEXT_LIKE_MAGIC)


def _not_a_file(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a directory, not a file"
    if stat.S_ISFIFO(mode):
        return "a named pipe, not a file (reading it could wait forever)"
    return "a device or socket, not a file"


def _too_large(size: int, max_size: int) -> FileSkipped:
    shown = describe_size(size)
    number, unit = shown.split(" ")
    if float(number) * SIZE_UNITS.get(unit, 1) <= max_size:  # rounded, it would look within the limit
        shown = f"{size:,} bytes"
    return FileSkipped(f"{shown} is over max-file-size ({describe_size(max_size, exact=True)})")


def _unreadable(path: Path, exc: OSError) -> str:
    """Why a file cannot be read, in words rather than an error number."""
    if exc.errno == errno.ENOENT and path.is_symlink():
        try:
            return f"broken symbolic link: its target {os.readlink(path)} does not exist"
        except OSError:
            return "broken symbolic link: its target does not exist"
    reasons = {
        errno.ENOENT: "the file no longer exists (deleted during the run?)",
        errno.ELOOP: "symbolic link loop: the link leads back to itself",
        errno.EACCES: "permission denied",
        errno.EPERM: "permission denied",
        errno.ENAMETOOLONG: "the path is too long for the operating system",
        errno.EIO: "input/output error (a failing disk or network drive?)",
    }
    if exc.errno in reasons:
        return reasons[exc.errno]
    return (exc.strerror or str(exc)).lower()


def decode(data: bytes) -> str:
    """Decode the bytes of an HTML or template file as a browser or editor would."""
    if data.startswith(codecs.BOM_UTF8):
        text = data[3:].decode("utf-8", "replace")
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text = data.decode("utf-16", "replace")
    else:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text = data.decode(_declared_encoding(data) or "cp1252", "replace")
    return text


def _declared_encoding(data: bytes) -> str | None:
    m = _META_CHARSET.search(data[:4096])
    if not m:
        return None
    return _usable_encoding(m.group(1).decode("ascii", "replace").lower())


# The declaration was read as ASCII: an encoding that reads ASCII otherwise (UTF-16, EBCDIC)
# cannot be the one it was written in, and codecs that are not text encodings (base64, zlib,
# rot13) or refuse to replace bad bytes (idna) must never run on a page.
_ASCII = bytes(range(0x20, 0x7F)) + b"\t\n\r"


@lru_cache(maxsize=64)
def _usable_encoding(label: str) -> str | None:
    try:
        name = codecs.lookup(label).name
        if name in ("utf-8", "utf-16", "utf-32"):
            return None
        if _ASCII.decode(name) != _ASCII.decode("ascii"):
            return None
        bytes(range(256)).decode(name, "replace")  # raises for codecs that cannot replace
    except (LookupError, UnicodeError):
        return None
    return name


# Every byte but the C0 controls normalise() replaces, and CR: what is left of a UTF-8 file
# after deleting these says whether normalise() has anything to do.
_NOT_SPECIAL_BYTES = bytes(b for b in range(256) if not (b <= 0x08 or b in (0x0B, 0x0D) or 0x0E <= b <= 0x1F))


def needs_normalising(utf8: bytes) -> bool:
    return bool(utf8.translate(None, _NOT_SPECIAL_BYTES))


def normalise(text: str) -> str:
    """Same length, safe for libxml2: controls become U+FFFD, a lone CR becomes LF."""
    if _CONTROL.search(text):
        text = _CONTROL.sub("\ufffd", text)
    if "\r" in text:
        text = _LONE_CR.sub("\n", text)
    return text


# --- parsing -------------------------------------------------------------------------

_parser: etree.HTMLParser | None = None


def _html_parser() -> etree.HTMLParser:
    global _parser
    if _parser is None:
        # Parsing reads the file's text and nothing else: no network, and libxml2's HTML parser
        # loads no DTD, expands no entity declared in a DOCTYPE and does no XInclude (tests
        # hold it to that). Comments and processing instructions are dropped: never linted.
        _parser = etree.HTMLParser(
            encoding="utf-8",
            remove_comments=True,
            remove_pis=True,
            no_network=True,
            huge_tree=True,
            recover=True,
            default_doctype=False,
        )
    return _parser


def _parse_html(data: bytes) -> etree._Element | None:
    try:
        return etree.fromstring(data, _html_parser())
    except (etree.XMLSyntaxError, ValueError):
        return None


# libxml2 stops reading a document whose elements nest this deep (2048 with huge_tree) and
# drops the rest; such a document is read again with deeper elements closed at once. Browsers
# do much the same past 512 levels. The lower depth is for markup that nests deeper than the
# count of its tags says (misnested formatting elements that the parser opens anew).
_LIBXML_MAX_DEPTH = 2048
_FLATTENED_DEPTHS = (512, 64)
_VOID_ELEMENTS = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
     "track", "wbr", "keygen", "frame", "basefont", "bgsound"}
)


def _stopped_too_deep() -> bool:
    """True if the last parse stopped at libxml2's depth limit (its last, fatal, error)."""
    error = _html_parser().error_log.last_error
    return error is not None and error.type == etree.ErrorTypes.ERR_RESOURCE_LIMIT and "depth" in error.message


def _flattened(source: str, depth: int) -> str:
    """The source with every element that opens ``depth`` levels deep closed right after its
    start tag, so that what it held becomes its siblings. Only end tags are added, each just
    after its start tag: lines, and how many elements of each name a line holds, stay as
    they are, and so do the positions computed from the source."""
    pieces: list[str] = []
    copied = 0
    open_elements: list[str] = []
    pos = 0
    while (m := _TAG_OR_END.search(source, pos)) is not None:
        pos = m.end()
        name = m.group(2)
        if name is None:
            closing = m.group(1)
            if closing is not None and closing.lower() in open_elements:
                del open_elements[len(open_elements) - 1 - open_elements[::-1].index(closing.lower()) :]
            continue
        lower = name.lower()
        closer = _RAW_CLOSE.get(lower)
        if closer is not None:
            close = closer.search(source, pos)
            pos = close.start() if close else len(source)
        elif lower not in _VOID_ELEMENTS:
            if len(open_elements) < depth:
                open_elements.append(lower)
            else:
                pieces += (source[copied : m.end()], f"</{name}>")
                copied = m.end()
    pieces.append(source[copied:])
    return "".join(pieces)


@dataclass(slots=True)
class StartTag:
    name: str
    start: int  # offset of "<"
    end: int  # offset just after ">"


_PAGE_OPEN = re.compile(r"<(?:html|body)[\s>]|<!doctype\s+html", re.I)
_PAGE_CLOSE = re.compile(r"</(?:html|body)\s*>", re.I)
_HTML_END = re.compile(r"</html\s*>", re.I)
_ACCESSORS = re.compile(r"\.(?:name|id|value|label|html_name|auto_id|id_for_label|type|attrs)\b")
# A start tag or a comment. Quotes delimit only values (after "="), as in libxml2: the
# apostrophe in an unquoted alt=Don't does not open a string.
_ATTRS = r"""(?:[^>"'=]+|=\s*(?:"[^"]*"|'[^']*'|[^\s>"']*)|["'])*"""
_TOKEN = re.compile(r"<!--.*?(?:-->|\Z)|<([A-Za-z][^\s/>]*)" + _ATTRS + r"(?:>|\Z)", re.S)
_RAW_CLOSE = {
    name: re.compile(r"</" + name + r"(?=[\s/>])", re.I) for name in template.RAW_TEXT_ELEMENTS
}
_ATTR = re.compile(r"""([^\s"'>/=]+)(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]*))?""")
# The scanner's patterns, for other readers of the source (inline directives): a comment or a
# start tag (its name in group 1), and the end tags of elements whose text is not markup.
TAG_OR_COMMENT = _TOKEN
RAW_TEXT_CLOSERS = _RAW_CLOSE
# A comment, an end tag (group 1) or a start tag (group 2).
_TAG_OR_END = re.compile(
    r"<!--.*?(?:-->|\Z)|</([A-Za-z][^\s/>]*)[^>]*>?|<([A-Za-z][^\s/>]*)" + _ATTRS + r"(?:>|\Z)", re.S
)


def _ends_with_html_close(source: str) -> bool:
    """True when nothing but white space follows the one </html> of the page, so libxml2
    drops nothing: the common case, told without running a regex over the page."""
    lower, upper = source.count("</html"), source.count("</HTML")
    if lower + upper != 1:
        return False  # none, several, or mixed case: the regex decides
    at = source.rfind("</html" if lower else "</HTML")
    end = source.find(">", at)
    return end >= 0 and not source[end + 1 :].strip()


def _parse_page(source: str, utf8: bytes | None) -> etree._Element:
    """The tree of a page's markup (``utf8``: the same, as bytes, when at hand)."""
    # libxml2 drops everything after </html>; browsers put it in the body, and trackers
    # pasted below the closing tag are common. Blank the tag out (same length).
    if _ends_with_html_close(source):
        data = utf8 if utf8 is not None else source.encode("utf-8")
    else:
        source = _HTML_END.sub(lambda m: " " * len(m.group()), source)
        data = source.encode("utf-8")
    root = _parse_html(data)
    for depth in _FLATTENED_DEPTHS:
        if not _stopped_too_deep():
            break
        root = _parse_html(_flattened(source, depth).encode("utf-8"))
    else:
        if _stopped_too_deep():
            raise FileSkipped(
                f"elements nest more than {_LIBXML_MAX_DEPTH:,} deep (misnested tags?), where the HTML parser stops"
            )
    if root is None:  # empty or whitespace-only file
        root = etree.Element("html")
    return root


class SourceText:
    """A file's text with 1-based line and column positions (lines split at LF)."""

    text: str

    @cached_property
    def _line_starts(self) -> list[int]:
        starts = [0]
        find = self.text.find
        i = find("\n")
        while i >= 0:
            starts.append(i + 1)
            i = find("\n", i + 1)
        return starts

    # Most files need a position or two: counting newlines up to them costs less than the
    # index of every line, which is built once a file asks for more.
    _LOOKUPS_BEFORE_INDEX = 8

    def _use_index(self) -> bool:
        if "_line_starts" in self.__dict__:
            return True
        self._lookups = getattr(self, "_lookups", 0) + 1
        return self._lookups > self._LOOKUPS_BEFORE_INDEX

    def position(self, offset: int) -> tuple[int, int]:
        if self._use_index():
            line = bisect.bisect_right(self._line_starts, offset)
            return line, offset - self._line_starts[line - 1] + 1
        text = self.text
        return text.count("\n", 0, offset) + 1, offset - (text.rfind("\n", 0, offset) + 1) + 1

    def line_bounds(self, line: int) -> tuple[int, int]:
        """The offsets of a line's first character and of its end (its newline, or the end)."""
        text = self.text
        if line > self._LOOKUPS_BEFORE_INDEX * 4 or self._use_index():
            starts = self._line_starts
            if not 1 <= line <= len(starts):
                return len(text), len(text)
            begin = starts[line - 1]
        else:
            begin = 0
            for _ in range(line - 1):
                at = text.find("\n", begin)
                if at < 0:
                    return len(text), len(text)
                begin = at + 1
        end = text.find("\n", begin)
        return begin, end if end >= 0 else len(text)

    def region(self, start: int, end: int) -> Region:
        line, column = self.position(start)
        end_line, end_column = self.position(max(end, start))
        return Region(line, column, end_line, end_column)

    def line_text(self, line: int) -> str:
        if line < 1:
            return ""
        begin, end = self.line_bounds(line)
        return self.text[begin:end].rstrip("\r")


class _Markup(SourceText):
    """A reader's markup, with its own lines: where the parser's line numbers point."""

    def __init__(self, text: str) -> None:
        self.text = text


class Document(SourceText):
    """A file of the run, parsed once. Rules read it; they never parse anything themselves.

    ``text`` is the file as written; ``source`` the markup the parser read, which for HTML and
    templates is the text with template code masked (same offsets), and for files that write
    their markup with code (PHP, JavaScript, components) what a reader made of it, with a map
    back to the text. Element positions are offsets in ``source``; ``source_region`` turns
    them into the file's lines and columns."""

    def __init__(
        self, path: Path, display: str, text: str, utf8: bytes | None = None, options: ReadOptions | None = None
    ) -> None:
        """``utf8``: the file's bytes, when they are exactly ``text`` in UTF-8 (then the parser
        reads them as they are, and the checks below run on bytes, which is faster)."""
        self.path = path
        self.display = display  # the path as shown to the user, "/" separated
        if utf8 is None or needs_normalising(utf8):
            self.text = normalise(text)
            utf8 = None
        else:
            self.text = text
        reader = readers.reader_for(path)
        self._offsets: OffsetMap | None = None
        self._reader_markup: _Markup | None = None  # a reader's markup, with its own lines
        self._parts: list[tuple[int, int]] | None = None  # ranges of source parsed apart
        self._part_ends: list[int] | None = None  # their ends, for bisect
        self.comments: list[readers.Comment] = []  # the comments of a reader's language
        self._reader_includes = False
        self._helpers: dict[int, str] = {}  # start tags a framework helper wrote: the helper call
        own_spans: list[Span] = []  # the template code of an HTML page or template
        reading = None
        helpers = None
        if reader is not None:
            reading = reader(self.text, options or ReadOptions())
        elif (helpers := readers.template_reader_for(path, self.text, options)) is not None:
            reading = helpers(self.text, options or ReadOptions())  # a template whose helpers write markup
        else:
            if template.has_template_syntax(self.text):
                own_spans = template.find_spans(self.text)
            self.spans = self.source_spans = own_spans
            self.source = template.mask(self.text, own_spans)
            self._utf8 = None if own_spans else utf8
            self.root = self._parse(self._utf8)
            if readers.scripts_may_write_markup(self.root):  # read again, with what they write
                reading = readers.read_inline_scripts(self.text, self.source, options or ReadOptions())
                self.__dict__.pop("_lowered_bytes", None)
        self.written_by_code = reader is not None  # PHP, scripts, components: not a page as written
        if reading is not None:
            self.spans = reading.spans
            self.source_spans = reading.source_spans
            self.source = reading.source
            self._offsets = reading.offsets
            self._reader_markup = _Markup(self.source)
            self._parts = reading.parts
            self.comments = reading.comments
            self._reader_includes = reading.pulls_in_markup
            self._helpers = reading.helpers
            self._utf8 = None
            self.root = self._parse(None)
        self.is_template = (
            reader is not None
            or helpers is not None  # a template language's reader (Thymeleaf's .html too)
            or path.suffix.lower() in TEMPLATE_EXTENSIONS
            or any(s.kind != template.COMMENT for s in own_spans)
        )
        self._tags: list[StartTag] = []
        self._scan_pos = 0
        self._tags_by_name: dict[str, list[StartTag]] = {}
        self._tags_by_name_line: dict[tuple[str, int], list[StartTag]] = {}
        self._element_order: dict[str, tuple[dict, dict]] = {}
        self._tags_on_line: dict[tuple[str, int, int], list[StartTag] | None] = {}
        self._ids: dict[str, etree._Element] | None = None
        # Answers about this document's elements that several rules ask for (fields.card_kind):
        # keyed by the asking function, then by element (holding the element keeps its proxy).
        self.memo: dict[object, dict] = {}
        self._labels_for: dict[str, list[etree._Element]] | None = None

    @cached_property
    def _lowered_bytes(self) -> bytes:
        data = self._utf8 if self._utf8 is not None else self.source.encode("utf-8", "surrogatepass")
        return data.lower()  # ASCII letters only: the words asked for below are markup's

    def mentions(self, *words: str) -> bool:
        """True if the source says one of these lower-case ASCII words, in any case: asked before
        searching the tree for what few pages have, as a search of bytes costs less."""
        lowered = self._lowered_bytes
        return any(word.encode() in lowered for word in words)

    @classmethod
    def from_file(
        cls, path: Path, display: str, max_size: int | None = None, options: ReadOptions | None = None
    ) -> "Document":
        data = read_source(path, max_size)
        if not data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            try:
                return cls(path, display, data.decode("utf-8"), data, options)
            except UnicodeDecodeError:
                pass
        return cls(path, display, decode(data), options=options)

    def _parse(self, utf8: bytes | None) -> etree._Element:
        if self._parts is None:
            return _parse_page(self.source, utf8)
        # A reader's markup: the page's own flow, then each fragment on its own, each kept in
        # an element of its own at the end of the tree, in the order they were written.
        (first_start, first_end), *fragments = self._parts
        root = _parse_page(self.source[first_start:first_end], None)
        for start, end in fragments:
            part = _parse_page(self.source[start:end], None)
            shift = self._markup.position(start)[0] - 1
            holder = etree.SubElement(root, FRAGMENT)
            containers = [c for c in part if c.tag in ("head", "body")] if part.tag == "html" else [part]
            for container in containers:
                if container.text and len(holder) == 0:
                    holder.text = (holder.text or "") + container.text
                for child in list(container):
                    if shift:
                        for el in child.iter():
                            if el.sourceline:
                                el.sourceline = min(el.sourceline + shift, _LIBXML_MAX_LINE)
                    holder.append(child)
        return root

    # --- values --------------------------------------------------------------------

    # An attribute value: lxml's own lookup, called as it is, for this is the most frequent call
    # of a run. It raises for names that are no attribute name (empty, "{ns}", control
    # characters); every caller passes a constant name.
    attr = staticmethod(etree._Element.get)

    def code(self, value: str) -> list[str]:
        """The original template code behind the markers of a parsed value."""
        out = []
        for index in template.marker_indexes(value):
            if index < len(self.spans):
                span = self.spans[index]
                out.append(self.text[span.start : span.end])
        return out

    def restore(self, value: str) -> str:
        """A parsed value with its template code put back, for messages."""
        if template.MARK not in value:
            return value
        codes = iter(self.code(value))
        return template.MARKER_RE.sub(lambda _m: next(codes, "{{…}}"), value)

    def words(self, value: str) -> str:
        """Literal text plus template code, for keyword matching (``{{ 'privacy' | t }}``).

        Accessor segments (``form.card.name``, ``field.id``) say how the template reads a
        value, not what it is, and are left out."""
        if template.MARK not in value:
            return value
        code = [_ACCESSORS.sub(" ", c) for c in self.code(value)]
        return " ".join(template.literal_parts(value) + code)

    @cached_property
    def pulls_in_markup(self) -> bool:
        """True for templates completed by other files (layouts, includes, partials)."""
        if self._reader_includes:
            return True
        return bool(self.spans) and template.INCLUDE_RE.search(self.text) is not None

    @cached_property
    def is_full_page(self) -> bool:
        """A document that opens and closes its own page (a doctype, <html> or <body>; and
        </body> or </html>). A layout split in two files (header.php opens, footer.php closes) is not:
        the part with the footer, where the links are, is elsewhere. For a reader's markup,
        what counts is the page's own flow, not the fragments code writes apart."""
        return self.opens_page and self.closes_page

    @cached_property
    def _own_flow(self) -> str:
        return self.source if self._parts is None else self.source[self._parts[0][0] : self._parts[0][1]]

    @cached_property
    def opens_page(self) -> bool:
        return _PAGE_OPEN.search(self._own_flow) is not None

    @cached_property
    def closes_page(self) -> bool:
        src = self._own_flow
        # The closing tags end the file, as a rule: look there first.
        tail = max(0, len(src) - 2048)
        return _PAGE_CLOSE.search(src, tail) is not None or _PAGE_CLOSE.search(src, 0, tail + 64) is not None

    def written_apart(self, el: etree._Element) -> bool:
        """True for an element of a fragment (markup code writes apart from the page's flow, such
        as a string a PHP function builds): what stands around it is in another place."""
        if self._parts is None or len(self._parts) == 1:
            return False
        return any(a.tag == FRAGMENT for a in el.iterancestors())

    def surroundings_unknown(self, el: etree._Element) -> bool:
        """True where an element's form, page or neighbours may be in another file or place:
        in a partial (no page of its own), or in a fragment."""
        return not self.is_full_page or self.written_apart(el)

    def element_by_id(self, ident: str) -> etree._Element | None:
        if self._ids is None:
            self._ids = {}
            for el in self.root.iter():
                value = self.attr(el, "id") if isinstance(el.tag, str) else None
                if value:
                    self._ids.setdefault(self.restore(value), el)
        return self._ids.get(self.restore(ident))

    def labels(self, el: etree._Element) -> list[str]:
        """Texts that label a form field: <label for>, a wrapping <label>, aria-labelledby."""
        if self._labels_for is None:
            self._labels_for = {}
            for label in self.root.iter("label"):
                target = self.attr(label, "for")
                if target:
                    self._labels_for.setdefault(self.restore(target), []).append(label)
        found: list[etree._Element] = []
        ident = self.attr(el, "id")
        if ident:
            # Templated ids compare by their code: for="{{ f.id }}" labels id="{{ f.id }}".
            found.extend(self._labels_for.get(self.restore(ident), ()))
        found.extend(el.iterancestors("label"))
        for ref in (self.attr(el, "aria-labelledby") or "").split():
            target = self.element_by_id(ref)
            if target is not None:
                found.append(target)
        return [" ".join("".join(f.itertext()).split())[:200] for f in found]

    @cached_property
    def base_href(self) -> tuple[etree._Element, str] | None:
        """The first <base href> (the only one a browser uses), with its element."""
        for el in self.root.iter("base"):
            href = self.attr(el, "href")
            if href is not None:
                return el, href
        return None

    @cached_property
    def http_base(self) -> str | None:
        """The <base href> as written when it is plain HTTP (not loopback): relative URLs of
        forms and resources then go over HTTP too."""
        found = self.base_href
        if found is None:
            return None
        kind = urls.classify(found[1])
        return self.restore(found[1]).strip() if kind.kind == "http" and not kind.is_loopback else None

    # --- positions: SourceText; start tags ---------------------------------------

    def _part_end(self, pos: int) -> int:
        """Where the part that holds ``pos`` ends: a tag or a script never runs past it."""
        if self._parts is None:
            return len(self.source)
        if self._part_ends is None:
            self._part_ends = [end for _start, end in self._parts]
        i = bisect.bisect_right(self._part_ends, pos)  # the first part ending after pos
        return self._part_ends[i] if i < len(self._part_ends) else len(self.source)

    def _scan_until(self, offset: int) -> None:
        """Scan start tags in document order until the scan has passed ``offset``.

        Lazy and incremental: locating an element in <head> (where trackers sit) reads
        the head only; most documents never need a scan at all."""
        src = self.source
        n = len(src)
        pos = self._scan_pos
        tags = self._tags
        by_name = self._tags_by_name
        by_line = self._tags_by_name_line
        position = self._markup.position
        while pos <= offset and pos < n:
            n = self._part_end(pos)
            resume = n
            for m in _TOKEN.finditer(src, pos, n):
                name = m.group(1)
                if name is None:
                    continue  # a comment
                name = name.lower()
                tag = StartTag(name, m.start(), m.end())
                tags.append(tag)
                by_name.setdefault(name, []).append(tag)
                by_line.setdefault((name, position(tag.end - 1)[0]), []).append(tag)
                closer = _RAW_CLOSE.get(name)
                if closer is not None:  # skip script/style bodies: "<a>" in a string is no tag
                    close = closer.search(src, m.end(), n)
                    resume = close.start() if close else n
                    break
                if m.end() > offset:
                    resume = m.end()
                    break
            pos = resume
            n = len(src)
        self._scan_pos = max(pos, self._scan_pos)

    def _order(self, tag: str) -> tuple[dict, dict]:
        """For elements of one name: rank in document order, and (line, rank on it, count on it)."""
        order = self._element_order.get(tag)
        if order is None:
            elements = list(self.root.iter(tag))
            lines = [el.sourceline or 0 for el in elements]
            per_line: dict[int, int] = {}
            for line in lines:
                per_line[line] = per_line.get(line, 0) + 1
            seen: dict[int, int] = {}
            overall: dict[etree._Element, int] = {}
            on_line: dict[etree._Element, tuple[int, int, int]] = {}
            for i, (el, line) in enumerate(zip(elements, lines)):
                overall[el] = i
                rank = seen.get(line, 0)
                on_line[el] = (line, rank, per_line[line])
                seen[line] = rank + 1
            order = self._element_order[tag] = (overall, on_line)
        return order

    def start_tag(self, el: etree._Element) -> StartTag | None:
        """The start tag of ``el`` in the source, or None for an element the parser implied."""
        tag = el.tag
        if not isinstance(tag, str):
            return None
        overall, on_line = self._order(tag)
        if el not in overall:
            return None
        line, rank, count = on_line[el]
        if 0 < line < _LIBXML_MAX_LINE:
            found = self._start_tags_on_line(tag, line, count)
            if found is not None:
                return found[rank]
        if 0 < line < _LIBXML_MAX_LINE:
            starts = self._markup._line_starts
            self._scan_until(starts[line] if line < len(starts) else len(self.source))
            tags_on_line = self._tags_by_name_line.get((tag, line), [])
            if len(tags_on_line) == count:
                return tags_on_line[rank]
        # The parser added or dropped elements of this name, or the line is past its limit:
        # fall back on document order.
        self._scan_until(len(self.source))
        candidates = self._tags_by_name.get(tag, [])
        if len(overall) == len(candidates):
            return candidates[overall[el]]
        return None

    def _start_tags_on_line(self, name: str, line: int, count: int) -> list[StartTag] | None:
        """The start tags of the ``count`` elements of this name the parser ended on this line,
        read from the line alone when it is plain: as many "<name" as elements, no comment,
        each tag closing there. Saves scanning the page up to it (a footer link). Read once
        per line and name: a minified page asks for each of its thousands of tags."""
        key = (name, line, count)
        if key not in self._tags_on_line:
            self._tags_on_line[key] = self._read_start_tags_on_line(name, line, count)
        return self._tags_on_line[key]

    def _read_start_tags_on_line(self, name: str, line: int, count: int) -> list[StartTag] | None:
        begin, end = self._markup.line_bounds(line)
        src = self.source
        text = src[begin:end]
        if "<!--" in text or "-->" in text:
            return None
        opener = "<" + name
        # Tags are mostly written in lower case: the line is lowered (a whole page, when it is
        # minified) only when it holds another spelling.
        searched = text if opener.upper() not in text and text.count(opener) == count else text.lower()
        found: list[StartTag] = []
        at = searched.find(opener)
        while at >= 0:
            m = _TOKEN.match(src, begin + at)
            if m is None or m.end() > end:
                return None
            if m.group(1) is not None and m.group(1).lower() == name:
                found.append(StartTag(name, m.start(), m.end()))
            elif m.group(1) is None:
                return None
            at = searched.find(opener, m.end() - begin)
        return found if len(found) == count else None

    @property
    def _markup(self) -> SourceText:
        """The text the parser read, for its line numbers: a reader's markup, or the file.
        (Not kept as an attribute: a document that refers to itself is freed only by the
        garbage collector, which a large build then keeps busy.)"""
        return self._reader_markup or self

    @property
    def mapped(self) -> bool:
        """True when ``source`` is a reader's markup, whose offsets are not the file's."""
        return self._offsets is not None

    def text_offsets(self, start: int, end: int) -> tuple[int, int]:
        """The offsets in the file of what ``source[start:end]`` was read from."""
        offsets = self._offsets
        if offsets is None:
            return start, end
        return offsets.to_text(start), offsets.to_text_end(max(end, start))

    def source_region(self, start: int, end: int) -> Region:
        """The region of the file that ``source[start:end]`` was read from."""
        return self.region(*self.text_offsets(start, end))

    def element_region(self, el: etree._Element) -> Region:
        tag = self.start_tag(el)
        if tag is None:
            markup = self._markup
            line = min(el.sourceline or 1, len(markup._line_starts))
            if markup is not self:
                at = self.position(self._offsets.to_text(markup.line_bounds(line)[0]))[0]
                return Region(at, 1, at, 1)
            return Region(line, 1, line, 1)
        return self.source_region(tag.start, tag.end)

    def attribute_region(self, el: etree._Element, name: str) -> Region:
        """The region of ``name="value"`` in the start tag, else of the whole start tag."""
        tag = self.start_tag(el)
        if tag is None:
            return self.element_region(el)
        src = self.source
        pos = tag.start + 1 + len(tag.name)
        for m in _ATTR.finditer(src, pos, tag.end - 1):
            if m.group(1).lower() == name:
                return self.source_region(m.start(), m.end())
        return self.source_region(tag.start, tag.end)

    def raw_content(self, el: etree._Element) -> tuple[int, str] | None:
        """A script or style body as it stands in the source, with its offset in ``source``
        (``source_region`` places it). (lxml's text has CRLF folded to LF, so its offsets
        drift on Windows line endings.)"""
        tag = self.start_tag(el)
        closer = _RAW_CLOSE.get(el.tag) if tag is not None else None
        if closer is None:
            return None
        end = self._part_end(tag.end)
        close = closer.search(self.source, tag.end, end)
        return tag.end, self.source[tag.end : close.start() if close else end]

    def helper_call(self, el: etree._Element) -> str | None:
        """The framework helper that writes ``el`` (``f.text_field :card_number``), if one does."""
        if not self._helpers:
            return None
        tag = self.start_tag(el)
        return self._helpers.get(tag.start) if tag is not None else None

    def has_dynamic_attributes(self, el: etree._Element, *names: str) -> bool:
        """True if template code between attributes may add attributes (one of ``names``, when
        given). Code that writes attributes (``{{ attrs }}``) may add any; code that only chooses
        (``{% if x %}checked{% endif %}``) adds just the literal attributes of its branches."""
        if not any(s.kind == template.ATTRS for s in self.source_spans):
            return False
        tag = self.start_tag(el)
        if tag is None:
            return True  # cannot tell: assume the worst, which here means "unknown"
        inside = [
            i for i, s in enumerate(self.source_spans) if s.kind == template.ATTRS and tag.start <= s.start < tag.end
        ]
        if not inside:
            return False
        if not names:
            return True
        spans, text = self.spans, self.text
        branching = []
        for i in inside:
            written = template.attributes_written(text[spans[i].start : spans[i].end])
            if written is None or any(name in written for name in names):
                return True
            if not written:
                branching.append(i)
        if not branching:
            return False
        inside = branching
        first, last = self.source_spans[inside[0]], self.source_spans[inside[-1]]
        branches = self.source[first.end : last.start if len(inside) > 1 else tag.end - 1]
        written = {m.group(1).lower() for m in _ATTR.finditer(branches)}
        return any(name in written for name in names)
