"""A site: the pages linted under one directory argument (or the loose files of a run).

It answers the questions no single page can: which page is the privacy policy, what the
policy says, and where a link leads in the build.
"""

from __future__ import annotations

import os
import posixpath
import re
from collections import Counter
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Callable
from urllib.parse import unquote, urljoin, urlsplit

from . import template
from .document import TEMPLATE_EXTENSIONS
from .domains import FirstParty
from .page import PageFacts, TrackerUse, names_policy, vocabulary
from .project import Project
from .text import fold, has_term, unaccent

_FAKE_ORIGIN = "http://site.invalid"
_EXTERNAL = re.compile(r"^[a-z][a-z0-9+.-]*://", re.I)


@dataclass(frozen=True, slots=True)
class Disclosure:
    text: str  # unaccented, case kept
    opaque: bool  # a policy page is mostly template code: what it names is unknown
    where: str  # the policy pages, for messages
    why_unknown: str = ""  # where an opaque policy's text is instead (a shop platform's admin)


@dataclass(frozen=True, slots=True)
class ConfiguredPolicy:
    """The `privacy-policy` setting, understood: a URL, a site path or a file."""

    value: str
    url: str | None = None  # https://… : hosted elsewhere, text unknown
    site_path: str | None = None  # /legal/privacy/ : a page of the build
    file: Path | None = None  # templates/privacy.html : a file, linted or not

    @classmethod
    def parse(cls, value: str | None, base_dir: Path) -> "ConfiguredPolicy | None":
        if not value:
            return None
        if _EXTERNAL.match(value):
            return cls(value, url=value)
        if value.startswith("/"):
            return cls(value, site_path=value)
        return cls(value, file=(base_dir / value).resolve())

    @property
    def hint(self) -> str:
        """A piece of the policy's address that links to it will contain."""
        target = self.url or self.site_path or (self.file.as_posix() if self.file else "")
        segments = [s for s in urlsplit(target).path.split("/") if s and s not in ("index.html", "index.htm")]
        last = segments[-1] if segments else target
        return posixpath.splitext(last)[0] or last


