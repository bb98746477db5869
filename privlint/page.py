"""Facts about one page that site-wide rules need after its tree is gone.

The engine feeds the analyzer the elements it asks for during the one traversal of the
document; what comes out (``PageFacts``) is small and picklable, so a large build never
keeps thousands of trees alive and worker processes can send facts back.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import cached_property, lru_cache
from pathlib import Path

from lxml import etree

from . import consent, fields, includes, registry, stylesheet, template, trackers
from .document import FRAGMENT, Document, Region
from .includes import Reference
from .readers import _js_lexer, components
from .readers import CODE_SCRIPT_ATTRIBUTE, HOSTED_FIELDS_ATTRIBUTE
from .readers.manifests import PACKAGE_ATTRIBUTE, VERSION_ATTRIBUTE
from .text import fold, has_term, term_regex, unaccent, visible_text


@dataclass(frozen=True, slots=True)
class TrackerUse:
    service: str  # service id in trackers.toml
    how: str  # "script", "inline script", "pixel", "iframe"
    evidence: str  # the host or the snippet that gave it away
    region: Region
    source_line: str
    in_noscript: bool = False
    gated: bool = False  # held back by a consent manager's markup until the visitor consents
    accounts: tuple[str, ...] = ()  # the vendor account ids it names (G-XXXX, a pixel id)
    hosts: tuple[str, ...] = ()  # where it loads from (for an inline script: every host it spells)
    url: str = ""  # the address as written, template code put back ("" for an inline snippet)
    # What else, short of a consent manager's markup, holds the load back: "template" (inert
    # <template> content), "click" (an inline script loads it from an event handler, or an
    # iframe's srcdoc facade stands in for its src until then), "consent" (an inline script
    # loads it once its own code sees the visitor's consent), "script"
    # (the URL waits in data-src with no lazy loader's markup: the site's own code decides when).
    waits_for: str = ""


@dataclass(frozen=True, slots=True)
class ConsentUse:
    """A consent manager loaded (or set up) on the page."""

    manager: str  # manager id in consent-managers.toml
    region: Region
    auto_blocking: bool  # it blocks trackers by URL at run time, markup or not


@dataclass(frozen=True, slots=True)
class ConsentModeDefault:
    """Google Consent Mode defaults set on the page: ``{"analytics_storage": "denied"}``."""

    region: Region
    storage: tuple[tuple[str, str], ...]


@dataclass(frozen=True, slots=True)
class PersonalField:
    description: str  # e.g. 'email field "newsletter[email]"'
    region: Region
    source_line: str


@dataclass(frozen=True, slots=True)
class FormFacts:
    """A form that collects personal data (kept only for `privlint inventory`)."""

    region: Region
    method: str  # "get" or "post" ("get" when unset, as browsers do; "unknown" if templated)
    action: str  # as written, template code restored; "" for the page itself
    collects: tuple[str, ...]  # kinds of personal data: email, name, card...


@dataclass(frozen=True, slots=True)
class HostedCardFields:
    """Card fields a payment processor hosts in its own frame (Stripe Elements, Braintree
    Hosted Fields): the safe pattern, listed by `privlint inventory`."""

    provider: str  # "Stripe Elements"
    company: str
    region: Region


@dataclass(frozen=True, slots=True)
class LinkUse:
    href: str  # template code restored
    region: Region
    source_line: str


@dataclass(slots=True, eq=False)  # a page is itself: identity, hashable
class PageFacts:
    path: Path
    display: str
    is_template: bool = False
    is_full_page: bool = False
    pulls_in_markup: bool = False
    title: str = ""
    base_href: str | None = None
    privacy_hrefs: list[str] = field(default_factory=list)  # links that say "privacy"
    privacy_links: list[LinkUse] = field(default_factory=list)  # the same, with where they are
    cookie_hrefs: list[str] = field(default_factory=list)  # links to a cookie policy
    hinted_hrefs: list[str] = field(default_factory=list)  # links that may be the configured policy
    has_privacy_link: bool = False
    maybe_privacy_link: bool = False  # a templated link that could be one
    links: int = 0
    personal_field: PersonalField | None = None
    trackers: list[TrackerUse] = field(default_factory=list)
    consent_managers: list[ConsentUse] = field(default_factory=list)
    consent_mode: ConsentModeDefault | None = None
    own_hosts: list[str] = field(default_factory=list)  # canonical and og:url hosts: the site's
    forms: list[FormFacts] = field(default_factory=list)  # with collect_forms only
    hosted_card_fields: list[HostedCardFields] = field(default_factory=list)
    body_region: Region | None = None
    body_line: str = ""
    is_redirect: bool = False  # <meta http-equiv="refresh">: a stub (Hugo aliases, jekyll-redirect-from)
    says_privacy: bool = False  # its path, title or heading says privacy/cookies
    text: str | None = None  # visible text, unaccented, kept only where says_privacy
    text_opaque: bool = False  # the text is mostly template code ({{ page.content }})
    writes_no_markup: bool = False  # code that writes no element at all: never the policy
    opens_page: bool = False  # a doctype, <html> or <body>
    closes_page: bool = False  # </body> or </html>
    includes: list[Reference] = field(default_factory=list)  # the files a template names
    footer_region: Region | None = None  # its <footer>, where a page's policy link belongs
    footer_line: str = ""

    def share_strings(self, shared: dict) -> None:
        """Make equal strings and regions one object across the pages of a build: the layout's
        lines repeat on every page, and a run keeps every page's facts until the site phase."""

        def one(value):
            return shared.setdefault(value, value)

        self.title, self.body_line = one(self.title), one(self.body_line)
        if self.body_region is not None:
            self.body_region = one(self.body_region)
        self.privacy_hrefs = [one(h) for h in self.privacy_hrefs]
        self.cookie_hrefs = [one(h) for h in self.cookie_hrefs]
        self.privacy_links = [one(LinkUse(one(u.href), one(u.region), one(u.source_line))) for u in self.privacy_links]
        self.trackers = [
            one(replace(u, evidence=one(u.evidence), region=one(u.region), source_line=one(u.source_line),
                        url=one(u.url), hosts=one(u.hosts), accounts=one(u.accounts)))
            for u in self.trackers
        ]
        if self.personal_field is not None:
            f = self.personal_field
            self.personal_field = one(PersonalField(one(f.description), one(f.region), one(f.source_line)))


