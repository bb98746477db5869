"""The form model (privlint/forms.py) and the three form rules on small inline pages."""

from __future__ import annotations

from pathlib import Path

import pytest

from privlint import forms
from privlint.checks import RunSettings
from privlint.checks.collection_without_notice import (
    NOTICE,
    OUTPUT,
    SILENT,
    CollectionWithoutNotice,
    classify_code,
)
from privlint.checks.sensitive_data_in_url import SensitiveDataInUrl
from privlint.checks.third_party_form_target import ThirdPartyFormTarget
from privlint.document import Document

PAGE = "<html><body>{}<footer><a href='/privacy'>Privacy</a></footer></body></html>"


def doc(text: str, name: str = "page.html") -> Document:
    return Document(Path(name), name, text)


def info(text: str, name: str = "page.html", index: int = 0) -> forms.FormInfo:
    d = doc(text, name)
    return forms.form_info(d, list(d.root.iter("form"))[index])


def run(check_class, text: str, name: str = "page.html", **settings) -> list[str]:
    d = doc(text, name)
    check = check_class({}, RunSettings(**settings))
    check.begin(d)
    found = [r.message for el in d.root.iter(*check.elements) for r in check.visit(el, d)]
    found += [r.message for r in check.end(d)]
    return found


# --- method and submission ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "attribute, value, defaulted",
    [
        ("", "get", True),  # missing: GET
        ('method="GET"', "get", False),
        ('method="post"', "post", False),
        ('method="put"', "get", True),  # invalid: GET
        ('method=""', "get", True),
        ('method="dialog"', "dialog", False),
        ('method="{{ m }}"', "unknown", False),
    ],
)
def test_method_defaults_as_the_html_standard_says(attribute, value, defaulted):
    found = info(f"<form {attribute}><input name=email type=email></form>")
    assert (found.method.value, found.method.defaulted) == (value, defaulted)


def test_templated_attributes_leave_a_missing_method_unknown():
    assert info("<form {% if x %}method=post{% endif %}><input name=e type=email></form>", "f.j2").method.value == "unknown"


def test_buttons_override_method_and_action_and_enter_uses_the_form():
    found = info(
        '<form method=post action=/a><input type=email name=e>'
        '<button formmethod=get>Look up</button><button formaction="https://x.example/b">Send</button>'
        '<button type=button>Nothing</button><button>Plain</button></form>'
    )
    ways = [(w.method.value, w.action, w.method_from.tag, w.action_from.tag) for w in found.submissions()]
    assert ways == [("get", "/a", "button", "form"), ("post", "https://x.example/b", "form", "button"),
                    ("post", "/a", "form", "form")]


def test_without_a_button_enter_submits_only_a_form_with_one_text_field():
    assert info("<form><input type=email name=e></form>").submissions()
    assert not info("<form><input type=email name=e><input type=tel name=t></form>").submissions()
    # an explicit method says how script submits it
    assert info("<form method=get><input type=email name=e><input type=tel name=t></form>").submissions()


def test_form_attribute_owners_disabled_and_unnamed_fields():
    found = info(
        '<form id=f method=get><input type=email id=plain></form>'
        '<input form=f type=tel name=phone>'
        '<fieldset disabled><input form=f type=password name=pw></fieldset>'
        '<input form=missing type=email name=x>'
    )
    assert [(f.kind, f.submitted) for f in found.personal] == [("email", False), ("phone", True), ("password", False)]
    assert [f.description for f in found.sent()] == ['phone field "phone"']


def test_fields_in_a_template_element_do_not_belong_to_the_form():
    assert info("<form><template><input type=email name=e></template></form>").personal == []


# --- what fields collect --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "field, kind",
    [
        ('<input type="email" name="login" autocomplete="username">', "email"),
        ('<input type="text" name="user" autocomplete="current-password">', "password"),
        ('<input type="tel" name="card_number">', "card"),
        ('<input type="tel" name="zip">', None),
        ('<input type="tel" name="qty" aria-label="Quantity">', None),
        ('<input type="tel" name="mobile">', "phone"),
        ('<input name="billing_address_1">', "address"),
        ('<input name="address[zip]">', "location"),
        ('<input name="shipping_postcode" placeholder="Postcode">', "location"),
        ('<input autocomplete="postal-code" name="pc">', "location"),
        ('<select name="dob_year"><option>1990</option></select>', "date of birth"),
        ('<input name="q" placeholder="Search products">', None),
        ('<input type="search" name="email">', None),
        ('<input type="hidden" name="email" value="a@b.example">', None),
        ('<input name="coupon_code">', None),
        ('<input name="one_time" autocomplete="one-time-code" type="tel">', None),
        ('<textarea name="message"></textarea>', None),
        ('<input name="firstName">', "name"),
    ],
)
def test_field_kinds(field, kind):
    d = doc(f"<form>{field}</form>")
    el = next(e for e in d.root.iter("input", "select", "textarea"))
    assert forms.field_kind(d, el) == kind


