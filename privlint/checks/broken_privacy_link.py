"""PRV302 broken-privacy-link: a privacy link whose target is not in the build."""

from __future__ import annotations

from typing import Iterable

from ..model import Report
from ..site import Site
from . import Check


class BrokenPrivacyLink(Check):
    code = "PRV302"
    needs_page_facts = True

    def site(self, site: Site) -> Iterable[Report]:
        # Root-relative links only resolve when the linted directory is the site's root:
        # a build has its home page there; a subfolder of one does not.
        if site.root is None or site.home_page() is None:
            return
        for page in site.pages:
            if page.is_template:
                continue
            for link in page.privacy_links:
                if site.target_exists(page, link.href) is False:
                    yield Report(
                        link.region,
                        f"Privacy link leads to {link.href}, which is not in the build:"
                        " visitors who look for the policy get a missing page",
                        path=page.display,
                        source_line=link.source_line,
                    )


CHECK = BrokenPrivacyLink
