"""PRV104 third-party-form-target: a form that sends personal data to another site."""

from __future__ import annotations

from typing import Iterable

from lxml import etree

from .. import forms, trackers
from ..document import Document
from ..domains import FirstParty, registrable_domain
from ..model import Report
from ..text import fold
from . import Check

# Services whose business is receiving form posts, by the registrable domain their form
# endpoints are on (from each vendor's embed-code documentation), with an optional path the
# endpoint must start with where the domain also serves other things.
FORM_RECEIVERS: dict[str, tuple[str, str]] = {
    "list-manage.com": ("Mailchimp", ""),
    "list-manage1.com": ("Mailchimp", ""),  # older embed codes
    "list-manage2.com": ("Mailchimp", ""),
    "hsforms.com": ("HubSpot", ""),
    "hubspot.com": ("HubSpot", ""),
    "google.com": ("Google Forms", "/forms/"),
    "formspree.io": ("Formspree", ""),
    "formsubmit.co": ("FormSubmit", ""),
    "getform.io": ("Getform", ""),
    "web3forms.com": ("Web3Forms", ""),
    "typeform.com": ("Typeform", ""),
    "jotform.com": ("Jotform", ""),
    "activehosted.com": ("ActiveCampaign", ""),
    "sibforms.com": ("Brevo", ""),
    "kmail-lists.com": ("Klaviyo", ""),
    "convertkit.com": ("Kit (ConvertKit)", ""),
    "createsend.com": ("Campaign Monitor", ""),
    "aweber.com": ("AWeber", ""),
    "salesforce.com": ("Salesforce", ""),
    "pardot.com": ("Salesforce Pardot", ""),
    "marketo.com": ("Marketo", ""),
    "eloqua.com": ("Oracle Eloqua", ""),
    "paypal.com": ("PayPal", ""),
    "usebasin.com": ("Basin", ""),
    "formcarry.com": ("Formcarry", ""),
    "formkeep.com": ("FormKeep", ""),
    "mailerlite.com": ("MailerLite", ""),
    "substack.com": ("Substack", ""),
}


class ThirdPartyFormTarget(Check):
    code = "PRV104"
    elements = ("form",)

    def begin(self, doc: Document) -> None:
        self.trusted = frozenset(registrable_domain(d) for d in self.settings.trusted_form_targets)
        self.disclosed = frozenset(fold(name) for name in self.settings.disclosed)
        self._own: FirstParty | None = None

    def own(self, doc: Document) -> FirstParty:
        """The site's domains: configured, and the page's canonical and og:url hosts."""
        if self._own is None:
            self._own = FirstParty([*self.settings.first_party, *forms.own_hosts(doc)])
        return self._own

    def visit(self, el: etree._Element, doc: Document) -> Iterable[Report]:
        info = forms.form_info(doc, el)
        sent = info.sent()
        if not sent:
            return
        seen: set[etree._Element] = set()
        for way in info.submissions():
            if way.method.value == forms.DIALOG or way.action_from in seen:
                continue
            host = forms.target_host(doc, way.action)
            if host is None:
                continue
            receiver = self._third_party(doc, host, way.action or "")
            if receiver is None:
                continue
            seen.add(way.action_from)
            domain, vendor = receiver
            named = f"{domain} ({vendor})" if vendor else domain
            who = "Form" if way.action_from is el else "Submit button"
            attr = "action" if way.action_from is el else "formaction"
            yield Report(
                doc.attribute_region(way.action_from, attr),
                f"{who} sends {forms.listed(sent)} to another site, {named}, which is not in trusted-form-targets",
            )

    def _third_party(self, doc: Document, host: str, action: str) -> tuple[str, str | None] | None:
        """(registrable domain, vendor) of a receiver that is not the site and not trusted."""
        domain = registrable_domain(host)
        if domain in self.trusted:
            return None
        own = self.own(doc)
        if own and own.owns(host):
            return None
        vendor = _vendor(domain, action)
        if vendor is None:
            # With the site's own domain unknown, only a known receiver is surely another site.
            return (domain, None) if own else None
        name, policy_names = vendor
        if any(fold(n) in self.disclosed for n in policy_names):
            return None  # the configuration says the privacy policy names it
        return domain, name


def _vendor(domain: str, action: str) -> tuple[str, tuple[str, ...]] | None:
    """The vendor of a form endpoint: the tracker data's, else a known form receiver's; with
    the names a privacy policy may give it."""
    url = trackers.url_for_matching(action)
    service = trackers.current().match_url(url) if url else None
    if service is not None:
        return service.name, service.policy_names  # policy_names include the name
    known = FORM_RECEIVERS.get(domain)
    if known is None:
        return None
    name, path = known
    if path:
        parts = trackers.split_url(url) if url else None
        if parts is None or not parts[1].startswith(path):
            return None
    return name, (name,)


CHECK = ThirdPartyFormTarget
