"""Template trees as the sites they render: references, their resolution, the include graph,
pre-commit file lists judged with the project around them, and the tree's cache."""

from __future__ import annotations

import subprocess
import time

import pytest

from conftest import write
from privlint import config as config_mod
from privlint.engine import Linter
from privlint.includes import BUILTIN, COMPUTED, DEFINE, INCLUDE, LAYOUT, Resolver, references


def names(path: str, text: str) -> list[tuple[str, str | None]]:
    return [(r.kind, r.name) for r in references(path, text)]


# --- references ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path, text, expected",
    [
        ("_layouts/base.html", "{%- include footer.html -%}{% include {{ page.x }} %}",
         [(INCLUDE, "footer.html"), (INCLUDE, COMPUTED)]),
        ("index.md", "---\nlayout: post\ntitle: Hi\n---\nText", [(LAYOUT, "post")]),
        ("index.md", "---\nlayout: none\n---\nText", [(BUILTIN, "layout: none")]),
        ("sections/footer.liquid", "{% render 'social-icons', a: b %}{% section 'header' %}{% render block %}",
         [(INCLUDE, "social-icons"), (INCLUDE, "header"), (INCLUDE, COMPUTED)]),
        ("templates/shop.html", '{% extends "base.html" %}{% include "x.html" ignore missing %}{% include tpl %}',
         [(LAYOUT, "base.html"), (INCLUDE, "x.html"), (INCLUDE, COMPUTED)]),
        ("templates/a.html.twig", "{% embed 'card.html.twig' with {} %}{% import 'forms.html.twig' as f %}",
         [(INCLUDE, "card.html.twig"), (INCLUDE, "forms.html.twig")]),
        ("post.hbs", "{{!< default}}{{> footer}}{{> (lookup . 'x')}}{{#> layout}}x{{/layout}}",
         [(LAYOUT, "default"), (INCLUDE, "footer"), (INCLUDE, COMPUTED), (INCLUDE, "layout")]),
        ("layouts/_default/single.html", '{{ define "main" }}{{ partial "toc.html" . }}{{ partial $p . }}{{ end }}',
         [(DEFINE, "main"), (INCLUDE, "toc.html"), (INCLUDE, COMPUTED), (LAYOUT, "baseof")]),
        ("views/page.gohtml", '{{ define "page" }}<html>{{ template "footer" . }}{{ template "nav.tmpl" . }}{{ end }}',
         [(DEFINE, "page"), (INCLUDE, "footer"), (INCLUDE, "nav.tmpl")]),
        ("layouts/baseof.html", '<html>{{ template "_internal/google_analytics.html" . }}{{ block "main" . }}{{ end }}',
         [(BUILTIN, "_internal/google_analytics.html")]),
        ("app/views/orders/show.html.erb", "<%= render 'shared/footer' %><%= render partial: 'form' %><%= render @items %>",
         [(INCLUDE, "shared/footer"), (INCLUDE, "form"), (INCLUDE, COMPUTED), (LAYOUT, "layouts/orders|layouts/application")]),
        ("app/views/orders/_row.html.erb", "<%= render \"line_#{kind}\" %>", [(INCLUDE, COMPUTED)]),
        ("views/page.ejs", "<%- include('partials/footer', {a: 1}) %>", [(INCLUDE, "partials/footer")]),
        ("resources/views/shop.blade.php", "@extends('layouts.app') @include('partials.nav') <x-footer /> @includeWhen($a, 'b.c') <x-slot:title>",
         [(LAYOUT, "layouts.app"), (INCLUDE, "partials.nav"), (INCLUDE, "components.footer"), (INCLUDE, "b.c")]),
        ("shop/contact.php", "<?php require_once __DIR__ . '/init.php'; include 'parts/' . $name . '.php'; include(\"x/$y.php\"); ?>",
         [(INCLUDE, "/init.php"), (INCLUDE, COMPUTED), (INCLUDE, COMPUTED)]),
        ("theme/page.php", "<?php get_header(); get_template_part('parts/content', 'page'); get_footer('shop'); ?>",
         [(INCLUDE, "header.php"), (INCLUDE, "parts/content-page.php|parts/content.php"), (INCLUDE, "footer-shop.php|footer.php")]),
        ("themes/classic/templates/page.tpl", "{extends file='layouts/layout-full-width.tpl'}{include file=$tpl}",
         [(LAYOUT, "layouts/layout-full-width.tpl"), (INCLUDE, COMPUTED)]),
        ("Views/Home/Index.cshtml", '@{ Layout = "_Layout"; }<partial name="_Footer" />', [(LAYOUT, "_Layout"), (INCLUDE, "_Footer")]),
    ],
)
def test_references_keep_literal_names_and_mark_computed_ones(path, text, expected):
    assert names(path, text) == expected


