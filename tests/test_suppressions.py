"""Inline suppressions: directives in every comment syntax, their reach, their reasons, and
PRV001 for the ones that turn nothing off."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from privlint import config as config_mod
from privlint.engine import Linter

HTTP_FORM = '<form action="http://lists.example.com/subscribe" method="post"><input type="email" name="email"></form>'


def run(tmp_path: Path, files: dict[str, str], select: list[str] | None = None, jobs: int = 1):
    for name, text in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    linter = Linter(config_mod.Config(base_dir=tmp_path), select=select, cwd=tmp_path, all_occurrences=True, jobs=jobs)
    return linter.run([str(tmp_path / name) for name in files] if len(files) == 1 else [str(tmp_path)])


def codes(result) -> list[tuple[str, int]]:
    return sorted((f.code, f.region.line) for f in result.findings)


@pytest.mark.parametrize(
    "name, comment",
    [
        ("page.html", "<!-- {} -->"),
        ("page.html.j2", "{{# {} #}}"),
        ("page.njk", "{{#- {} -#}}"),
        ("page.twig", "{{# {} #}}"),
        ("page.liquid", "{{% # {} %}}"),
        ("page.liquid", "{{% comment %}}{}{{% endcomment %}}"),
        ("page.liquid", "{{%- comment -%}} {} {{%- endcomment -%}}"),
        ("page.hbs", "{{{{!-- {} --}}}}"),
        ("page.hbs", "{{{{~!-- {} --~}}}}"),
        ("page.html", "{{% comment \"a note\" %}}{}{{% endcomment %}}"),
        ("page.mustache", "{{{{! {} }}}}"),
        ("page.gohtml", "{{{{/* {} */}}}}"),
        ("page.gohtml", "{{{{- /* {} */ -}}}}"),
        ("page.html.erb", "<%# {} %>"),
        ("page.html.erb", "<%# {} -%>"),
        ("page.ejs", "<%# {} %>"),
        ("page.ejs", "<%# {} _%>"),
        ("page.php", "<?php /* {} */ ?>"),
        ("page.php", "<?php // {} ?>"),
        ("page.php", "<?php # {} ?>"),
    ],
)
def test_a_directive_works_in_every_template_familys_comments(tmp_path, name, comment):
    directive = comment.format("privlint-disable-next-line PRV101 -- the endpoint moves to HTTPS in #42")
    # Template code elsewhere in the file makes it a template (a Django comment in a .html page).
    result = run(tmp_path, {name: f"{directive}\n{HTTP_FORM}\n<p>{{{{ title }}}}</p>\n"}, select=["PRV101", "PRV001"])
    assert result.findings == []
    (suppressed,) = result.suppressed
    assert suppressed.finding.code == "PRV101" and suppressed.finding.region.line == 2
    assert suppressed.reason == "the endpoint moves to HTTPS in #42"
    start, end = 0, len(directive)  # the whole comment
    if name.endswith(".php"):  # the PHP reader's comment, inside the block (a line comment ends at ?>)
        start, end = len("<?php "), len(directive) - (len(" ?>") if "*/" in directive else len("?>"))
    assert (suppressed.directive.region.line, suppressed.directive.region.column) == (1, start + 1)
    assert result.suppressed[0].directive.region.end_column == end + 1


def test_a_comment_is_a_directive_only_when_it_starts_with_one(tmp_path):
    page = f"<!-- Use privlint-disable-next-line PRV101 to silence it. -->\n{HTTP_FORM}\n"
    result = run(tmp_path, {"page.html": page}, select=["PRV101", "PRV001"])
    assert codes(result) == [("PRV101", 2)]


@pytest.mark.parametrize(
    "name, page",
    [
        # A Jinja comment shown as text on a plain page (documentation of privlint itself).
        ("docs.html", "<p>Write <code>{# privlint-disable-file #}</code> at the top.</p>"),
        ("page.html", '<script>var help = "<!-- privlint-disable-file -->";</script>'),
        ("page.html", '<div title="<!-- privlint-disable-file -->">x</div>'),
        ("page.html", "<style>/* privlint-disable-file */</style>"),
    ],
)
def test_text_that_only_looks_like_a_comment_is_no_directive(tmp_path, name, page):
    result = run(tmp_path, {name: f"{page}\n{HTTP_FORM}\n"}, select=["PRV101", "PRV001"])
    assert codes(result) == [("PRV101", 2)] and result.suppressed == []


def test_next_line_covers_a_start_tag_written_over_several_lines(tmp_path):
    page = "<!-- privlint-disable-next-line PRV101 -->\n<form\n    method=\"post\"\n    action=\"http://x.example/s\">\n</form>\n"
    result = run(tmp_path, {"page.html": page}, select=["PRV101", "PRV001"])
    assert result.findings == [] and [s.finding.region.line for s in result.suppressed] == [4]
    inside = '<!-- privlint-disable-next-line PRV401 -->\n<label>Card <input name="card_number"\n    autocomplete="cc-number"></label>\n'
    result = run(tmp_path, {"page.html": inside}, select=["PRV401", "PRV001"])
    assert result.findings == [] and [s.finding.region.line for s in result.suppressed] == [3]


@pytest.mark.parametrize("wrapper", ["{{# {} #}}", "{{% comment %}}{}{{% endcomment %}}"])
def test_a_directive_inside_a_template_comment_is_commented_out(tmp_path, wrapper):
    page = wrapper.format("\n<!-- privlint-disable-file PRV101 -->\n") + f"\n{HTTP_FORM}\n<p>{{{{ title }}}}</p>\n"
    result = run(tmp_path, {"page.html.j2": page}, select=["PRV101", "PRV001"])
    assert [f.code for f in result.findings] == ["PRV101"] and result.suppressed == []


def test_a_misspelt_directive_is_reported_not_ignored(tmp_path):
    """An enable nobody reads would leave its disable running to the end of the file."""
    page = f"<!-- privlint-disable PRV101 -->\n{HTTP_FORM}\n<!-- privlint-enabled PRV101 -->\n{HTTP_FORM}"
    result = run(tmp_path, {"page.html": page}, select=["PRV101", "PRV001"])
    (typo,) = result.findings
    assert (typo.code, typo.region.line) == ("PRV001", 3)
    assert typo.message.startswith("`privlint-enabled PRV101` is no privlint directive")


def test_next_line_covers_the_script_that_begins_there(tmp_path):
    page = (
        "<html><head>\n<!-- privlint-disable-next-line PRV201 -- staging only -->\n<script>\n"
        "  (function(w,d,s,l,i){w[l]=w[l]||[];})(window,document,'script','dataLayer','GTM-ABC123');\n"
        "  var s = document.createElement('script'); s.src = 'https://www.googletagmanager.com/gtm.js?id=GTM-ABC123';\n"
        "</script>\n</head><body><a href=\"/privacy\">Privacy policy</a></body></html>"
    )
    result = run(tmp_path, {"page.html": page}, select=["PRV201", "PRV001"])
    assert result.findings == [] and [s.finding.code for s in result.suppressed] == ["PRV201"]


def test_a_directive_for_every_rule_does_not_hide_prv001(tmp_path):
    page = f"<!-- privlint-disable-file -- legacy page -->\n<!-- privlint-disable-next-line PRV410 -->\n{HTTP_FORM}"
    result = run(tmp_path, {"page.html": page}, select=["PRV101", "PRV001"])
    assert [(f.code, f.region.line) for f in result.findings] == [("PRV001", 2)]


def test_prv001_findings_can_be_turned_off_like_any_other(tmp_path):
    page = "<!-- privlint-disable-next-line PRV001 -- kept for the A/B variant -->\n<!-- privlint-disable-next-line PRV101 -->\n<p>x</p>"
    result = run(tmp_path, {"page.html": page}, select=["PRV101", "PRV001"])
    assert result.findings == []
    assert [(s.finding.code, s.finding.region.line) for s in result.suppressed] == [("PRV001", 2)]


def test_a_directive_never_turns_off_the_finding_about_itself(tmp_path):
    (found,) = run(tmp_path, {"page.html": "<!-- privlint-disable-file -->\n<p>x</p>"}, select=["ALL"]).findings
    assert found.code == "PRV001"


@pytest.mark.parametrize(
    "lines, reported, suppressed",
    [
        # A second disable of every rule starts afresh: the rule enabled before is off again.
        (["<!-- privlint-disable -->", "<!-- privlint-enable PRV101 -->", "<!-- privlint-disable -- legacy block -->", HTTP_FORM],
         [("PRV001", 1)], [4]),
        # An enable of a rule ends it within an outer disable of every rule too.
        (["<!-- privlint-disable PRV101 -->", "<!-- privlint-disable -->", "<!-- privlint-enable PRV101 -->", HTTP_FORM],
         [("PRV001", 1), ("PRV001", 2), ("PRV101", 4)], []),
        # A second disable of the same rule takes over from the first, which is then judged alone.
        (["<!-- privlint-disable PRV101 -->", "<!-- privlint-disable PRV101 -- the real reason -->", HTTP_FORM],
         [("PRV001", 1)], [3]),
        # A rule enabled within a disable of every rule, then disabled again: off from there only.
        (["<!-- privlint-disable -->", "<!-- privlint-enable PRV101 -->", HTTP_FORM, "<!-- privlint-disable PRV101 -->", HTTP_FORM],
         [("PRV101", 3)], [5]),
        # Two disables of a rule on one line: the first, taken over at once, turns nothing off.
        (["<!-- privlint-disable PRV101 --><!-- privlint-disable PRV101 -- the reason -->", HTTP_FORM],
         [("PRV001", 1)], [2]),
        # A misspelt enable is reported, and the disable runs on.
        (["<!-- privlint-disable PRV101 -->", HTTP_FORM, "<!-- privlint-enable PRV110 -->", HTTP_FORM],
         [("PRV001", 3)], [2, 4]),
    ],
)
def test_ranges_as_the_directives_are_read_top_down(tmp_path, lines, reported, suppressed):
    result = run(tmp_path, {"page.html": "\n".join(lines)}, select=["ALL"])
    assert codes(result) == reported, [f.message for f in result.findings]
    assert [s.finding.region.line for s in result.suppressed] == suppressed


def test_next_line_skips_blank_lines_and_covers_that_line_only(tmp_path):
    page = f"<!-- privlint-disable-next-line PRV101 -->\n\n   \n{HTTP_FORM}\n{HTTP_FORM}\n"
    result = run(tmp_path, {"page.html": page}, select=["PRV101", "PRV001"])
    assert codes(result) == [("PRV101", 5)]
    assert [s.finding.region.line for s in result.suppressed] == [4]


def test_disable_line_covers_the_directives_own_line(tmp_path):
    page = f"{HTTP_FORM} <!-- privlint-disable-line PRV101 -->\n{HTTP_FORM}\n"
    result = run(tmp_path, {"page.html": page}, select=["PRV101", "PRV001"])
    assert codes(result) == [("PRV101", 2)]


def test_disable_runs_to_its_enable_or_the_end_of_the_file(tmp_path):
    page = "\n".join(
        [
            "<!-- privlint-disable PRV101 -- old forms, replaced in the redesign -->",
            HTTP_FORM,
            HTTP_FORM,
            "<!-- privlint-enable PRV101 -->",
            HTTP_FORM,
            "<!-- privlint-disable -->",
            HTTP_FORM,
        ]
    )
    result = run(tmp_path, {"page.html": page}, select=["PRV101", "PRV001"])
    assert codes(result) == [("PRV101", 5)]
    assert sorted(s.finding.region.line for s in result.suppressed) == [2, 3, 7]
    assert {s.reason for s in result.suppressed} == {"old forms, replaced in the redesign", ""}


def test_enable_of_one_rule_keeps_the_others_disabled(tmp_path):
    page = "\n".join(
        [
            "<!-- privlint-disable PRV101, PRV401 -->",
            "<!-- privlint-enable PRV101 -->",
            HTTP_FORM,
            '<input name="card_number" autocomplete="cc-number">',
        ]
    )
    result = run(tmp_path, {"page.html": page}, select=["PRV101", "PRV401", "PRV001"])
    assert codes(result) == [("PRV001", 1), ("PRV101", 3)]  # the PRV101 range turned nothing off
    assert [s.finding.code for s in result.suppressed] == ["PRV401"]


def test_enable_of_one_rule_within_a_disable_of_every_rule_ends_it_for_that_rule(tmp_path):
    card = '<input name="card_number" autocomplete="cc-number">'
    page = "\n".join(
        [
            "<!-- privlint-disable -- the legacy checkout, rewritten next quarter -->",
            HTTP_FORM,
            card,
            "<!-- privlint-enable PRV101 -->",
            HTTP_FORM,
            card,
            "<!-- privlint-enable -->",
            card,
        ]
    )
    result = run(tmp_path, {"page.html": page}, select=["PRV101", "PRV401", "PRV001"])
    assert codes(result) == [("PRV101", 5), ("PRV401", 8)]
    assert sorted((s.finding.code, s.finding.region.line) for s in result.suppressed) == [
        ("PRV101", 2), ("PRV401", 3), ("PRV401", 6)
    ]


def test_disable_file_covers_site_rule_findings_on_the_page(tmp_path):
    """PRV301 is decided for the whole build, then reported on a page: the page's directive applies."""
    page = "<!-- privlint-disable-file PRV301 -- a landing page for print, linked from nowhere -->\n<html><body><p>Hi</p><a href=\"/shop.html\">Shop</a></body></html>\n"
    files = {"index.html": '<html><body><a href="/privacy.html">Privacy policy</a></body></html>', "print.html": page,
             "privacy.html": "<html><head><title>Privacy policy</title></head><body><h1>Privacy policy</h1></body></html>"}
    result = run(tmp_path, files, select=["PRV301", "PRV001"])
    assert result.findings == []
    assert [(s.finding.code, s.finding.path) for s in result.suppressed] == [("PRV301", "print.html")]