class Site:
    def __init__(
        self,
        root: Path | None,
        pages: list[PageFacts],
        policy: ConfiguredPolicy | None = None,
        load_text: Callable[[Path], tuple[str, bool] | None] | None = None,
        first_party: tuple[str, ...] = (),
        project: Project | None = None,
        tree_paths: dict[PageFacts, str] | None = None,
    ) -> None:
        self.root = root
        self.project = project  # the template tree the pages belong to, if any
        self._tree_paths = tree_paths or {}
        self._by_tree_path = {rel: page for page, rel in self._tree_paths.items()}
        self._configured_first_party = first_party
        self.pages = pages
        self.policy = policy
        self._load_text = load_text
        self._by_url: dict[str, PageFacts] = {}
        top = root.resolve() if root is not None else None
        self._by_path: dict[Path, PageFacts] = {_resolved(p.path, root, top): p for p in pages}
        self._url: dict[PageFacts, str] = {}  # each page's own URL in the build
        if top is not None:
            for path, page in self._by_path.items():
                urls = _urls_of(path, top)
                if urls:
                    self._url[page] = urls[0]
                for url in urls:
                    self._by_url.setdefault(url, page)

    # --- URLs ------------------------------------------------------------------------

    def url_of(self, page: PageFacts) -> str | None:
        return self._url.get(page)

    def resolve(self, page: PageFacts, href: str) -> PageFacts | None:
        """The page of this build a link leads to, if any."""
        url = self._absolute(page, href)
        return self._lookup(url) if url is not None else None

    def _absolute(self, page: PageFacts, href: str) -> str | None:
        """A link made absolute against the page's own URL (and its <base>) in the build."""
        if self.root is None or template.MARK in href or "{" in href or "<%" in href:
            return None
        here = self.url_of(page)
        if here is None:
            return None
        base = _FAKE_ORIGIN + here
        if page.base_href and template.MARK not in page.base_href:
            base = urljoin(base, page.base_href.strip())
        return urljoin(base, href.strip())

    def target_exists(self, page: PageFacts, href: str) -> bool | None:
        """Whether a link within the site leads to a file of the build (a page or any other
        file: a PDF policy); None when that cannot be known (template code, another site, no
        build root)."""
        href = href.strip()
        parts = urlsplit(href)
        if parts.scheme and parts.scheme not in ("http", "https"):
            return None
        if parts.netloc and not self.first_party.owns(parts.hostname or ""):
            return None  # another site: not ours to check
        if not parts.path and not parts.netloc:
            return None  # "#privacy", "?tab=privacy": this page
        url = self._absolute(page, parts.path if parts.netloc else href)
        if url is None:
            return None
        if self._lookup(url) is not None:
            return True
        target = self.root / unquote(urlsplit(url).path).lstrip("/")
        return target.is_file() or (target / "index.html").is_file() or target.with_suffix(".html").is_file()

    def _lookup(self, url: str) -> PageFacts | None:
        """The page a URL's path names, pretty URLs included (/about -> about.html, about/index.html)."""
        path = unquote(urlsplit(url).path) or "/"
        for candidate in (path, path + "/", path + ".html", path.rstrip("/") + "/index.html"):
            found = self._by_url.get(candidate)
            if found is not None:
                return found
        return None

    # --- the template tree ------------------------------------------------------------

    def tree_path(self, page: PageFacts) -> str | None:
        """The page's path in the project's tree, if it is one of the tree's files."""
        return self._tree_paths.get(page)

    def tree_page(self, rel: str) -> PageFacts | None:
        """The linted page of a tree path, if this run linted it."""
        return self._by_tree_path.get(rel)

    def pulled_in(self, page: PageFacts) -> str:
        """For a partial of the tree: which files include it and on which pages it renders
        (" in this partial (included by _layouts/base.html; on 8 pages: index.md, about.md, 404.html and 5 more)");
        "" for a page of its own or a file outside a tree."""
        rel = self.tree_path(page)
        project = self.project
        if rel is None or project is None or not project.included_by.get(rel):
            return ""
        parents = sorted(dict.fromkeys(project.included_by[rel]))
        pages = [p for p in project.pages_rendering(rel) if p != rel]
        root = project.root
        if project.is_layout(rel) and pages:
            names = ", ".join(self._display(root / p) for p in pages[:3]) + (
                f" and {len(pages) - 3} more" if len(pages) > 3 else ""
            )
            return f" in this layout (on {len(pages)} page{'s' if len(pages) != 1 else ''}: {names})"
        shown = [self._display(root / p) for p in parents[:2]]
        by = ", ".join(shown) + (f" and {len(parents) - 2} more" if len(parents) > 2 else "")
        if not pages:
            return f" in this partial (included by {by})"
        names = ", ".join(self._display(root / p) for p in pages[:3]) + (
            f" and {len(pages) - 3} more" if len(pages) > 3 else ""
        )
        return f" in this partial (included by {by}; on {len(pages)} page{'s' if len(pages) != 1 else ''}: {names})"

    @staticmethod
    def _display(path: Path) -> str:
        """A file's path as shown: from the current folder when it is below it."""
        try:
            shown = Path(os.path.relpath(path)).as_posix()
        except ValueError:  # another drive
            return path.as_posix()
        return path.as_posix() if shown.startswith("../") else shown

    @staticmethod
    def says_privacy(text: str) -> bool:
        """A link text or a title that names the privacy policy."""
        vocab = vocabulary()
        return has_term(fold(text), vocab.privacy)

    def is_policy_file(self, rel: str) -> bool:
        """A file of the tree that is the policy: by its name, or its front matter's title or permalink."""
        vocab = vocabulary()
        if names_policy(_stem(Path(rel)), vocab.privacy, vocab):
            return True
        said = self.project.titles.get(rel, "") if self.project else ""
        return bool(said) and names_policy(" ".join(re.split(r"[\W_]+", fold(said))), vocab.privacy, vocab, 2)

    # --- first party -----------------------------------------------------------------

    @cached_property
    def first_party(self) -> FirstParty:
        """The site's own domains: configured, and the host most of its pages give as their
        canonical address (a page or two cross-posted elsewhere do not count)."""
        counts = Counter(host for page in self.pages for host in page.own_hosts)
        declared = sum(counts.values())
        own = [host for host, n in counts.items() if 2 * n >= declared]
        return FirstParty([*self._configured_first_party, *own])

    def is_first_party(self, use: TrackerUse) -> bool:
        """A tracker served from the site's own domain (self-hosted Matomo, a server-side tag
        manager): every host it loads from is the site's."""
        first_party = self.first_party
        return bool(first_party and use.hosts) and all(first_party.owns(h) for h in use.hosts)

    # --- the privacy policy ------------------------------------------------------------

    @cached_property
    def policy_pages(self) -> list[PageFacts]:
        """Pages of the site that are its privacy policy."""
        found: dict[PageFacts, None] = {}  # ordered, no duplicates
        if self.policy is not None:
            if self.policy.file is not None:
                found[self._by_path.get(self.policy.file) or self._outside_page(self.policy.file)] = None
            elif self.policy.site_path is not None and self.root is not None:
                found[self._lookup(self.policy.site_path)] = None
        for page in self.pages:
            for href in page.privacy_hrefs:
                found[self.resolve(page, href)] = None
        found.pop(None, None)
        if not found:
            # Template trees: no URLs to follow, so go by file name (privacy.html, datenschutz.liquid).
            vocab = vocabulary()
            found = {
                page: None for page in self.pages
                if not page.writes_no_markup and names_policy(_stem(page.path), vocab.privacy, vocab)
            }
        if not found and self.project is not None:
            # The project's content pages (privacy.md, a page titled "Privacy Policy"), linted or not.
            for rel in self.project.policy_candidates(self.is_policy_file):
                page = self.tree_page(rel)
                if page is None or (page.writes_no_markup and rel.lower().endswith((".md", ".markdown"))):
                    page = self._outside_page(self.project.root / rel)  # not linted, or for its shortcodes only
                if page is not None and not page.writes_no_markup:
                    found[page] = None
        return list(found)

    @cached_property
    def cookie_pages(self) -> list[PageFacts]:
        policy = set(self.policy_pages)
        found = {self.resolve(page, href): None for page in self.pages for href in page.cookie_hrefs}
        return [p for p in found if p is not None and p not in policy]

    def _outside_page(self, path: Path) -> PageFacts | None:
        """The configured policy file when it is not among the linted files."""
        loaded = self._load_text(path) if self._load_text else None
        if loaded is None:
            return None
        text, opaque = loaded
        return PageFacts(path=path, display=self._display(path), text=text, text_opaque=opaque, says_privacy=True)

    @cached_property
    def disclosure(self) -> Disclosure | None:
        """What the policy (and cookie policy) pages say; None when there is no policy page."""
        pages = self.policy_pages + self.cookie_pages
        if not pages:
            if self.project is not None and self.project.is_shopify_theme:
                # A Shopify theme's policies are written in the shop's admin (shop.policies).
                return Disclosure("", True, "shop.privacy_policy", "is written in the shop's Shopify admin, not in the theme")
            return None
        texts = []
        for page in pages:
            if page.text is None and self._load_text is not None:
                loaded = self._load_text(page.path)
                if loaded is not None:
                    page.text, page.text_opaque = loaded
            texts.append(page.text or "")
        return Disclosure(
            text=" \n ".join(texts),
            opaque=any(p.text_opaque for p in pages),
            where=", ".join(p.display for p in self.policy_pages or pages),
        )

    def links_to_policy(self, page: PageFacts) -> bool:
        """True if the page links to the configured policy (a link that does not say "privacy")."""
        if self.policy is None:
            return False
        policy_pages = set(self.policy_pages)
        for href in page.hinted_hrefs:
            if self.policy.url and href.strip().startswith(self.policy.url):
                return True
            if self.resolve(page, href) in policy_pages:
                return True
            if self.root is None and self.policy.hint in href:
                return True
        return False

    def home_page(self) -> PageFacts | None:
        """The root index page of the build, where a site-wide finding is reported."""
        if self.root is not None:
            for url in ("/index.html", "/index.htm"):
                page = self._by_url.get(url)
                if page is not None:
                    return page
        return None


