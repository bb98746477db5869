"""The PHP reader: markup that PHP code writes, found where it is written, with the file's own
line and column, and computed values unknown."""

from __future__ import annotations


import pytest

from privlint import config as config_mod
from privlint.document import Document
from privlint.engine import Linter
from privlint.readers import ReadOptions
from privlint.readers.php import read_php

from conftest import assert_reads_in_linear_time, write


def lint(tmp_path, text: str, select=("PRV101",), name="page.php"):
    write(tmp_path / name, text)
    linter = Linter(config_mod.Config(base_dir=tmp_path), select=list(select), cwd=tmp_path, all_occurrences=True)
    return linter.run([str(tmp_path / name)])


def at(result):
    return sorted((f.code, f.region.line, f.region.column) for f in result.findings)


def markup(text: str) -> str:
    reading = read_php(text, ReadOptions())
    return reading.source


# --- where strings write markup --------------------------------------------------------


def test_an_echoed_string_is_markup_in_place(tmp_path):
    result = lint(tmp_path, "<?php\n  echo '<form action=\"http://x.example/send\">';\n")
    assert at(result) == [("PRV101", 2, 15)]


def test_escapes_are_decoded_and_positions_stay_in_the_file(tmp_path):
    # \" stands for one quote; the column after it counts the file's two characters.
    text = '<?php echo "<p>\\"a\\"</p><form method=\\"post\\" action=\\"http://x.example/\\">";'
    (finding,) = lint(tmp_path, text).findings
    assert (finding.region.line, finding.region.column) == (1, text.index('action=') + 1)
    assert "http://x.example/" in finding.message


def test_interpolation_and_concatenated_code_are_unknown_values(tmp_path):
    text = (
        "<?php\n"
        "$a = \"<form action=\\\"{$url}\\\">\";\n"
        "$b = '<form action=\"' . esc_url( $url ) . '\">';\n"
        "$c = \"<form action=\\\"http://$host/x\\\">\";\n"
        "$d = '<form action=\"http://' . $host . '/x\">';\n"
    )
    # A scheme the code writes literally is decided; a whole computed URL is not.
    assert at(lint(tmp_path, text)) == [("PRV101", 4, 13), ("PRV101", 5, 13)]


def test_heredoc_and_nowdoc(tmp_path):
    text = (
        "<?php\n"
        "$form = <<<HTML\n"
        "    <form action=\"http://x.example/$list\">\n"
        "    HTML;\n"
        "$raw = <<<'EOT'\n"
        "<form action=\"http://y.example/{$kept}\"></form>\n"
        "EOT;\n"
    )
    assert at(lint(tmp_path, text)) == [("PRV101", 3, 11), ("PRV101", 6, 7)]


def test_printf_conversions_are_unknown_and_percent_signs_literal(tmp_path):
    text = "<?php printf( '<form action=\"%s\"><p>100%%</p></form><form action=\"http://x.example/%1$s\">', $url );"
    assert at(lint(tmp_path, text)) == [("PRV101", 1, text.index('action="http') + 1)]
    assert "100%" in markup(text)


def test_sprintf_and_arrays_of_field_strings(tmp_path):
    text = (
        "<?php\n"
        "$fields = array(\n"
        "  'number' => '<input id=\"' . $id . '-card-number\" autocomplete=\"cc-number\" />',\n"
        "  'cvc' => sprintf( '<input id=\"%s-card-cvc\" autocomplete=\"off\" />', $id ),\n"
        ");\n"
    )
    column = text.splitlines()[2].index('autocomplete="cc-number"') + 1
    assert at(lint(tmp_path, text, select=("PRV401",))) == [("PRV401", 3, column)]


def test_strings_merely_holding_a_less_than_sign_are_no_markup(tmp_path):
    text = "<?php\nif ( $a < $b ) { $x = '<'; $y = 'a < b'; }\n$z = \"<= 3\";\n"
    reading = read_php(text, ReadOptions())
    assert len(reading.parts) == 1  # no fragment: nothing writes markup


def test_patterns_and_needles_are_not_markup_that_is_written(tmp_path):
    text = "<?php\n$x = preg_replace( '/<form action=\"http:[^\"]*\"/', '', $html );\nif ( str_contains( $h, '<form action=\"http://' ) ) {}\n"
    assert at(lint(tmp_path, text)) == []


