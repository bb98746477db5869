"""PRV303 no-privacy-policy: a site that collects personal data or loads third parties and
has no privacy policy at all."""

from __future__ import annotations

from typing import Iterable

from .. import trackers
from ..document import Region
from ..model import Report
from ..site import Site
from . import Check


class NoPrivacyPolicy(Check):
    code = "PRV303"
    needs_page_facts = True

    def site(self, site: Site) -> Iterable[Report]:
        # A build shows the whole site; in a template tree the policy is often shop-admin
        # content that no file holds, so absence proves nothing there.
        pages = [p for p in site.pages if not p.is_template]
        if site.root is None or not pages or site.policy is not None:
            return
        # Only the root of a build: its home page is a whole page, not a template or a
        # partial (a source tree keeps its policy in Markdown privlint does not read).
        home = site.home_page()
        if home is None or home.is_template or not home.is_full_page:
            return
        if site.policy_pages or any(p.privacy_hrefs or p.maybe_privacy_link for p in pages):
            return  # a policy exists, or links try to reach one (PRV302 checks them)
        collecting = next((p for p in pages if p.personal_field is not None), None)
        services = trackers.current().services
        third_parties = dict.fromkeys(
            services[u.service].name for p in pages for u in p.trackers if not site.is_first_party(u)
        )
        if collecting is None and not third_parties:
            return
        what = []
        if collecting is not None:
            what.append(f"collects personal data ({collecting.personal_field.description} on {collecting.display})")
        if third_parties:
            names = list(third_parties)
            shown = names[:5] + ([f"{len(names) - 5} more"] if len(names) > 5 else [])
            shown = ", ".join(shown[:-1]) + " and " + shown[-1] if len(shown) > 1 else shown[0]
            what.append(f"sends visitors' data to {shown}")
        yield Report(
            home.body_region or Region(1, 1, 1, 1),
            f"The site {' and '.join(what)}, but has no privacy policy: no page links to one,"
            " none is named like one, and `privacy-policy` is not set",
            path=home.display,
            source_line=home.body_line,
        )


CHECK = NoPrivacyPolicy
