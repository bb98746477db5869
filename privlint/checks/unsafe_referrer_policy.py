"""PRV106 unsafe-referrer-policy: a referrer policy that sends the page's full address to
other sites, on a page whose address can carry personal data."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable, Iterator
from urllib.parse import unquote_plus

from lxml import etree

from .. import template, urls
from ..document import Document
from ..domains import FirstParty
from ..fields import form_owner, personal_data, personal_vocabulary
from ..model import Report
from ..text import has_word, words
from . import Check

POLICIES = frozenset(
    {"no-referrer", "no-referrer-when-downgrade", "same-origin", "origin", "strict-origin",
     "origin-when-cross-origin", "strict-origin-when-cross-origin", "unsafe-url"}
)
# Policies that send the full address (path and query) of the page to other sites.
UNSAFE = {
    "unsafe-url": "to every other site",
    "no-referrer-when-downgrade": "to every other HTTPS site",
}
# Old names the HTML standard still accepts in <meta name="referrer"> (not in attributes).
_META_LEGACY = {
    "never": "no-referrer",
    "default": "strict-origin-when-cross-origin",
    "always": "unsafe-url",
    "origin-when-crossorigin": "origin-when-cross-origin",
}
# Elements with a referrerpolicy attribute, and the attribute naming where they send it.
_POLICY_ELEMENTS = {"a": "href", "area": "href", "img": "src", "iframe": "src", "link": "href", "script": "src"}
_FIELDS = ("input", "select", "textarea")
# Template code that reads a person: {{ customer.email }}, {{ request.user.pk }},
# <%= current_user.id %>, <?= $user->email ?>, {{ .User.Email }}, {{@member.uuid}}.
_PERSON_CODE = re.compile(
    r"(?<![\w-])(?:customer|user|current_?user|member|subscriber|patient|buyer)\s*(?:\.|->|\[)\s*[A-Za-z_]", re.I
)


# What an address tells a third party, on any page: for a policy that sends it everywhere.
_LEAKS = (
    "paths and query strings carry search terms, order and account numbers, e-mail addresses in"
    " links, and password-reset and sign-in tokens"
)


@dataclass(frozen=True, slots=True)
class Exposure:
    """Why the page's address can carry personal data, for the message."""

    text: str
    line: int


class UnsafeReferrerPolicy(Check):
    code = "PRV106"
    elements = ("meta", *_POLICY_ELEMENTS)

    def begin(self, doc: Document) -> None:
        self.meta: tuple[etree._Element, str, str] | None = None  # the policy in force: element, policy, as written
        self.elements_unsafe: list[tuple[etree._Element, str]] = []

    def visit(self, el: etree._Element, doc: Document) -> Iterable[Report]:
        if el.tag == "meta":
            if (doc.attr(el, "name") or "").strip().lower() == "referrer":
                content = doc.attr(el, "content")
                found = meta_policy(content) if content and not template.is_dynamic(content) else None
                if found is not None:
                    self.meta = (el, *found)  # each meta replaces the policy of the ones before
            return ()
        value = doc.attr(el, "referrerpolicy")
        if value is None or template.is_dynamic(value):
            return ()
        policy = value.strip().lower()  # no legacy names here: they make the attribute invalid
        if policy in UNSAFE and not _no_referrer_link(el, doc):
            self.elements_unsafe.append((el, policy))
        return ()

    def end(self, doc: Document) -> Iterable[Report]:
        meta_unsafe = self.meta is not None and self.meta[1] in UNSAFE
        if not meta_unsafe and not self.elements_unsafe:
            return
        first_party = FirstParty([*self.settings.first_party, *_own_hosts(doc)])
        exposure = next(_exposures(doc, first_party), None)
        # unsafe-url has no privacy-respecting use: reported on every page. The downgrade
        # policy only where the page's address shows personal data.
        because = f"that address can carry personal data: {exposure.text} (line {exposure.line})" if exposure else _LEAKS
        if meta_unsafe:
            el, policy, written = self.meta
            if exposure is not None or policy == "unsafe-url":
                named = f'"{policy}"' if written == policy else f'"{policy}" (as "{written}")'
                yield Report(
                    doc.attribute_region(el, "content"),
                    f"Referrer policy {named} sends this page's full address, query string included,"
                    f" {UNSAFE[policy]} it links to or loads from{' (even over plain HTTP)' if policy == 'unsafe-url' else ''};"
                    f" {because}",
                )
        for el, policy in self.elements_unsafe:
            if exposure is None and policy != "unsafe-url":
                continue
            target = doc.attr(el, _POLICY_ELEMENTS[el.tag]) or ""
            host = _other_site(target, first_party)
            if host is None:
                continue  # the same site, or a templated address: the policy changes nothing there
            if policy == "no-referrer-when-downgrade" and urls.classify(target).kind == "http":
                continue  # a downgrade: nothing is sent
            yield Report(
                doc.attribute_region(el, "referrerpolicy"),
                f'referrerpolicy="{policy}" sends this page\'s full address, query string included,'
                f" to {host}; {because}",
            )


def meta_policy(content: str) -> tuple[str, str] | None:
    """The policy a <meta name="referrer"> sets, and the token as written; None if it sets none.
    The HTML standard reads the content as one token (legacy names mapped), unlike the
    Referrer-Policy header: a comma list is not a policy there, and browsers ignore it."""
    written = content.strip().lower()
    policy = _META_LEGACY.get(written, written)
    return (policy, written) if policy in POLICIES else None


