"""The readers of Blade, Smarty, Razor, Freemarker and Thymeleaf: their constructs are template code at
the file's own line and column, their comments hold directives, text that only looks like
their syntax stays text, and crafted input reads in linear time."""

from __future__ import annotations

import pytest

from privlint import config as config_mod
from privlint.engine import Linter
from privlint.readers import ReadOptions
from privlint.readers.blade import read_blade
from privlint.readers.freemarker import read_freemarker
from privlint.readers.razor import read_razor
from privlint.readers.smarty import read_smarty
from privlint.readers.thymeleaf import read_thymeleaf

from conftest import assert_reads_in_linear_time, write

def lint(tmp_path, name: str, text: str, select=("PRV401", "PRV101", "PRV102")):
    write(tmp_path / name, text)
    linter = Linter(config_mod.Config(base_dir=tmp_path), select=list(select), cwd=tmp_path, all_occurrences=True)
    return linter.run([str(tmp_path / name)])


def at(result):
    return sorted((f.code, f.region.line, f.region.column) for f in result.findings)


PAGE = "<!DOCTYPE html>\n<html><body>\n{}\n</body></html>\n"
CARD_FORM = '<form action="/pay" method="post">\n{}\n</form>'


def test_blade_directives_are_code_but_css_rules_and_addresses_stay_text():
    out = read_blade("<style>@media print { a { color: red } }</style><p>me@example.com</p>@csrf @@if", ReadOptions()).source
    assert "@media print" in out and "me@example.com" in out
    assert "@csrf" not in out and "@if" in out  # @@if is an escaped "@if"


def test_blade_echoes_and_a_directive_with_nested_parentheses():
    out = read_blade("<p>{{ $a }}{!! $b !!}</p>@if(count($x) > 0)<b>y</b>@endif", ReadOptions()).source
    assert "$a" not in out and "$b" not in out and "count" not in out
    assert "<b>y</b>" in out


def test_collective_fields_stand_at_the_helper(tmp_path):
    text = PAGE.format("{!! Form::open(['url' => '/pay']) !!}\n  {!! Form::text('card_number') !!}\n{!! Form::close() !!}")
    result = lint(tmp_path, "pay.blade.php", text)
    assert at(result) == [("PRV401", 4, 7)]
    assert "Form::text('card_number')" in result.findings[0].message


def test_a_blade_file_is_not_read_as_php(tmp_path):
    # Blade's {{ }} is a value: a PHP reading would see no template code here.
    text = PAGE.format(CARD_FORM.format('<input name="card_number" autocomplete="{{ $ac }}">'))
    assert lint(tmp_path, "pay.blade.php", text).findings == []


def test_smarty_tags_comments_and_literal_blocks():
    out = read_smarty("{* <b>gone</b> *}<p>{$name}</p>{literal}<i>{$kept}</i>{/literal}<style>a { b: c }</style>", ReadOptions()).source
    assert "gone" not in out and "$name" not in out
    assert "<i>{$kept}</i>" in out  # the literal block is markup as it stands
    assert "a { b: c }" in out


def test_smarty_positions(tmp_path):
    text = PAGE.format(CARD_FORM.format('{if $x}<p>{$y}</p>{/if}\n<input name="card_number" {if $r}required{/if}>'))
    assert at(lint(tmp_path, "pay.tpl", text)) == [("PRV401", 5, 1)]


def test_razor_expressions_blocks_and_addresses():
    text = '@model M\n<p>@Model.Name.ToUpper() and @(1 + 2) or a@b.com</p>\n@if (x) {\n<b>in</b>\n} else {\n<i>out</i>\n}\n'
    out = read_razor(text, ReadOptions()).source
    assert "Model.Name" not in out and "1 + 2" not in out and "a@b.com" in out
    assert "<b>in</b>" in out and "<i>out</i>" in out
    assert "else" not in out and "}" not in out.replace("{%\ufdd2%}", "")


def test_razor_tag_helpers_render_names_and_same_site_actions():
    text = '<form asp-controller="Pay" asp-action="Card"><label asp-for="Card.Number"></label><input asp-for="Card.Number" /></form>'
    out = read_razor(text, ReadOptions()).source
    assert 'name="Card.Number" id="Card_Number"' in out and 'for="Card_Number"' in out
    assert 'action="/' in out and "asp-" not in out


def test_razor_code_blocks_are_code(tmp_path):
    text = '@functions { string Card() { return "<input name=\\"card_number\\">"; } }\n' + PAGE.format(
        CARD_FORM.format('<input asp-for="CardNumber" />')
    )
    assert at(lint(tmp_path, "Pay.cshtml", text)) == [("PRV401", 5, 1)]