class Vocabulary:
    """The words of privacy and cookie-policy links; its patterns compile on first use."""

    def __init__(self, privacy: tuple[str, ...], cookie: tuple[str, ...], link_words: frozenset[str],
                 third_party_policy_hosts: tuple[str, ...]) -> None:
        self.privacy = privacy
        self.cookie = cookie
        self.link_words = link_words
        self.third_party_policy_hosts = third_party_policy_hosts

    @cached_property
    def any_term_re(self) -> re.Pattern[str]:
        """A cheap first test: does a text say privacy or cookie at all."""
        return term_regex(self.privacy + self.cookie)

    @cached_property
    def first_words_re(self) -> re.Pattern[str]:
        """For ASCII texts: the first word of every ASCII term. Where a term occurs in
        ``fold(words(text))``, its first word occurs in the text lowered, since words() only
        adds spaces and lowers it; terms in other scripts cannot occur in an ASCII text."""
        terms = self.privacy + self.cookie
        return term_regex(tuple(dict.fromkeys(t.split(" ")[0] for t in terms if t.isascii())))

    @cached_property
    def privacy_re(self) -> re.Pattern[str]:
        return term_regex(self.privacy)

    @cached_property
    def cookie_re(self) -> re.Pattern[str]:
        return term_regex(self.cookie)


@lru_cache(maxsize=1)
def vocabulary() -> Vocabulary:
    terms = registry.load_toml(registry.data_path("privacy-terms.toml"))

    def flat(table: dict) -> tuple[str, ...]:
        return tuple(dict.fromkeys(fold(t) for lang in table.values() for t in lang))

    return Vocabulary(
        privacy=flat(terms["privacy-policy"]),
        cookie=flat(terms["cookie-policy"]),
        link_words=frozenset(fold(w) for w in terms["link-words"]["words"]),
        third_party_policy_hosts=tuple(terms["third-party-policy-hosts"]["hosts"]),
    )


_NAVIGATION_SCHEMES = re.compile(r"^\s*(?:mailto|tel|sms|javascript|data):", re.I)
_JSON_SCRIPT_TYPES = frozenset({"application/ld+json", "application/json", "importmap", "speculationrules"})
# Scripts that carry a framework's page data (Next.js, Nuxt, Remix): a tracker snippet in
# them is content (a blog post's code sample), not code that runs.
_DATA_PAYLOAD = re.compile(
    r"\s*(?:\(?self\.__next_f\b|window\.__(?:NUXT__|remixContext|APOLLO_STATE__|INITIAL_STATE__|PRELOADED_STATE__)\s*=)"
)
# Where consent managers and lazy loaders park a URL until they let it load (Klaro, iubenda,
# Cookiebot, Complianz, consentmanager.net; lazysizes and friends for images).
HELD_URL_ATTRIBUTES = (
    "data-src", "data-cookieblock-src", "data-cmplz-src", "data-src-cmplz", "suppressedsrc",
    "data-suppressedsrc", "data-cmp-src", "data-lazy-src",
)


def url_path_words(href: str) -> str:
    """The path and query of an href, folded, with punctuation as spaces."""
    href = re.sub(r"^\s*(?:[a-z][a-z0-9+.-]*:)?//[^/?#]*", "", href, flags=re.I)
    return " " + re.sub(r"[\W_]+", " ", fold(href)) + " "


_STRING_LITERAL = re.compile(r"""(["'])[^"']+\1""")
# A script that sets up a handler for something the visitor does, then loads a vendor from
# it: click-to-load written by hand ("Show comments", a video preview).
_INTERACTION_HANDLER = re.compile(
    r"""addEventListener\(\s*['"](?:click|pointerdown|pointerup|mousedown|touchstart|keydown|submit)['"]"""
    r"""|\.on(?:click|pointerdown|mousedown|touchstart|keydown)\s*="""
    r"""|\.(?:on|one)\(\s*['"]click\b|\.click\(\s*function\b"""
)
# Where a script's own code waits for consent: a condition on the visitor's choice, or a consent
# manager's event or callback. A vendor the script loads after one of these is held back until
# the visitor consents (Google Consent Mode's gtag('consent', ...) is read apart: it sets defaults).
_CONSENT_GATE = re.compile(
    r"""\bif\s*\([^;{}]{0,200}?(?:consent|cookiebot|optanon|onetrust|cmplz|klaro|_iub|cookieyes|usercentrics|didomi)"""
    r"""|addEventListener\(\s*['"][^'"]{0,80}?(?:consent|cookiebot|onetrust|optanon|cmplz|klaro|didomi|usercentrics|cookieyes)"""
    r"""|\b(?:OptanonWrapper|CookiebotOnAccept|CookiebotOnConsentReady|cmplz_run_after_all_scripts)\b"""
    r"""|\b(?:consent|cookiebot\.consent)(?:\.\w+|\[\s*['"]\w+['"]\s*\]){1,3}\s*(?:&&|\?)"""
    r"""|\.(?:onConsent\w*|onAccept\w*|whenConsented)\s*\(|__tcfapi\(\s*['"]addEventListener""",
    re.I,
)
# A named function a script declares: its body runs where it is called.
_FUNCTION_DECL = re.compile(
    r"""\bfunction\s+([A-Za-z_$][\w$]*)\s*\([^()]{0,200}\)\s*\{"""
    r"""|\b(?:const|let|var)\s+([A-Za-z_$][\w$]*)\s*=\s*(?:function\b[^()]{0,40}\([^()]{0,200}\)|\([^()]{0,200}\)\s*=>|[A-Za-z_$][\w$]*\s*=>)\s*\{"""
)


