"""PRV501 security-txt: the root of a site build has no valid /.well-known/security.txt
(RFC 9116): the file is missing, lacks Contact or Expires, or has expired."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Callable, ClassVar, Iterable

from .. import template
from ..document import Region, SourceError, SourceText, decode, normalise, read_source
from ..model import Report
from ..site import Site
from . import Check

WELL_KNOWN = ".well-known/security.txt"
LEGACY = "security.txt"
# Files only the root a web server serves has (robots.txt, favicon.ico and sitemaps are asked
# for at the root; CNAME, _headers and _redirects configure GitHub Pages and Netlify). A home
# page alone does not make a web root: docs/, examples/ and test folders have one too.
WEB_ROOT_FILES = (
    "robots.txt", "sitemap.xml", "sitemap_index.xml", "favicon.ico", "CNAME", "_headers", "_redirects",
    "404.html", "humans.txt", "ads.txt", ".well-known", LEGACY,
)

_FIELD = re.compile(r"^([!-9;-~]+):[ \t]*(.*?)[ \t]*$")  # RFC 5322 field name: printable ASCII but ":"
# RFC 3339 date-time (ABNF literals are case-insensitive: "t" and "z" are allowed).
_DATE_TIME = re.compile(
    r"^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.\d+)?(?:([Zz])|([+-])(\d{2}):(\d{2}))$"
)
_URI_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
_SIGNED_BEGIN = "-----BEGIN PGP SIGNED MESSAGE-----"
_SIGNATURE_BEGIN = "-----BEGIN PGP SIGNATURE-----"


def _utc_now() -> datetime:
    return datetime.now(timezone.utc)


@dataclass(frozen=True, slots=True)
class Field:
    name: str  # lower case
    value: str
    line: int


@dataclass
class SecurityTxt:
    """The fields of a security.txt, with their lines; a cleartext signature is looked through."""

    fields: list[Field] = field(default_factory=list)
    signed: bool = False

    def named(self, name: str) -> list[Field]:
        return [f for f in self.fields if f.name == name]


def parse(text: str) -> SecurityTxt:
    """Read security.txt as RFC 9116 §4 writes it: "Name: value" lines, "#" comments, blank
    lines; an OpenPGP cleartext-signed file has armor headers before a blank line,
    dash-escaped lines ("- "), and the signature after the message. Other lines are skipped."""
    result = SecurityTxt()
    lines = text.split("\n")
    i = 0
    if lines and lines[0].strip() == _SIGNED_BEGIN:
        result.signed = True
        i = 1
        while i < len(lines) and lines[i].strip():
            i += 1  # armor headers ("Hash: SHA512") end at the first blank line
    for number in range(i, len(lines)):
        line = lines[number].rstrip("\r")
        if result.signed:
            if line.strip() == _SIGNATURE_BEGIN:
                break
            if line.startswith("- "):
                line = line[2:]
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        m = _FIELD.match(line)
        if m:
            result.fields.append(Field(m.group(1).lower(), m.group(2), number + 1))
    return result


def parse_date_time(value: str) -> datetime | None:
    """An RFC 3339 date-time, or None if the value is not one (a date alone, an RFC 5322 date)."""
    m = _DATE_TIME.match(value.strip())
    if not m:
        return None
    year, month, day, hour, minute, second = (int(g) for g in m.groups()[:6])
    if m.group(7):
        offset = timedelta(0)
    else:
        offset = timedelta(hours=int(m.group(9)), minutes=int(m.group(10)))
        if m.group(8) == "-":
            offset = -offset
    try:
        # RFC 3339 allows a leap second (:60); datetime does not: the next second is as good.
        extra = timedelta(seconds=1) if second == 60 else timedelta(0)
        local = datetime(year, month, day, hour, minute, min(second, 59), tzinfo=timezone(offset))
    except ValueError:
        return None
    return (local + extra).astimezone(timezone.utc)


class SecurityTxtCheck(Check):
    code = "PRV501"
    needs_page_facts = True
    # The clock: tests replace it.
    now: ClassVar[Callable[[], datetime]] = staticmethod(_utc_now)

    def site(self, site: Site) -> Iterable[Report]:
        if site.root is None:
            return
        home = site.home_page()
        if home is None or home.is_template or not home.is_full_page:
            return  # a template or source tree: .well-known is added elsewhere, if at all
        root = site.root
        if not any(_exists(root / name) for name in WEB_ROOT_FILES):
            return
        # Paths as the run shows them: the home page's, with its path in the build taken off.
        try:
            in_build = Path(os.path.abspath(home.path)).relative_to(os.path.abspath(root)).as_posix()
        except ValueError:
            return
        prefix = home.display[: len(home.display) - len(in_build)]
        current = root / WELL_KNOWN
        legacy = root / LEGACY
        if current.is_file():
            yield from self._judge(current, prefix + WELL_KNOWN)
            return
        if _generated(root / ".well-known"):
            return
        if legacy.is_file():
            text = _read(legacy)
            yield Report(
                Region(1, 1, 1, 1),
                "security.txt is only at the top level: RFC 9116 places it at /.well-known/security.txt,"
                " the top-level file being at most a fallback",
                path=prefix + LEGACY,
                source_line=text.split("\n", 1)[0].rstrip("\r") if text else "",
            )
            if text is not None:
                yield from self._judge(legacy, prefix + LEGACY)
            return
        yield Report(
            home.body_region or Region(1, 1, 1, 1),
            "The site publishes no /.well-known/security.txt: people who find a security problem,"
            " a leak of visitors' data among them, have no contact to report it to (RFC 9116)",
            path=home.display,
            source_line=home.body_line,
        )

    def _judge(self, path: Path, display: str) -> Iterable[Report]:
        raw = _read(path)
        if raw is None:
            return
        source = _Source(raw)
        parsed = parse(source.text)

        def at(line: int, message: str) -> Report:
            text = source.line_text(line)
            return Report(Region(line, 1, line, len(text) + 1), message, path=display, source_line=text)

        contacts = parsed.named("contact")
        if not contacts:
            yield at(1, "security.txt has no Contact field: RFC 9116 requires at least one (mailto:, tel: or https: URI)")
        for contact in contacts:
            problem = _contact_problem(contact.value)
            if problem:
                yield at(contact.line, problem)
        expires = parsed.named("expires")
        if not expires:
            yield at(1, "security.txt has no Expires field: RFC 9116 requires one, so that stale contact details stop being used")
            return
        for extra in expires[1:]:
            yield at(extra.line, f"security.txt has {len(expires)} Expires fields: RFC 9116 allows exactly one")
        first = expires[0]
        if template.has_template_syntax(first.value):
            return  # written by the generator at build time
        when = parse_date_time(first.value)
        if when is None:
            yield at(
                first.line,
                f'Expires "{first.value}" is not an RFC 3339 date and time (YYYY-MM-DDThh:mm:ssZ),'
                " as RFC 9116 requires",
            )
            return
        now = self.now()
        if when <= now:
            yield at(
                first.line,
                f"security.txt expired on {when.date().isoformat()}: RFC 9116 tells readers to ignore a stale file;"
                " check the contacts and set a new Expires",
            )
            return
        limit = self.options.get("max-days-ahead", 0)
        if limit and when - now > timedelta(days=limit):
            yield at(
                first.line,
                f"Expires {when.date().isoformat()} is more than {limit} days ahead: RFC 9116 recommends less"
                " than a year, so that the file is reviewed",
            )


def _contact_problem(value: str) -> str | None:
    value = value.strip()
    if template.has_template_syntax(value):
        return None
    if not _URI_SCHEME.match(value):
        hint = f"mailto:{value}" if "@" in value else f"https://{value}"
        return f'Contact "{value}" is not a URI: RFC 9116 requires one, such as {hint}'
    if value.lower().startswith("http:"):
        return f'Contact "{value}" is a plain-HTTP address: RFC 9116 requires web contacts to use https:'
    return None


class _Source(SourceText):
    def __init__(self, text: str) -> None:
        self.text = normalise(text)


# A security.txt is a few lines; anything larger (or a pipe that would be read forever) is not one.
_MAX_SIZE = 1000**2


def _read(path: Path) -> str | None:
    try:
        return decode(read_source(path, _MAX_SIZE))
    except SourceError:
        return None


def _generated(folder: Path) -> bool:
    """A template the generator turns into security.txt (security.txt.njk, security.txt.liquid):
    this is a source tree after all, and the file will exist in the build."""
    try:
        return any(p.name.lower().startswith("security.") for p in folder.iterdir())
    except OSError:
        return False


def _exists(path: Path) -> bool:
    return os.path.lexists(path)


CHECK = SecurityTxtCheck
