"""First party or third party: hosts compared by registrable domain ("eTLD+1").

The Public Suffix List decides where a registrable domain starts (``shop.example.co.uk``,
``myshop.myshopify.com``); the maintained ``publicsuffixlist`` package ships it, so nothing is
fetched. It loads on first use: most runs never compare hosts.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Iterable


@lru_cache(maxsize=2)
def _suffix_list(punycode: bool):
    """The list; reading it with punycode forms of its internationalised rules takes three times
    as long, so that form is loaded only for a host that is written in punycode ("xn--")."""
    from publicsuffixlist import PublicSuffixList

    if not punycode:
        cached = _from_cached_rules(PublicSuffixList)
        if cached is not None:
            return cached
    return PublicSuffixList(accept_encoded_idn=punycode)


def _from_cached_rules(list_class):
    """The list with its rules read from privlint's marshal copy of them: reading the list's
    text is most of a one-file run's start. The package keeps its rules in two attributes; if a
    version keeps them otherwise, the answers below tell, and the list is read as usual."""
    import publicsuffixlist

    from . import registry

    source = Path(publicsuffixlist.PSLFILE)
    try:
        rules, longest = registry.cached_build(source, _read_rules, registry.data_path("__pycache__") / source.name)
    except (OSError, ValueError):
        return None
    suffixes = list_class(source="", accept_encoded_idn=False)
    if not (hasattr(suffixes, "_publicsuffix") and hasattr(suffixes, "_maxlabel")):
        return None
    suffixes._publicsuffix, suffixes._maxlabel = frozenset(rules), longest
    known = {"www.shop.example.co.uk": "example.co.uk", "a.b.myshopify.com": "b.myshopify.com", "x.ck": None, "www.ck": "www.ck"}
    if any(suffixes.privatesuffix(host) != expected for host, expected in known.items()):
        return None
    return suffixes


def _read_rules(path: Path) -> tuple[list[str], int]:
    """The list's rules as the package reads them: the first word of each line, lower case,
    comments and blank lines left out; and the most labels any rule has."""
    rules = []
    for line in path.read_text(encoding="utf-8").splitlines():
        rule = line.lower().split(" ")[0].rstrip()
        if rule and not rule.startswith("//"):
            rules.append(rule)
    return rules, max((r.count(".") + 1 for r in rules), default=0)


@lru_cache(maxsize=4096)
def registrable_domain(host: str) -> str:
    """``www.shop.example.co.uk`` -> ``example.co.uk``; a bare suffix or an address stays itself."""
    host = host.lower().rstrip(".")
    if not host or host.replace(".", "").isdigit() or ":" in host:
        return host
    return _suffix_list("xn--" in host).privatesuffix(host) or host


class FirstParty:
    """The site's own domains: configured, and the ones its pages declare as their address."""

    def __init__(self, domains: Iterable[str]) -> None:
        self.domains = tuple(dict.fromkeys(d.lower().rstrip(".") for d in domains if d))
        self._registrable = frozenset(registrable_domain(d) for d in self.domains)

    def __bool__(self) -> bool:
        return bool(self.domains)

    def owns(self, host: str) -> bool:
        host = host.lower().rstrip(".")
        if any(host == d or host.endswith("." + d) for d in self.domains):
            return True
        return registrable_domain(host) in self._registrable
