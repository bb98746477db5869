"""PRV203 third-party-embed, and what the page analysis records for it: URLs, what holds a load
back (a <template>, a click handler, data-src without a lazy loader), <style> @import and
<link rel="preload">, and stylesheets of the build."""

from __future__ import annotations

from pathlib import Path

import pytest

from privlint import config as config_mod
from privlint import registry, trackers
from privlint.checks.third_party_embed import embeds
from privlint.engine import Linter

PRIVACY = '<footer><a href="/privacy/">Privacy policy</a></footer>'


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def facts(tmp_path: Path, body: str, name: str = "page.html"):
    path = write(tmp_path / name, body)
    linter = Linter(config_mod.Config(base_dir=tmp_path), select=["PRV203"], cwd=tmp_path)
    return linter.lint_file(path, name)[1]


def lint(tmp_path: Path, files: dict[str, str], config: str = "", select: tuple[str, ...] = ("PRV203",)):
    for name, text in files.items():
        write(tmp_path / "site" / name, text)
    conf = config_mod.load(write(tmp_path / "privlint.toml", config)) if config else config_mod.Config(base_dir=tmp_path)
    return Linter(conf, select=list(select), cwd=tmp_path).run([str(tmp_path / "site")]).findings


def page(body: str, head: str = "") -> str:
    return f"<!doctype html><html><head>{head}</head><body>{body}{PRIVACY}</body></html>"


# --- the page analysis ---------------------------------------------------------------------


def test_style_import_is_recorded_at_the_url(tmp_path):
    found = facts(tmp_path, "<style>\n  body{}\n  @import url('https://fonts.googleapis.com/css2?family=Lora');\n</style>")
    [use] = found.trackers
    assert (use.service, use.how, use.region.line, use.region.column) == ("google-fonts", "stylesheet", 3, 16)
    assert use.url == "https://fonts.googleapis.com/css2?family=Lora"


def test_style_text_in_comments_and_strings_is_not_a_fetch(tmp_path):
    css = "/* @import url(https://fonts.googleapis.com/css) */ .a::before{content:'url(https://fonts.gstatic.com/x)'}"
    assert facts(tmp_path, f"<style>{css}</style>").trackers == []


@pytest.mark.parametrize(
    "link, recorded",
    [
        ('<link rel="preload" as="style" href="https://fonts.googleapis.com/css2?family=Inter">', True),
        ('<link rel="preload" as="font" href="https://fonts.gstatic.com/s/inter/v1/a.woff2" crossorigin>', True),
        ('<link rel="preload" as="script" href="https://www.googletagmanager.com/gtm.js?id=GTM-ABCD12">', False),
        ('<link rel="preconnect" href="https://fonts.gstatic.com">', False),
        ('<link rel="dns-prefetch" href="https://fonts.googleapis.com">', False),
    ],
)
def test_links_that_fetch_a_stylesheet_or_font(tmp_path, link, recorded):
    assert bool(facts(tmp_path, link).trackers) is recorded


@pytest.mark.parametrize(
    "markup, waits",
    [
        ('<iframe src="https://www.youtube.com/embed/a"></iframe>', ""),
        ('<template><iframe src="https://www.youtube.com/embed/a"></iframe></template>', "template"),
        ('<iframe data-src="https://www.youtube.com/embed/a"></iframe>', "script"),
        ('<iframe class="lazyload" data-src="https://www.youtube.com/embed/a"></iframe>', ""),
        ('<iframe class="rocket-lazyload" data-lazy-src="https://www.youtube.com/embed/a"></iframe>', ""),
        ('<img data-src="https://secure.gravatar.com/avatar/abc" loading="lazy">', ""),
        ('<iframe data-src="https://www.youtube.com/embed/a" data-cookieconsent="marketing"></iframe>', ""),
    ],
)
def test_what_holds_an_element_back(tmp_path, markup, waits):
    [use] = facts(tmp_path, markup).trackers
    assert use.waits_for == waits


def test_a_loader_inside_a_click_handler_waits_for_the_click(tmp_path):
    clicked = """<script>
      btn.addEventListener('click', function () {
        var s = document.createElement('script'); s.src = 'https://x.disqus.com/embed.js'; document.body.appendChild(s);
      });</script>"""
    assert [u.waits_for for u in facts(tmp_path, clicked).trackers] == ["click"]


def test_a_handler_registered_after_the_loader_does_not_hold_it(tmp_path):
    first = """<script>
      var s = document.createElement('script'); s.src = 'https://x.disqus.com/embed.js'; document.body.appendChild(s);
      btn.addEventListener('click', toggleMenu);</script>"""
    assert [u.waits_for for u in facts(tmp_path, first).trackers] == [""]


def test_vimeo_with_dnt_is_its_own_service(tmp_path):
    found = facts(tmp_path, '<iframe src="https://player.vimeo.com/video/1?h=a&amp;dnt=1"></iframe>'
                            '<iframe src="https://player.vimeo.com/video/2"></iframe>'
                            "<script>new Vimeo.Player('x', {id: 3, dnt: true});</script>")
    assert [u.service for u in found.trackers] == ["vimeo-dnt", "vimeo", "vimeo-dnt"]


# --- the rule ----------------------------------------------------------------------------


def test_one_finding_per_service_and_page_with_the_count(tmp_path):
    avatars = "".join(f'<img src="https://secure.gravatar.com/avatar/{n}?s=40">' for n in range(3))
    findings = lint(tmp_path, {"index.html": page(avatars)})
    [finding] = findings
    assert "Gravatar: image from secure.gravatar.com" in finding.message
    assert "(2 more on this page)" in finding.message