def _no_referrer_link(el: etree._Element, doc: Document) -> bool:
    """rel="noreferrer" on a link sends no Referer at all, whatever its referrerpolicy says."""
    return el.tag in ("a", "area") and "noreferrer" in (doc.attr(el, "rel") or "").lower().split()


def _own_hosts(doc: Document) -> list[str]:
    """The hosts the page gives as its own address (canonical link, og:url)."""
    hosts = []
    for el in doc.root.iter("link", "meta"):
        if el.tag == "link":
            if "canonical" not in (doc.attr(el, "rel") or "").lower().split():
                continue
            value = doc.attr(el, "href")
        else:
            if (doc.attr(el, "property") or "").strip().lower() != "og:url":
                continue
            value = doc.attr(el, "content")
        target = urls.classify(value or "")
        if target.host:
            hosts.append(target.host.split(":")[0])
    return hosts


def _other_site(value: str, first_party: FirstParty) -> str | None:
    """The host of an address on another site; None for this site or an unknown address."""
    target = urls.classify(value)
    if target.kind not in ("http", "https", urls.NETWORK) or not target.host or target.is_loopback:
        return None
    host = _host_name(target.host)
    return None if first_party.owns(host) else host


def _host_name(host: str) -> str:
    """A host without its port (an IPv6 address keeps its brackets)."""
    return host if host.endswith("]") else host.rsplit(":", 1)[0]


# --- can the page's address carry personal data? -----------------------------------------------


def _exposures(doc: Document, first_party: FirstParty) -> Iterator[Exposure]:
    """Ways personal data gets into the address of this page or of the site's pages it opens:
    a GET form of the site with a personal-data field, and links or form actions of the site
    whose query string carries personal data."""
    for field in doc.root.iter(*_FIELDS):
        form = form_owner(doc, field)
        if form is None or not _gets_within_site(form, doc, first_party):
            continue
        what = _personal_field(field, doc)
        if what is not None:
            yield Exposure(
                f"the GET form {_form_name(form, doc)} puts the {what} into the address",
                doc.element_region(field).line,
            )
    for el in doc.root.iter("a", "area", "form"):
        attr = "action" if el.tag == "form" else "href"
        value = doc.attr(el, attr)
        if not value or "?" not in value or not _within_site(value, first_party):
            continue
        param = personal_parameter(value, doc)
        if param is not None:
            shown = doc.restore(value).strip()
            where = "link" if el.tag != "form" else "form action"
            yield Exposure(
                f'the {where} "{_clip(shown)}" puts {param} into the address of the page it opens',
                doc.element_region(el).line,
            )


def _gets_within_site(form: etree._Element, doc: Document, first_party: FirstParty) -> bool:
    """A form the browser submits with GET to a page of this site. A form with neither method
    nor action is taken for one a script handles (Ghost's data-members-form, SPA forms)."""
    method = doc.attr(form, "method")
    action = doc.attr(form, "action")
    if method is None:
        return action is not None and _within_site(action, first_party)
    if template.is_dynamic(method) or method.strip().lower() != "get":
        return False
    return _within_site(action or "", first_party)


def _within_site(value: str, first_party: FirstParty) -> bool:
    """An address of this site: relative, on a first-party host, or written by template code
    (url_for, routes.*). An absolute address whose host is template code is not known to be."""
    target = urls.classify(value)
    if target.kind in (urls.EMPTY, urls.RELATIVE, urls.UNKNOWN):
        return True
    if target.kind not in ("http", "https", urls.NETWORK) or not target.host:
        return False  # mailto:, javascript:, https://{{ partner }}/
    return target.is_loopback or first_party.owns(_host_name(target.host))


def _personal_field(field: etree._Element, doc: Document) -> str | None:
    """What personal data a field submits; hidden fields count when a template fills them
    with a person's data (<input type="hidden" name="email" value="{{ customer.email }}">)."""
    if field.tag == "input" and (doc.attr(field, "type") or "").strip().lower() == "hidden":
        name = doc.attr(field, "name") or ""
        value = doc.attr(field, "value") or ""
        if name and _reads_person(value, doc):
            return f'hidden field "{doc.restore(name)}" ({_clip(doc.restore(value))})'
        return None
    return personal_data(doc, field)


def personal_parameter(url: str, doc: Document) -> str | None:
    """A query parameter of ``url`` that carries personal data, described; None if none does.
    One does when its name says personal data (email, phone, first_name...) and it has a
    value, or when template code reading a person fills its value."""
    query = url.split("#", 1)[0].split("?", 1)[1] if "?" in url else ""
    vocab = personal_vocabulary()
    for pair in re.split(r"[&;]", query):
        name, _, value = pair.partition("=")
        if not value.strip():
            continue
        name = unquote_plus(name)  # customer%5Bemail%5D
        said = words(doc.words(name)) if template.is_dynamic(name) else words(name)
        if not has_word(said, vocab.not_personal) and has_word(said, vocab.words):
            return f'"{doc.restore(name)}"'
        if _reads_person(value, doc):
            return f'"{doc.restore(name)}" ({_clip(doc.restore(value))})'
    return None


def _reads_person(value: str, doc: Document) -> bool:
    return template.is_dynamic(value) and any(_PERSON_CODE.search(code) for code in doc.code(value))


def _form_name(form: etree._Element, doc: Document) -> str:
    for attr in ("id", "name", "action"):
        value = doc.attr(form, attr)
        if value and value.strip():
            shown = _clip(doc.restore(value.strip()))
            return f"#{shown}" if attr == "id" else f'"{shown}"'
    return "on this page"


def _clip(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


CHECK = UnsafeReferrerPolicy
