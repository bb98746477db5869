"""PRV402 payment-script-without-integrity: which scripts on a card page are third-party and
unpinned, and the processors' SDKs it leaves alone."""

from __future__ import annotations

from pathlib import Path

import pytest

from privlint import config as config_mod
from privlint import registry, trackers
from privlint.checks.payment_script_without_integrity import payment_sdks
from privlint.engine import Linter

CARD_FORM = (
    '<form action="/pay" method="post" autocomplete="off">'
    '<input name="card_number" placeholder="Card number"><input name="cvc" placeholder="CVC"></form>'
)
HASH = "sha384-C6RzsynM9kWDrMNeT87bh95OGNyZPhcTNXj1NW7RuBCsyN/o0jlpcV8Qyq46cDfL"


def lint(tmp_path: Path, head: str, body: str = CARD_FORM, config: str = "") -> list:
    page = tmp_path / "checkout.html"
    page.write_text(f"<html><head>{head}</head><body>{body}</body></html>", encoding="utf-8")
    conf = config_mod.Config(base_dir=tmp_path)
    if config:
        (tmp_path / "privlint.toml").write_text(config, encoding="utf-8")
        conf = config_mod.load(tmp_path / "privlint.toml")
    return Linter(conf, select=["PRV402"], cwd=tmp_path).run([str(page)]).findings


@pytest.mark.parametrize(
    "script",
    [
        '<script src="https://code.jquery.com/jquery-3.7.1.min.js"></script>',
        '<script src="//code.jquery.com/jquery-3.7.1.min.js"></script>',
        '<script src="https://code.jquery.com/jquery-3.7.1.min.js" integrity=""></script>',
        '<script src="https://code.jquery.com/jquery-3.7.1.min.js" integrity="md5-abc"></script>',
        '<script src="https://code.jquery.com/jquery-3.7.1.min.js" integrity="sha1-AAAAAAAAAAAAAAAAAAAAAAAAAAA="></script>',
        '<script type="module" src="https://esm.sh/imask@7"></script>',
        '<script type="text/plain" data-cookieconsent="statistics" src="https://static.hotjar.com/c/hotjar-1.js"></script>',
        '<script src="https://cdn.example.net/{{ version }}/x.js"></script>',
    ],
)
def test_flagged(tmp_path, script):
    assert len(lint(tmp_path, script)) == 1


@pytest.mark.parametrize(
    "script",
    [
        f'<script src="https://code.jquery.com/jquery-3.7.1.min.js" integrity="{HASH}" crossorigin="anonymous"></script>',
        f'<script src="https://code.jquery.com/jquery-3.7.1.min.js" integrity="sha256-abc {HASH}"></script>',
        '<script src="https://code.jquery.com/jquery-3.7.1.min.js" integrity="{{ sri }}"></script>',
        '<script src="https://code.jquery.com/jquery-3.7.1.min.js" {% if sri %}integrity="{{ sri }}"{% endif %}></script>',
        '<script src="/js/app.js"></script>',
        '<script src="js/app.js"></script>',
        '<script src="{{ \'app.js\' | asset_url }}"></script>',
        '<script src="https://{{ cdn }}/app.js"></script>',
        '<script src="http://localhost:3000/dev.js"></script>',
        '<script src="http://127.0.0.1:35729/livereload.js"></script>',
        '<script type="application/ld+json" src="https://example.net/data.json"></script>',
        '<script type="text/x-template" src="https://example.net/t.html"></script>',
        '<script src="https://js.stripe.com/v3/"></script>',
        '<script src="https://js.braintreegateway.com/web/3.97.2/js/client.min.js"></script>',
        '<script src="https://www.paypal.com/sdk/js?client-id=abc&currency=EUR"></script>',
        '<script src="https://checkoutshopper-live.adyen.com/checkoutshopper/sdk/5.53.0/adyen.js"></script>',
        '<script src="https://web.squarecdn.com/v1/square.js"></script>',
        '<script src=""></script>',
    ],
)
def test_not_flagged(tmp_path, script):
    assert lint(tmp_path, script) == []


