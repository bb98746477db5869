"""PRV106 unsafe-referrer-policy: which policy is in force, and when a page's address can carry
personal data."""

from __future__ import annotations

from pathlib import Path

import pytest

from privlint import config as config_mod
from privlint.checks.unsafe_referrer_policy import meta_policy
from privlint.engine import Linter

GET_EMAIL_FORM = '<form action="/lookup" method="get"><input type="email" name="email"></form>\n'


def lint(tmp_path: Path, text: str, name: str = "page.html", config: config_mod.Config | None = None):
    (tmp_path / name).write_text(text, encoding="utf-8")
    linter = Linter(config or config_mod.Config(base_dir=tmp_path), select=["PRV106"], cwd=tmp_path)
    return linter.run([str(tmp_path / name)]).findings


@pytest.mark.parametrize(
    "content, expected",
    [
        ("unsafe-url", ("unsafe-url", "unsafe-url")),
        ("  Unsafe-URL ", ("unsafe-url", "unsafe-url")),
        ("always", ("unsafe-url", "always")),
        ("never", ("no-referrer", "never")),
        ("default", ("strict-origin-when-cross-origin", "default")),
        ("origin-when-crossorigin", ("origin-when-cross-origin", "origin-when-crossorigin")),
        # One token, as the HTML standard reads the meta (a list is the header's syntax).
        ("origin, unsafe-url", None),
        ("unsafe-url, origin", None),
        ("made-up", None),
        ("", None),
    ],
)
def test_the_meta_policy_is_one_recognised_token(content, expected):
    assert meta_policy(content) == expected


def test_an_unsafe_meta_on_a_page_with_a_get_form_of_personal_data(tmp_path):
    (found,) = lint(tmp_path, '<meta name="referrer" content="unsafe-url">\n' + GET_EMAIL_FORM)
    assert (found.region.line, found.region.column) == (1, 23)
    assert found.severity == "warning"
    assert 'the GET form "/lookup" puts the email field "email" into the address (line 2)' in found.message


def test_no_referrer_when_downgrade_names_https_sites(tmp_path):
    (found,) = lint(tmp_path, '<meta name="referrer" content="no-referrer-when-downgrade">\n' + GET_EMAIL_FORM)
    assert "to every other HTTPS site" in found.message


def test_the_last_meta_with_a_recognised_value_is_in_force(tmp_path):
    safe_last = '<meta name="referrer" content="unsafe-url"><meta name="referrer" content="same-origin">\n'
    unknown_last = '<meta name="referrer" content="unsafe-url"><meta name="referrer" content="bogus">\n'
    assert lint(tmp_path, safe_last + GET_EMAIL_FORM) == []
    assert len(lint(tmp_path, unknown_last + GET_EMAIL_FORM)) == 1


@pytest.mark.parametrize(
    "form",
    [
        '<form action="/lookup" method="post"><input type="email" name="email"></form>',
        '<form action="/search" method="get"><input type="search" name="q"></form>',
        '<form action="https://lists.example.net/subscribe" method="get"><input type="email" name="EMAIL"></form>',
        '<form data-members-form="signup"><input type="email" name="email"></form>',  # script-handled
        '<form action="/lookup" method="{{ method }}"><input type="email" name="email"></form>',
        '<form action="/lookup" method="get"><input type="hidden" name="email" value="{{ email_default }}"></form>',
    ],
)
def test_forms_that_do_not_put_personal_data_in_this_sites_addresses(tmp_path, form):
    assert lint(tmp_path, '<meta name="referrer" content="no-referrer-when-downgrade">\n' + form, name="page.html.j2") == []


@pytest.mark.parametrize(
    "form",
    [
        '<form action="/lookup"><input type="email" name="email"></form>',  # GET is the default
        '<form method="GET"><input name="first_name" placeholder="First name"></form>',
        '<form action="https://shop.example/lookup" method="get"><input type="tel" name="phone"></form>',
        '<form action="{{ url_for(\'lookup\') }}" method="get"><input type="email" name="email"></form>',
        '<form method="get" action="/p"><input type="hidden" name="who" value="{{ customer.email }}"></form>',
        '<form method="get" action="/p"></form><input form="f" type="email" name="email"><form id="f" method="get" action="/q"></form>',
    ],
)
def test_forms_that_do(tmp_path, form):
    page = '<link rel="canonical" href="https://www.shop.example/">\n<meta name="referrer" content="always">\n' + form
    assert len(lint(tmp_path, page, name="page.html.j2")) == 1