_BRACE = re.compile(r"[{}]")


def _runs_at(code: str, at: int) -> int:
    """Where the code at ``at`` runs: at the first call of the named function whose body holds
    it (a loader function called once consent is given), else where it stands."""
    for decl in list(_FUNCTION_DECL.finditer(code, 0, at))[-5:][::-1]:
        depth = 0
        for brace in _BRACE.finditer(code, decl.end() - 1, at):  # is the body still open at ``at``?
            depth += 1 if brace.group() == "{" else -1
            if depth == 0:
                break
        if depth == 0:
            continue
        name = re.escape(decl.group(1) or decl.group(2))
        call = re.compile(r"(?<![\w$.])" + name + r"\s*\(")
        calls = [m.start() for m in call.finditer(code) if not decl.start() <= m.start() < decl.end()]
        outside = [c for c in calls if not decl.start() <= c <= at]
        if outside:
            return min(outside)
        # Passed by name (addEventListener('click', loadChat), el.onclick = loadChat): it runs
        # where that happens, which is what the handler's place decides.
        named = re.compile(r"(?<![\w$.])" + name + r"(?![\w$])")
        refs = [m.start() for m in named.finditer(code) if not decl.start() <= m.start() <= at]
        return min(refs) if refs else at
    return at


def uncalled_function(code: str, at: int) -> str | None:
    """The name of the function declared around ``at`` when the script neither calls nor names
    it anywhere else: something outside the script runs it (an onclick attribute, another
    script), so it does not run when the page opens."""
    for decl in list(_FUNCTION_DECL.finditer(code, 0, at))[-5:][::-1]:
        depth = 0
        for brace in _BRACE.finditer(code, decl.end() - 1, at):
            depth += 1 if brace.group() == "{" else -1
            if depth == 0:
                break
        if depth == 0:
            continue
        name = decl.group(1) or decl.group(2)
        named = re.compile(r"(?<![\w$.])" + re.escape(name) + r"(?![\w$])")
        if any(not decl.start() <= m.start() < decl.end() for m in named.finditer(code)):
            return None
        return name
    return None


# A vendor's command queue set up to default to itself (window._tfa = window._tfa || []): the
# place the page's calls wait until the vendor's script loads; no load by itself.
_QUEUE_STUB = re.compile(r"(?<![\w$.])(?:window\.)?([\w$]+)\s*=\s*(?:window\.)?\1\s*\|\|\s*(?:\[\s*\]|\{\s*\})?")
# A string of prose (help text, an error message) rather than code a script injects or runs:
# words with spaces, and none of code's statement marks.
_CODE_MARKS = re.compile(r"[;={}]")


def script_literals(code: str) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """The comments and the string literals (a template literal whole, ``${}`` parts included)
    of a script, as sorted (start, end) ranges, from the JavaScript lexer. A snippet that starts
    inside either is the script talking about a vendor (a consent manager's help text, a
    library's comment), not calling it."""
    tokens = _js_lexer.tokenize(code)
    kinds, starts, ends, match = tokens.kinds, tokens.starts, tokens.ends, tokens.match
    strings = []
    i, n = 0, len(kinds)
    while i < n:
        kind = kinds[i]
        if kind in (_js_lexer.STR, _js_lexer.TMPL_FULL):
            strings.append((starts[i], ends[i]))
        elif kind == _js_lexer.TMPL_HEAD:
            j = i
            while match.get(j, j) > j and kinds[match[j]] in (_js_lexer.TMPL_MID, _js_lexer.TMPL_TAIL):
                j = match[j]
            strings.append((starts[i], ends[j]))
            i = j
        i += 1
    return [(s, e) for s, e, _body in tokens.comments], strings


def _prose(literal: str) -> bool:
    return " " in literal and _CODE_MARKS.search(literal) is None
# Where a script creates the element that loads a vendor.
_SCRIPT_LOADER = re.compile(r"createElement\s*\(|document\.write(?:ln)?\s*\(|\bgetScript\s*\(|\.src\s*=")
# Lazy loaders (lazysizes, lozad, vanilla-lazyload, WP Rocket...) move data-src into src when
# the element scrolls into view: that is not the visitor asking for it.
_LAZY_CLASS = re.compile(r"lazy|lozad", re.I)
_LAZY_ATTRIBUTES = ("data-sizes", "data-ll-status", "data-lazy", "loading")
# <link rel> values whose href the browser fetches as a stylesheet or font.
_PRELOADED = frozenset({"style", "font"})


# Every consent snippet in consent-managers.toml spells one of these (tests/test_tracker_data.py).
_CONSENT_HINT = re.compile(r"consent|cmplz|complianz|_iub|klaro|UC_UI|Optanon|OneTrust|Cookiebot", re.I)


