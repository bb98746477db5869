"""Documents: decoding, one parse, exact positions, values that never raise."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from privlint.document import Document, Region, decode


def doc(text: str, name: str = "page.html") -> Document:
    return Document(Path(name), name, text)


def first(d: Document, tag: str):
    return next(d.root.iter(tag))


def test_start_tag_region_spans_lines():
    d = doc('<p>\n  <form\n     id="f"\n     action="http://x/">\n</form>')
    form = first(d, "form")
    assert form.sourceline == 4  # lxml's line is where the start tag ends
    assert d.element_region(form) == Region(2, 3, 4, 25)
    assert d.attribute_region(form, "action") == Region(4, 6, 4, 24)


def test_several_elements_on_one_line():
    d = doc("<input name=a><input name=b>  <input name=c>")
    regions = [d.element_region(e) for e in d.root.iter("input")]
    assert [(r.column, r.end_column) for r in regions] == [(1, 15), (15, 29), (31, 45)]


def test_quoted_greater_than_and_lookalike_attribute_names():
    d = doc('<a title="x > action=1" action="real">t</a>')
    a = first(d, "a")
    assert d.attribute_region(a, "action").column == 25


def test_tags_inside_comments_and_scripts_are_not_counted():
    d = doc('<!-- <form action="x"> --><script>"<form>"</script><form action="y"></form>')
    assert d.element_region(first(d, "form")).column == 52


def test_positions_past_the_parsers_line_limit():
    text = "<p>x</p>\n" * 70000 + '<form action="http://x/">\n</form>'
    d = doc(text)
    form = first(d, "form")
    assert form.sourceline == 65535  # libxml2 stops counting here...
    assert d.element_region(form).line == 70001  # ...we do not


def test_lone_carriage_returns_are_line_breaks():
    d = doc("<p>a\r<b>x</b>\r\n<i>y</i>")
    assert d.element_region(first(d, "b")).line == 2
    assert d.element_region(first(d, "i")).line == 3


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_raw_content_of_a_script(newline):
    d = doc(newline.join(["<script>", "  a();", "", "  fbq('init');", "</script>"]))
    offset, code = d.raw_content(first(d, "script"))
    i = code.index("fbq")
    assert d.region(offset + i, offset + i + 3) == Region(4, 3, 4, 6)


def test_dynamic_attributes():
    d = doc('<input name=a {% if x %}autocomplete="off"{% endif %}><input name=b value="{{ v }}">', "t.j2")
    a, b = d.root.iter("input")
    assert d.has_dynamic_attributes(a)
    assert not d.has_dynamic_attributes(b)


def test_attribute_access_never_raises():
    # Unmasked, such names make lxml's el.attrib raise ValueError.
    d = doc('<input name=cvc {%% if x %%}autocomplete="off">')
    el = first(d, "input")
    assert d.attr(el, "name") == "cvc"
    assert d.attr(el, "missing") is None


def test_restore_and_words():
    d = doc('<a href="/{{ lang }}/privacy">{{ "footer.privacy" | t }}</a>', "t.liquid")
    a = first(d, "a")
    assert d.restore(a.get("href")) == "/{{ lang }}/privacy"
    assert "footer.privacy" in d.words(a.text)


@pytest.mark.parametrize(
    "data, text",
    [
        ("<p>é</p>".encode("utf-8"), "<p>é</p>"),
        (codecs.BOM_UTF8 + "<p>é</p>".encode("utf-8"), "<p>é</p>"),
        ("<p>é</p>".encode("utf-16"), "<p>é</p>"),
        ('<meta charset="iso-8859-1"><p>\xe9</p>'.encode("latin-1"), '<meta charset="iso-8859-1"><p>é</p>'),
        (b"<p>\x93quoted\x94</p>", "<p>\u201cquoted\u201d</p>"),  # undeclared: Windows-1252
    ],
)
def test_decoding(data, text):
    assert decode(data) == text


def test_empty_and_odd_input_parses():
    for text in ("", "   \n", "\x00\x01<p>", "<?xml version='1.0' encoding='utf-8'?><html/>", "</p></div>"):
        d = doc(text)
        assert d.root is not None


def test_labels():
    d = doc(
        '<label for="n">Card number</label><input id="n">'
        '<label>CVC <input id="c"></label>'
        '<span id="e">Expiry</span><input aria-labelledby="e">'
    )
    n, c, e = d.root.iter("input")
    assert d.labels(n) == ["Card number"]
    assert d.labels(c) == ["CVC"]
    assert d.labels(e) == ["Expiry"]


def test_full_page_and_pulled_in_markup():
    assert doc("<html><body></body></html>").is_full_page
    assert doc("<!doctype html><title>x</title><p>body tags omitted</html>").is_full_page
    assert not doc("<div>fragment</div>").is_full_page
    # a layout split in two files: the header opens the page, another file closes it
    assert not doc("<!doctype html><html><head></head><body><nav></nav>").is_full_page
    assert not doc("</main><footer></footer></body></html>").is_full_page
    assert doc("{% extends 'base.html' %}<html>", "t.j2").pulls_in_markup
    assert not doc("<html>{{ title }}</html>", "t.j2").pulls_in_markup


def test_a_minified_line_is_read_once_for_all_its_tags_of_a_name(monkeypatch):
    """Each of a minified page's scripts asks where its start tag is: the line is read once,
    not once per script (quadratic: a minute for 8,000 scripts)."""
    reads = []
    original = Document._read_start_tags_on_line
    monkeypatch.setattr(Document, "_read_start_tags_on_line", lambda self, *a: reads.append(a) or original(self, *a))
    d = doc("<p>x</p>\n" + '<script src="/a.js"></script>' * 500)
    scripts = list(d.root.iter("script"))
    regions = [d.element_region(s) for s in scripts]
    assert len(reads) == 1
    assert [r.column for r in regions[:3]] == [1, 30, 59] and all(r.line == 2 for r in regions)
