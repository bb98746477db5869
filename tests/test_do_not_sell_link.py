"""PRV306 missing-do-not-sell-link: which pages it judges, which links count, what hides them."""

from __future__ import annotations

import pytest

from privlint import config as config_mod
from privlint.engine import Linter

SELLS = "sells-or-shares-personal-data = true\n"


def lint(tmp_path, footer: str, head: str = "", name: str = "index.html", sells: bool = True, page: str | None = None):
    if page is None:
        page = (
            f"<!doctype html>\n<html><head><title>t</title>{head}</head>\n<body>\n<main><h1>Shop</h1></main>\n"
            f'<footer><a href="/privacy">Privacy policy</a>\n{footer}\n</footer>\n</body></html>\n'
        )
    (tmp_path / name).write_text(page, encoding="utf-8")
    config_path = tmp_path / "privlint.toml"
    config_path.write_text(SELLS if sells else "", encoding="utf-8")
    config = config_mod.load(config_path)
    result = Linter(config, select=["PRV306"], cwd=tmp_path).run([str(tmp_path / name)])
    assert not result.notices, result.notices
    return result.findings


def test_quiet_unless_the_site_sells_or_shares(tmp_path):
    assert lint(tmp_path, "", sells=False) == []
    found = lint(tmp_path, "")
    assert len(found) == 1 and found[0].severity == "error"
    assert found[0].region.line == 5, "reported at the page's footer"
    assert "Do Not Sell or Share My Personal Information" in found[0].message
    assert "1798.135" in found[0].message


@pytest.mark.parametrize(
    "link",
    [
        '<a href="/dns">Do Not Sell or Share My Personal Information</a>',
        '<a href="/dns">Don\'t Sell or Share My Personal Info</a>',
        '<a href="/dns">Do Not Sell or Share<br>My Personal Information</a>',
        '<a href="/choices">Your Privacy Choices <img src="/icon.svg" alt=""></a>',
        '<a href="/choices">Your California Privacy Choices</a>',
        '<a href="/choices"><img src="/privacyoptions.svg" alt="Your Privacy Choices"></a>',
        '<button type="button" onclick="openPreferences()">Do Not Sell or Share My Personal Information</button>',
        '<span role="link" tabindex="0">Your Privacy Choices</span>',
        '<a href="/es/opciones">No vender ni compartir mi información personal</a>',
    ],
)
def test_the_opt_out_link_in_its_forms(tmp_path, link):
    assert lint(tmp_path, link) == []


def test_cookie_settings_do_not_count_and_the_message_says_so(tmp_path):
    found = lint(tmp_path, '<a href="#" onclick="Cookiebot.renew()">Cookie settings</a>')
    assert len(found) == 1 and '"Cookie settings" link does not count' in found[0].message
    assert "7026(a)(4)" in found[0].message


def test_the_original_ccpa_title_and_other_titles_are_warnings(tmp_path):
    found = lint(tmp_path, '<a href="/ccpa">Do Not Sell My Personal Information</a>')
    assert [(f.severity, f.region.line) for f in found] == [("warning", 6)]
    assert "original CCPA" in found[0].message
    found = lint(tmp_path, '<a href="/do-not-sell">Your California rights</a>')
    assert [f.severity for f in found] == ["warning"]
    assert '"Your California rights" to /do-not-sell is not titled' in found[0].message


def test_a_configured_severity_applies_to_title_findings_too(tmp_path):
    (tmp_path / "index.html").write_text(
        '<!doctype html><html><body><footer><a href="/p">Privacy</a> <a href="/ccpa">Do Not Sell My Info</a></footer></body></html>',
        encoding="utf-8",
    )
    config_path = tmp_path / "privlint.toml"
    config_path.write_text(SELLS + '[rules.PRV306]\nseverity = "error"\n', encoding="utf-8")
    result = Linter(config_mod.load(config_path), select=["PRV306"], cwd=tmp_path).run([str(tmp_path / "index.html")])
    assert [f.severity for f in result.findings] == ["error"]


LINK = '<a href="/dns"{attrs}>Do Not Sell or Share My Personal Information</a>'


@pytest.mark.parametrize(
    ("wrapped", "why"),
    [
        ('<span class="sr-only">{link}</span>', 'class "sr-only"'),
        ('<div class="visually-hidden">{link}</div>', 'class "visually-hidden"'),
        ('<p style="font-size:0px">{link}</p>', "font-size: 0px"),
        ('<a href="/dns" aria-hidden="true">Do Not Sell or Share My Personal Information</a>', "screen readers"),
    ],
)
def test_a_link_hidden_for_good_is_reported_even_with_scripts(tmp_path, wrapped, why):
    found = lint(tmp_path, wrapped.format(link=LINK.format(attrs="")), head='<script src="/app.js"></script>')
    assert len(found) == 1 and why in found[0].message and "is hidden" in found[0].message
    assert found[0].region.line == 6, "reported at the link"


