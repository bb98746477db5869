"""`privlint inventory`: the data-collection inventory of a built site (fixtures/inventory/)."""

from __future__ import annotations

import json

import lxml.html
import pytest
from click.testing import CliRunner

from privlint.cli import main

from conftest import FIXTURES

SHOP = FIXTURES / "inventory" / "shop"


def invoke(*args):
    return CliRunner().invoke(main, list(args))


@pytest.fixture(scope="module")
def shop() -> dict:
    result = invoke("inventory", str(SHOP), "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_third_parties_with_disclosure_and_consent(shop):
    by_id = {p["service"]: p for p in shop["third_parties"]}
    ga, pixel = by_id["google-analytics"], by_id["meta-pixel"]
    assert (ga["vendor"], ga["company"], ga["category"], ga["party"]) == ("Google Analytics", "Google LLC", "analytics", "third")
    assert ga["pages"] == 2 and ga["accounts"] == ["G-PSW1MY7HB4"]
    assert ga["disclosed"] is True and ga["named_as"] == "Google Analytics"
    assert ga["consent"] == "held"  # text/plain + data-cookieconsent on both pages
    # held on the blog, loaded at once on the home page; the policy never names it
    assert pixel["consent"] == "partly" and pixel["disclosed"] is False
    assert sorted(pixel["examples"]) == ["blog/index.html", "index.html"]
    (manager,) = shop["consent_managers"]
    assert (manager["name"], manager["pages"], sorted(manager["examples"])) == ("Cookiebot", 2, ["blog/index.html", "index.html"])


def test_forms_say_what_they_collect_and_where_it_goes(shop):
    forms = {f["page"]: f for f in shop["forms"]}
    assert set(forms) == {"index.html", "checkout/index.html", "contact/index.html"}  # not the search box
    newsletter = forms["index.html"]
    assert newsletter["pages"] == 2 and newsletter["collects"] == ["email"]
    assert (newsletter["destination"], newsletter["receiver"], newsletter["transport"]) == ("third-party", "list-manage.com", "https")
    checkout = forms["checkout/index.html"]
    assert checkout["collects"] == ["name", "email", "address", "phone", "card"]
    # its absolute action is on the site's own (canonical) domain
    assert (checkout["destination"], checkout["receiver"]) == ("same-site", None)
    contact = forms["contact/index.html"]
    assert contact["collects"] == ["name", "email", "date of birth", "free text"]
    assert (contact["method"], contact["transport"], contact["receiver"]) == ("get", "http", "example-crm.com")


def test_policy_found_and_vendors_it_names_that_the_site_no_longer_uses(shop):
    policy = shop["policy"]
    assert policy["pages"] == ["privacy/index.html"] and policy["readable"] is True
    unused = [u["vendor"] for u in policy["names_unused"]]
    assert "Hotjar" in unused
    assert "Google Analytics" not in unused  # loaded (held) on the site
    assert "Mailchimp" not in unused  # the newsletter form posts to it


def test_markdown_and_html_reports_of_a_real_site(tmp_path):
    markdown = invoke("inventory", str(SHOP)).stdout
    assert "| **Meta Pixel** |" in markdown and "Not named in the policy" in markdown
    out = tmp_path / "report.html"
    assert invoke("inventory", str(SHOP), "--format", "html", "-o", str(out)).exit_code == 0
    page = lxml.html.fromstring(out.read_text(encoding="utf-8"))
    text = page.text_content()
    assert "Google Analytics" in text and "list-manage.com" in text
    assert not [el for el in page.iter() if el.get("src") or (el.get("href") or "").startswith(("http", "//"))]


def test_a_site_without_a_policy_or_trackers(tmp_path):
    (tmp_path / "index.html").write_text("<!doctype html><html><body><p>Hello</p></body></html>", encoding="utf-8")
    doc = json.loads(invoke("inventory", str(tmp_path), "--format", "json").stdout)
    assert doc["policy"] is None and doc["third_parties"] == [] and doc["forms"] == [] and doc["pages"] == 1


def test_bad_arguments_are_one_line_errors(tmp_path):
    (tmp_path / "page.html").write_text("<p>x</p>", encoding="utf-8")
    for args, message in [
        ([str(tmp_path / "page.html")], "not a directory"),
        ([str(tmp_path / "nowhere")], "not a directory"),
    ]:
        result = invoke("inventory", *args)
        assert result.exit_code == 2 and message in result.stderr
        assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.output


HOSTED_SOURCES = {
    "Checkout.jsx": (
        "import { CardElement } from '@stripe/react-stripe-js';\n"
        "export const Checkout = () => (\n  <form method=\"post\" action=\"/pay\">\n    <CardElement />\n  </form>\n);\n"
    ),
    "Pay.vue": (
        "<script setup>\nimport { StripeElementCard } from '@vue-stripe/vue-stripe';\n</script>\n"
        "<template>\n  <StripeElementCard :pk=\"key\" />\n</template>\n"
    ),
    "pay.html": (
        "<!doctype html><html><body><form method=\"post\" action=\"/pay\"><div id=\"card\"></div></form>\n"
        "<script>\n  braintree.hostedFields.create({ client: c, fields: { number: { container: '#card' } } });\n"
        "</script></body></html>\n"
    ),
    "plain.js": "const box = document.getElementById('card');\nconst fields = create(box); // not a processor's\n",
}


def test_hosted_card_fields_are_listed_where_they_are_made_and_never_flagged(tmp_path):
    for name, text in HOSTED_SOURCES.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    doc = json.loads(invoke("inventory", str(tmp_path), "--format", "json").stdout)
    found = {(h["provider"], h["page"], h["line"]) for h in doc["hosted_card_fields"]}
    assert found == {("Stripe Elements", "Checkout.jsx", 4), ("Braintree Hosted Fields", "pay.html", 3)}
    stripe = next(h for h in doc["hosted_card_fields"] if h["provider"] == "Stripe Elements")
    assert stripe["company"] == "Stripe, Inc." and stripe["examples"] == ["Checkout.jsx", "Pay.vue"]
    markdown = invoke("inventory", str(tmp_path)).stdout
    assert "## Card fields hosted by the payment processor" in markdown and "| Braintree Hosted Fields |" in markdown
    check = invoke("check", str(tmp_path), "--select", "ALL", "--format", "json")
    assert json.loads(check.stdout)["findings"] == [], check.stdout


def test_every_hosted_fields_api_says_what_a_script_that_uses_it_says():
    from privlint.readers.components import hosted_fields_apis

    apis = hosted_fields_apis()
    assert apis
    for api in apis:
        assert api.calls and api.says and all(w == w.lower() for w in api.says), api.name