def test_markup_in_comments_is_not_read(tmp_path):
    text = "<?php\n// echo '<form action=\"http://x.example\">';\n/* $a = '<form action=\"http://y.example\">'; */\n# '<form action=\"http://z.example\">'\n"
    assert at(lint(tmp_path, text)) == []


def test_a_question_mark_and_angle_bracket_in_a_string_does_not_end_the_block(tmp_path):
    text = "<?php $x = '?>'; echo '<form action=\"http://x.example/\">'; ?>\n<p>after</p>\n"
    assert at(lint(tmp_path, text)) == [("PRV101", 1, 30)]


def test_a_line_comment_ends_at_the_end_of_the_block(tmp_path):
    text = "<?php // a note ?><form action=\"http://x.example/\"></form>\n"
    assert at(lint(tmp_path, text)) == [("PRV101", 1, 25)]


# --- fragments: what one function builds ------------------------------------------------


def test_a_function_builds_one_fragment_so_its_form_owns_its_fields(tmp_path):
    text = (
        "<?php\n"
        "function card_form() {\n"
        "  $html = '<form autocomplete=\"off\">';\n"
        "  $html .= '<input name=\"cardnumber\" autocomplete=\"cc-number\">';\n"
        "  $html .= '<input name=\"cvc\">';\n"
        "  $html .= '</form>';\n"
        "  return $html;\n"
        "}\n"
        "function other() {\n"
        "  return '<input name=\"card-cvc\">';\n"
        "}\n"
    )
    # cvc is in the form that turns autocomplete off; the other function's field has an
    # owner elsewhere (unknown); the explicit cc-number token is flagged wherever it is.
    assert at(lint(tmp_path, text, select=("PRV401",))) == [("PRV401", 4, 38)]


def test_fragments_are_parsed_apart_from_the_page(tmp_path):
    text = "<?php function f() { return '<form action=\"/ok\">'; } ?>\n<input name=\"cvc\">\n"
    doc = Document(tmp_path / "f.php", "f.php", text)
    (field,) = doc.root.iter("input")
    assert not doc.written_apart(field)  # the page's own flow
    (form,) = doc.root.iter("form")
    assert doc.written_apart(form)


def test_islands_are_read_as_before(tmp_path):
    text = '<?php $list = get_option("l"); ?>\n<form action="http://x.example/<?php echo esc_attr($list); ?>/s"></form>\n'
    assert at(lint(tmp_path, text)) == [("PRV101", 2, 7)]


def test_echo_of_a_computed_value_is_unknown_in_place(tmp_path):
    text = '<form action="<?php echo $secure ? "https://x.example" : "http://x.example"; ?>"></form>\n'
    assert at(lint(tmp_path, text)) == []


def test_suppression_in_a_php_comment(tmp_path):
    text = (
        "<?php\n"
        "// privlint-disable-next-line PRV101 -- the partner has no HTTPS endpoint yet\n"
        "echo '<form action=\"http://x.example/\">';\n"
    )
    result = lint(tmp_path, text, select=("PRV101", "PRV001"))
    assert result.findings == [] and len(result.suppressed) == 1


def test_blade_files_are_read_as_templates(tmp_path):
    result = lint(tmp_path, '<form action="http://x.example/{{ $path }}"></form>\n', name="view.blade.php")
    assert at(result) == [("PRV101", 1, 7)]


# --- bad input: best effort, linear time ----------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "<?php echo '<form action=\"http://x.example/\">",  # unterminated string
        "<?php $a = <<<EOT\n<form action=\"http://x.example/\">\n",  # unterminated heredoc
        "<?php /* <form action=\"http://x.example/\">",  # unterminated comment
        "<?php echo \"{$a['<form action=\\\"http://x.example/\\\">'\";",  # unclosed interpolation
        "<?php ) ] } echo '<form action=\"http://x.example/\">'; ( [ {",  # unbalanced brackets
        "<?php echo '\\",  # a lone backslash
        "<?php echo \"\\x\\u{zz}\\u{110000}\\400\";",  # escapes PHP keeps as written
    ],
)
def test_broken_php_gives_a_best_effort_reading(tmp_path, text):
    result = lint(tmp_path, text, select=("ALL",))
    assert result.internal_errors == 0 and result.notices == []


