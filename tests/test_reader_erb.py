"""The ERB reader: Rails helpers read as the elements they render, at the helper's own line and
column, computed arguments unknown; everything else a template as it stands."""

from __future__ import annotations

import pytest

from privlint import config as config_mod
from privlint.engine import Linter
from privlint.readers import ReadOptions
from privlint.readers.erb import read_erb

from conftest import assert_reads_in_linear_time, write


def lint(tmp_path, text: str, select=("PRV401",), name="page.html.erb"):
    write(tmp_path / name, text)
    linter = Linter(config_mod.Config(base_dir=tmp_path), select=list(select), cwd=tmp_path, all_occurrences=True)
    return linter.run([str(tmp_path / name)])


def markup(text: str) -> str:
    return read_erb(text, ReadOptions()).source


PAGE = "<!DOCTYPE html>\n<html><body>\n{}\n</body></html>\n"


def test_a_builder_names_its_fields_after_the_model():
    out = markup('<%= form_with model: @order do |f| %>\n<%= f.text_field :card_number, class: "cc" %>\n<% end %>')
    assert '<input type="text" name="order[card_number]" id="order_card_number" class="cc">' in out
    assert out.rstrip().endswith("</form>")


def test_a_scope_and_nested_fields_for_prefix_the_names():
    out = markup(
        "<%= form_with scope: :payment, url: \"/pay\" do |f| %>"
        "<%= f.fields_for :card do |c| %><%= c.number_field :number %><% end %><% end %>"
    )
    assert 'name="payment[card][number]"' in out
    assert 'action="/pay"' in out


def test_a_tag_helper_takes_its_name_and_sanitised_id():
    out = markup('<%= text_field_tag "payment[number]", nil, size: 19 %>')
    assert '<input type="text" name="payment[number]" id="payment_number" size="19">' in out


def test_an_interpolated_name_keeps_its_literal_part():
    out = markup('<%= text_field_tag "#{prefix}[verification_value]", nil, id: id %>')
    assert "[verification_value]" in out and 'name="\ufdd0' in out


def test_a_path_helper_is_a_same_site_address():
    out = markup("<%= form_with url: checkout_path do |f| %><% end %>")
    assert 'action="/\ufdd0' in out


def test_link_to_writes_its_text_and_address(tmp_path):
    result = lint(
        tmp_path,
        PAGE.format('<form action="/s" method="post"><input type="email" name="email"></form>'
                    '<footer><%= link_to "Privacy policy", privacy_path %></footer>'),
        select=("PRV301",),
    )
    assert result.findings == []
    result = lint(
        tmp_path,
        PAGE.format('<form action="/s" method="post"><input type="email" name="email"></form>'
                    '<footer><%= link_to "Terms", terms_path %></footer>'),
        select=("PRV301",),
    )
    assert [f.code for f in result.findings] == ["PRV301"]


def test_the_finding_stands_at_the_helper_and_names_it(tmp_path):
    text = PAGE.format('<%= form_with url: "/pay" do |f| %>\n  <%= f.text_field :card_number %>\n<% end %>')
    result = lint(tmp_path, text)
    [finding] = result.findings
    assert (finding.region.line, finding.region.column) == (4, 7)
    assert "(f.text_field :card_number)" in finding.message


def test_options_the_template_cannot_read_make_the_field_unknown(tmp_path):
    text = PAGE.format('<%= form_with url: "/pay" do |f| %>\n  <%= f.text_field :card_number, **opts %>\n<% end %>')
    assert lint(tmp_path, text).findings == []


def test_a_form_option_of_code_makes_the_form_unknown(tmp_path):
    text = PAGE.format('<%= form_with url: "/pay", html: form_html do |f| %>\n  <%= f.text_field :card_number %>\n<% end %>')
    assert lint(tmp_path, text).findings == []


def test_a_builder_the_template_did_not_open_is_written_apart(tmp_path):
    # A partial's f: its form (and autocomplete="off") may be in the template that renders it.
    assert lint(tmp_path, PAGE.format("<%= f.text_field :card_number %>")).findings == []


def test_other_erb_code_stays_template_code():
    out = markup('<% if x %><%= f.text_field :a %><% end %><p><%= raw thing %></p>')
    assert "if x" not in out and "raw thing" not in out
    assert out.count("\ufdd0") >= 3


@pytest.mark.parametrize(
    "text",
    [
        '<%= form_with url: "/pay" do |f| %>',  # no end
        "<% end %><% end %>",  # ends with nothing open
        '<%= f.text_field :a, data: { stripe: "x" ',  # unclosed tag
        '<%= text_field_tag "a, {[(" %>',
        "<%= link_to %><%= image_tag %><%= javascript_include_tag %><%= label_tag %>",
        '<%= form_tag(((( %><% end %>',
    ],
)
def test_broken_helpers_are_read_without_error(tmp_path, text):
    result = lint(tmp_path, PAGE.format(text), select=("PRV401", "PRV101", "PRV102", "PRV301"))
    assert not any("internal error" in str(n) for n in result.notices)
    assert all(f.region.line >= 1 and f.region.column >= 1 for f in result.findings)


CRAFTED = {
    "unclosed blocks": lambda n: '<%= form_with url: "/x" do |f| %><%= f.text_field :a %>' * (n // 60),
    "deep hashes": lambda n: "<%= f.text_field :a, " + "{ a: " * (n // 6) + " %>",
    "many ends": lambda n: "<% end %>" * (n // 9),
    "unclosed tags": lambda n: "<%= text_field_tag :a " * (n // 22),
    "long options": lambda n: "<%= f.text_field :a, " + "b: 1, " * (n // 6) + " %>",
}


@pytest.mark.parametrize("shape", sorted(CRAFTED))
def test_reading_is_linear_on_crafted_input(shape):
    small, large = CRAFTED[shape](20_000), CRAFTED[shape](200_000)
    assert_reads_in_linear_time(read_erb, small, large, shape)


@pytest.mark.parametrize(
    "block",
    ['<%= f.label :terms do %>I agree<% end %>', "<%= ui.card_fields_for x do |c| %><p>x</p><% end %>"],
)
def test_a_block_of_another_helper_ends_with_its_own_end(block):
    out = markup('<%= form_with url: "/pay" do |f| %>' + block + '<%= f.text_field :card_number %><% end %>')
    assert out.index('name="card_number"') < out.index("</form>")


def test_a_block_within_one_tag_opens_nothing():
    out = markup('<%= form_with url: "/pay" do |f| %><% if a then b end %><%= f.text_field :card_number %><% end %>')
    assert out.index('name="card_number"') < out.index("</form>")
