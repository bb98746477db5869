"""PRV102 mixed-content: what a page fetches over plain HTTP, how severe, and what it does not fetch."""

from __future__ import annotations

from pathlib import Path

import pytest

from privlint import config as config_mod
from privlint.checks.mixed_content import srcset_urls
from privlint.engine import Linter


def lint(tmp_path: Path, text: str, name: str = "page.html", config: config_mod.Config | None = None):
    (tmp_path / name).write_text(text, encoding="utf-8")
    linter = Linter(config or config_mod.Config(base_dir=tmp_path), select=["PRV102"], cwd=tmp_path)
    return linter.run([str(tmp_path / name)]).findings


@pytest.mark.parametrize(
    "value, urls",
    [
        ("a.png", ["a.png"]),
        ("a.png 1x, b.png 2x", ["a.png", "b.png"]),
        ("  a.png 480w,b.png   800w  ", ["a.png", "b.png"]),
        ("http://x.example/a,b.png 2x, c.png", ["http://x.example/a,b.png", "c.png"]),
        ("a.png, b.png,", ["a.png", "b.png"]),
        ("a.png (foo, bar) 1x, b.png", ["a.png", "b.png"]),
        ("", []),
    ],
)
def test_srcset_is_split_into_candidates_as_browsers_do(value, urls):
    assert srcset_urls(value) == urls


def test_blockable_content_is_an_error_and_passive_content_a_warning(tmp_path):
    found = lint(
        tmp_path,
        '<script src="http://a.example/x.js"></script>\n'
        '<link rel="stylesheet" href="http://a.example/x.css">\n'
        '<iframe src="http://a.example/embed"></iframe>\n'
        '<img src="http://a.example/x.png">\n'
        '<audio src="http://a.example/x.mp3"></audio>\n'
        '<link rel="preload" as="image" href="http://a.example/hero.jpg">\n'
        '<link rel="preload" as="font" href="http://a.example/f.woff2">\n',
    )
    assert [(f.region.line, f.severity) for f in found] == [
        (1, "error"), (2, "error"), (3, "error"), (4, "warning"), (5, "warning"), (6, "warning"), (7, "error"),
    ]
    assert found[0].message.startswith("Script is loaded over plain HTTP from http://a.example/x.js")


def test_a_configured_severity_applies_to_every_kind(tmp_path):
    (tmp_path / "privlint.toml").write_text('[rules.PRV102]\nseverity = "info"\n')
    config = config_mod.load(tmp_path / "privlint.toml")
    found = lint(tmp_path, '<script src="http://a.example/x.js"></script><img src="http://a.example/x.png">', config=config)
    assert [f.severity for f in found] == ["info", "info"]


def test_only_link_types_that_fetch_are_reported(tmp_path):
    fetching = ["stylesheet", "alternate stylesheet", "icon", "shortcut icon", "apple-touch-icon", "manifest",
                "modulepreload", "preload", "prefetch"]
    quiet = ["canonical", "alternate", "dns-prefetch", "preconnect", "pingback", "author", "profile", "next", ""]
    lines = [f'<link rel="{rel}" href="http://a.example/{n}">' for n, rel in enumerate(fetching + quiet)]
    found = lint(tmp_path, "\n".join(lines))
    assert [f.region.line for f in found] == list(range(1, len(fetching) + 1))


def test_positions_point_at_the_url_in_css_and_at_the_attribute_in_markup(tmp_path):
    text = (
        "<style>\n  .a { background: url( 'http://a.example/bg.png' ) }\n</style>\n"
        '<div class="b" style="background:url(http://a.example/s.png)"></div>\n'
    )
    lines = text.split("\n")
    found = lint(tmp_path, text)
    spans = [lines[f.region.line - 1][f.region.column - 1 : f.region.end_column - 1] for f in found]
    assert spans == ["http://a.example/bg.png", 'style="background:url(http://a.example/s.png)"']


def test_a_stylesheet_file_reports_fonts_imports_and_images(tmp_path):
    css = (
        '@import "http://a.example/base.css";\n'
        "@font-face { font-family: X; src: url(http://a.example/x.woff2); }\n"
        "/* @font-face { src: url(http://a.example/commented.woff) } */\n"
        ".x { background: url(http://a.example/x.png) }\n"
    )
    found = lint(tmp_path, css, name="theme.css")
    assert [(f.region.line, f.severity, f.message.split(" is ")[0]) for f in found] == [
        (1, "error", "Stylesheet (@import)"),
        (2, "error", "Font"),
        (4, "warning", "Image (CSS url())"),
    ]


def test_loopback_data_and_template_decided_urls_are_not_mixed_content(tmp_path):
    found = lint(
        tmp_path,
        '<script src="http://localhost:4000/a.js"></script>\n'
        '<script src="http://127.0.0.1/a.js"></script>\n'
        '<script src="http://dev.localhost/a.js"></script>\n'
        '<img src="data:image/png;base64,AAAA">\n'
        '<script src="{{ script_url }}"></script>\n'
        '<script src="{{ scheme }}://cdn.example/a.js"></script>\n',
        name="page.html.j2",
    )
    assert found == []


