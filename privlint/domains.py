"""First party or third party: hosts compared by registrable domain ("eTLD+1").

The Public Suffix List decides where a registrable domain starts (``shop.example.co.uk``,
``myshop.myshopify.com``); the maintained ``publicsuffixlist`` package ships it, so nothing is
fetched. It loads on first use: most runs never compare hosts.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Iterable


@lru_cache(maxsize=2)
def _suffix_list(punycode: bool):
    """The list; reading it with punycode forms of its internationalised rules takes three times
    as long, so that form is loaded only for a host that is written in punycode ("xn--")."""
    from publicsuffixlist import PublicSuffixList

    return PublicSuffixList(accept_encoded_idn=punycode)


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
