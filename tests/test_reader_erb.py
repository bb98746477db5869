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
    # A field's builder is found at once, however many blocks are open around it.
    "fields in deep blocks": lambda n: (
        '<%= form_with url: "/p" do |f| %>' + "<%do%>" * (n // 12) + "<%= f.text_field :a %>" * (n // 44)
    ),
    "open interpolations": lambda n: '<%= text_field_tag "' + "#{" * (n // 2) + '" %>',
    "hyphenated words": lambda n: "<%= text_field_tag :a, " + "a-" * (n // 2) + " %>",
    "nested fields_for": lambda n: (
        "<%= form_with model: @o do |f| %>" + "<%= f.fields_for :x do |f| %>" * (n // 60) + "<%= f.text_field :a %>" * (n // 60)
    ),
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


def test_deep_fields_for_names_stop_growing():
    # Beyond eight levels the prefix is code: names stay a few pieces long, the markup linear.
    text = CRAFTED["nested fields_for"](200_000)
    assert len(markup(text)) < 2 * len(text)
    out = markup("<%= form_with model: @o do |f| %>" + "<%= f.fields_for :x do |f| %>" * 12 + "<%= f.text_field :card_number %>")
    assert 'name="o[x][x][x][x][x][x][x]\ufdd0' in out and "[card_number]" in out
    assert "[x]" * 8 not in out
    out = markup("<%= form_with model: @o do |f| %>" + "<%= f.fields_for :x do |f| %>" * 3 + "<%= f.text_field :card_number %>")
    assert 'name="o[x][x][x][card_number]" id="o_x_x_x_card_number"' in out


def test_an_interpolation_counts_its_braces():
    out = markup('<%= text_field_tag "#{h[:a] || {}}[cvc]" %><%= text_field_tag "a#{b" %>')
    assert 'name="\ufdd0' in out and "[cvc]" in out and "}[cvc]" not in out
    assert 'name="a\ufdd0' in out


FORM = '<!DOCTYPE html><html><body>\n<form action="/p" method="post">\n{}\n</form>\n</body></html>\n'


@pytest.mark.parametrize(
    "field",
    [
        "<%= f.text_field :card_number, card_field_options %>",
        '<%= f.text_field :cvc, field_html.merge(class: "x") %>',
        "<%= text_field_tag :card_number, nil, card_opts %>",
        "<%= text_field_tag :card_number, @number, card_opts %>",
        "<%= text_area_tag :card_number, nil, card_opts %>",
    ],
)
def test_options_in_a_variable_make_the_field_unknown(tmp_path, field):
    assert lint(tmp_path, FORM.format(field)).findings == []
    built = field.replace("<%= f.", "<%= form_with url: \"/p\" do |f| %><%= f.") + "<% end %>"
    assert lint(tmp_path, PAGE.format(built)).findings == []


@pytest.mark.parametrize(
    "field",
    ["<%= f.text_field :card_number %>", "<%= text_field_tag :card_number, nil %>", '<%= f.text_field :cvc, class: "x" %>'],
)
def test_options_the_template_spells_out_are_still_judged(tmp_path, field):
    built = '<%= form_with url: "/p" do |f| %>' + field + "<% end %>"
    assert [f.code for f in lint(tmp_path, PAGE.format(built)).findings] == ["PRV401"]


def test_form_options_in_a_variable_make_the_form_unknown(tmp_path):
    text = PAGE.format('<%= form_tag "/pay", form_options do %>\n<%= text_field_tag :card_number %>\n<% end %>')
    assert lint(tmp_path, text).findings == []
    text = PAGE.format('<%= form_tag "/pay" do %>\n<%= text_field_tag :card_number %>\n<% end %>')
    assert [f.code for f in lint(tmp_path, text).findings] == ["PRV401"]


def test_other_helpers_options_in_a_variable_are_open():
    out = markup(
        '<%= form_with url: "/p" do |f| %><%= f.check_box :terms, cb_options %><% end %>'
        '<%= link_to "x", "/a", link_options %><%= image_tag "/a.png", img %>'
    )
    assert 'value="1" name="terms" id="terms" ' in out  # the variable is no checked value
    assert '<a href="/a" ' in out and '<img src="/a.png" ' in out
    out = markup('<%= f.select :month, months, { include_blank: true } %><%= select_tag :month, month_options %>')
    assert '<select name="month" id="month"></select>' in out  # choices are no attributes


BLOCKLESS = '<!DOCTYPE html><html><body>\n<%= form_tag("/pay", method: :post{}) %>\n  <%= text_field_tag :card_number %>\n</form>\n</body></html>'


def test_a_blockless_form_tag_writes_its_opening_tag_only(tmp_path):
    assert lint(tmp_path, BLOCKLESS.format(', autocomplete: "off"')).findings == []
    assert [f.code for f in lint(tmp_path, BLOCKLESS.format("")).findings] == ["PRV401"]
    out = markup(BLOCKLESS.format(', autocomplete: "off"'))
    assert out.count("</form>") == 1 and out.index('name="card_number"') < out.index("</form>")
    assert '<form action="/p" method="post"></form>' not in markup('<%= form_with url: "/p" %>')


def test_local_variables_named_like_helpers_stay_template_code(tmp_path):
    text = FORM.format('<input name="card_number" <%= input %>>\n<input name="cvv" autocomplete="<%= label %>">')
    assert lint(tmp_path, text).findings == []
    text = FORM.format('<input name="card_number" <%= f.input %>>')
    assert lint(tmp_path, text).findings == []


@pytest.mark.parametrize(
    "code",
    ["label", "input", "image_tag", "stylesheet_link_tag", "javascript_include_tag", "link_to", "fields", "form_tag",
     "label.upcase", "input[0]", 'label || "x"', "fields ? a : b", "text_field(:order)", "input :a, :b"],
)
def test_a_helper_name_that_is_no_call_is_kept(code):
    out = markup(f"<p><%= {code} %></p>")
    assert out.startswith("<p>\ufdd0") and out.endswith("</p>")


def test_helpers_without_a_builder_name_their_object():
    out = markup('<%= check_box("user", "newsletter", {checked: true}) %><%= text_field(:order, :cvc) %>')
    assert 'type="checkbox" value="1" name="user[newsletter]" id="user_newsletter" checked="checked"' in out
    assert '<input type="text" name="order[cvc]" id="order_cvc">' in out
    assert 'name="\ufdd0' in markup("<%= text_field(object_name, :cvc) %>")


def test_a_partials_builder_gives_an_unknown_prefix():
    out = markup("<%= f.text_field :card_number %>")
    assert 'name="\ufdd0' in out and '[card_number]"' in out and 'name="card_number"' not in out