def test_messages_list_strongest_fields_first_and_only_a_few():
    found = info(
        "<form><input name=first_name><input type=email name=email><input type=tel name=phone>"
        "<input type=password name=pw><input name=street_address></form>"
    )
    assert forms.listed(found.personal) == (
        'password field "pw", email field "email", phone field "phone" and 2 more'
    )


# --- purpose ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "markup, purpose",
    [
        ("<form><input type=email name=e><input type=password name=p></form>", forms.LOGIN),
        ('<form><input type=email name=e><input type=password name=p autocomplete="new-password"></form>',
         forms.COLLECTION),
        ("<form><input type=email name=e><input type=password name=p><input type=password name=p2></form>",
         forms.COLLECTION),
        ("<form><input type=password name=old><input type=password name=new></form>", forms.CREDENTIALS),
        ('<form class="lost_reset_password"><input type=email name=user_login></form>', forms.LOGIN),
        ('<form action="/newsletter"><input type=email name=e></form>', forms.COLLECTION),
        ("<form><input type=email name=e><input type=password name=p><input name=first_name></form>",
         forms.COLLECTION),
        ('<form role="search"><input name=q></form>', forms.SEARCH),
        ('<div role="search"><form><input name=q></form></div>', forms.SEARCH),
        ("<search><form><input name=q></form></search>", forms.SEARCH),
        ("<form><input type=search name=q><input type=email name=e><input type=password name=p></form>", forms.LOGIN),
    ],
)
def test_purpose(markup, purpose):
    assert info(markup).purpose == purpose


# --- where the data goes ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "action, host",
    [
        ("https://us5.list-manage.com/subscribe/post", "us5.list-manage.com"),
        ("//forms.example.net/x", "forms.example.net"),
        ("https://{{ account }}.us5.list-manage.com/subscribe/post", "us5.list-manage.com"),
        ("https://{{ shop }}.myshopify.com/cart", None),  # a public suffix: the code decides the site
        ("https://{{ host }}.com/x", None),
        ("https://shop{{ n }}.example.com/x", "example.com"),
        ("https://{{ brand }}example.com/x", None),  # the code is part of the domain's label
        ("{{ site.form_url }}", None),
        ("/subscribe", None),
        ("mailto:hello@example.com", None),
        ("http://localhost:8000/x", None),
    ],
)
def test_target_host(action, host):
    d = doc(f'<form action="{action}"></form>', "f.j2")
    assert forms.target_host(d, d.attr(next(d.root.iter("form")), "action")) == host


def test_relative_action_follows_an_absolute_base():
    d = doc('<base href="https://cdn.example.net/app/"><form action="send"></form>')
    assert forms.target_host(d, "send") == "cdn.example.net"


def test_own_hosts_from_canonical_and_og_url():
    d = doc('<link rel="canonical" href="https://www.shop.example/a"><meta property="og:url" '
            'content="https://m.shop.example/a"><link rel=canonical href="{{ url }}">', "f.j2")
    assert forms.own_hosts(d) == ("www.shop.example", "m.shop.example")


# --- PRV103 ---------------------------------------------------------------------------------------------


def test_prv103_names_fields_and_why_the_method_is_get():
    [message] = run(SensitiveDataInUrl, '<form action="/login"><input type=email name=e><input type=password name=p><button>Go</button></form>')
    assert message.startswith('Form has no method, so it is sent with GET: password field "p" and email field "e" end up')


def test_prv103_reports_a_get_button_in_a_post_form_and_not_a_post_button_in_a_get_form():
    messages = run(SensitiveDataInUrl, '<form method=post action=/a><input type=email name=e>'
                   '<button formmethod="get">Look up</button></form>'
                   '<form method=get action=/b><input type=email name=e><button formmethod=post>Go</button></form>')
    assert messages == [('Submit button sends the form with GET (formmethod="get"): email field "e" ends up in'
                         " the URL, server logs, browser history and Referer headers")]