def test_privacy_modes_and_held_embeds_are_quiet(tmp_path):
    body = """
      <iframe src="https://www.youtube-nocookie.com/embed/a"></iframe>
      <iframe src="https://player.vimeo.com/video/1?dnt=1"></iframe>
      <script src="https://player.vimeo.com/api/player.js"></script>
      <template><iframe src="https://www.youtube.com/embed/b"></iframe></template>
      <iframe data-src="https://www.google.com/maps/embed?pb=x" class="js-click-to-load"></iframe>
      <noscript><iframe src="https://www.youtube.com/embed/c"></iframe></noscript>
      <script type="text/plain" data-cookieconsent="marketing" src="https://platform.twitter.com/widgets.js"></script>
      <iframe src="https://{{ host }}/embed/d"></iframe>
      <iframe src="https://player.vimeo.com/video/{{ id }}?{{ params }}"></iframe>"""
    assert lint(tmp_path, {"index.html": page(body)}) == []


def test_vimeo_with_a_templated_path_is_still_reported(tmp_path):
    findings = lint(tmp_path, {"video.html": page('<iframe src="https://player.vimeo.com/video/{{ id }}"></iframe>')})
    assert [f.message.split(":")[0] for f in findings] == ["Vimeo"]


def test_a_consent_site_leaves_cookie_setting_embeds_to_prv202(tmp_path):
    head = '<script id="Cookiebot" src="https://consent.cookiebot.com/uc.js" data-cbid="x"></script>'
    body = ('<iframe src="https://www.youtube.com/embed/a"></iframe>'
            '<link rel="stylesheet" href="https://fonts.googleapis.com/css2?family=Inter">')
    files = {"index.html": page(body, head)}
    embed = lint(tmp_path / "a", files)
    consent = lint(tmp_path / "b", files, select=("PRV202",))
    assert [f.message.split(":")[0] for f in embed] == ["Google Fonts"]
    assert [f.message.split(" ")[0] for f in consent] == ["YouTube"]


def test_an_auto_blocking_manager_holds_what_comes_after_it(tmp_path):
    head = ('<script id="Cookiebot" src="https://consent.cookiebot.com/uc.js" data-cbid="x" data-blockingmode="auto">'
            '</script><link rel="stylesheet" href="https://fonts.googleapis.com/css2?family=Inter">')
    assert lint(tmp_path, {"index.html": page("", head)}) == []


def test_consent_required_setting_also_hands_embeds_to_prv202(tmp_path):
    files = {"index.html": page('<iframe src="https://www.youtube.com/embed/a"></iframe>')}
    assert lint(tmp_path, files, config='consent = "required"\n') == []


def test_allow_option(tmp_path):
    body = ('<iframe src="https://www.google.com/maps/embed?pb=x"></iframe>'
            '<link rel="stylesheet" href="https://fonts.googleapis.com/css2?family=Inter">')
    config = '[rules.PRV203]\nallow = ["google-maps"]\n'
    assert [f.message.split(":")[0] for f in lint(tmp_path, {"index.html": page(body)}, config)] == ["Google Fonts"]


def test_stylesheets_of_the_build(tmp_path):
    css = (
        '@import "https://fonts.googleapis.com/css?family=Open+Sans";\n'
        "@font-face { src: url(https://fonts.gstatic.com/s/a.woff2); }\n"
        "@font-face { src: url(https://fonts.gstatic.com/s/b.woff2); }\n"
        '.x { background: url("/img/x.png"); }\n'
    )
    [finding] = lint(tmp_path, {"css/site.css": css})
    assert (finding.path, finding.region.line, finding.region.column) == ("site/css/site.css", 1, 10)
    assert "@import of fonts.googleapis.com" in finding.message and "(2 more in it)" in finding.message


def test_stylesheets_of_the_first_party_are_not_reported(tmp_path):
    css = "@font-face { src: url(https://fonts.gstatic.com/s/a.woff2); }\n"
    assert lint(tmp_path, {"css/site.css": css}, config='first-party = ["gstatic.com"]\n') == []


# --- the data --------------------------------------------------------------------------


def test_every_embed_is_a_known_service_and_an_option_choice():
    services = trackers.builtin().services
    table = embeds()
    assert set(table) <= set(services)
    rule = registry.by_code_or_name("PRV203")
    assert set(rule.options["allow"].choices) == set(table)
    # A privacy mode is the alternative, never something to report.
    assert not {"youtube-nocookie", "vimeo-dnt"} & set(table)
    assert {services[s].category for s in table} <= {"embed", "fonts", "social"}


def test_configuration_before_a_click_to_load_handler(tmp_path):
    """Disqus' configuration comes first; the loader, with a templated host, runs on click."""
    code = """<script>
      var disqus_config = function () { this.page.identifier = 'a'; };
      document.getElementById('show').addEventListener('click', function () {
        var d = document, s = d.createElement('script');
        s.src = 'https://' + shortname + '.disqus.com/embed.js';
        (d.head || d.body).appendChild(s);
      });</script>"""
    assert [u.waits_for for u in facts(tmp_path, code).trackers] == ["click"]
    loaded_first = code.replace("document.getElementById('show').addEventListener('click', function () {", "(function () {")
    assert [u.waits_for for u in facts(tmp_path, loaded_first.replace("});</script>", "})();</script>")).trackers] == [""]


def test_a_static_maps_image_is_reported_without_advising_a_static_image_from_google(tmp_path):
    img = '<img src="https://maps.googleapis.com/maps/api/staticmap?center=Lyon&size=600x300&key=AIzaX" alt="Map">'
    [finding] = lint(tmp_path, {"index.html": page(img)})
    assert finding.message.startswith("Google Maps: image from maps.googleapis.com loads before the visitor asks")
    assert "served from your own site" in finding.message and "Static Maps image still comes from Google" in finding.message