def test_no_card_field_no_finding(tmp_path):
    head = '<script src="https://code.jquery.com/jquery-3.7.1.min.js"></script>'
    body = ('<form action="/s" method="post"><div id="card-element"></div>'
            '<input name="gift_card_number" placeholder="Gift card number"><input name="coupon"></form>')
    assert lint(tmp_path, head, body) == []


def test_first_party_from_the_canonical_address_and_the_setting(tmp_path):
    head = ('<link rel="canonical" href="https://www.shop.example/checkout">'
            '<script src="https://static.shop.example/app.js"></script>'
            '<script src="https://cdn.partner.example/app.js"></script>')
    assert [f.message.split(" ")[2] for f in lint(tmp_path, head)] == ["cdn.partner.example"]
    assert lint(tmp_path, head, config='first-party = ["partner.example"]\n') == []


def test_authorized_scripts_option(tmp_path):
    head = ('<script src="https://www.google.com/recaptcha/api.js"></script>'
            '<script src="https://fraud.example.net/beacon.js"></script>')
    config = '[rules.PRV402]\nauthorized-scripts = ["www.google.com/recaptcha/", "example.net"]\n'
    assert len(lint(tmp_path, head)) == 2
    assert lint(tmp_path, head, config=config) == []


def test_inline_loaders(tmp_path):
    gtm = ("<script>(function(w,d,s,l,i){var f=d.getElementsByTagName(s)[0],j=d.createElement(s);"
           "j.src='https://www.googletagmanager.com/gtm.js?id='+i;f.parentNode.insertBefore(j,f);"
           "})(window,document,'script','dataLayer','GTM-ABC123');</script>")
    [finding] = lint(tmp_path, gtm)
    assert finding.message.startswith("An inline script loads Google Tag Manager (www.googletagmanager.com)")
    assert "tag manager" in finding.message
    assert (finding.region.line, finding.region.column) == (1, 105)  # at the URL


@pytest.mark.parametrize(
    "code",
    [
        "var s = document.createElement('script'); s.src = '/js/local.js';",
        "var s = document.createElement('script'); s.src = 'https://cdn.example.net/x@1.2.3/x.js';"
        " s.integrity = 'sha384-oqVuAfXRKap7fdgcCY5uykM6+R9GqQ8K/uxy9rx7HNQlGYl1kPzQho1wx4JwY8wC'; s.crossOrigin = 'anonymous';",
        "fetch('https://api.example.net/prices.js');",  # fetches data, creates no script
        "var logo = 'https://cdn.example.net/logo.svg'; document.createElement('img').src = logo;",
        # creates an element, but no script: the .js URL is a setting handed to another widget
        "var box = document.createElement('div'); var cfg = {worker: 'https://cdn.example.net/w.js'};",
    ],
)
def test_inline_scripts_that_load_nothing_unpinned(tmp_path, code):
    assert lint(tmp_path, f"<script>{code}</script>") == []


@pytest.mark.parametrize(
    "src, advice",
    [
        ("https://cdnjs.cloudflare.com/ajax/libs/jquery/3.7.1/jquery.min.js", "pin this version"),
        ("https://cdn.jsdelivr.net/npm/cleave.js@1.6.0/dist/cleave.min.js", "pin this version"),
        ("https://unpkg.com/imask", "its content can change without notice"),
        ("https://cdn.jsdelivr.net/npm/alpinejs@3/dist/cdn.min.js", "its content can change without notice"),
        ("https://static.hotjar.com/c/hotjar-1.js?sv=6", "the vendor changes this script in place"),
    ],
)
def test_the_advice_fits_the_script(tmp_path, src, advice):
    [finding] = lint(tmp_path, f'<script src="{src}"></script>')
    assert advice in finding.message


def test_payment_sdk_data_is_well_formed():
    raw = registry.load_toml(registry.data_path("payment-scripts.toml"))["sdk"]
    assert len(raw) >= 15
    data = trackers.builtin()
    for entry in raw:
        assert entry["name"] and entry["company"] and entry["urls"] and entry["sources"]
        for pattern in entry["urls"]:
            url = "https://" + pattern.replace("*", "x")
            assert payment_sdks().match(url) is not None, pattern
            # A processor's SDK is never also a tracker: the two lists must not disagree.
            assert data.match_url(url) is None, pattern