def test_prv103_is_quiet_on_script_forms_searches_and_lookups():
    for markup in (
        '<form method=get action=/x onsubmit="event.preventDefault(); send(this)"><input type=email name=e></form>',
        '<form method=get action=/x @submit.prevent="send"><input type=email name=e></form>',
        '<form method=get action=/x hx-post="/x"><input type=email name=e></form>',
        '<form method=dialog><input type=email name=e></form>',
        '<form action="mailto:a@b.example"><input type=email name=e></form>',
        "<form action=/stores><input name=postcode><button>Find</button></form>",
        "<form action=/x><input name=first_name><textarea name=message></textarea><button>Send</button></form>",
        '<form method="{{ method }}" action=/x><input type=email name=e></form>',
        # neither method nor action: script submits it; only credentials and cards are reported
        "<form><input type=email name=EMAIL><button>Join</button></form>",
    ):
        assert run(SensitiveDataInUrl, markup, "page.j2") == [], markup


def test_prv103_reports_a_password_in_a_script_form():
    [message] = run(SensitiveDataInUrl, "<form><input type=email name=e><input type=password name=p><button>Go</button></form>")
    assert "until a script takes over" in message and 'password field "p" ends up' in message


def test_prv103_an_action_that_is_only_a_fragment_is_this_page_too():
    # Theme mock-ups and script-driven signups write action="#": only credentials count there.
    assert run(SensitiveDataInUrl, '<form action="#" class="newsletter"><input type=email name=email><button>Join</button></form>') == []
    [message] = run(SensitiveDataInUrl, '<form action="#signin"><input name=u><input type=password name=p><button>Go</button></form>')
    assert message.startswith('Form has no method and action="#signin", so until a script takes over')
    # A method written out is a choice, whatever the action.
    assert len(run(SensitiveDataInUrl, '<form action="#" method="get"><input type=email name=email><button>Join</button></form>')) == 1


@pytest.mark.parametrize(
    "action, reported",
    [
        ("http://maps.google.com/maps", False),
        ("https://maps.google.co.uk/", False),
        ("https://www.google.com/maps/dir/", False),
        ("https://www.bing.com/maps", False),
        ("https://maps.apple.com/", False),
        ("https://www.google.com/mapsearch", True),  # not the maps service
        ("https://maps.example.com/directions", True),
    ],
)
def test_prv103_directions_forms_hand_the_start_address_to_a_map_service(action, reported):
    markup = (
        f'<form action="{action}" method="get"><input name="saddr" placeholder="Your street address">'
        '<input type="hidden" name="daddr" value="Main Street 1"><button>Get directions</button></form>'
    )
    assert bool(run(SensitiveDataInUrl, markup)) is reported


# --- PRV104 ---------------------------------------------------------------------------------------------


MAILCHIMP = '<form action="https://x.us5.list-manage.com/subscribe/post" method="post"><input type=email name=EMAIL></form>'
OTHER = '<form action="https://crm.example.net/lead" method="post"><input type=email name=email></form>'


def test_prv104_names_domain_and_vendor():
    assert run(ThirdPartyFormTarget, MAILCHIMP) == [
        'Form sends email field "EMAIL" to another site, list-manage.com (Mailchimp), which is not in trusted-form-targets'
    ]


def test_prv104_reports_unknown_receivers_only_when_the_site_is_known():
    assert run(ThirdPartyFormTarget, OTHER) == []
    assert len(run(ThirdPartyFormTarget, OTHER, first_party=("shop.example",))) == 1
    canonical = '<link rel="canonical" href="https://www.shop.example/">'
    assert len(run(ThirdPartyFormTarget, canonical + OTHER)) == 1
    own = canonical + '<form action="https://account.shop.example/join" method="post"><input type=email name=e></form>'
    assert run(ThirdPartyFormTarget, own) == []


def test_prv104_trusted_by_registrable_domain_or_disclosed_vendor():
    assert run(ThirdPartyFormTarget, MAILCHIMP, trusted_form_targets=("us21.list-manage.com",)) == []
    assert run(ThirdPartyFormTarget, MAILCHIMP, disclosed=("Intuit Mailchimp",)) == []
    assert run(ThirdPartyFormTarget, MAILCHIMP, trusted_form_targets=("mailchimp.com",)) != []


def test_prv104_formaction_and_google_forms_path():
    messages = run(
        ThirdPartyFormTarget,
        '<form action="/contact" method="post"><input type=email name=email>'
        '<button formaction="https://docs.google.com/forms/d/e/abc/formResponse">Send</button></form>'
        '<form action="https://www.google.com/search"><input name=q></form>',
    )
    assert messages == [('Submit button sends email field "email" to another site, google.com (Google Forms),'
                         " which is not in trusted-form-targets")]


# --- PRV305 ---------------------------------------------------------------------------------------------


NEWSLETTER = '<form action="/join" method="post"><input type=email name=email><button>Join</button></form>'


