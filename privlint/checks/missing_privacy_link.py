"""PRV301 missing-privacy-link: a full page without a link to the privacy policy."""

from __future__ import annotations

from typing import Iterable

from .. import trackers
from ..document import Region
from ..model import Report
from ..page import PageFacts
from ..site import Site
from . import Check


class MissingPrivacyLink(Check):
    code = "PRV301"
    needs_page_facts = True

    def site(self, site: Site) -> Iterable[Report]:
        policy_pages = set(site.policy_pages)
        pages = [p for p in site.pages if _should_link(p) and p not in policy_pages]
        linked = {p for p in pages if p.has_privacy_link or site.links_to_policy(p)}
        missing = [p for p in pages if p not in linked]
        if not missing:
            return
        home = site.home_page()
        # Per page only where the site has a convention to break: its home page links to
        # the policy, or at least half of its pages do. Templates are judged one by one.
        convention = home in linked or 2 * len(linked) >= len(pages)
        if convention or site.root is None or all(p.is_template for p in pages):
            for page in missing:
                yield _report(page, "Page has no link to the privacy policy" + _collects(page))
            return
        # Otherwise one finding for the site, not one per page, plus the pages where it
        # matters most (they collect personal data or load trackers).
        first = home if home in missing else missing[0]
        if linked:
            summary = f"Most pages of the site do not link to a privacy policy ({len(missing)} of {len(pages)})"
        else:
            summary = (
                f"No page of the site links to a privacy policy ({len(pages)} page{'s' if len(pages) != 1 else ''} checked)"
            )
        yield _report(first, summary + _collects(first))
        for page in missing:
            if page is not first and (page.personal_field or page.trackers):
                yield _report(page, "Page has no link to the privacy policy" + _collects(page))


def _should_link(page: PageFacts) -> bool:
    """A full page whose links we can see: not a partial, not a layout-completed template,
    not a redirect stub."""
    if not page.is_full_page or page.pulls_in_markup or page.maybe_privacy_link or page.is_redirect:
        return False
    if page.links == 0 and page.personal_field is None:
        # No links at all: an app shell whose links scripts render (<div id="root">), a holding
        # page. Nothing to judge, unless it asks for personal data.
        return False
    return True


def _collects(page: PageFacts) -> str:
    if page.personal_field is not None:
        return f"; it collects personal data ({page.personal_field.description})"
    if page.trackers:
        services = trackers.current().services
        names = dict.fromkeys(services[t.service].name for t in page.trackers)
        return f"; it loads {', '.join(names)}"
    return ""


def _report(page: PageFacts, message: str) -> Report:
    region = page.body_region or Region(1, 1, 1, 1)
    return Report(region, message, path=page.display, source_line=page.body_line)


CHECK = MissingPrivacyLink