def test_freemarker_directives_values_and_comments():
    text = '<#-- <b>gone</b> --><#if a gt 1><p>${x?html}</p></#if><@layout.page title="x"><i>in</i></@layout.page>'
    out = read_freemarker(text, ReadOptions()).source
    assert "gone" not in out and "x?html" not in out and "layout" not in out
    assert "<i>in</i>" in out


def test_suppressions_in_each_language_comment(tmp_path):
    field = '<input name="card_number">'
    cases = {
        "a.blade.php": "{{-- privlint-disable-next-line PRV401 -- a test form --}}",
        "a.tpl": "{* privlint-disable-next-line PRV401 -- a test form *}",
        "a.ftl": "<#-- privlint-disable-next-line PRV401 -- a test form -->",
        "a.cshtml": "@* privlint-disable-next-line PRV401 -- a test form *@",
    }
    for name, directive in cases.items():
        result = lint(tmp_path, name, PAGE.format(CARD_FORM.format(f"{directive}\n{field}")), select=("PRV401",))
        assert result.findings == [], name


@pytest.mark.parametrize(
    "name,text",
    [
        ("a.blade.php", "@if(( {!! {{-- @php"),
        ("a.tpl", "{if $x {* {literal} {'"),
        ("a.ftl", "<#if ${ <#-- <@"),
        ("a.cshtml", "@if (x) { @( @{ @* <form asp-for=\"x\""),
        ("a.cshtml", "} } @section S { <p>"),
    ],
)
def test_broken_input_is_read_without_error(tmp_path, name, text):
    result = lint(tmp_path, name, PAGE.format(text))
    assert not any("internal error" in str(n) for n in result.notices)