def _attributes(el: etree._Element) -> dict[str, str]:
    """An element's attributes by lower-case name (lxml keeps names as written)."""
    try:
        return {str(k).lower(): v for k, v in el.attrib.items()}
    except ValueError:
        return {}


def _opaque(doc: Document, label: str) -> bool:
    """A link label that is only template code without a string in it ({{ link.title }}):
    it may say anything. Literal words, or code quoting its text or translation key
    ({{ 'general.home' | t }}), say what the link is."""
    if any(part.strip() for part in template.literal_parts(label)):
        return False
    return not any(_STRING_LITERAL.search(code) for code in doc.code(label))


# Words of template code that say what a link leads to, when that is no policy: the home
# page, the shop's catalogue, a visitor's account, a post and its author, a page of results.
_NOT_POLICY_CODE_WORDS = frozenset(
    "home homepage homepage_url root_url brand logo shop_name site_name store_name product products variant "
    "category categories tree_category collection collections vendor author authors user customer account "
    "basket cart checkout order orders wishlist tag tags post posts article articles blog comment comments "
    "review reviews search facet paginator page_obj page_number next previous prev next_page previous_page "
    "language languages locale currency country social share feed rss avatar image photo media download "
    "file attachment thread topic forum event events".split()
)
_CODE_WORD = re.compile(r"[A-Za-z_]+")


def _names_other_things(doc: Document, value: str) -> bool:
    """Template code of a link that names what the link leads to, and it is no policy
    ({{ homepage_url }}, {{ product.url }}, {{ author.name }})."""
    for code in doc.code(value):
        words = {w.lower() for w in _CODE_WORD.findall(code)}
        if words & _NOT_POLICY_CODE_WORDS:
            return True
    return False


def href_host(href: str) -> str | None:
    parts = trackers.split_url(href)
    return parts[0] if parts else None


# What a link is (PageAnalyzer._link_kind), remembered per run for links without template code.
_NOTHING, _MAYBE_PRIVACY, _PRIVACY, _COOKIE = "", "maybe-privacy", "privacy", "cookie"
_LINK_KINDS: dict[tuple, str] = {}


def _in_template(el: etree._Element) -> bool:
    """Content of a <template> element is inert: nothing in it loads until a script clones it."""
    return any(a.tag == "template" for a in el.iterancestors())


def _waits_for(doc: Document, el: etree._Element, attr: str, gated: bool) -> str:
    """What holds an element's load back, short of a consent manager's markup (TrackerUse.waits_for)."""
    if _in_template(el):
        return "template"
    if el.tag == "iframe" and attr == "src" and doc.attr(el, "srcdoc") is not None:
        return "click"  # browsers show srcdoc and ignore src: a facade until a script swaps it
    if attr == "data-src" and not gated and not _lazy_loaded(doc, el):
        return "script"
    if doc.mapped and doc.written_apart(el):
        return _written_waits(doc, el)
    return ""


def _written_waits(doc: Document, el: etree._Element) -> str:
    """For an element an inline script creates (its markup written apart): "click" when the code
    that creates it runs from an event handler (a function an onclick attribute calls, or that a
    click listener is given), "script" when nothing in the page calls it, else ""."""
    tag = doc.start_tag(el)
    if tag is None:
        return ""
    text = doc.text
    at = doc.text_offsets(tag.start, tag.end)[0]
    opened = text.rfind("<script", 0, at)
    if opened < 0 or text.rfind("</script", 0, at) > opened:
        return ""  # not inside an inline script of this file (a .js file's own code, say)
    body = text.find(">", opened) + 1
    closed = text.find("</script", at)
    code = text[body : closed if closed >= 0 else len(text)]
    where = at - body
    handler = _INTERACTION_HANDLER.search(code)
    if handler is not None and handler.start() < _runs_at(code, where):
        return "click"
    name = uncalled_function(code, where)
    return "click" if name is not None and _only_event_attributes_call(text, name) else ""


def _only_event_attributes_call(text: str, name: str) -> bool:
    """Whether the page calls the function from event attributes (onclick="showVideo()") and
    from nowhere else: code elsewhere (another script, a file) may run it as the page opens."""
    in_attributes = re.compile(r"""\bon[a-z]+\s*=\s*["'][^"'\n]{0,300}?(?<![\w$.])""" + re.escape(name) + r"\s*\(", re.I)
    calls = re.compile(r"(?<![\w$.])" + re.escape(name) + r"\s*\(")
    from_attributes = {m.end() for m in in_attributes.finditer(text)}
    others = [m for m in calls.finditer(text) if m.end() not in from_attributes and not _declares(text, m.start())]
    return bool(from_attributes) and not others


def _declares(text: str, at: int) -> bool:
    """Whether the name at ``at`` is the one a function declaration gives (function showVideo()...)."""
    return re.search(r"\bfunction\s+$", text[max(0, at - 40) : at]) is not None


def _lazy_loaded(doc: Document, el: etree._Element) -> bool:
    if _LAZY_CLASS.search(doc.attr(el, "class") or ""):
        return True
    return any(doc.attr(el, a) is not None for a in _LAZY_ATTRIBUTES)