def test_names_and_lower_case_codes_are_accepted(tmp_path):
    page = f"<!-- privlint-disable-next-line insecure-form-action, prv401 -->\n{HTTP_FORM}\n"
    result = run(tmp_path, {"page.html": page}, select=["PRV101", "PRV001"])
    assert result.findings == [] and len(result.suppressed) == 1


@pytest.mark.parametrize(
    "page, message",
    [
        (f"<!-- privlint-disable-next-line PRV101 -->\n<p>fixed</p>\n{HTTP_FORM}",
         "privlint-disable-next-line for PRV101 turns nothing off: no such finding on line 2"),
        (f"<!-- privlint-disable-next-line PRV110 -->\n{HTTP_FORM}", "privlint-disable-next-line: PRV110 is not a privlint rule"),
        ("<!-- privlint-enable PRV101 -->", "privlint-enable re-enables PRV101, which no privlint-disable above turned off"),
        (f"<!-- privlint-enable PRV110 -->\n{HTTP_FORM}", "privlint-enable: PRV110 is not a privlint rule"),
        (f"<!-- privlint-disable-next-line PRV101, PRV001 -->\n{HTTP_FORM}", "privlint-disable-next-line for PRV001 turns nothing off"),
    ],
)
def test_directives_that_turn_nothing_off_are_reported(tmp_path, page, message):
    result = run(tmp_path, {"page.html": page}, select=["PRV101", "PRV001"])
    unused = [f for f in result.findings if f.code == "PRV001"]
    assert [(f.region.line, f.region.column) for f in unused] == [(1, 1)]
    assert unused[0].message.startswith(message), unused[0].message
    assert unused[0].severity == "warning" and unused[0].source_line.startswith("<!-- privlint-")