def test_a_literal_scheme_before_template_code_is_reported_with_the_code_restored(tmp_path):
    (found,) = lint(tmp_path, '<script src="http://{{ cdn_host }}/a.js"></script>', name="page.njk")
    assert "http://{{ cdn_host }}/a.js" in found.message


def test_data_block_scripts_are_not_fetched_but_consent_held_scripts_are(tmp_path):
    found = lint(
        tmp_path,
        '<script type="application/ld+json" src="http://a.example/data.json"></script>\n'
        '<script type="text/plain" data-cookieconsent="marketing" src="http://a.example/ads.js"></script>\n'
        '<script type="text/plain" data-src="http://a.example/held.js"></script>\n',
    )
    assert [f.region.line for f in found] == [2, 3]
    assert "(data-src)" in found[1].message


def test_an_http_base_makes_relative_resources_http_but_not_fragments(tmp_path):
    found = lint(
        tmp_path,
        '<head><base href="http://old.example/"></head>\n'
        '<img src="a.png">\n<svg><use href="#i"></use></svg>\n'
        '<div style="clip-path: url(#wave)"></div>\n<a href="page.html">x</a>\n',
    )
    assert [f.region.line for f in found] == [2]
    assert '<base href="http://old.example/">' in found[0].message


def test_upgrade_insecure_requests_in_head_covers_what_follows_it(tmp_path):
    found = lint(
        tmp_path,
        '<html><head>\n<script src="http://a.example/before.js"></script>\n'
        '<meta http-equiv="Content-Security-Policy" content="upgrade-insecure-requests">\n'
        '<script src="http://a.example/after.js"></script>\n</head>\n'
        '<body style="background:url(http://a.example/after.png)"><img src="http://a.example/after.png"></body></html>\n',
    )
    assert [f.region.line for f in found] == [2]


@pytest.mark.parametrize(
    "meta",
    [
        '<meta http-equiv="Content-Security-Policy-Report-Only" content="upgrade-insecure-requests">',
        '<meta http-equiv="Content-Security-Policy" content="default-src https:">',
    ],
)
def test_csp_metas_that_do_not_upgrade(tmp_path, meta):
    found = lint(tmp_path, f'<html><head>{meta}<script src="http://a.example/x.js"></script></head></html>')
    assert len(found) == 1


def test_one_finding_per_attribute_even_with_several_http_candidates(tmp_path):
    found = lint(tmp_path, '<img srcset="http://a.example/1.png 1x, http://a.example/2.png 2x">')
    assert len(found) == 1 and "http://a.example/1.png" in found[0].message


def test_a_preloaded_responsive_image_is_read_from_imagesrcset(tmp_path):
    found = lint(tmp_path, '<link rel="preload" as="image" href="/a.png" imagesrcset="/a.png 1x, http://a.example/b.png 2x">')
    assert len(found) == 1 and "(imagesrcset)" in found[0].message and found[0].severity == "warning"


@pytest.mark.parametrize("name", ["theme.css", "page.html"])
def test_a_namespace_url_names_a_namespace_and_fetches_nothing(tmp_path, name):
    css = (
        "@namespace url(http://www.w3.org/1999/xhtml);\n"
        '@namespace svg url( "http://www.w3.org/2000/svg" );\n'
        "svg|a { background: url(http://a.example/dot.png) }\n"
    )
    text = css if name.endswith(".css") else f"<style>\n{css}</style>"
    found = lint(tmp_path, text, name)
    assert [f.message.split(": ")[0] for f in found] == [
        "Image (CSS url()) is loaded over plain HTTP from http://a.example/dot.png"
    ]


def test_old_table_layouts_background_attribute_is_a_passive_load(tmp_path):
    page = (
        '<body background="http://a.example/paper.gif"><table background="http://a.example/t.gif">'
        '<tr><td background="http://a.example/c.gif">x</td><td background="/ok.gif">y</td></tr></table>\n'
        '<div background="http://a.example/not-an-attribute-here.gif"></div></body>\n'
    )
    found = lint(tmp_path, page)
    assert [(f.region.column, f.severity) for f in found] == [(7, "warning"), (54, "warning"), (98, "warning")]
    upgraded = '<meta http-equiv="Content-Security-Policy" content="upgrade-insecure-requests">\n' + page
    assert lint(tmp_path, upgraded) == []


@pytest.mark.parametrize(
    "markup",
    [
        '<p style="background:URL(http://a.example/x.png)">x</p>',
        '<p style="background:Url(http://a.example/x.png)">x</p>',
        '<table BackGround="http://a.example/x.png"><tr><td>x</td></tr></table>',
        '<table><tr><td BACKGROUND="http://a.example/x.png">x</td></tr></table>',
    ],
)
def test_attribute_fetches_are_found_whatever_the_case(tmp_path, markup):
    """The page is searched for url( and background before any element is: in any case."""
    found = lint(tmp_path, f"<html><body>{markup}</body></html>")
    assert [f.code for f in found] == ["PRV102"]
