"""What a URL attribute says about where it leads, when parts of it may be template code.

``http://{{ host }}/pay`` has a literal ``http:`` scheme; ``{{ payment_url }}`` and
``{{ scheme }}://shop`` are unknown; ``/pay/{{ id }}`` is relative. Unknown is never a
violation: rules only act on what the literal text settles.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from . import template

# The HTML URL parser drops ASCII tab and newline anywhere, and strips C0/space at the ends.
_DROPPED = re.compile(r"[\t\n\r]")
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")
_SCHEME_CHARS = re.compile(r"^[A-Za-z0-9+.-]*$")
_LOOPBACK_HOST = re.compile(
    r"^(?:localhost|[^/]*\.localhost|127(?:\.\d{1,3}){3}|\[::1\])(?::\d*)?$", re.I
)

UNKNOWN = "unknown"  # template code decides
EMPTY = "empty"
RELATIVE = "relative"  # path-, query- or fragment-relative
NETWORK = "network"  # protocol-relative: //host/path


@dataclass(frozen=True, slots=True)
class UrlKind:
    kind: str  # UNKNOWN, EMPTY, RELATIVE, NETWORK, or a lower-case scheme ("http", "https", ...)
    host: str | None = None  # literal host, when the text settles it

    @property
    def is_loopback(self) -> bool:
        return self.host is not None and _LOOPBACK_HOST.match(self.host) is not None


def classify(value: str) -> UrlKind:
    value = _DROPPED.sub("", value).strip(" \x00\x0c")
    if not value:
        return UrlKind(EMPTY)
    literal = template.literal_parts(value)[0]  # text before the first template code
    dynamic = template.MARK in value
    m = _SCHEME.match(literal)
    if m:
        scheme = m.group(1).lower()
        return UrlKind(scheme, _host_after(literal[m.end():], dynamic))
    if literal.startswith(("//", "\\\\", "/\\", "\\/")):
        return UrlKind(NETWORK, _host_after(literal, dynamic))
    if dynamic and _SCHEME_CHARS.match(literal):
        return UrlKind(UNKNOWN)  # "{{ x }}/pay", "ht{{ x }}": the code may write a scheme
    return UrlKind(RELATIVE)


def _host_after(rest: str, dynamic: bool) -> str | None:
    """The host of "//host/...", if the literal text spells it out completely."""
    rest = rest.replace("\\", "/")
    if not rest.startswith("//"):
        return None
    authority = re.split(r"[/?#]", rest[2:], maxsplit=1)
    complete = len(authority) == 2 or not dynamic
    host = authority[0].rsplit("@", 1)[-1]
    return host.lower() if complete and host else None