def test_a_directive_for_every_rule_is_judged_only_when_every_rule_runs(tmp_path):
    page = "<!-- privlint-disable-file -->\n<p>clean</p>"
    assert codes(run(tmp_path, {"page.html": page}, select=["PRV101", "PRV001"])) == []
    (found,) = run(tmp_path, {"page.html": page}, select=["ALL"]).findings
    assert found.code == "PRV001"
    assert found.message == "privlint-disable-file for every rule turns nothing off: no such finding in this file"


def test_directives_for_rules_that_did_not_run_are_not_judged(tmp_path):
    page = f"<!-- privlint-disable-next-line PRV401 -->\n{HTTP_FORM}\n"
    result = run(tmp_path, {"page.html": page}, select=["PRV101", "PRV001"])
    assert codes(result) == [("PRV101", 2)]


def test_without_prv001_unused_directives_are_not_reported_but_directives_still_work(tmp_path):
    page = f"<!-- privlint-disable-next-line PRV101 -->\n{HTTP_FORM}\n<!-- privlint-disable-next-line PRV101 -->\n<p>x</p>"
    result = run(tmp_path, {"page.html": page}, select=["PRV101"])
    assert result.findings == [] and len(result.suppressed) == 1


def test_directives_work_in_stylesheets(tmp_path):
    css = "/* privlint-disable-next-line PRV102 -- the CDN serves HTTP only; self-hosted next sprint */\n@import url(http://fonts.example.com/a.css);\n"
    result = run(tmp_path, {"theme.css": css}, select=["PRV102", "PRV001"])
    assert result.findings == [] and [s.finding.code for s in result.suppressed] == ["PRV102"]