@pytest.mark.parametrize(
    "href, reported",
    [
        ("/confirm?email=jane%40example.com", True),
        ("/confirm?customer%5Bemail%5D=jane", True),  # percent-encoded, as Rails writes it
        ("/confirm?customer[email]=jane", True),
        ("/confirm?email=", False),
        ("/confirm?utm_medium=email", False),
        ("/confirm?promo_email=1", False),  # the not-personal words win
        ("/account?ref={{ customer.id }}", True),
        ("/account?ref={{ request.user.pk }}", True),
        ("/account?ref={{ users.size }}", False),
        ("/posts?page={{ paginator.next }}", False),
        ("https://partner.example/?email={{ customer.email }}", False),  # another site
        ("https://{{ partner }}/?email={{ customer.email }}", False),  # a host only code knows
        ("https://www.shop.example/account?email={{ customer.email }}", True),  # the canonical host
        ("mailto:a@shop.example?subject=Hello&email=x", False),
    ],
)
def test_links_within_the_site_whose_query_carries_personal_data(tmp_path, href, reported):
    page = (
        '<link rel="canonical" href="https://www.shop.example/">\n<meta name="referrer" content="no-referrer-when-downgrade">\n'
        f'<a href="{href}">x</a>\n'
    )
    assert bool(lint(tmp_path, page, name="page.liquid")) is reported


def test_person_code_in_each_family_is_recognised(tmp_path):
    for name, code in [
        ("a.erb", "<%= current_user.email %>"),
        ("b.erb", "<%= @user.id %>"),
        ("c.php", "<?= $user->user_email ?>"),
        ("d.gohtml", "{{ .User.Email }}"),
        ("e.hbs", "{{@member.uuid}}"),
    ]:
        page = f'<meta name="referrer" content="no-referrer-when-downgrade">\n<a href="/x?id={code}">x</a>\n'
        assert len(lint(tmp_path, page, name=name)) == 1, name


def test_an_element_policy_is_reported_when_it_points_to_another_site(tmp_path):
    page = (
        GET_EMAIL_FORM
        + '<iframe src="https://maps.example.net/embed" referrerpolicy="no-referrer-when-downgrade"></iframe>\n'
        + '<img src="/local.png" referrerpolicy="unsafe-url">\n'
        + '<a href="https://partner.example/" rel="noreferrer" referrerpolicy="unsafe-url">p</a>\n'
        + '<img src="https://ads.example.net/p.gif" referrerpolicy="always">\n'
        + '<a href="http://old.example/" referrerpolicy="no-referrer-when-downgrade">old</a>\n'
        + '<script src="https://cdn.example.net/x.js" referrerpolicy="{{ policy }}"></script>\n'
        + '<a href="https://partner.example/" referrerpolicy="UNSAFE-URL">p</a>\n'
    )
    found = lint(tmp_path, page, name="page.njk")
    assert [f.region.line for f in found] == [2, 8]
    assert "to maps.example.net" in found[0].message


def test_first_party_domains_from_the_configuration_are_the_same_site(tmp_path):
    (tmp_path / "privlint.toml").write_text('first-party = ["shop.example"]\n')
    config = config_mod.load(tmp_path / "privlint.toml")
    page = GET_EMAIL_FORM + '<img src="https://cdn.shop.example/x.png" referrerpolicy="unsafe-url">\n'
    assert lint(tmp_path, page, config=config) == []
    assert len(lint(tmp_path, page)) == 1


def test_nothing_is_reported_without_evidence_or_without_an_unsafe_policy(tmp_path):
    assert lint(tmp_path, '<meta name="referrer" content="no-referrer-when-downgrade">\n<a href="https://x.example/">x</a>\n') == []
    assert lint(tmp_path, '<meta name="referrer" content="origin">\n' + GET_EMAIL_FORM) == []
    assert lint(tmp_path, '<meta name="referrer" content="{{ policy }}">\n' + GET_EMAIL_FORM, name="p.njk") == []


@pytest.mark.parametrize("content", ["unsafe-url", "always", " Unsafe-URL "])
def test_unsafe_url_is_reported_on_every_page_and_says_what_addresses_leak(tmp_path, content):
    (found,) = lint(tmp_path, f'<meta name="referrer" content="{content}">\n<a href="https://x.example/">x</a>\n')
    assert (found.region.line, found.region.column) == (1, 23)
    assert "to every other site it links to or loads from (even over plain HTTP)" in found.message
    assert "search terms, order and account numbers" in found.message and "password-reset" in found.message


def test_an_element_with_unsafe_url_to_another_site_is_reported_without_evidence(tmp_path):
    page = ('<img src="https://ads.example.net/p.gif" referrerpolicy="unsafe-url">\n'
            '<img src="/local.png" referrerpolicy="unsafe-url">\n'
            '<iframe src="https://maps.example.net/e" referrerpolicy="no-referrer-when-downgrade"></iframe>\n')
    found = lint(tmp_path, page)
    assert [(f.region.line, "to ads.example.net" in f.message) for f in found] == [(1, True)]
