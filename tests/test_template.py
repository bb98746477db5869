"""Template masking: every family, every HTML context, offsets unchanged."""

from __future__ import annotations

import pytest

from privlint import template as t


def spans(text):
    return [(s.kind, text[s.start : s.end]) for s in t.find_spans(text)]


@pytest.mark.parametrize(
    "text, expected",
    [
        ('<a href="{{ url }}">', [("code", "{{ url }}")]),
        ('<a href="{{- url -}}">', [("code", "{{- url -}}")]),
        ("<p>{% if x %}y{% endif %}</p>", [("code", "{% if x %}"), ("code", "{% endif %}")]),
        ("<p>{%- if x -%}</p>", [("code", "{%- if x -%}")]),
        ("{# a comment with {{ x }} #}", [("comment", "{# a comment with {{ x }} #}")]),
        ("{{{ raw_html }}}", [("code", "{{{ raw_html }}}")]),
        ("{{#each items}}{{/each}}", [("code", "{{#each items}}"), ("code", "{{/each}}")]),
        ("{{! short }}", [("comment", "{{! short }}")]),
        ("{{!-- has }} inside --}}", [("comment", "{{!-- has }} inside --}}")]),
        ("{{> footer }}", [("code", "{{> footer }}")]),
        ("{{/* go comment */}}", [("comment", "{{/* go comment */}}")]),
        ("{{- /* trimmed go comment */ -}}", [("comment", "{{- /* trimmed go comment */ -}}")]),
        ("{{ range .Pages }}{{ end }}", [("code", "{{ range .Pages }}"), ("code", "{{ end }}")]),
        ("<%= user.name %>", [("code", "<%= user.name %>")]),
        ("<%- include('x') %>", [("code", "<%- include('x') %>")]),
        ("<% if a > b %>", [("code", "<% if a > b %>")]),
        ("<%# erb comment %>", [("comment", "<%# erb comment %>")]),
        ("<%% literal", []),
        ("<?php echo $a; ?>", [("code", "<?php echo $a; ?>")]),
        ("<?= $a ?>", [("code", "<?= $a ?>")]),
        ("<?php unclosed to the end", [("code", "<?php unclosed to the end")]),
        ('<?xml version="1.0"?><p>', []),
        ("{% comment %}<a href=x>{% endcomment %}", [("comment", "{% comment %}<a href=x>{% endcomment %}")]),
        ("{%- comment -%}x{%- endcomment -%}", [("comment", "{%- comment -%}x{%- endcomment -%}")]),
        ("<p>{{ never closed <b>bold</b>", []),
        ("<p>{ not a template }</p>", []),
    ],
)
def test_constructs(text, expected):
    assert spans(text) == expected


def test_code_between_attributes_is_masked_as_spaces_and_recorded():
    text = '<input name=cvc {% if x %}autocomplete="off"{% endif %}>'
    found = t.find_spans(text)
    assert [s.kind for s in found] == [t.ATTRS, t.ATTRS]
    masked = t.mask(text, found)
    assert masked == '<input name=cvc           autocomplete="off"           >'


def test_masking_keeps_length_and_newlines():
    text = '<a href="{{\n  url\n}}">{% if x %}\n{% endif %}</a>{# c\nc #}'
    masked = t.mask(text, t.find_spans(text))
    assert len(masked) == len(text)
    assert [i for i, c in enumerate(masked) if c == "\n"] == [i for i, c in enumerate(text) if c == "\n"]


def test_markers_number_their_spans_and_split_literals():
    text = '<form action="http://{{ host }}/pay/{{ id }}">'
    found = t.find_spans(text)
    masked = t.mask(text, found)
    value = masked[masked.index('"') + 1 : masked.rindex('"')]
    assert t.is_dynamic(value)
    assert t.literal_parts(value) == ["http://", "/pay/", ""]
    assert t.marker_indexes(value) == [0, 1]


