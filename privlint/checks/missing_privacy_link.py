"""PRV301 missing-privacy-link: a full page without a link to the privacy policy."""

from __future__ import annotations

import re
from typing import Iterable

from .. import trackers
from ..document import Region
from ..model import Report
from ..page import PageFacts
from ..project import NO_LINK, Node
from ..site import Site
from . import Check


class MissingPrivacyLink(Check):
    code = "PRV301"
    needs_page_facts = True

    def site(self, site: Site) -> Iterable[Report]:
        policy_pages = set(site.policy_pages)
        in_tree = {p for p in site.pages if _rendered_with_tree(site, p)}
        if in_tree:
            yield from _tree_pages(site, in_tree, policy_pages)
        pages = [p for p in site.pages if p not in in_tree and _should_link(p) and p not in policy_pages]
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


def _rendered_with_tree(site: Site, page: PageFacts) -> bool:
    """A file of a template tree whose includes the project reads: judged as the pages it is part of."""
    rel = site.tree_path(page)
    if rel is None or site.project is None or rel not in site.project:
        return False
    # Markup it pulls in that no reference explains (a component's slot): judged alone, as before.
    return bool(page.includes) or not page.pulls_in_markup


def _tree_pages(site: Site, given: set[PageFacts], policy_pages: set[PageFacts]) -> Iterable[Report]:
    """The pages of a template tree that the given files render in, each judged with its
    layouts and includes; a missing link is reported where it belongs (the shared footer or
    layout), once, with the pages it covers."""
    project = site.project
    if project is None:
        return
    policy = {site.tree_path(p) for p in policy_pages} | set(project.policy_candidates(site.is_policy_file))
    pages = project.pages_rendering(*(site.tree_path(page) or "" for page in given))
    missing: dict[str, list[Node]] = {}  # where the link belongs -> the pages without one
    anchors: dict[str, Node] = {}
    collected: dict[str, str] = {}  # the first personal data field one of those pages has
    for rel in pages:
        if rel in policy or _no_web_page(rel):
            continue
        closure, unresolved = project.closure(rel)
        if unresolved:
            continue  # a file it renders is unknown: so is whether the page links
        nodes = [project.node(path) for path in closure]
        if any(n is None or not n.readable for n in nodes) or nodes[0].redirect:
            continue
        if any(n.privacy_link != NO_LINK for n in nodes):
            continue
        if not any(n.opens_page for n in nodes) or not any(n.closes_page for n in nodes):
            continue  # not a whole page (a fragment, an e-mail part, a page some code completes)
        if not any(n.collects for n in nodes) and (not any(n.links for n in nodes) or _error_page(rel)):
            continue  # no links at all (an app shell), an error page: nothing to judge, unless it collects data
        anchor = _where_the_link_belongs(nodes)
        anchors[anchor.path] = anchor
        missing.setdefault(anchor.path, []).append(nodes[0])
        if not collected.get(anchor.path):
            collected[anchor.path] = next((n.collects for n in nodes if n.collects), "")
    for path, rendered in missing.items():
        anchor = anchors[path]
        region = anchor.anchor or Region(1, 1, 1, 1)
        collects = collected[path]
        if collects:
            collects = f"; {'it collects' if len(rendered) == 1 else 'one collects'} personal data ({collects})"
        if [r.path for r in rendered] == [anchor.path]:
            message = "Page has no link to the privacy policy" + collects
        else:
            what = "footer" if anchor.says_footer else "layout"
            count = len(rendered)
            message = (
                f"{count} page{'s' if count != 1 else ''} rendered with this {what} "
                f"{'have' if count != 1 else 'has'} no link to the privacy policy ({listed(rendered)}){collects}; add it here"
            )
        yield Report(region, message, path=anchor.display, source_line=anchor.anchor_line)


_LISTED = 3


def listed(nodes: list[Node]) -> str:
    """A few of the pages, then how many more."""
    shown = ", ".join(n.display for n in nodes[:_LISTED])
    return shown + (f" and {len(nodes) - _LISTED} more" if len(nodes) > _LISTED else "")


def _where_the_link_belongs(nodes: list[Node]) -> Node:
    """The shared footer partial, else the file that closes the page (its layout), else the page."""
    for node in nodes:
        if node.says_footer and not node.content and node.anchor is not None:
            return node
    closing = [n for n in nodes if n.closes_page]
    return closing[-1] if closing else nodes[0]


# Templates that render e-mails, not web pages (Django and Laravel emails/, Rails *_mailer/).
_MAIL_FOLDER = re.compile(r"(?:^|/)(?:e-?mails?|mail|mails|mailers?|[\w-]*_mailer|newsletters?)/", re.I)
_MAIL_NAME = re.compile(r"(?:^|[/_.-])e-?mail(?:s)?(?:[_.-]|$)", re.I)
# Error and maintenance pages: a visitor lands there by accident and leaves.
_ERROR_PAGE = re.compile(r"(?:^|/)(?:[45]\d\d|error|errors|maintenance|offline)(?:\.[\w.]+)?$", re.I)


def _no_web_page(path: str) -> bool:
    return _MAIL_FOLDER.search(path) is not None or _MAIL_NAME.search(path.rsplit("/", 1)[-1]) is not None


def _error_page(path: str) -> bool:
    return _ERROR_PAGE.search(path) is not None


def _should_link(page: PageFacts) -> bool:
    """A full page whose links we can see: not a partial, not a layout-completed template,
    not a redirect stub, not an e-mail; not an error page unless it asks for personal data."""
    if not page.is_full_page or page.pulls_in_markup or page.maybe_privacy_link or page.is_redirect:
        return False
    if page.is_template and _no_web_page(page.display):
        return False
    if page.personal_field is None and _error_page(page.display):
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
