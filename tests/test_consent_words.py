"""PRV304 prechecked-consent: its word lists, and how it reads boxes, labels and template code."""

from __future__ import annotations

import pytest

from privlint import config as config_mod
from privlint import registry
from privlint.checks.prechecked_consent import compile_terms, vocabulary
from privlint.engine import Linter
from privlint.text import words

LANGUAGES = {"en", "de", "fr", "es", "it", "nl", "pt", "pl", "sv", "da"}


def findings(tmp_path, text: str, name: str = "form.html"):
    (tmp_path / name).write_text(text, encoding="utf-8")
    result = Linter(config_mod.Config(base_dir=tmp_path), select=["PRV304"], cwd=tmp_path).run([str(tmp_path / name)])
    assert not result.notices, result.notices
    return result.findings


def flagged(tmp_path, text: str, name: str = "form.html") -> bool:
    return bool(findings(tmp_path, text, name))


# --- the data ------------------------------------------------------------------------


def test_every_section_covers_the_languages_the_rule_promises():
    raw = registry.load_toml(registry.data_path("consent-checkboxes.toml"))
    sections = {f"topics.{k}": v for k, v in raw["topics"].items() if k != "cookies"}
    sections.update({k: raw[k] for k in ("necessary", "functional", "negation", "withdrawal", "not-negation")})
    for name, table in sections.items():
        missing = LANGUAGES - set(table)
        assert not missing, f"{name} lacks {sorted(missing)}"
        for language, terms in table.items():
            for term in terms:
                assert words(term.rstrip("*")).strip(), f"{name}.{language}: {term!r} reads as no word"


def test_terms_match_whole_words_and_inflections_only_where_allowed():
    inflected = compile_terms(["offer", "werbe*"])
    assert inflected.search(words("Send me offers"))
    assert inflected.search(words("Werbezwecke"))
    assert not inflected.search(words("Bewerbung"))  # a job application is not "Werbung"
    exact = compile_terms(["ne", "mai"], inflected=False)
    assert exact.search(words("Je ne souhaite pas"))
    assert not exact.search(words("news by mail"))  # "ne" is not "news", "mai" not "mail"


def test_negations_are_exact_words():
    vocab = vocabulary()
    assert not vocab.negation.search(words("Email me with news and offers"))
    assert vocab.negation.search(words("I don't want offers"))


# --- checkboxes ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "label",
    [
        "Email me with news and offers",
        "Yes, send me the newsletter. You can unsubscribe at any time.",
        "Subscribe to our newsletter, unsubscribe at any time",
        "Don't miss our offers!",
        "Share my details with selected partners",
        "I agree to the processing of my personal data",
        "Ja, ich möchte Angebote per E-Mail erhalten",
        "Acconsento al trattamento dei dati personali",
        "Wyrażam zgodę na otrzymywanie informacji handlowych",
    ],
)
def test_a_ticked_consent_box_is_flagged(tmp_path, label):
    assert flagged(tmp_path, f'<form method="post"><label><input type="checkbox" name="x" checked> {label}</label></form>')


@pytest.mark.parametrize(
    "label",
    [
        "Please do not send me marketing emails",
        "I don't want to receive the newsletter",
        "Ich möchte den Newsletter nicht erhalten",
        "Ik wil de nieuwsbrief niet ontvangen",
        "Je ne souhaite pas recevoir d'offres",
        "Unsubscribe me from all marketing emails",
        "Remember me",
        "Keep me signed in (uses a cookie)",
        "Save my personal information for next time",
        "Billing address same as shipping address",
        "I accept the terms and conditions",
        "Subscribe & save 15%",
        "Notify me of follow-up comments by email.",
        "Strictly necessary cookies",
        "Dark mode",
    ],
)
def test_a_ticked_box_that_asks_no_consent_or_says_no_is_not(tmp_path, label):
    assert not flagged(tmp_path, f'<form method="post"><label><input type="checkbox" name="x" checked> {label}</label></form>')


@pytest.mark.parametrize("label", ["Save your details for more comments.", "Mijn gegevens bewaren voor een volgende reactie."])
def test_the_wordpress_comment_cookies_box_is_known_by_its_name(tmp_path, label):
    # Themes and translations relabel it; the docs count it among the convenience boxes.
    markup = (
        '<form action="/wp-comments-post.php" method="post"><input id="c" name="wp-comment-cookies-consent"'
        f' type="checkbox" value="yes" checked> <label for="c">{label}</label></form>'
    )
    assert not flagged(tmp_path, markup)


def test_an_unticked_box_is_not_flagged(tmp_path):
    assert not flagged(tmp_path, '<label><input type="checkbox" name="newsletter"> Send me the newsletter</label>')