def test_reference_lines_are_the_lines_of_the_code():
    text = "<html>\n<body>\n\n{% include 'nav.html' %}\n<p>\n{% include 'footer.html' %}\n"
    assert [r.line for r in references("templates/base.html", text)] == [4, 6]


@pytest.mark.parametrize(
    "crafted",
    ["{% include " * 20_000, "{{> " * 20_000, "<?php include (" * 20_000, "@include(" * 20_000, "---\n" + "a: b\n" * 20_000],
)
def test_references_are_linear_on_crafted_input(crafted):
    small = crafted[: len(crafted) // 10]
    references("templates/x.html", small)
    start = time.perf_counter()
    references("templates/x.html", small)
    t_small = time.perf_counter() - start
    start = time.perf_counter()
    references("templates/x.html", crafted)
    t_large = time.perf_counter() - start
    assert t_large < max(40 * t_small, 0.5)


# --- resolution ----------------------------------------------------------------------------


def resolve(files: list[str], source: str, text: str) -> list[str | None]:
    resolver = Resolver(files)
    return [resolver.resolve(r, source) for r in references(source, text) if r.kind != DEFINE]


def test_generators_find_their_partials_where_they_keep_them():
    files = ["_includes/footer.html", "_layouts/default.html", "index.md"]
    assert resolve(files, "index.md", "---\nlayout: default\n---\n{% include footer.html %}") == [
        "_layouts/default.html", "_includes/footer.html"]
    shopify = ["layout/theme.liquid", "snippets/icon.liquid", "sections/header.liquid"]
    assert resolve(shopify, "layout/theme.liquid", "{% section 'header' %}{% render 'icon' %}{% render 'gone' %}") == [
        "sections/header.liquid", "snippets/icon.liquid", None]
    rails = ["app/views/shared/_footer.html.erb", "app/views/orders/_form.html.erb", "app/views/layouts/application.html.erb",
             "app/views/orders/new.html.erb"]
    assert resolve(rails, "app/views/orders/new.html.erb", "<%= render 'shared/footer' %><%= render 'form' %>") == [
        "app/views/shared/_footer.html.erb", "app/views/orders/_form.html.erb", "app/views/layouts/application.html.erb"]
    blade = ["resources/views/layouts/app.blade.php", "resources/views/components/footer.blade.php"]
    assert resolve(blade, "resources/views/home.blade.php", "@extends('layouts.app')<x-footer/>") == [
        "resources/views/layouts/app.blade.php", "resources/views/components/footer.blade.php"]
    hugo = ["layouts/_default/baseof.html", "layouts/_default/single.html", "layouts/partials/toc.html"]
    assert resolve(hugo, "layouts/_default/single.html", '{{ define "main" }}{{ partial "toc.html" . }}{{ end }}') == [
        "layouts/partials/toc.html", "layouts/_default/baseof.html"]
    wordpress = ["wp-content/themes/shop/footer.php", "wp-content/themes/shop/page.php"]
    assert resolve(wordpress, "wp-content/themes/shop/page.php", "<?php get_footer('shop'); ?>") == [
        "wp-content/themes/shop/footer.php"]


def test_a_name_is_found_below_a_templates_folder_of_an_app():
    files = ["src/oscar/templates/oscar/layout.html", "src/oscar/templates/oscar/partials/footer.html",
             "src/other/templates/oscar/partials/footer.html.bak"]
    assert resolve(files, "src/oscar/templates/oscar/layout.html", '{% include "oscar/partials/footer.html" %}') == [
        "src/oscar/templates/oscar/partials/footer.html"]


def test_php_paths_are_relative_to_the_including_file_and_never_searched_elsewhere():
    files = ["shop/init.php", "shop/contact.php", "lib/init.php"]
    assert resolve(files, "shop/contact.php", "<?php require 'init.php'; require __DIR__ . '/../lib/init.php'; include 'nav.php'; ?>") == [
        "shop/init.php", "lib/init.php", None]


# --- the tree, through the engine ------------------------------------------------------------


def jekyll(tmp_path, footer: str = '<footer><a href="/about/">About</a></footer>\n'):
    write(tmp_path / "_layouts/default.html",
          "<!DOCTYPE html>\n<html>\n<head>{% include analytics.html %}</head>\n<body>\n{{ content }}\n"
          "{% include footer.html %}\n</body>\n</html>\n")
    write(tmp_path / "_includes/analytics.html",
          '<script async src="https://www.googletagmanager.com/gtag/js?id={{ site.ga }}"></script>\n')
    write(tmp_path / "_includes/footer.html", footer)
    write(tmp_path / "privacy.md", "---\nlayout: default\ntitle: Privacy Policy\n---\nWe use Google Analytics to count visits.\n")
    write(tmp_path / "index.md", "---\nlayout: default\n---\nHello, [shop](/shop/).\n")
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    return tmp_path


def run(paths: list[str], select: list[str] | None = None):
    return Linter(config_mod.Config(), select=select).run(paths)


def test_a_staged_partial_is_judged_with_the_projects_markdown_policy(tmp_path, monkeypatch):
    monkeypatch.chdir(jekyll(tmp_path))
    result = run(["_includes/analytics.html"])
    assert [f.code for f in result.findings] == []  # privacy.md names Google Analytics
    (tmp_path / "privacy.md").write_text("---\nlayout: default\ntitle: Privacy Policy\n---\nWe count nothing.\n")
    found = run(["_includes/analytics.html"]).findings
    assert [(f.code, f.path) for f in found] == [("PRV201", "_includes/analytics.html")]
    assert "the privacy policy (privacy.md) does not name it" in found[0].message
    assert "included by _layouts/default.html; on 2 pages: index.md, privacy.md" in found[0].message


def test_a_footer_without_the_link_is_reported_once_for_its_pages_and_only_when_given(tmp_path, monkeypatch):
    monkeypatch.chdir(jekyll(tmp_path))
    whole = run(["."], ["PRV301"]).findings
    assert [(f.path, f.region.line, f.region.column) for f in whole] == [("_includes/footer.html", 1, 1)]
    assert "1 page rendered with this footer has no link to the privacy policy (index.md)" in whole[0].message
    assert [f.path for f in run(["_includes/footer.html"], ["PRV301"]).findings] == ["_includes/footer.html"]
    assert run(["index.md"], ["PRV301"]).findings == []  # the footer's finding is the footer's, not the page's
    (tmp_path / "_includes/footer.html").write_text('<footer><a href="/privacy/">Privacy</a></footer>\n')
    assert run(["."], ["PRV301"]).findings == []


def test_a_php_page_completed_by_a_file_that_prints_nothing_is_judged(tmp_path, monkeypatch):
    write(tmp_path / "init.php", "<?php\nsession_start();\n")
    write(tmp_path / "contact.php",
          "<?php require_once('init.php'); ?>\n<!DOCTYPE html>\n<html>\n<body>\n<a href='/'>Home</a>\n"
          "<input type='email' name='email'>\n</body>\n</html>\n")
    write(tmp_path / "other.php", "<?php require_once('config/' . $env . '.php'); ?>\n<!DOCTYPE html>\n<html><body>"
          "<a href='/'>Home</a><input type='email' name='email'></body></html>\n")
    monkeypatch.chdir(tmp_path)
    found = run(["."], ["PRV301"]).findings
    assert [(f.path, f.region.line) for f in found] == [("contact.php", 4)]
    assert 'it collects personal data (email field "email")' in found[0].message


def test_a_file_list_outside_any_project_is_judged_alone(tmp_path, monkeypatch):
    write(tmp_path / "page.html.j2", '{% extends "base.html" %}{% block body %}<a href="/">Home</a>{% endblock %}')
    monkeypatch.chdir(tmp_path)
    assert run(["page.html.j2"], ["PRV301"]).findings == []


def test_the_tree_cache_is_used_and_follows_changed_files(tmp_path, monkeypatch):
    monkeypatch.chdir(jekyll(tmp_path))
    run(["_includes/footer.html"], ["PRV301"])
    from privlint.project import cache_dir

    assert list(cache_dir().glob("tree-*.marshal"))
    # A changed layout is read again: its link now covers the page.
    time.sleep(0.01)
    layout = tmp_path / "_layouts/default.html"
    layout.write_text(layout.read_text().replace("<body>", '<body><a href="/privacy/">Privacy policy</a>'))
    assert run(["_includes/footer.html"], ["PRV301"]).findings == []


def test_a_corrupt_cache_is_ignored(tmp_path, monkeypatch):
    monkeypatch.chdir(jekyll(tmp_path))
    run(["_includes/footer.html"], ["PRV301"])
    from privlint.project import cache_dir

    for cache in cache_dir().glob("tree-*.marshal"):
        cache.write_bytes(b"\x00garbage")
    assert [f.path for f in run(["_includes/footer.html"], ["PRV301"]).findings] == ["_includes/footer.html"]


def test_a_layout_that_no_page_uses_is_unknown_where_its_slot_stands(tmp_path, monkeypatch):
    # Shopify's layout/theme.liquid renders every template (JSON, not read) in content_for_layout.
    write(tmp_path / "layout/theme.liquid", "<!DOCTYPE html>\n<html>\n<body>\n<a href='/'>Home</a>\n"
          "{{ content_for_layout }}\n</body>\n</html>\n")
    write(tmp_path / "layout/plain.liquid", "<!DOCTYPE html>\n<html>\n<body>\n<a href='/'>Home</a>\n</body>\n</html>\n")
    monkeypatch.chdir(tmp_path)
    found = run(["."], ["PRV301"]).findings
    assert [f.path for f in found] == ["layout/plain.liquid"]


def test_a_cache_of_the_right_shape_but_wrong_contents_is_read_again(tmp_path, monkeypatch):
    import marshal

    monkeypatch.chdir(jekyll(tmp_path))
    run(["_includes/footer.html"], ["PRV301"])
    from privlint.project import cache_dir

    rewritten = 0
    for cache in cache_dir().glob("tree-*.marshal"):
        try:
            entries = marshal.loads(cache.read_bytes())
        except ValueError:
            continue  # another test's garbage
        cache.write_bytes(marshal.dumps({k: (v[0], ("bad",), ("x", 1)) for k, v in entries.items()}))
        rewritten += 1
    assert rewritten
    assert [f.path for f in run(["_includes/footer.html"], ["PRV301"]).findings] == ["_includes/footer.html"]


# --- settings that decide what renders -------------------------------------------------------


def test_setting_guards_are_plain_site_conditions():
    from privlint.includes import setting_guards

    text = ("{% if site.a == 1 %}x{% endif %}\n{% if site.a or site.b %}y{% endif %}\n"
            "{% if jekyll.environment == 'production' and site.c and site.d.e %}\nz\n{% else %}\nw\n{% endif %}\n"
            "{% unless site.f %}v{% endunless %}\n")
    assert setting_guards(text) == [(3, 5, ("c", "d.e"))]


def test_jekyll_settings_are_the_keys_any_config_file_sets(tmp_path):
    from privlint.project import jekyll_settings

    assert jekyll_settings(tmp_path) is None
    write(tmp_path / "_config.yml", "title: Shop\ngoogle_analytics:\nfacebook_pixel: false\ndisqus:\n  shortname: blog\n"
          "plugins:\n  - jekyll-feed\nminima:\n  social_links: []\n# matomo: 1\n")
    write(tmp_path / "_config_production.yml", "matomo_site: '7'  # production only\n"
          "analytics: {provider: google, id: ''}\n\"quoted_key\": on_\n")
    assert jekyll_settings(tmp_path) == frozenset({"title", "disqus", "disqus.shortname", "plugins", "matomo_site",
                                                   "analytics", "analytics.provider", "quoted_key"})


def test_a_partial_the_settings_switch_off_is_not_judged_and_one_they_switch_on_is(tmp_path, monkeypatch):
    write(tmp_path / "_layouts/default.html",
          "<!DOCTYPE html>\n<html>\n<head>\n{% if site.ga %}{% include ga.html %}{% endif %}\n</head>\n<body>\n"
          "{{ content }}\n{% include comments.html %}\n</body>\n</html>\n")
    write(tmp_path / "_includes/ga.html", '<script async src="https://www.googletagmanager.com/gtag/js?id={{ site.ga }}"></script>\n')
    write(tmp_path / "_includes/comments.html",
          "{% if site.disqus.shortname %}\n<script>var disqus_config = function () {};</script>\n"
          '<script src="https://{{ site.disqus.shortname }}.disqus.com/embed.js"></script>\n{% endif %}\n'
          '<script async src="https://www.googletagmanager.com/gtag/js?id=G-ALWAYS"></script>\n')
    write(tmp_path / "index.md", "---\nlayout: default\n---\nHello.\n")
    write(tmp_path / "_config.yml", "title: Shop\n")
    monkeypatch.chdir(tmp_path)
    found = run(["."], ["PRV201"]).findings
    assert [(f.path, f.region.line) for f in found] == [("_includes/comments.html", 5)]  # the unguarded one only
    write(tmp_path / "_config.yml", "title: Shop\nga: G-1\ndisqus:\n  shortname: shop\n")
    found = run(["."], ["PRV201"]).findings
    assert sorted((f.path, f.region.line) for f in found) == [
        ("_includes/comments.html", 2), ("_includes/comments.html", 5), ("_includes/ga.html", 1)]
    (tmp_path / "_config.yml").unlink()  # no configuration read: everything may render
    assert len(run(["."], ["PRV201"]).findings) == 3


YOUTUBE, VIMEO = ("youtube", "www.youtube.com"), ("vimeo", "0")


@pytest.mark.parametrize(
    "name, config, expected",
    [
        ("hugo.toml", '[services.googleAnalytics]\nID = "G-1"\n[services.disqus]\nshortname = "blog"\n',
         (("google_analytics", "G-1"), ("disqus", "blog"), YOUTUBE, VIMEO)),
        ("config.toml", 'googleAnalytics = "UA-1-1"\ndisqusShortname = "old"\n[privacy.disqus]\ndisable = true\n',
         (("google_analytics", "UA-1-1"), YOUTUBE, VIMEO)),
        ("hugo.yaml", "services:\n  googleAnalytics:\n    id: 'G-2'  # the tag\nprivacy:\n  googleAnalytics:\n    disable: false\n"
         "  youtube:\n    privacyEnhanced: true\n  vimeo:\n    enableDNT: true\n",
         (("google_analytics", "G-2"), ("youtube", "www.youtube-nocookie.com"), ("vimeo", "1"))),
        ("hugo.json", '{"services": {"googleAnalytics": {"ID": "G-3"}}, "privacy": {"googleAnalytics": {"disable": true},'
         ' "youtube": {"disable": true}, "vimeo": {"simple": true}}}', ()),
        ("hugo.toml", "title = 'no services'\n", (YOUTUBE, VIMEO)),
        ("hugo.toml", "not = [valid toml", ()),
    ],
)
def test_hugo_services_are_what_the_site_configuration_sets(tmp_path, name, config, expected):
    from privlint.readers.hugo import services

    write(tmp_path / name, config)
    assert services(tmp_path) == expected


def test_hugo_content_files_are_read_for_their_embedded_shortcodes_only(tmp_path, monkeypatch):
    write(tmp_path / "hugo.toml", "title = 'Blog'\n")
    write(tmp_path / "content/posts/trip.md", "---\ntitle: Trip\n---\nThe video:\n\n{{< youtube w7Ft2ymGmfc >}}\n\n"
          'And {{< vimeo id="146022717" title="x" >}}.\n<form action="http://x.example.com"><input name="email"></form>\n')
    write(tmp_path / "README.md", '<iframe src="https://www.youtube.com/embed/x"></iframe>\n')
    monkeypatch.chdir(tmp_path)
    found = run(["."]).findings
    assert [(f.path, f.region.line, f.region.column, f.code) for f in found] == [
        ("content/posts/trip.md", 6, 1, "PRV203"), ("content/posts/trip.md", 8, 5, "PRV203")]
    write(tmp_path / "hugo.toml", "title = 'Blog'\n[privacy.youtube]\nprivacyEnhanced = true\n[privacy.vimeo]\nenableDNT = true\n")
    assert run(["."]).findings == []


def test_hugos_embedded_templates_render_what_the_settings_say(tmp_path, monkeypatch):
    write(tmp_path / "layouts/baseof.html", "<!DOCTYPE html>\n<html>\n<head>\n{{ partial \"google_analytics.html\" . }}\n"
          "{{ template \"_internal/disqus.html\" . }}\n</head>\n<body><a href=\"/privacy/\">Privacy</a>\n"
          "{{ block \"main\" . }}{{ end }}</body>\n</html>\n")
    monkeypatch.chdir(tmp_path)
    assert run(["."], ["PRV201", "PRV301"]).findings == []  # no settings: they render nothing
    write(tmp_path / "hugo.toml", '[services.googleAnalytics]\nID = "G-HUGO1"\n[services.disqus]\nshortname = "myblog"\n')
    found = run(["."], ["PRV201"]).findings
    assert [(f.region.line, f.region.column) for f in found] == [(4, 1), (5, 1)]
    assert "Google" in found[0].message and "Disqus" in found[1].message
    write(tmp_path / "hugo.toml", '[services.googleAnalytics]\nID = "G-HUGO1"\n[privacy.googleAnalytics]\ndisable = true\n')
    assert run(["."], ["PRV201"]).findings == []


def test_a_shopify_themes_policy_is_the_shops_and_its_text_unknown(tmp_path, monkeypatch):
    write(tmp_path / "layout/theme.liquid", "<!DOCTYPE html>\n<html>\n<head>\n"
          '<script async src="https://www.googletagmanager.com/gtag/js?id=G-SHOP1"></script>\n</head>\n<body>\n'
          "{{ content_for_layout }}\n</body>\n</html>\n")
    monkeypatch.chdir(tmp_path)
    found = run(["."], ["PRV201"]).findings
    assert len(found) == 1
    assert "the privacy policy (shop.privacy_policy) is written in the shop's Shopify admin" in found[0].message


def test_a_markdown_policy_is_found_by_its_heading(tmp_path, monkeypatch):
    jekyll(tmp_path)
    (tmp_path / "privacy.md").unlink()
    write(tmp_path / "legal/data.md", "---\nlayout: default\n---\n# Privacy Policy\n\nWe use Google Analytics.\n")
    monkeypatch.chdir(tmp_path)
    assert run(["_includes/analytics.html"]).findings == []


def test_eleventy_directory_data_gives_its_folders_content_a_layout(tmp_path, monkeypatch):
    write(tmp_path / "eleventy.config.js", "export default function (config) {}\n")
    write(tmp_path / "_includes/layouts/post.njk", "<!DOCTYPE html>\n<html>\n<body>\n<a href='/'>Home</a>\n{{ content | safe }}\n"
          "{% include 'footer.njk' %}\n</body>\n</html>\n")
    write(tmp_path / "_includes/footer.njk", "<footer><a href='/about/'>About</a></footer>\n")
    write(tmp_path / "posts/posts.json", '{"layout": "layouts/post.njk", "tags": "posts"}\n')
    write(tmp_path / "posts/2026/first.md", "---\ntitle: First\n---\nHello.\n")
    write(tmp_path / "posts/second.md", "---\ntitle: Second\nlayout: none\n---\nBare.\n")
    monkeypatch.chdir(tmp_path)
    found = run(["."], ["PRV301"]).findings
    assert [f.path for f in found] == ["_includes/footer.njk"]
    assert "(posts/2026/first.md)" in found[0].message


def test_go_templates_follow_named_templates_to_the_file_that_defines_them(tmp_path, monkeypatch):
    write(tmp_path / "views/layout.gohtml", '{{ define "layout" }}<!DOCTYPE html>\n<html>\n<body>\n<a href="/">Home</a>\n'
          '{{ template "content" . }}\n{{ template "footer" . }}\n</body>\n</html>\n{{ end }}\n')
    write(tmp_path / "views/footer.gohtml", '{{ define "footer" }}\n<footer><a href="/about">About</a></footer>\n{{ end }}\n')
    write(tmp_path / "views/home.gohtml", '{{ template "layout" . }}\n{{ define "content" }}<p>Hi</p>{{ end }}\n')
    write(tmp_path / "views/shop.gohtml", '{{ template "layout" . }}\n{{ define "content" }}<p>Shop</p>{{ end }}\n')
    monkeypatch.chdir(tmp_path)
    found = run(["."], ["PRV301"]).findings
    assert [f.path for f in found] == ["views/footer.gohtml"]
    assert "2 pages rendered with this footer" in found[0].message
    (tmp_path / "views/footer.gohtml").write_text('{{ define "footer" }}<footer><a href="/privacy">Privacy policy</a></footer>{{ end }}\n')
    assert run(["."], ["PRV301"]).findings == []


def test_a_file_list_never_takes_code_named_privacy_for_the_policy(tmp_path, monkeypatch):
    write(tmp_path / "sdk/Privacy.php", "<?php\n/* Copyright Facebook, Inc. */\nclass Privacy { }\n")
    write(tmp_path / "pixel.php", "<?php\nfunction pixel() {\n  echo \"<script>fbq('init', '1'); fbq('track', 'PageView');</script>\";\n}\n")
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    monkeypatch.chdir(tmp_path)
    found = run(["pixel.php"], ["PRV201"]).findings
    assert [f.message.partition(": ")[2][:29] for f in found] == ["no privacy policy was found a"]


def test_a_rails_view_whose_controller_picks_a_layout_has_that_layout_unknown(tmp_path, monkeypatch):
    write(tmp_path / "app/controllers/application_controller.rb", "class ApplicationController < ActionController::Base\nend\n")
    write(tmp_path / "app/controllers/orders_controller.rb", 'class OrdersController < ApplicationController\n  layout "shop"\nend\n')
    write(tmp_path / "app/controllers/pages_controller.rb", "class PagesController < ApplicationController\nend\n")
    write(tmp_path / "app/views/layouts/application.html.erb", "<!DOCTYPE html>\n<html>\n<body>\n<a href='/'>Home</a>\n<%= yield %>\n</body>\n</html>\n")
    write(tmp_path / "app/views/layouts/shop.html.erb", "<!DOCTYPE html>\n<html>\n<body>\n<a href='/'>Home</a>\n<%= yield %>\n"
          "<%= content_for?(:footer) ? yield(:footer) : render(\"shared/footer\") %>\n</body>\n</html>\n")
    write(tmp_path / "app/views/shared/_footer.html.erb", '<footer><%= link_to "Privacy policy", privacy_path %></footer>\n')
    write(tmp_path / "app/views/orders/new.html.erb", '<%= form_with url: "/orders" do |f| %><%= f.email_field :email %><% end %>\n')
    write(tmp_path / "app/views/pages/about.html.erb", "<p>About</p>\n")
    write(tmp_path / "app/views/devise/sessions/new.html.erb", "<p>Sign in</p>\n")  # an engine's controller
    monkeypatch.chdir(tmp_path)
    found = run(["."], ["PRV301"]).findings
    assert [(f.path, f.message.split(" (")[1].split(")")[0]) for f in found] == [
        ("app/views/layouts/application.html.erb", "app/views/pages/about.html.erb")]


def test_twig_include_functions_and_jekylls_cached_includes_are_references():
    assert names("templates/base.html.twig", "{{ include('partials/footer.html.twig') }}{{ source('x.svg') }}") == [
        (INCLUDE, "partials/footer.html.twig"), (INCLUDE, "x.svg")]
    assert names("_layouts/default.html", "{% include_cached footer.html %}") == [(INCLUDE, "footer.html")]


def test_includes_in_comments_raw_blocks_and_php_prose_name_nothing():
    assert names("templates/base.html", '{# {% include "old.html" %} #}{% raw %}{% include "x.html" %}{% endraw %}'
                 '{% include "footer.html" %}') == [(INCLUDE, "footer.html")]
    assert names("contact.php", "<p>All prices include VAT; shipping is free.</p><?php include 'nav.php'; ?>") == [
        (INCLUDE, "nav.php")]
    assert names("app/views/x/_a.html.erb", "<%# render 'old' %><%= t ? yield(:x) : render('shared/nav') %>") == [
        (INCLUDE, "shared/nav")]


def test_a_tracker_in_a_layout_is_said_to_be_in_the_layout(tmp_path, monkeypatch):
    jekyll(tmp_path)
    layout = tmp_path / "_layouts/default.html"
    layout.write_text(layout.read_text().replace("{% include analytics.html %}",
                      '<script async src="https://www.googletagmanager.com/gtag/js?id=G-L"></script>'))
    (tmp_path / "privacy.md").write_text("---\nlayout: default\ntitle: Privacy Policy\n---\nNothing.\n")
    monkeypatch.chdir(tmp_path)
    (tmp_path / "_includes/analytics.html").unlink()
    found = run(["."], ["PRV201"]).findings
    assert [f.path for f in found] == ["_layouts/default.html"]
    assert "in this layout (on 2 pages: index.md, privacy.md)" in found[0].message


def test_a_jekyll_site_in_a_folder_of_the_repository_has_its_own_settings(tmp_path, monkeypatch):
    site = tmp_path / "docs"
    write(site / "_config.yml", "title: Docs\n")
    write(site / "_layouts/default.html", "<!DOCTYPE html>\n<html>\n<head>{% if site.google_analytics %}"
          "{% include analytics.html %}{% endif %}</head>\n<body>{{ content }}</body>\n</html>\n")
    write(site / "_includes/analytics.html", '<script async src="https://www.googletagmanager.com/gtag/js?id=G-D"></script>\n')
    write(site / "index.md", "---\nlayout: default\n---\nDocs.\n")
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    monkeypatch.chdir(tmp_path)
    assert run(["docs"], ["PRV201"]).findings == []
    assert run(["docs/_includes/analytics.html"], ["PRV201"]).findings == []


def test_cached_nodes_are_shown_from_the_current_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(jekyll(tmp_path))
    run(["_layouts/default.html"], ["PRV301"])
    monkeypatch.chdir(tmp_path / "_includes")
    found = run(["footer.html"], ["PRV301"]).findings
    assert "(../index.md)" in found[0].message


def test_cache_entries_of_any_shape_are_replaced_and_deep_configurations_read_as_none(tmp_path, monkeypatch):
    import marshal

    from privlint.project import cache_dir
    from privlint.readers.hugo import services

    monkeypatch.chdir(jekyll(tmp_path))
    run(["_includes/footer.html"], ["PRV301"])
    rewritten = 0
    for cache in cache_dir().glob("tree-*.marshal"):
        try:
            entries = marshal.loads(cache.read_bytes())
        except ValueError:
            continue
        cache.write_bytes(marshal.dumps({k: (7 if i % 2 else [1, 2]) for i, k in enumerate(entries)}))
        rewritten += 1
    assert rewritten
    assert [f.path for f in run(["_includes/footer.html"], ["PRV301"]).findings] == ["_includes/footer.html"]
    deep = tmp_path / "deep"
    write(deep / "hugo.toml", "[" + ".".join(["a"] * 600) + "]\nx = 1\n")
    assert services(deep) == ()