class PageAnalyzer:
    """Collects PageFacts from the elements the engine hands it."""

    ELEMENTS = ("a", "area", "link", "script", "style", "img", "iframe", "input", "select", "textarea")

    @property
    def trackers(self) -> trackers.TrackerData:
        return trackers.current()  # loaded the first time a page has a script, image or iframe

    def __init__(self, doc: Document, policy_hint: str | None = None, collect_forms: bool = False) -> None:
        self.doc = doc
        self.collect_forms = collect_forms
        self._form_kinds: dict[etree._Element, dict[str, None]] = {}
        self.vocab = vocabulary()
        self.policy_hint = policy_hint
        self.facts = PageFacts(
            path=doc.path,
            display=doc.display,
            is_template=doc.is_template,
            is_full_page=doc.is_full_page,
            pulls_in_markup=doc.pulls_in_markup,
            opens_page=doc.opens_page,
            closes_page=doc.closes_page,
        )
        base = doc.base_href
        if base is not None:
            self.facts.base_href = doc.restore(base[1])

    # --- element handlers ------------------------------------------------------------

    def visit(self, el: etree._Element) -> None:
        tag = el.tag
        if tag in ("a", "area"):
            self._link(el)
        elif tag == "link":
            self._head_link(el)
        elif tag == "script":
            self._script(el)
        elif tag in ("img", "iframe"):
            self._embedded(el)
        elif tag == "style":
            self._style(el)
        else:
            self._field(el)

    def _link(self, el: etree._Element) -> None:
        doc, facts = self.doc, self.facts
        get = el.get  # the hottest loop of a run: lxml's own lookups, with names known to be valid
        href = get("href")
        if href is None:
            return
        facts.links += 1
        if self.policy_hint and self.policy_hint in href:
            facts.hinted_hrefs.append(doc.restore(href))
        text = "".join(el.itertext()) if len(el) else el.text or ""
        key = (href, text, get("title"), get("aria-label"), get("rel"))
        if doc.spans:
            kind = self._link_kind(*key)  # template code in it: its words depend on this file
        else:
            # Navigation repeats on every page of a site: each link is judged once per run.
            kind = _LINK_KINDS.get(key)
            if kind is None:
                if len(_LINK_KINDS) > 20_000:  # bounded: memory must not grow with the site
                    _LINK_KINDS.clear()
                kind = _LINK_KINDS[key] = self._link_kind(*key)
        if kind == _MAYBE_PRIVACY:
            facts.maybe_privacy_link = True
        elif kind == _PRIVACY:
            restored = doc.restore(href)
            facts.has_privacy_link = True
            facts.privacy_hrefs.append(restored)
            region = doc.attribute_region(el, "href")
            facts.privacy_links.append(LinkUse(restored, region, doc.line_text(region.line)))
        elif kind == _COOKIE:
            facts.cookie_hrefs.append(doc.restore(href))

    def _link_kind(
        self, href: str, text: str, title: str | None, aria: str | None, rel: str | None, prefilter: bool = True
    ) -> str:
        """What a link is: the site's privacy policy, its cookie policy, a templated link that may
        be either, or nothing of the kind."""
        doc, vocab = self.doc, self.vocab
        texts = [t for t in (text, title, aria) if t]
        is_policy_rel = rel is not None and "privacy-policy" in rel.lower().split()
        path = url_path_words(doc.words(href)) if vocab.any_term_re.search(href.lower()) else ""
        joined = " ".join(texts)
        # Most links: no term can be in their words, told without computing them.
        quiet = prefilter and joined.isascii() and not vocab.first_words_re.search(joined.lower())
        said = [] if quiet else [fold(doc.words(t)) for t in texts]
        if not (is_policy_rel or path or any(vocab.any_term_re.search(t) for t in said)):
            if (
                template.is_dynamic(href) and _opaque(doc, " ".join(texts)) and not _NAVIGATION_SCHEMES.match(href)
                and not _names_other_things(doc, href + " " + " ".join(texts))
            ):
                return _MAYBE_PRIVACY  # {% for l in menu %}<a href="{{ l.url }}">{{ l.title }}</a>
            return _NOTHING
        # The link says privacy or cookies somewhere: is it the site's own policy?
        if _NAVIGATION_SCHEMES.match(href):
            return _NOTHING  # mailto:privacy@...
        host = href_host(href) if not template.is_dynamic(href) else None
        if host and any(host == h or host.endswith("." + h) for h in vocab.third_party_policy_hosts):
            return _NOTHING  # "Google Privacy Policy" in the reCAPTCHA notice
        # Text that says privacy among other words is taken from links within the site only.
        leeway = 0 if host else 2
        if (
            is_policy_rel
            or vocab.privacy_re.search(path)
            or any(names_policy(t, vocab.privacy, vocab, leeway) for t in said)
        ):
            return _PRIVACY
        if vocab.cookie_re.search(path) or any(names_policy(t, vocab.cookie, vocab, leeway) for t in said):
            return _COOKIE
        return _NOTHING

    def _head_link(self, el: etree._Element) -> None:
        rel = (self.doc.attr(el, "rel") or "").lower().split()
        href = self.doc.attr(el, "href")
        if href is None:
            return
        if "privacy-policy" in rel:
            self.facts.privacy_hrefs.append(self.doc.restore(href))
        elif "canonical" in rel:
            self._own_address(href)
        elif "stylesheet" in rel:
            self._url_use(el, "href", href, "stylesheet", False)  # Google Fonts, Adobe Fonts
        elif "preload" in rel and (self.doc.attr(el, "as") or "").strip().lower() in _PRELOADED:
            self._url_use(el, "href", href, "stylesheet", False)  # fetched now, applied later

    def _own_address(self, url: str) -> None:
        """The address a page gives as its own (canonical, og:url) names the site's domain."""
        parts = trackers.split_url(url) if template.MARK not in url else None
        if parts and parts[0] not in self.facts.own_hosts:
            self.facts.own_hosts.append(parts[0])

    def _script(self, el: etree._Element) -> None:
        doc = self.doc
        if doc.mapped and el.get(PACKAGE_ATTRIBUTE) is not None:
            self._dependency(el)
            return
        kind = (doc.attr(el, "type") or "").strip().lower()
        gated = consent.builtin().script_type_holds(kind) or self._cmp_runtime_hold(el)
        if self._sources(el, "script", gated):
            return
        code = el.text
        if not code or kind in _JSON_SCRIPT_TYPES or _DATA_PAYLOAD.match(code):
            return
        raw = doc.raw_content(el)  # exact offsets, whatever the line endings
        offset = None
        if raw is not None:
            offset, raw_code = raw
            if raw_code != code:  # CRLF folded by the parser, or markers: match where it stands
                code = raw_code
        self._consent_setup(el, code, offset)
        self._hosted_fields_created(el, code, offset)
        uses = self._inline_uses(code, module=el.get(CODE_SCRIPT_ATTRIBUTE) is not None)
        if not uses:
            return
        data = self.trackers
        hosts = tuple(dict.fromkeys(trackers.script_hosts(code)))
        inert = _in_template(el)
        loads_at = self._loads_after(code, _INTERACTION_HANDLER) if _INTERACTION_HANDLER.search(code) else {}
        consented = self._loads_after(code, _CONSENT_GATE) if _CONSENT_GATE.search(code) else {}
        for service_id, (start, end, evidence) in sorted(uses.items(), key=lambda kv: kv[1]):
            region = doc.element_region(el) if offset is None else doc.source_region(offset + start, offset + end)
            accounts = tuple(data.account_ids(data.services[service_id], code))
            waits = (
                "template" if inert
                else "click" if loads_at.get(service_id, loads_at.get(""))
                else "consent" if consented.get(service_id, consented.get(""))
                else self._runs_when_called(code, start)
            )
            self._add(TrackerUse(service_id, "inline script", doc.restore(evidence)[:60], region,
                                 doc.line_text(region.line), False, gated, accounts, hosts, "", waits))

    def _runs_when_called(self, code: str, at: int) -> str:
        """For code in a function the script never calls: "click" when an event attribute of the
        page calls it (onclick="showVideo()"), else "script" (other code decides when); "" for
        code that runs as the page opens."""
        name = uncalled_function(code, at)
        return "click" if name is not None and _only_event_attributes_call(self.doc.text, name) else ""

    def _hosted_fields_created(self, el: etree._Element, code: str, offset: int | None) -> None:
        """A script that creates a processor's hosted card fields (``elements.create('card')``)."""
        lowered = None
        doc = self.doc
        for api in components.hosted_fields_apis():
            if lowered is None:
                lowered = code.lower()
            if not any(word in lowered for word in api.says):
                continue
            m = next((m for call in api.calls if (m := call.search(code))), None)
            if m is not None:
                region = doc.element_region(el) if offset is None else doc.source_region(offset + m.start(), offset + m.end())
                self.facts.hosted_card_fields.append(HostedCardFields(api.name, api.company, region))

    def _loads_after(self, code: str, waiting: re.Pattern[str]) -> dict[str, bool]:
        """In a script that waits for something (a click or another act of the visitor, or
        consent): per service, whether the first place it is loaded from (its URL, else the first
        script the code creates) comes after the first wait. Key "": services whose URL the
        script does not spell."""
        handler = waiting.search(code)
        if handler is None:
            return {}
        first: dict[str, int] = {}
        for service, start, _end, _host in self.trackers.match_embedded_urls(code):
            first.setdefault(service.id, start)
        loader = _SCRIPT_LOADER.search(code)
        found = {sid: handler.start() < _runs_at(code, at) for sid, at in first.items()}
        found[""] = loader is not None and handler.start() < _runs_at(code, loader.start())
        return found

    def _cmp_runtime_hold(self, el: etree._Element) -> bool:
        """CookieYes and Osano hold a script by an attribute alone, at run time."""
        return any(self.doc.attr(el, a) is not None for a in ("data-cookieyes", "data-osano"))

    def _consent_setup(self, el: etree._Element, code: str, offset: int | None) -> None:
        """A consent manager set up inline, and Google Consent Mode defaults."""
        if not _CONSENT_HINT.search(code):
            return  # most scripts: skip the managers' regexes
        data = consent.builtin()
        for manager in data.match_snippets(code):
            region = self.doc.element_region(el)
            self.facts.consent_managers.append(ConsentUse(manager.id, region, False))
        if self.facts.consent_mode is None:
            found = consent.consent_mode_defaults(code)
            if found is not None:
                start, storage = found
                region = (
                    self.doc.element_region(el) if offset is None else self.doc.source_region(offset + start, offset + start + 1)
                )
                self.facts.consent_mode = ConsentModeDefault(region, tuple(sorted(storage.items())))

    def _inline_uses(self, code: str, module: bool = False) -> dict[str, tuple[int, int, str]]:
        """Per service found in a script: where it first shows, and the best evidence (the
        host it loads from, else the snippet). ``module``: the code of a script file or a
        component, where a player's address (an embed's URL) loads nothing until markup that
        the code writes holds it, which is read as markup."""
        found: dict[str, tuple[int, int, str]] = {}
        comments = strings = stubs = loads = None
        for service, start, end in self.trackers.match_snippets(code):
            if comments is None:
                comments, strings = script_literals(code)
            string = trackers.inside(strings, start)
            if trackers.inside(comments, start) or (string is not None and _prose(code[string[0] : string[1]])):
                continue  # named in a comment or in prose (help text, an error message): no call it makes
            if stubs is None:
                stubs = [m.span() for m in _QUEUE_STUB.finditer(code)] if "||" in code else []
            if stubs and trackers.inside(stubs, start):
                if loads is None:
                    loads = self._loads_something(code)
                if not loads:
                    continue  # a queue stub (window._tfa = window._tfa || []) loads nothing by itself
            if service.id not in found:
                found[service.id] = (start, end, " ".join(code[start:end].split()))
        for service, start, end, host in self.trackers.match_embedded_urls(code):
            if module and service.category == "embed":
                continue
            if comments is None:
                comments, strings = script_literals(code)
            if trackers.inside(comments, start):
                continue  # an address in a comment loads nothing
            first = found.get(service.id)
            if first is None or start < first[0]:
                found[service.id] = (start, end, f"from {host}")
            elif not first[2].startswith("from "):
                found[service.id] = (first[0], first[1], f"from {host}")
        return found

    def _loads_something(self, code: str) -> bool:
        """Whether a script creates, writes or fetches anything, or spells a tracker's address."""
        return _SCRIPT_LOADER.search(code) is not None or next(self.trackers.match_embedded_urls(code), None) is not None

    def _embedded(self, el: etree._Element) -> None:
        self._sources(el, "pixel" if el.tag == "img" else "iframe", False)

    def _sources(self, el: etree._Element, how: str, gated: bool) -> bool:
        """Match the URL an element loads, or will load once consent is given; True if it has one."""
        doc = self.doc
        src = doc.attr(el, "src")
        if src is not None and src.strip() not in ("", "about:blank"):
            if how == "script":
                self._consent_loader(el, src)
            self._url_use(el, "src", src, how, gated)
            return True
        for attr in HELD_URL_ATTRIBUTES:
            value = doc.attr(el, attr)
            if value:
                # data-src is also lazy loading: a consent manager's own attribute, or its
                # markup on the element, says the wait is for consent.
                cmp = consent.builtin()
                held = gated or attr in cmp.url_attributes or cmp.has_holding_markup(_attributes(el))
                self._url_use(el, attr, value, how, held)
                return True
        return src is not None

    def _consent_loader(self, el: etree._Element, src: str) -> None:
        # A templated address ({{ static('js/klaro.js') }}) can still name a self-hosted loader.
        url = trackers.url_for_matching(src) or self.doc.restore(src)
        found = consent.builtin().match_loader(url)
        if found is None:
            return
        manager, auto = found
        attributes = _attributes(el)
        auto = auto or any(attributes.get(k, "").strip().lower() == v for k, v in manager.auto_blocking_attributes)
        self.facts.consent_managers.append(ConsentUse(manager.id, self.doc.attribute_region(el, "src"), auto))

    def _url_use(self, el: etree._Element, attr: str, value: str, how: str, gated: bool) -> None:
        found = self._service_for(value)
        if found is not None:
            region = self.doc.attribute_region(el, attr)
            self._use_of(el, found, value, how, gated, region, _waits_for(self.doc, el, attr, gated))

    def _style(self, el: etree._Element) -> None:
        """What a <style> element fetches: @import and url() (Google Fonts' @import)."""
        doc = self.doc
        raw = doc.raw_content(el)
        offset, css = raw if raw is not None else (None, el.text or "")
        if "//" not in css:
            return  # nothing absolute: nothing fetched from elsewhere
        waits = "template" if _in_template(el) else ""
        for ref in stylesheet.references(css):
            found = self._service_for(ref.url)
            if found is not None:
                region = doc.element_region(el) if offset is None else doc.source_region(offset + ref.start, offset + ref.end)
                self._use_of(el, found, ref.url, "stylesheet", False, region, waits)

    def _service_for(self, value: str) -> tuple[trackers.Service, str] | None:
        """The service a URL attribute's value belongs to, with the URL as matched."""
        return self.trackers.service_for_value(value)

    def _dependency(self, el: etree._Element) -> None:
        """A tracker SDK a dependency manifest declares: the build bundles it, so the site loads
        it; when is the app's code to decide (hence waits_for "build")."""
        ecosystem, _, name = el.get(PACKAGE_ATTRIBUTE, "").partition(":")
        service = self.trackers.packages.get((ecosystem, name.lower()))
        if service is None:
            return
        version = el.get(VERSION_ATTRIBUTE) or ""
        region = self.doc.element_region(el)
        manifest = self.doc.path.name
        evidence = f"{manifest}: {name}" + (f" {version}" if version else "")
        self._add(TrackerUse(service.id, "dependency", evidence, region, self.doc.line_text(region.line),
                             waits_for="build"))

    def _use_of(self, el: etree._Element, found: tuple[trackers.Service, str], value: str, how: str, gated: bool,
                region: Region, waits: str) -> None:
        service, url = found
        host = trackers.split_url(url)
        in_noscript = any(a.tag == "noscript" for a in el.iterancestors())
        accounts = tuple(self.trackers.account_ids(service, url))
        self._add(TrackerUse(service.id, how, host[0] if host else value, region,
                             self.doc.line_text(region.line), in_noscript, gated and not in_noscript, accounts,
                             (host[0],) if host else (), self.doc.restore(value).strip(), waits))

    def _add(self, use: TrackerUse) -> None:
        self.facts.trackers.append(use)

    def _field(self, el: etree._Element) -> None:
        if self.facts.personal_field is not None and not self.collect_forms:
            return
        description = fields.personal_data(self.doc, el)
        if description and self.facts.personal_field is None:
            region = self.doc.element_region(el)
            self.facts.personal_field = PersonalField(description, region, self.doc.line_text(region.line))
        if self.collect_forms and (description or el.tag == "textarea"):
            form = fields.form_owner(self.doc, el)
            if form is not None:
                kind = fields.data_kind(self.doc, el, description) if description else "free text"
                self._form_kinds.setdefault(form, {})[kind] = None

    def _form_facts(self, form: etree._Element, kinds: tuple[str, ...]) -> FormFacts:
        doc = self.doc
        method = (doc.attr(form, "method") or "get").strip().lower()
        if template.MARK in method:
            method = "unknown"
        action = doc.attr(form, "action") or ""
        return FormFacts(doc.element_region(form), method, doc.restore(action).strip(), kinds)

    # --- end of document ---------------------------------------------------------------

    def finish(self) -> PageFacts:
        doc, facts = self.doc, self.facts
        root = doc.root
        # iter() runs in C and stops at the first match; find(".//x") walks in Python.
        title = next(root.iter("title"), None)
        facts.title = " ".join((title.text or "").split()) if title is not None else ""
        for meta in root.iter("meta"):
            if (doc.attr(meta, "http-equiv") or "").strip().lower() == "refresh":
                facts.is_redirect = True
            elif (doc.attr(meta, "property") or "").strip().lower() == "og:url":
                self._own_address(doc.attr(meta, "content") or "")
        body = root.find("body")
        if body is not None:
            facts.body_region = doc.element_region(body)
            facts.body_line = doc.line_text(facts.body_region.line)
        if doc.is_template or doc.text.startswith("---"):
            facts.includes = includes.references(doc.path.as_posix(), doc.text)
            footer = next(root.iter("footer"), None)
            if footer is not None:
                facts.footer_region = doc.element_region(footer)
                facts.footer_line = doc.line_text(facts.footer_region.line)
        heading = next(root.iter("h1"), None)
        heading_text = "".join(heading.itertext()) if heading is not None else ""
        said = url_path_words(doc.display) + fold(doc.words(facts.title + " " + heading_text))
        vocab = self.vocab
        facts.says_privacy = bool(
            has_term(said, vocab.privacy)
            or has_term(said, vocab.cookie)
            or (self.policy_hint and self.policy_hint in doc.display)
        )
        # Code that writes no markup at all (a PHP class named Privacy) is no page.
        facts.writes_no_markup = doc.written_by_code and not writes_elements(root)
        if facts.writes_no_markup:
            facts.says_privacy = False
        if facts.says_privacy:
            facts.text, facts.text_opaque = policy_text(doc)
        if not facts.has_privacy_link and not facts.maybe_privacy_link:
            # Links written by template code (Rails `link_to 'Privacy', ...`, WordPress
            # `the_privacy_policy_link()`) are not markup; code that says privacy may be one.
            facts.maybe_privacy_link = any(
                span.kind == template.CODE and has_term(fold(doc.text[span.start : span.end]), vocab.privacy)
                for span in doc.spans
            )
        if doc.mapped and doc.mentions(HOSTED_FIELDS_ATTRIBUTE):
            companies = components.hosted_fields_companies()
            for el in root.iter():
                provider = el.get(HOSTED_FIELDS_ATTRIBUTE) if isinstance(el.tag, str) else None
                if provider:
                    facts.hosted_card_fields.append(
                        HostedCardFields(provider, companies.get(provider, ""), doc.element_region(el))
                    )
        for form, kinds in self._form_kinds.items():
            if set(kinds) - {"free text"}:  # a comment box alone is not a data collection form
                facts.forms.append(self._form_facts(form, tuple(kinds)))
        # A page that loads the same service several ways (script + noscript pixel) keeps them all;
        # rules decide whether to report once per page. In the file's order: markup that code
        # writes is parsed after the page's flow, but it loads where it is written.
        facts.trackers.sort(key=lambda use: (use.region.line, use.region.column))
        return facts