def test_directives_apply_the_same_with_worker_processes(tmp_path):
    """Each page has its own directives at its own lines: a mix-up between files would show."""
    files = {
        f"p{n:03}.html": "\n" * (n % 7)
        + f"<!-- privlint-disable-next-line PRV101 -- legacy {n} -->\n{HTTP_FORM}\n<!-- privlint-disable-line PRV401 -->"
        + (f"\n{HTTP_FORM}" if n % 3 == 0 else "")
        for n in range(140)
    }
    one = run(tmp_path, files, select=["PRV101", "PRV401", "PRV001"], jobs=1)
    two = run(tmp_path, files, select=["PRV101", "PRV401", "PRV001"], jobs=2)

    def seen(result):
        return [(f.path, f.region.line, f.code) for f in result.findings], [
            (s.finding.path, s.finding.region.line, s.reason) for s in result.suppressed
        ]

    assert seen(one) == seen(two)
    assert len(one.suppressed) == 140 and {s.reason for s in one.suppressed} == {f"legacy {n}" for n in range(140)}
    assert len([f for f in one.findings if f.code == "PRV101"]) == 47  # the second form, every third page


def test_show_suppressed_and_json_keep_the_reason(tmp_path):
    (tmp_path / "page.html").write_text(
        f"<!-- privlint-disable-next-line PRV101 -- the endpoint redirects to HTTPS -->\n{HTTP_FORM}\n", encoding="utf-8"
    )
    base = [sys.executable, "-m", "privlint", "check", "page.html", "--select", "PRV101,PRV001", "--no-color"]
    plain = subprocess.run(base, cwd=tmp_path, capture_output=True, text=True, check=False)
    assert plain.returncode == 0, plain.stderr
    assert "No problems found in 1 file (1 suppressed by inline directives, listed by --show-suppressed)." in plain.stdout
    shown = subprocess.run([*base, "--show-suppressed"], cwd=tmp_path, capture_output=True, text=True, check=False)
    assert 'page.html:2:7: PRV101' in shown.stdout
    assert 'suppressed by the directive on line 1: "the endpoint redirects to HTTPS"' in shown.stdout
    as_json = subprocess.run([*base, "--format", "json"], cwd=tmp_path, capture_output=True, text=True, check=False)
    data = json.loads(as_json.stdout)
    assert data["findings"] == [] and data["summary"]["suppressed"] == 1
    (entry,) = data["suppressed"]
    assert (entry["code"], entry["line"], entry["reason"]) == ("PRV101", 2, "the endpoint redirects to HTTPS")
    assert entry["directive"] == {"line": 1, "column": 1}
    sarif = subprocess.run([*base, "--format", "sarif"], cwd=tmp_path, capture_output=True, text=True, check=False)
    assert json.loads(sarif.stdout)["runs"][0]["results"] == []  # GitHub would open an alert for it otherwise