def test_the_finding_points_at_checked_and_names_box_label_and_purpose(tmp_path):
    found = findings(
        tmp_path,
        '<input type="checkbox" id="m" name="customer[accepts_marketing]" checked>\n<label for="m">Email me offers</label>',
    )
    assert len(found) == 1
    f = found[0]
    assert (f.region.line, f.region.column, f.region.end_column) == (1, 66, 73)
    assert '"customer[accepts_marketing]"' in f.message and '"Email me offers"' in f.message
    assert "consent to marketing" in f.message


@pytest.mark.parametrize(
    "markup",
    [
        '<input type="checkbox" name="offers" aria-label="Email me offers" checked>',
        '<span id="l">Email me offers</span><input type="checkbox" name="a" aria-labelledby="l" checked>',
        '<table><tr><td><input type="checkbox" name="a" checked></td><td>Email me offers</td></tr></table>',
        '<input type="checkbox" name="a" checked> <span>Email me offers</span>',
    ],
)
def test_labels_are_found_where_markup_puts_them(tmp_path, markup):
    assert flagged(tmp_path, markup)


def test_the_text_after_a_box_stops_at_the_next_field_and_its_label(tmp_path):
    # "Email me the newsletter" labels the second box, not the ticked one before it.
    markup = (
        '<form method="post"><input type="checkbox" name="dark" checked> Dark mode\n'
        '<label><input type="checkbox" name="nl"> Email me the newsletter</label>\n'
        '<input type="checkbox" name="terms" checked> I accept the terms <label for="partner">and partner offers</label>'
        '<input type="checkbox" id="partner" name="partner"></form>'
    )
    assert not flagged(tmp_path, markup)
    # The next field's "Remember me" no longer hides an offer box before it.
    markup = (
        '<form method="post"><input type="checkbox" name="offers" checked> Send me offers\n'
        '<label><input type="checkbox" name="remember"> Remember me</label></form>'
    )
    [found] = findings(tmp_path, markup)
    assert '"offers" ("Send me offers")' in found.message


def test_names_alone_name_the_purpose_and_opt_out(tmp_path):
    assert flagged(tmp_path, '<input type="checkbox" name="gdpr[37777]" checked><span>Email</span>')
    assert not flagged(tmp_path, '<input type="checkbox" name="newsletter_optout" checked> Newsletter')


def test_cookie_categories_count_inside_a_cookie_dialog_only(tmp_path):
    box = '<label><input type="checkbox" name="c" checked> Statistics</label>'
    assert flagged(tmp_path, f'<div id="cookie-consent">{box}</div>')
    assert not flagged(tmp_path, f'<div id="report-options">{box}</div>')


def test_a_custom_switch_counts(tmp_path):
    assert flagged(tmp_path, '<button role="switch" aria-checked="true">Marketing cookies</button>')
    assert not flagged(tmp_path, '<button role="switch" aria-checked="false">Marketing cookies</button>')


@pytest.mark.parametrize("form", ['<form method="get">', '<form role="search">', '<form method="post" action="/wp-admin/options.php">'])
def test_boxes_of_filter_and_settings_forms_are_not_consent(tmp_path, form):
    box = '<label><input type="checkbox" name="tag" value="news" checked> Newsletters</label>'
    assert not flagged(tmp_path, f"{form}{box}</form>")
    assert flagged(tmp_path, f'<form method="post" action="/subscribe">{box}</form>')


# --- template code ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "markup"),
    [
        ("a.liquid", '<input type="checkbox" name="newsletter" {% if customer.accepts_marketing %}checked{% endif %}>'),
        ("a.hbs", '<input type="checkbox" name="newsletter" {{#if subscribed}}checked="checked"{{/if}}>'),
        ("a.html.erb", '<input type="checkbox" name="newsletter" <%= "checked" if @user.newsletter? %>>'),
        ("a.php", '<input type="checkbox" name="newsletter" <?php checked( $optin, 1 ); ?>>'),
        ("a.html.j2", '<input type="checkbox" name="newsletter" checked="{{ user.newsletter }}">'),
    ],
)
def test_a_box_ticked_by_template_code_is_unknown(tmp_path, name, markup):
    assert not flagged(tmp_path, markup + " Send me the newsletter", name)


@pytest.mark.parametrize(
    ("name", "markup"),
    [
        (
            "a.liquid",
            "{% if customer.accepts_marketing %}<input type=checkbox id=m name=customer[accepts_marketing] checked>"
            "{% else %}<input type=checkbox id=m name=customer[accepts_marketing]>{% endif %}"
            "<label for=m>Subscribe to our newsletter</label>",
        ),
        (
            "a.hbs",
            "{{#if member.newsletter}}<label><input type=checkbox name=newsletter checked> Email me offers</label>"
            "{{else}}<label><input type=checkbox name=newsletter> Email me offers</label>{{/if}}",
        ),
        (
            "a.html.erb",
            "<% if @user.offers? %><input type=radio name=offers value=yes checked> Yes, send me offers"
            "<input type=radio name=offers value=no> No<% else %><input type=radio name=offers value=yes> Yes, send me offers"
            "<input type=radio name=offers value=no checked> No<% end %>",
        ),
    ],
)
def test_a_box_written_ticked_and_unticked_in_template_branches_shows_a_saved_choice(tmp_path, name, markup):
    assert not flagged(tmp_path, markup, name)


