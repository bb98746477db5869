"""URL classification of templated values, tracker matching, and links across a build."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

from privlint import template, trackers, urls
from privlint.page import PageFacts
from privlint.site import ConfiguredPolicy, Site

from conftest import ROOT


def value_of(source: str) -> str:
    """The parsed attribute value of ``source`` (an href) with template code masked."""
    html = f'<a href="{source}">'
    m = template.mask(html, template.find_spans(html))
    return m[len('<a href="') : -2]


@pytest.mark.parametrize(
    "source, kind, host",
    [
        ("http://example.com/x", "http", "example.com"),
        ("  HTTP://Example.com ", "http", "example.com"),
        ("ht\ttp://example.com", "http", "example.com"),
        ("https://example.com", "https", "example.com"),
        ("http://{{ host }}/pay", "http", None),
        ("http://example.com/{{ path }}", "http", "example.com"),
        ("//cdn.example.com/x", urls.NETWORK, "cdn.example.com"),
        ("/pay", urls.RELATIVE, None),
        ("pay/{{ id }}", urls.RELATIVE, None),
        ("?step=2", urls.RELATIVE, None),
        ("#top", urls.RELATIVE, None),
        ("{{ url }}", urls.UNKNOWN, None),
        ("{{ scheme }}://shop/pay", urls.UNKNOWN, None),
        ("h{{ x }}", urls.UNKNOWN, None),
        ("", urls.EMPTY, None),
        ("mailto:a@example.com", "mailto", None),
    ],
)
def test_classify(source, kind, host):
    found = urls.classify(value_of(source))
    assert (found.kind, found.host) == (kind, host)


@pytest.mark.parametrize(
    "source, loopback",
    [("http://localhost:8000/x", True), ("http://127.0.0.1/x", True), ("http://[::1]:3000/", True),
     ("http://app.localhost/", True), ("http://localhost.example.com/", False), ("http://example.com/", False)],
)
def test_loopback(source, loopback):
    assert urls.classify(source).is_loopback is loopback


def data(*services):
    return trackers.TrackerData({"service": list(services)})


def svc(id, urls=(), snippets=()):
    return {"id": id, "name": id, "company": "C", "category": "analytics", "urls": list(urls), "snippets": list(snippets)}


def test_url_patterns_match_whole_segments_subdomains_and_queries():
    d = data(
        svc("pixel", ["facebook.com/tr"]),
        svc("sdk", ["connect.facebook.net/*/sdk.js"]),
        svc("ga4", ["googletagmanager.com/gtag/js?id=G-"]),
        svc("gtag", ["googletagmanager.com/gtag/js"]),
    )
    match = lambda u: (d.match_url(u) or trackers.Service("-", "-", "", "", (), False, ())).id
    assert match("https://www.facebook.com/tr?id=1") == "pixel"
    assert match("https://facebook.com/tr/") == "pixel"
    assert match("https://www.facebook.com/translate") == "-"
    assert match("https://notfacebook.com/tr") == "-"
    assert match("//connect.facebook.net/en_US/sdk.js") == "sdk"
    assert match("//connect.facebook.net/en_US/other/sdk.js") == "-"
    assert match("https://www.googletagmanager.com/gtag/js?id=G-ABC") == "ga4"  # most specific wins
    assert match("https://www.googletagmanager.com/gtag/js?id=AW-1") == "gtag"
    assert match("/gtag/js") == "-"


def test_snippets_and_urls_inside_scripts():
    d = data(svc("pixel", ["connect.facebook.net/*/fbevents.js"], [r"\bfbq\(\s*['\"]init"]))
    code = "x('https:\\/\\/connect.facebook.net\\/en_US\\/fbevents.js'); fbq('init', '1');"
    assert [s.id for s, *_ in d.match_snippets(code)] == ["pixel"]
    assert [(s.id, host) for s, _, _, host in d.match_embedded_urls(code)] == [("pixel", "connect.facebook.net")]


@pytest.mark.parametrize(
    "source, matchable",
    [
        ("https://www.googletagmanager.com/gtag/js?id={{ id }}", True),
        ("https://connect.facebook.net/{{ locale }}/fbevents.js", True),
        ("https://{{ cdn }}/fbevents.js", False),
        ("//{{ host }}", False),
        ("{{ url }}", False),
    ],
)
def test_templated_urls_need_a_literal_host(source, matchable):
    assert (trackers.url_for_matching(value_of(source)) is not None) is matchable


def test_builtin_data_knows_the_common_vendors():
    d = trackers.builtin()
    for url, service in [
        ("https://www.googletagmanager.com/gtm.js?id=GTM-X", "google-tag-manager"),
        ("https://www.google-analytics.com/analytics.js", "google-analytics"),
        ("https://connect.facebook.net/en_US/fbevents.js", "meta-pixel"),
        ("https://static.hotjar.com/c/hotjar-1.js?sv=6", "hotjar"),
        ("https://bat.bing.com/bat.js", "microsoft-uet"),
        ("https://analytics.tiktok.com/i18n/pixel/events.js", "tiktok-pixel"),
    ]:
        assert d.match_url(url).id == service


def page(root: Path, rel: str, **kw) -> PageFacts:
    return PageFacts(path=root / rel, display=rel, **kw)


def test_site_resolves_pretty_urls_base_and_absolute_links(tmp_path):
    home = page(tmp_path, "index.html")
    about = page(tmp_path, "about/index.html", base_href="/legal/")
    policy = page(tmp_path, "legal/privacy.html")
    site = Site(tmp_path, [home, about, policy])
    assert site.resolve(home, "/legal/privacy") is policy
    assert site.resolve(home, "legal/privacy.html#cookies") is policy
    assert site.resolve(home, "https://shop.example/legal/privacy.html") is policy
    assert site.resolve(about, "privacy.html") is policy  # through <base href>
    assert site.resolve(policy, "../about/") is about
    assert site.resolve(policy, "/") is home
    assert site.resolve(home, "/nowhere") is None
    assert site.resolve(home, "{{ url }}") is None


def test_policy_pages_from_links_config_or_file_names(tmp_path):
    home = page(tmp_path, "index.html", privacy_hrefs=["/privacy/"])
    policy = page(tmp_path, "privacy/index.html")
    assert Site(tmp_path, [home, policy]).policy_pages == [policy]
    legal = page(tmp_path, "legal.html")
    configured = ConfiguredPolicy.parse("/legal.html", tmp_path)
    assert Site(tmp_path, [page(tmp_path, "index.html"), legal], configured).policy_pages == [legal]
    named = page(tmp_path, "templates/page.privacy-policy.liquid")
    assert Site(None, [page(tmp_path, "templates/index.liquid"), named]).policy_pages == [named]


def test_configured_policy_hint():
    assert ConfiguredPolicy.parse("https://x.example/legal/privacy-notice/", Path("/")).hint == "privacy-notice"
    assert ConfiguredPolicy.parse("/datenschutz/index.html", Path("/")).hint == "datenschutz"


@pytest.mark.parametrize(
    "pattern, token",
    [
        (r"\bfbq\(\s*['\"](?:init|track)['\"]", "fbq"),
        (r"\bif\s*\(\s*f\.fbq\s*\)\s*return", "fbq"),  # common words are passed over
        (r"\bnew\s+Ya\.Metrika2?\(", "Metrika"),  # an optional last letter is not required
        (r"gtag\(\s*['\"]config['\"]\s*,\s*['\"](?:G|UA)-", "config"),
        (r"window\[\s*['\"]_fs_org['\"]\s*\]", "_fs_org"),
        (r"foo|barbaz", None),  # a top-level alternation requires nothing
        (r"(?:abc|def)", None),
    ],
)
def test_snippet_gates_are_identifiers_every_match_contains(pattern, token):
    assert trackers.required_identifier(pattern) == token


def test_every_builtin_snippet_compiles_and_has_a_gate():
    data = trackers.builtin()
    for token, pattern, service in data._snippets:
        re.compile(pattern)
        assert token is not None and len(token) >= 3, (service.id, pattern)


def test_the_quick_link_test_agrees_with_the_full_one(tmp_path):
    """PageAnalyzer skips the words of links whose text cannot hold a term; on every link of
    the fixtures and on tricky texts, the answer must be the same as without the shortcut."""
    import random

    from privlint.document import Document
    from privlint.page import PageAnalyzer, vocabulary

    doc = Document(tmp_path / "p.html", "p.html", "<p>x</p>")
    analyzer = PageAnalyzer(doc)
    texts = ["Privacy", "PrivacyPolicy", "privacy-policy", "Our privacy policy", "Cookie settings",
             "Datenschutzerklärung", "DATENSCHUTZ", "Política de privacidad", "politica de privacidad",
             "Terms", "Home", "", "Data protection", "dataProtection", "Mentions légales", "use of cookies",
             "Privacy & Cookies", "Your privacy choices", "privacy2024", "Imprint | Privacy"]
    hrefs = ["/privacy", "/p", "https://policies.google.com/privacy", "/about", "mailto:privacy@x.example", "#"]
    for fixture in (ROOT / "fixtures").rglob("*.html"):
        for el in Document(fixture, fixture.name, fixture.read_text(encoding="utf-8")).root.iter("a"):
            texts.append("".join(el.itertext()))
            hrefs.append(el.get("href") or "/")
    terms = vocabulary().privacy + vocabulary().cookie
    rng = random.Random(7)
    texts += [rng.choice(terms).upper() for _ in range(50)] + [rng.choice(terms).title().replace(" ", "") for _ in range(50)]
    for text in texts:
        for href in rng.sample(hrefs, 3):
            for title in (None, "Privacy"):
                args = (href, text, title, None, None)
                assert analyzer._link_kind(*args) == analyzer._link_kind(*args, prefilter=False), args


@pytest.mark.parametrize(
    "host, registrable",
    [
        ("www.shop.example.co.uk", "example.co.uk"),
        ("myshop.myshopify.com", "myshop.myshopify.com"),
        ("a.b.github.io", "b.github.io"),
        ("Shop.Example.COM.", "example.com"),
        ("co.uk", "co.uk"),
        ("192.168.0.1", "192.168.0.1"),
        ("x.公司.cn", "x.公司.cn"),
        ("x.xn--55qx5d.cn", "x.xn--55qx5d.cn"),  # the same suffix in punycode: the same answer
        ("shop.xn--p1ai", "shop.xn--p1ai"),
    ],
)
def test_registrable_domains_follow_the_public_suffix_list(host, registrable):
    from privlint.domains import registrable_domain

    assert registrable_domain(host) == registrable


def test_suffix_list_from_the_cached_rules_answers_as_the_package_does(tmp_path, monkeypatch):
    """The marshal copy of the list's rules gives the package's own answers, for hosts under
    every rule (wildcards and exceptions included), whether the copy is written or read."""
    import random

    import publicsuffixlist
    from publicsuffixlist import PublicSuffixList

    from privlint import domains, registry

    monkeypatch.setattr(registry, "data_path", lambda name: tmp_path / name)
    monkeypatch.setattr(sys, "dont_write_bytecode", False)
    written = domains._from_cached_rules(PublicSuffixList)
    assert list((tmp_path / "__pycache__").glob("public_suffix_list.dat.*.marshal"))
    read = domains._from_cached_rules(PublicSuffixList)
    reference = PublicSuffixList(accept_encoded_idn=False)
    rules = domains._read_rules(Path(publicsuffixlist.PSLFILE))[0]
    rng = random.Random(7)
    hosts = ["unknown-tld-host.zz", "a.b.c.example.com"]
    for rule in rng.sample(rules, 600) + [r for r in rules if r[0] in "!*"]:
        base = rule.lstrip("!").replace("*", "any")
        hosts += [base, "shop." + base, "www.shop." + base]
    for host in hosts:
        expected = reference.privatesuffix(host)
        assert written.privatesuffix(host) == expected, host
        assert read.privatesuffix(host) == expected, host


def test_suffix_list_falls_back_when_the_package_keeps_its_rules_otherwise():
    from publicsuffixlist import PublicSuffixList

    from privlint import domains

    class Reorganised(PublicSuffixList):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            del self._publicsuffix

    assert domains._from_cached_rules(Reorganised) is None