CRAFTED = {
    "blade open parentheses": (read_blade, lambda n: "@if(" * (n // 4)),
    "blade open echoes": (read_blade, lambda n: "{!! {{ " * (n // 7)),
    "smarty open tags": (read_smarty, lambda n: "{a '" * (n // 4)),
    "smarty quotes": (read_smarty, lambda n: "{'" + "{" * n),
    "freemarker open values": (read_freemarker, lambda n: "${" * (n // 2)),
    "freemarker open directives": (read_freemarker, lambda n: "<#if " * (n // 5)),
    "freemarker open parentheses": (read_freemarker, lambda n: "<#if (x > " * (n // 10)),
    "freemarker open strings": (read_freemarker, lambda n: '<#if ("' + "<#if (x > '" * (n // 11)),
    "razor open expressions": (read_razor, lambda n: "@(" * (n // 2)),
    "razor open blocks": (read_razor, lambda n: "@if (x) {" * (n // 9)),
    "razor blocks": (read_razor, lambda n: "@if (x) { <p>@a</p> }" * (n // 21)),
    "razor tag helpers": (read_razor, lambda n: ' asp-for="x"' * (n // 12)),
    "razor else-if chain": (read_razor, lambda n: "@if (x) {" + "} else if (y) {" * (n // 15) + "}"),
    "razor nested blocks": (read_razor, lambda n: "@if (x) {" * (n // 10) + "}" * (n // 10)),
    "razor nested forms": (read_razor, lambda n: "@using (Html.BeginForm()) {" * (n // 27) + "}" * (n // 27)),
}


@pytest.mark.parametrize("shape", sorted(CRAFTED))
def test_reading_is_linear_on_crafted_input(shape):
    read, make = CRAFTED[shape]
    assert_reads_in_linear_time(read, make(20_000), make(200_000), shape)


def test_thymeleaf_attributes_replace_the_prototype_ones():
    text = '<html xmlns:th="http://www.thymeleaf.org"><form action="p.html" th:action="@{/pay(id=${o.id})}"><input th:field="*{card.number}" name="x"></form></html>'
    out = read_thymeleaf(text, ReadOptions()).source
    assert "xmlns" not in out and "p.html" not in out and 'name="x"' not in out
    assert 'action="/pay?' in out and 'name="card.number" id="cardnumber"' in out


def test_a_page_without_thymeleaf_attributes_is_read_as_it_stands(tmp_path):
    from pathlib import Path

    from privlint.readers import template_reader_for

    assert template_reader_for(Path("a.html"), '<p>Read this: the th: prefix</p>') is None
    assert template_reader_for(Path("a.html"), '<p th:text="${x}">x</p>') is not None


def test_thymeleaf_reading_is_linear_on_crafted_input():
    for make in (lambda n: ' th:a="x"' * (n // 9), lambda n: "<p" + ' th:href="@{/x}"' * (n // 16) + ">"):
        assert_reads_in_linear_time(read_thymeleaf, make(20_000), make(200_000), "thymeleaf")


def test_thymeleaf_fragments_complete_the_page_elsewhere():
    assert read_thymeleaf('<html><body><footer th:replace="partials/footer"></footer></body></html>', ReadOptions()).pulls_in_markup
    assert not read_thymeleaf('<html><body><p th:text="${x}">x</p></body></html>', ReadOptions()).pulls_in_markup


def test_the_razor_form_tag_helper_posts_unless_told_otherwise():
    assert 'method="post"' in read_razor('<form asp-action="Save"></form>', ReadOptions()).source
    out = read_razor('<form asp-action="Find" method="get"></form>', ReadOptions()).source
    assert 'method="post"' not in out and 'method="get"' in out


def test_razor_begin_form_is_the_form_it_renders(tmp_path):
    text = (
        '<!DOCTYPE html><html><body>\n@using (Html.BeginForm("Pay","Checkout",FormMethod.Post,new { autocomplete = "off" }))\n'
        '{\n    <input type="text" name="CardNumber" />\n}\n</body></html>'
    )
    out = read_razor(text, ReadOptions()).source
    assert 'autocomplete="off"' in out and 'method="post"' in out and "</form>" in out
    assert out.index("</form>") > out.index('name="CardNumber"')  # closed at the block's "}"
    assert lint(tmp_path, "Pay.cshtml", text).findings == []


@pytest.mark.parametrize(
    "call",
    [
        "Html.BeginForm()",
        'Html.BeginForm("Pay", "Checkout")',
        'Html.BeginRouteForm("Pay", FormMethod.Post, new { @class = "card" })',
        'Html.BeginForm("Pay", "Checkout", FormMethod.Post, null)',
    ],
)
def test_a_begin_form_without_autocomplete_off_still_saves_card_numbers(tmp_path, call):
    text = PAGE.format(f'@using ({call})\n{{\n<input type="text" name="CardNumber" />\n}}\n<input type="text" name="Note">')
    result = lint(tmp_path, "Pay.cshtml", text, select=("PRV401",))
    assert at(result) == [("PRV401", 5, 1)]
    assert "</form>" in read_razor(text, ReadOptions()).source


@pytest.mark.parametrize(
    "call",
    [
        'Html.BeginForm("Pay", "Checkout", FormMethod.Post, Model.FormAttributes)',
        'Html.BeginForm("Pay", "Checkout", FormMethod.Post, new { autocomplete = Model.Autocomplete })',
        'Html.BeginForm("Pay", "Checkout", Model.Method, Model.Attributes)',
        'Html.BeginRouteForm("Pay", htmlAttributes: new { autocomplete = "off" })',
    ],
)
def test_a_begin_form_with_computed_attributes_is_unknown(tmp_path, call):
    text = PAGE.format(f'@using ({call})\n{{\n<input type="text" name="CardNumber" />\n}}')
    assert lint(tmp_path, "Pay.cshtml", text, select=("PRV401",)).findings == []


def test_razor_begin_form_reads_its_method_and_other_usings_stay_code():
    out = read_razor('@using (Html.BeginForm("Find", "Search", FormMethod.Get)) { <input name="q"> }', ReadOptions()).source
    assert 'method="get"' in out and 'method="post"' not in out and "Search" not in out
    out = read_razor("@using System.Linq\n@using (var scope = Begin()) { <b>in</b> }\n<p>after</p>", ReadOptions()).source
    assert "<form" not in out and "System.Linq" not in out and "scope" not in out
    assert "<b>in</b>" in out and "<p>after</p>" in out and "}" not in out.replace("{%\ufdd2%}", "")


def test_a_freemarker_directive_compares_inside_parentheses(tmp_path):
    text = '<form action="/pay" method="post"><input type="text" name="cardNumber" <#if (attempts > 2)>autocomplete="off"</#if>></form>'
    assert "attempts" not in read_freemarker(text, ReadOptions()).source
    assert lint(tmp_path, "pay.ftl", text, select=("PRV401",)).findings == []
    # Outside parentheses a ">" ends the directive, as in Freemarker; strings are taken whole.
    out = read_freemarker('<#if a > 1>x</#if><#if b == "c>d">y</#if>', ReadOptions()).source
    assert " 1>x" in out and "c>d" not in out and "y" in out
