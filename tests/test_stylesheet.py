"""What a stylesheet fetches: @import and url(), never what comments or strings only mention."""

from __future__ import annotations

from privlint.stylesheet import StyleSheet, references

CSS = """/* @import url(http://commented.example/a.css); */
@import "https://fonts.googleapis.com/css2?family=Roboto";
@import url(http://plain.example/a.css) screen;
@import   url( '//relative.example/b.css' );
.hero { background: url( http://img.example/hero.png ) no-repeat; }
.quote::before { content: "url(http://in-a-string.example/)"; }
@font-face { src: url("https://fonts.gstatic.com/s/roboto.woff2") format("woff2"), url(data:font/woff2;base64,AAAA); }
.escaped { content: "a \\" url(http://still-a-string.example/)"; }
"""


def test_references_are_found_with_their_offsets_and_kind():
    found = [(r.url, r.how, CSS[r.start : r.end]) for r in references(CSS)]
    assert found == [
        ("https://fonts.googleapis.com/css2?family=Roboto", "import", "https://fonts.googleapis.com/css2?family=Roboto"),
        ("http://plain.example/a.css", "import", "http://plain.example/a.css"),
        ("//relative.example/b.css", "import", "//relative.example/b.css"),
        ("http://img.example/hero.png", "url", "http://img.example/hero.png"),
        ("https://fonts.gstatic.com/s/roboto.woff2", "url", "https://fonts.gstatic.com/s/roboto.woff2"),
        ("data:font/woff2;base64,AAAA", "url", "data:font/woff2;base64,AAAA"),
    ]


def test_a_namespace_is_named_not_fetched():
    css = '@namespace url(http://www.w3.org/1999/xhtml);\n@namespace svg url( "http://www.w3.org/2000/svg" );\na{background:url(x.png)}'
    assert [r.url for r in references(css)] == ["x.png"]


def test_offsets_shift_for_css_inside_html():
    text = '<style>@import "https://a.example/x.css";</style>'
    start = text.index(">") + 1
    css = text[start : text.index("</style>")]
    (ref,) = references(css, offset=start)
    assert text[ref.start : ref.end] == "https://a.example/x.css"


def test_unclosed_comment_and_string_end_the_scan_quietly():
    assert list(references("/* never closed url(http://a.example/)")) == []
    assert [r.url for r in references('a { content: "open\n} b { background: url(http://b.example/i.png) }')] == [
        "http://b.example/i.png"
    ]


def test_a_stylesheet_has_line_and_column_positions(tmp_path):
    path = tmp_path / "site.css"
    path.write_bytes(b"body{}\n\n  @import 'https://fonts.googleapis.com/css?family=Lato';\n")
    sheet = StyleSheet.from_file(path, "site.css")
    (ref,) = sheet.references()
    region = sheet.region(ref.start, ref.end)
    assert (region.line, region.column) == (3, 12)
    assert sheet.line_text(3).strip().startswith("@import")