def _resolved(path: Path, root: Path | None, top: Path | None) -> Path:
    """A page's absolute path: under the build's root, without a system call per folder."""
    if root is not None and top is not None and not path.is_symlink():
        try:
            return top / path.relative_to(root)
        except ValueError:
            pass
    return path.resolve()


def _urls_of(path: Path, root: Path) -> list[str]:
    """The URLs a file of a build answers to: /a/index.html also as /a/, /a.html also as /a."""
    try:
        rel = path.relative_to(root).as_posix()
    except ValueError:
        return []
    url = "/" + rel
    urls = [url]
    head, name = posixpath.split(url)
    stem, ext = posixpath.splitext(name)
    if stem == "index" and ext in (".html", ".htm"):
        urls += [head.rstrip("/") + "/", head or "/"]
    elif ext in (".html", ".htm"):
        urls += [posixpath.join(head, stem), posixpath.join(head, stem) + "/"]
    return urls


_EXTENSIONS = frozenset(e.lstrip(".") for e in TEMPLATE_EXTENSIONS) | {"html", "htm", "xhtml", "md"}


def _stem(path: Path) -> str:
    """What a file's name says it is, folded: "page.privacy-policy.liquid" -> "page privacy policy";
    for an index page, its folder's name."""
    parts = [p for p in path.name.split(".") if p.lower() not in _EXTENSIONS]
    if parts in ([], ["index"], ["_index"]) and path.parent.name:
        parts = [path.parent.name]
    return " ".join(re.split(r"[\W_]+", fold(" ".join(parts))))


def names_vendor(text: str, names: tuple[str, ...], case_sensitive: tuple[str, ...] = ()) -> str | None:
    """The first of ``names`` that a policy text mentions as whole words. Names that are
    also common words ("Segment", "Clarity") must be written with their capitals."""
    for name in names:
        flags = 0 if name in case_sensitive else re.I
        if re.search(r"(?<!\w)" + re.escape(unaccent(name)) + r"(?!\w)", text, flags):
            return name
    return None