def test_markers_survive_newlines_inside_the_code():
    text = '<a href="{{\n url }}">'
    masked = t.mask(text, t.find_spans(text))
    value = masked[9:-2]
    assert t.marker_indexes(value) == [0]
    assert t.literal_parts(value) == ["", ""]


@pytest.mark.parametrize(
    "text",
    [
        '<script>var s = "{{ x }}"; if (a < b) {}</script>',
        "<style>a{color:red}</style>{{ x }}",
        "<textarea>{% if x %}</textarea>",
    ],
)
def test_code_in_raw_text_is_found(text):
    assert [k for k, _ in spans(text)] == ["code"]


def test_html_comments_hide_template_code_as_comments():
    assert spans('<!-- {{ x|default:"-->" }} --><p>{{ y }}</p>') == [
        ("comment", '{{ x|default:"-->" }}'),
        ("code", "{{ y }}"),
    ]


def test_quotes_inside_code_do_not_end_the_attribute():
    text = '<a href="{{ url_for("privacy") }}" title="{% trans "x" %}">'
    assert [k for k, _ in spans(text)] == ["code", "code"]


def test_unquoted_attribute_values_with_code():
    text = "<a href={{ url }}>x</a><a href=<%= url %>>y</a>"
    assert [k for k, _ in spans(text)] == ["code", "code"]


@pytest.mark.parametrize(
    "text, pulls_in",
    [
        ('{% extends "base.html" %}', True),
        ("{% include 'footer.html' %}", True),
        ("{% include_relative footer.html %}", True),
        ("{% render 'icon' %}", True),
        ("{% section 'footer' %}", True),
        ("{{ content_for_layout }}", True),
        ("{{ content }}", True),
        ("{{> footer }}", True),
        ("{{{body}}}", True),
        ("{{!< default}}", True),
        ('{{ partial "footer.html" . }}', True),
        ('{{ template "main" . }}', True),
        ('{{ block "main" . }}{{ end }}', True),
        ("{{ .Content }}", True),
        ("<%= yield %>", True),
        ("<%= render 'footer' %>", True),
        ("<%- include('footer') %>", True),
        ("<?php get_footer(); ?>", True),
        ("<?php include 'footer.php'; ?>", True),
        ("{{ title }}", False),
        ("{% if x %}{% endif %}", False),
        ("<%= @product.name %>", False),
        ("<?php echo $title; ?>", False),
    ],
)
def test_include_detection(text, pulls_in):
    assert bool(t.INCLUDE_RE.search(text)) is pulls_in


class _CountingText(str):
    """A text that counts how often it is searched, to see the work grow with its length."""

    searches = 0

    def find(self, *args):
        type(self).searches += 1
        return super().find(*args)


@pytest.mark.parametrize("opener", ["{{", "{%", "{#", "<%", "{{{", "{{!--", "<!-- {{"])
def test_unclosed_openers_are_searched_past_once_not_once_each(opener):
    """A file of 10,000 unclosed openers: the search for their closer runs to the end of the
    file once, not once per opener (quadratic: hours for a few MB)."""
    _CountingText.searches = 0
    spans = t.find_spans(_CountingText(opener * 10_000))
    assert spans == []
    assert _CountingText.searches < 50



def test_an_unclosed_comment_block_is_searched_past_once(monkeypatch):
    """Liquid's and Django's {% comment %} look for their end tag with a pattern: the same
    sharing of one search applies."""

    class CountingPattern:
        def __init__(self, pattern):
            self.pattern, self.searches = pattern, 0

        def search(self, *args):
            self.searches += 1
            return self.pattern.search(*args)

        def match(self, *args):
            return self.pattern.match(*args)

    counting = CountingPattern(t._COMMENT_BLOCK_CLOSE)
    monkeypatch.setattr(t, "_COMMENT_BLOCK_CLOSE", counting)
    spans = t.find_spans("{% comment %}" * 10_000)
    assert len(spans) == 10_000  # each opener is a {% %} construct of its own
    assert counting.searches < 50