def test_the_same_box_ticked_and_unticked_without_template_code_between_is_judged(tmp_path):
    # Two signup forms of one page: the header's box is ticked, the footer's is not.
    markup = (
        "<form method=post><label><input type=checkbox name=newsletter checked> Email me offers</label></form>"
        "{{ footer_note }}<form method=post><label><input type=checkbox name=newsletter> Email me offers</label></form>"
    )
    assert flagged(tmp_path, markup, "a.liquid")
    same_form = (
        "<label><input type=checkbox name=newsletter checked> Email me offers</label> {{ note }}"
        "<label><input type=checkbox name=newsletter value=weekly> Weekly digest</label>"
    )
    assert flagged(tmp_path, same_form, "a.liquid")  # another value: another choice


def test_template_code_closing_a_block_after_the_label_is_not_quoted(tmp_path):
    [found] = findings(tmp_path, '<?php if ($show) { ?><input type="checkbox" name="marketing" checked> Marketing emails<?php } ?>', "a.php")
    assert '"marketing" ("Marketing emails")' in found.message


def test_template_code_elsewhere_in_the_tag_does_not_hide_a_literal_checked(tmp_path):
    markup = '<input type="checkbox" name="newsletter" {% if required %}required{% endif %} checked> Send me offers'
    assert flagged(tmp_path, markup, "a.liquid")


def test_a_translated_label_says_the_purpose_in_its_key(tmp_path):
    markup = '<label><input type="checkbox" name="c[x]" checked> {{ "newsletter.email_me_offers" | t }}</label>'
    assert flagged(tmp_path, markup, "a.liquid")
    markup = '<label><input type="checkbox" name="c[x]" checked> {{ "newsletter.do_not_send" | t }}</label>'
    assert not flagged(tmp_path, markup, "a.liquid")


@pytest.mark.parametrize(
    ("name", "code", "expected"),
    [
        ("a.html.erb", '<%= f.check_box :newsletter, checked: true %>', True),
        ("a.html.erb", '<%= f.check_box :newsletter, { :checked => true }, "yes", "no" %>', True),
        ("a.html.erb", '<%= check_box_tag :partner_offers, "1", true %>', True),
        ("a.html.erb", '<%= f.input :newsletter, as: :boolean, input_html: { checked: true } %>', True),
        ("a.blade.php", "{{ Form::checkbox('newsletter', 1, true) }}", True),
        ("a.html.twig", "{{ form_widget(form.newsletter, {'attr': {'checked': 'checked'}}) }}", True),
        ("a.html.erb", "<%= f.check_box :newsletter, checked: @user.newsletter? %>", False),
        ("a.html.erb", '<%= check_box_tag :newsletter, "1", @user.newsletter? %>', False),
        ("a.html.erb", "<%= f.check_box :remember_me, checked: true %>", False),
        ("a.html.erb", "<%= f.check_box :no_marketing, checked: true %>", False),
    ],
)
def test_helpers_told_to_tick_a_consent_box(tmp_path, name, code, expected):
    assert flagged(tmp_path, code, name) is expected


def test_a_helper_label_decides_like_a_label(tmp_path):
    code = '<%= f.check_box :mails, checked: true %>\n<%= f.label :mails, "Do not send me offers" %>'
    assert not flagged(tmp_path, code, "a.html.erb")
    code = '<%= f.check_box :mails, checked: true %>\n<%= f.label :mails, "Send me offers" %>'
    assert flagged(tmp_path, code, "a.html.erb")


# --- radio buttons -------------------------------------------------------------------


def radios(yes: str, no: str, legend: str = "Would you like our newsletter?") -> str:
    return (
        f"<form method='post'><fieldset><legend>{legend}</legend>"
        f"<label><input type='radio' name='nl' value='1' {yes}> Yes</label>"
        f"<label><input type='radio' name='nl' value='0' {no}> No</label></fieldset></form>"
    )


def test_yes_preselected_in_a_consent_question_is_flagged(tmp_path):
    found = findings(tmp_path, radios("checked", ""))
    assert len(found) == 1 and 'Option "Yes"' in found[0].message


def test_no_preselected_or_a_question_that_is_not_about_consent_is_not(tmp_path):
    assert not flagged(tmp_path, radios("", "checked"))
    assert not flagged(tmp_path, radios("", ""))
    assert not flagged(tmp_path, radios("checked", "", legend="Do you have a loyalty card?"))