# A policy written in a template has hundreds of literal words; one that is a few words
# around {{ page.content }} or {% include "vendors.html" %} gets its text from elsewhere.
OPAQUE_BELOW_WORDS = 150


def writes_elements(root: etree._Element) -> bool:
    """Whether a reader's markup has any element of its own (beyond the parser's html, head
    and body, the holders of fragments, and the script that holds a file's own code)."""
    return any(
        isinstance(el.tag, str) and el.tag not in ("html", "head", "body", FRAGMENT)
        and not (el.tag == "script" and el.get(CODE_SCRIPT_ATTRIBUTE) is not None)
        for el in root.iter()
    )


def policy_text(doc: Document) -> tuple[str, bool]:
    """A page's visible text (template code put back), and whether it is mostly template
    code, so that what it names cannot be known."""
    raw = visible_text(doc.root)
    opaque = template.MARK in raw and len(re.findall(r"\w+", template.MARKER_RE.sub(" ", raw))) < OPAQUE_BELOW_WORDS
    return unaccent(doc.restore(raw)), opaque


def names_policy(said: str, terms: tuple[str, ...], vocab: Vocabulary, other_words: int = 0) -> bool:
    """Folded text that names a policy: a privacy term, and at most ``other_words`` words that
    are not about policies ("Privacy policy", "Datenschutzerklärung"; not "The GNU Privacy
    Handbook"). Numbers and the endings of inflected terms (two letters) do not count."""
    if not has_term(said, terms):
        return False
    for term in terms:
        said = said.replace(term, " ")
    others = [
        w for w in re.findall(r"\w+", said) if len(w) > 2 and not w.isdigit() and w not in vocab.link_words
    ]
    return len(others) <= other_words