@pytest.mark.parametrize(
    "around",
    [
        "<div><h3>News</h3>{form}<p>See our <a href='/datenschutz'>Datenschutz</a> page.</p></div>",
        "<div>{form}<p>We use your data as our privacy notice says.</p></div>",
        "<div><div class='col'><div class='inner'>{form}</div></div><p><a href='/legal' rel='privacy-policy'>Legal</a></p></div>",
        "<div><p>Before</p>{form} By joining you accept our <a href='/p'>Privacy Policy</a>.</div>",
    ],
)
def test_prv305_finds_a_notice_next_to_the_form(around):
    assert run(CollectionWithoutNotice, PAGE.format(around.format(form=NEWSLETTER))) == []


def test_prv305_reports_a_form_whose_only_privacy_link_is_elsewhere_on_the_page():
    page = PAGE.format(f"<section><h2>News</h2>{NEWSLETTER}<p>Weekly, no spam.</p></section>")
    assert run(CollectionWithoutNotice, page) == [
        ('Form collects email field "email" with no privacy notice at that point: no privacy link or'
         " data-protection text in the form or next to it")
    ]


def test_prv305_another_companys_policy_is_not_a_notice():
    form = NEWSLETTER.replace(
        "</form>",
        '<p>Protected by reCAPTCHA: the <a href="https://policies.google.com/privacy">Google Privacy Policy</a>'
        " applies.</p></form>",
    )
    assert len(run(CollectionWithoutNotice, PAGE.format(f"<section><h2>News</h2>{form}<p>x</p></section>"))) == 1


def test_prv305_partials_and_template_code_are_unknown():
    assert run(CollectionWithoutNotice, NEWSLETTER) == []  # a partial: the neighbours are elsewhere
    printed = PAGE.format("<section><h2>News</h2>" + NEWSLETTER + "<p>{{ section.settings.text }}</p></section>")
    assert run(CollectionWithoutNotice, printed, "page.liquid") == []
    control = PAGE.format("<section><h2>News</h2>" + NEWSLETTER + "{% if x %}<p>Weekly</p>{% endif %}</section>")
    assert len(run(CollectionWithoutNotice, control, "page.liquid")) == 1


def test_prv305_is_quiet_on_login_search_and_lookup_forms():
    for form in (
        "<form method=post><input type=email name=e><input type=password name=p><button>Sign in</button></form>",
        '<form role="search"><input name=q></form>',
        "<form method=post><input name=postcode><button>Find a store</button></form>",
    ):
        assert run(CollectionWithoutNotice, PAGE.format(f"<section><h2>X</h2>{form}<p>y</p></section>")) == [], form


@pytest.mark.parametrize(
    "code, verdict",
    [
        ("{% if customer %}", SILENT),
        ("{%- endif -%}", SILENT),
        ("{% csrf_token %}", SILENT),
        ('{% trans "Subscribe to our newsletter" %}', SILENT),
        ("{% trans greeting %}", OUTPUT),
        ("{% include 'newsletter-note.html' %}", OUTPUT),
        ("{% render 'privacy-note' %}", NOTICE),
        ("{{ form.as_p }}", OUTPUT),
        ("{{ 'newsletter.label' | t }}", OUTPUT),
        ("{{ 'general.privacy_policy' | t }}", NOTICE),
        ("{{ 'Sign up for our news' | t }}", SILENT),
        ("{{#if @site.members_enabled}}", SILENT),
        ("{{/if}}", SILENT),
        ("{{> newsletter}}", OUTPUT),
        ("{{ end }}", SILENT),
        ("{{ range .Pages }}", SILENT),
        ('{{ i18n "subscribe" }}', OUTPUT),
        ("<% if user %>", SILENT),
        ("<%= t('.note') %>", OUTPUT),
        ("<%= yield %>", OUTPUT),
        ("<?php if ( $show ) : ?>", SILENT),
        ("<?php endif; ?>", SILENT),
        ("<?php esc_html_e( 'Email address', 'shop' ); ?>", SILENT),
        ("<?= __('Subscribe') ?>", SILENT),
        ("<?php do_action( 'woocommerce_register_form' ); ?>", OUTPUT),
        ("<?php the_privacy_policy_link(); ?>", NOTICE),
        ("<?php if ( $x ) { echo $note; } ?>", OUTPUT),
    ],
)
def test_what_template_code_prints(code, verdict):
    assert classify_code(doc("", "page.html"), code) == verdict


def test_ejs_dash_prints_and_erb_dash_does_not():
    assert classify_code(doc("", "page.ejs"), "<%- include('note') %>") == OUTPUT
    assert classify_code(doc("", "page.html.erb"), "<%- if user -%>") == SILENT