CRAFTED = {
    "nested parentheses": lambda n: "<?php echo " + "(" * n + "'<b>'" + ")" * n + ";",
    "unclosed parentheses": lambda n: "<?php $a = " + "(" * n + "'<b>' . ",
    "a long chain": lambda n: "<?php echo '<p>'" + " . $a . '<b>'" * (n // 8) + ";",
    "many prefixes": lambda n: "<?php $a = " + "@" * n + "$b . '<i>';",
    "casts": lambda n: "<?php $a = " + "(int)" * (n // 5) + "$b . '<i>';",
    "many strings": lambda n: "<?php " + "$a .= '<p class=\"x\">';" * (n // 22),
    "many blocks": lambda n: "<p><?php echo '<b>'; ?></p>" * (n // 26),
    "interpolations": lambda n: "<?php $a = \"<p>" + "{$x}$y[1]" * (n // 9) + "\";",
    "heredoc openers": lambda n: "<?php " + "<<<A\n" * (n // 5),
    "unclosed braces in a string": lambda n: "<?php $a = \"<p>" + "{$" * (n // 2) + "\";",
    "many form fields": lambda n: "<?php " + "woocommerce_form_field('a', array('type' => 'text'));" * (n // 54),
    "a form field of nested arrays": lambda n: "<?php woocommerce_form_field('a', " + "array(" * (n // 6) + ");",
}


@pytest.mark.parametrize("shape", sorted(CRAFTED))
def test_reading_is_linear_on_crafted_input(shape):
    small, large = CRAFTED[shape](20_000), CRAFTED[shape](200_000)
    assert_reads_in_linear_time(read_php, small, large, shape)


def test_woocommerce_form_field_prints_its_field_in_place(tmp_path):
    text = (
        "<form method='post' action='/checkout'>\n<?php\nwoocommerce_form_field( 'card_number', array(\n"
        "    'type' => 'tel', 'label' => 'Card number', 'custom_attributes' => array( 'inputmode' => 'numeric' ) ) );\n?>\n</form>"
    )
    out = markup(text)
    assert '<label for="card_number">Card number</label>' in out
    assert '<input type="tel" name="card_number" id="card_number" inputmode="numeric">' in out
    result = lint(tmp_path, "<!DOCTYPE html><html><body>\n" + text + "\n</body></html>", select=("PRV401",))
    assert at(result) == [("PRV401", 4, 1)]


def test_a_php_class_named_privacy_is_no_privacy_policy(tmp_path):
    # An SDK's Privacy.php whose licence names Facebook must not pass for the policy that
    # discloses the plugin's Meta Pixel.
    write(tmp_path / "sdk" / "Privacy.php", "<?php\n/* Copyright Facebook, Inc. */\nclass Privacy { }\n")
    pixel = "fbq('init', '123'); fbq('track', 'PageView');"
    write(tmp_path / "core" / "pixel.php", f"<?php\nfunction pixel() {{\n  echo \"<script>{pixel}</script>\";\n}}\n")
    write(tmp_path / "privacy.php", "<?php get_header(); ?>\n<main><?php the_content(); ?></main>\n")
    def policy_said() -> list[str]:
        result = Linter(config_mod.Config(base_dir=tmp_path), select=["PRV201"], cwd=tmp_path).run([str(tmp_path)])
        return [f.message.partition(": ")[2] for f in result.findings if f.path == "core/pixel.php"]

    # The theme's privacy page template is the policy; its text (the_content()) is unknown.
    assert [m.startswith("the privacy policy (privacy.php) takes its text from template code") for m in policy_said()] == [True]
    (tmp_path / "privacy.php").unlink()
    assert [m.startswith("no privacy policy was found") for m in policy_said()] == [True]
    # Nor is a script module that writes no markup (consent helpers named privacy.js).
    write(tmp_path / "src" / "privacy.js", "export const consented = () => localStorage.getItem('ok') === '1';\n")
    assert [m.startswith("no privacy policy was found") for m in policy_said()] == [True]