@pytest.mark.parametrize(
    "hidden_link",
    [
        LINK.format(attrs=' style="display: none !important"'),
        LINK.format(attrs=" hidden"),
        '<nav class="off-canvas" aria-hidden="true">' + LINK.format(attrs="") + "</nav>",
        LINK.format(attrs=' class="d-none"'),
        LINK.format(attrs=' style="visibility:hidden"'),
        "<noscript>" + LINK.format(attrs="") + "</noscript>",
        "<template>" + LINK.format(attrs="") + "</template>",
        "<dialog>" + LINK.format(attrs="") + "</dialog>",
    ],
)
def test_a_link_hidden_until_a_script_shows_it(tmp_path, hidden_link):
    found = lint(tmp_path, hidden_link)
    assert len(found) == 1 and "no script that could show it" in found[0].message
    # Consent managers show such links to visitors where the law applies: unknown.
    assert lint(tmp_path, hidden_link, head='<script src="/consent.js"></script>') == []


@pytest.mark.parametrize(
    "attrs",
    [' class="d-none d-md-inline"', ' class="hidden md:block"', ' class="d-md-none"', ""],
)
def test_links_shown_at_some_widths_are_visible(tmp_path, attrs):
    assert lint(tmp_path, LINK.format(attrs=attrs)) == []


def test_a_visible_link_makes_hidden_copies_harmless(tmp_path):
    footer = '<span class="sr-only">' + LINK.format(attrs="") + "</span>" + LINK.format(attrs="")
    assert lint(tmp_path, footer) == []


@pytest.mark.parametrize(
    ("name", "footer"),
    [
        ("a.liquid", '{% for link in linklists.footer.links %}<a href="{{ link.url }}">{{ link.title }}</a>{% endfor %}'),
        ("a.html.j2", "<a href=\"{{ url_for('legal.opt_out') }}\">{{ _('Do Not Sell or Share My Personal Information') }}</a>"),
        ("a.html.erb", '<%= link_to "Do Not Sell or Share My Personal Information", privacy_choices_path %>'),
        ("a.php", "<?php wp_nav_menu( array( 'theme_location' => 'footer' ) ); ?>"),
        ("a.html.twig", "{{ page.footer }}"),
        ("a.hbs", '{{navigation type="secondary"}}'),
        ("a.html", '<button id="ot-sdk-btn" class="ot-sdk-show-settings">Cookie Settings</button>'),
        ("a.html", '<a href="{{ opt_out_url }}">{{ opt_out_title }}</a>'),
    ],
)
def test_links_template_code_or_a_consent_manager_writes_are_unknown(tmp_path, name, footer):
    assert lint(tmp_path, footer, name=name) == []


def test_a_translation_key_that_is_not_a_menu_does_not_make_the_page_unknown(tmp_path):
    found = lint(tmp_path, "<a href=\"/help\">{{ 'footer.help' | t }}</a>", name="a.liquid")
    assert len(found) == 1


@pytest.mark.parametrize(
    ("name", "page"),
    [
        ("footer.html", '<footer><a href="/privacy">Privacy</a></footer>'),
        ("layout.liquid", "<html><body>{{ content_for_layout }}<footer><a href='/p'>Privacy</a></footer></body></html>"),
        ("base.html.j2", "<html><body>{% block content %}{% endblock %}<a href='/p'>P</a></body></html>"),
        ("page.php", "<html><body><a href='/p'>P</a><?php get_footer(); ?></body></html>"),
        ("stub.html", '<html><head><meta http-equiv="refresh" content="0; url=/new/"></head><body><a href="/new/">New</a></body></html>'),
        ("shell.html", '<html><body><div id="root"></div><script src="/app.js"></script></body></html>'),
    ],
)
def test_pages_it_cannot_see_whole_are_not_judged(tmp_path, name, page):
    assert lint(tmp_path, "", name=name, page=page) == []


def test_the_same_footer_on_many_built_pages_is_one_finding(tmp_path):
    page = '<!doctype html><html><body><footer><a href="/privacy">Privacy</a></footer></body></html>'
    for name in ("index.html", "about.html", "shop.html"):
        (tmp_path / name).write_text(page, encoding="utf-8")
    (tmp_path / "privlint.toml").write_text(SELLS, encoding="utf-8")
    result = Linter(config_mod.load(tmp_path / "privlint.toml"), select=["PRV306"], cwd=tmp_path).run([str(tmp_path)])
    assert len(result.findings) == 1 and len(result.findings[0].also) == 2
