"""The Vue, Svelte and Astro readers: where findings land in the file, what bound and computed
values mean to the rules, components, directives in each language's comments, and hostile
input (linear time, never a traceback)."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from privlint import config as config_mod
from privlint import template
from privlint.engine import Linter
from privlint.readers import ReadOptions
from privlint.readers.astro import read_astro
from privlint.readers.svelte import read_svelte
from privlint.readers.vue import read_vue

READERS = {".vue": read_vue, ".svelte": read_svelte, ".astro": read_astro}


def lint(tmp_path: Path, name: str, text: str, select=("PRV101",), config: config_mod.Config | None = None):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    linter = Linter(config or config_mod.Config(base_dir=tmp_path), select=list(select), cwd=tmp_path,
                    all_occurrences=True)
    return linter.run([str(path)])


def places(result) -> list[tuple[str, int, int]]:
    return [(f.code, f.region.line, f.region.column) for f in result.findings]


# --- Vue ---------------------------------------------------------------------------------

VUE_FORMS = """<template>
  <div>
    <form action="http://a.example/x" method="post"><input type="email" name="email"></form>
    <form :action="'http://b.example/x'"><input type="email" name="email"></form>
    <form :action="url"><input type="email" name="email"></form>
    <form action="http://c.example/x" :action="url"><input type="email" name="email"></form>
    <form action="https://d.example/x" v-bind:action="'http://d.example/x'"><input name="email"></form>
  </div>
</template>
"""


def test_vue_findings_point_at_the_attribute_in_the_file(tmp_path):
    result = lint(tmp_path, "Form.vue", VUE_FORMS)
    assert places(result) == [("PRV101", 3, 11), ("PRV101", 4, 11), ("PRV101", 7, 40)]
    (first, second, third) = result.findings
    assert (first.region.end_line, first.region.end_column) == (3, 38)
    assert second.region.end_column == 41  # the whole :action="..." of the file


def test_vue_bound_values_are_unknown_and_override_the_static_one(tmp_path):
    reading = read_vue(VUE_FORMS, ReadOptions())
    lines = reading.source.split("\n")
    assert 'action="' + template.MARK in lines[4]
    assert "c.example" not in reading.source  # the static action lost to the bound one
    assert 'action="http://d.example/x"' in reading.source


def test_vue_class_and_style_join_the_static_and_the_bound_value():
    reading = read_vue('<template><p class="a" :class="b" style="c" :style="d">x</p></template>', ReadOptions())
    assert reading.source.count("class=") == 1 and 'class="a ' + template.MARK in reading.source
    assert reading.source.count("style=") == 1


def test_vue_events_and_directives_render_no_attribute():
    reading = read_vue('<template><a href="/x" @click="go" v-on:keyup="k" v-once #default>x</a></template>',
                       ReadOptions())
    assert "click" not in reading.source and "keyup" not in reading.source and "v-once" not in reading.source


def test_vue_v_model_makes_the_value_or_the_box_unknown(tmp_path):
    text = """<template>
  <form method="post" action="/account">
    <input type="email" name="email" v-model="email">
    <label><input type="checkbox" name="newsletter" v-model="news" checked> Send me the newsletter</label>
    <label><input type="checkbox" name="offers" checked> Send me special offers</label>
  </form>
</template>
"""
    assert places(lint(tmp_path, "Signup.vue", text, select=("PRV304",))) == [("PRV304", 5, 49)]
    reading = read_vue(text, ReadOptions())
    assert 'value="' + template.MARK in reading.source
    assert 'checked="' + template.MARK in reading.source


def test_vue_v_if_is_a_block_marker_before_the_element_like_a_template_if(tmp_path):
    vue = """<template>
  <section class="newsletter">
    <h2>Fresh</h2>
    <form v-if="open" action="/newsletter" method="post"><input type="email" name="email"></form>
    <p v-else>Thanks</p>
  </section>
</template>
"""
    reading = read_vue(vue, ReadOptions())
    line = reading.source.split("\n")[3]
    assert line.lstrip().startswith(template.MARK) and "v-if" not in line
    jinja = vue.replace("<template>\n", "").replace("</template>\n", "").replace('<form v-if="open"', "{% if open %}<form").replace("<p v-else>Thanks</p>", "{% else %}<p>Thanks</p>{% endif %}")
    assert places(lint(tmp_path, "a.vue", vue, select=("PRV305",))) == [("PRV305", 4, 5)]
    assert [f.code for f in lint(tmp_path, "a.html.j2", jinja, select=("PRV305",)).findings] == ["PRV305"]


def test_vue_v_html_literal_is_content_and_otherwise_unknown(tmp_path):
    text = """<template>
  <div v-html="'<img src=&quot;x&quot;>'"></div>
  <div v-html="'<form action=\\'http://x.example/\\'></form>'"></div>
  <div v-html="'<iframe src=http://e.example/></iframe>'"></div>
  <div v-html="html"></div>
</template>
"""
    reading = read_vue(text, ReadOptions())
    assert "<iframe src=http://e.example/>" in reading.source
    assert places(lint(tmp_path, "a.vue", text, select=("PRV102",))) == [("PRV102", 4, 25)]


def test_vue_scripts_are_scripts_and_their_comments_hold_directives(tmp_path):
    text = """<template><p>Hi</p></template>
<script setup>
useHead({ script: [
  // privlint-disable-next-line PRV201 -- named in the policy of the parent site
  { src: 'https://www.clarity.ms/tag/abcdef1234' },
  { src: 'https://cdn.amplitude.com/libs/analytics-browser-2.11.1-min.js.gz' },
] })
</script>
"""
    result = lint(tmp_path, "App.vue", text, select=("PRV201",))
    assert [(f.code, f.region.line) for f in result.findings] == [("PRV201", 6)]
    assert [s.finding.code for s in result.suppressed] == ["PRV201"]


def test_vue_template_comments_hold_directives(tmp_path):
    text = """<template>
  <!-- privlint-disable-next-line PRV101 -- staging -->
  <form action="http://a.example/x"><input name="email"></form>
</template>
"""
    assert lint(tmp_path, "a.vue", text).findings == []


def test_markup_in_comments_and_strings_is_no_markup(tmp_path):
    vue = """<template>
  <!-- <form action="http://a.example/x"> -->
  <p>{{ '<form action="http://b.example/x">' }}</p>
</template>
<script>const s = '<form action="http://c.example/x"><input name="e"></form>'</script>
"""
    assert lint(tmp_path, "a.vue", vue).findings == []
    svelte = '<!-- <form action="http://a.example/x"> -->\n<p>{\'<form action="http://b.example/">\'}</p>\n'
    assert lint(tmp_path, "a.svelte", svelte).findings == []


# --- components --------------------------------------------------------------------------


def test_a_configured_component_renders_its_element(tmp_path):
    text = """<template>
  <form action="/pay" method="post">
    <TextField name="card_number" :placeholder="t('card')" />
    <text-field name="cvc" @input="x" />
  </form>
</template>
"""
    reading = read_vue(text, ReadOptions(components=(("TextField", "input"),)))
    assert reading.source.count("<input") == 2
    config = config_mod.Config(base_dir=tmp_path)
    config.components = {"TextField": "input"}
    result = lint(tmp_path, "Pay.vue", text, select=("PRV401",), config=config)
    assert places(result) == [("PRV401", 3, 5), ("PRV401", 4, 5)]


def test_a_known_component_from_the_data_renders_its_element():
    text = """<script>
import Link from 'next/link';
</script>
<Link to="/privacy">Privacy</Link>
<NuxtLink to="/privacy">Privacy</NuxtLink>
"""
    reading = read_svelte(text, ReadOptions())
    assert '<a href="/privacy">' in reading.source


@pytest.mark.parametrize(
    "name, text",
    [
        ("Pay.vue", '<template>\n<section>\n<CheckoutForm>\n<input name="card_number">\n</CheckoutForm>\n</section>\n</template>\n'),
        ("Pay.svelte", '<section>\n<CheckoutForm>\n<input name="card_number">\n</CheckoutForm>\n</section>\n'),
        ("Pay.astro", '---\nimport CheckoutForm from "./C.astro";\n---\n<CheckoutForm>\n<input name="card_number">\n</CheckoutForm>\n'),
    ],
)
def test_an_unknown_component_is_another_files_markup(tmp_path, name, text):
    """A card field inside a component the reader does not know: its form may be there."""
    assert lint(tmp_path, name, text, select=("PRV401",)).findings == []
    reading = READERS[Path(name).suffix](text, ReadOptions())
    assert reading.pulls_in_markup
    form_here = text.replace("<input", '<form action="/p"><input').replace('card_number">', 'card_number"></form>')
    assert [f.code for f in lint(tmp_path, name, form_here, select=("PRV401",)).findings] == ["PRV401"]


def test_slots_pull_in_markup():
    assert read_vue("<template><div><slot /></div></template>", ReadOptions()).pulls_in_markup
    assert read_svelte("<div><slot /></div>", ReadOptions()).pulls_in_markup
    assert read_astro("<div><slot /></div>", ReadOptions()).pulls_in_markup
    assert not read_vue("<template><div>x</div></template>", ReadOptions()).pulls_in_markup


# --- Svelte ------------------------------------------------------------------------------


def test_svelte_blocks_expressions_and_bindings(tmp_path):
    text = """<script>
  let email = '';
</script>
{#if open}
  <form action={url} class="a {b}" on:submit={send}>
    <input type="email" name="email" bind:value={email} value="x">
  </form>
  <form action="http://a.example/{path}"><input name="email"></form>
{:else}
  <p>{message}</p>
{/if}
{#each items as { id, name }}<li>{name}</li>{/each}
"""
    reading = read_svelte(text, ReadOptions())
    source = reading.source
    assert "on:submit" not in source and "bind:value" not in source
    assert 'value="x"' not in source and 'value="' + template.MARK in source
    assert "{#if" not in source and "{/if}" not in source
    assert places(lint(tmp_path, "a.svelte", text)) == [("PRV101", 8, 9)]


def test_svelte_head_is_markup_and_scripts_are_scripts(tmp_path):
    text = """<script>
  // privlint-disable-next-line PRV102 -- the image host has no TLS yet
  const img = 'x';
</script>
<svelte:head><script src="http://a.example/x.js"></script></svelte:head>
<img src="http://b.example/x.png">
"""
    assert places(lint(tmp_path, "a.svelte", text, select=("PRV102",))) == [("PRV102", 5, 22), ("PRV102", 6, 6)]


def test_svelte_html_literal_is_content(tmp_path):
    text = "<div>{@html '<img src=\"http://a.example/x.png\">'}</div>\n<div>{@html body}</div>\n"
    assert places(lint(tmp_path, "a.svelte", text, select=("PRV102",))) == [("PRV102", 1, 19)]


def test_svelte_script_comment_directive_suppresses(tmp_path):
    text = """<svelte:head>
  <!-- privlint-disable-next-line PRV102 -- legacy CDN -->
  <script src="http://a.example/x.js"></script>
</svelte:head>
"""
    result = lint(tmp_path, "a.svelte", text, select=("PRV102",))
    assert result.findings == [] and len(result.suppressed) == 1


# --- Astro -------------------------------------------------------------------------------


def test_astro_front_matter_is_code_not_markup(tmp_path):
    text = """---
const form = '<form action="http://a.example/x"><input name="email"></form>';
// privlint-disable-next-line PRV101 -- staging relay
---
<form action="http://b.example/x"><input name="email"></form>
"""
    reading = read_astro(text, ReadOptions())
    assert "a.example" not in reading.source
    # the directive's next line is the closing fence: it covers nothing of the markup
    assert places(lint(tmp_path, "a.astro", text)) == [("PRV101", 5, 7)]


def test_astro_front_matter_comment_directive(tmp_path):
    text = """---
const x = 1;
---
{/* privlint-disable-next-line PRV101 -- staging */}
<form action="http://b.example/x"><input name="email"></form>
<form action="http://c.example/x"><input name="email"></form>
"""
    result = lint(tmp_path, "a.astro", text)
    assert places(result) == [("PRV101", 6, 7)] and len(result.suppressed) == 1


def test_astro_markup_inside_expressions_is_written_inline(tmp_path):
    text = """---
const { show, items } = Astro.props;
---
<ul>{items.map((i) => <li><a href={i.url}>{i.name} isn't</a></li>)}</ul>
{show && <form action="http://a.example/x"><input name="email"></form>}
{show ? <img src="http://b.example/x.png"> : <img src={i}>}
<form action={url}><input name="email"></form>
<div set:html={'<form action="http://c.example/"></form>'} />
"""
    assert places(lint(tmp_path, "a.astro", text, select=("PRV101", "PRV102"))) == [
        ("PRV101", 5, 16), ("PRV102", 6, 14), ("PRV101", 8, 23)]


def test_astro_scripts(tmp_path):
    reading = read_astro('<script>gtag("x")</script><script is:inline src="/a.js"></script>', ReadOptions())
    assert '<script type="module">gtag' in reading.source
    assert "is:inline" not in reading.source and '<script  src="/a.js">' in reading.source


# --- hostile input -----------------------------------------------------------------------

HOSTILE = [
    "<template>" + "<p>{{ x " * 50 + "<form action='http://a.example/'>",
    "<template><div :x=\"'unterminated",
    "---\nconst a = 1;\n<form action='http://a.example/'>",
    "{" * 10_000,
    "}" * 10_000 + "<p>",
    "{`${" * 5_000,
    "<a " * 5_000,
    "{a&&<b x={" * 3_000,
    "<script>" * 3_000,
    "{#if x}" * 3_000,
    "'\"`/*//" * 3_000,
    "<template>" * 3_000 + "</template>" * 10,
    "<!--" + "<form>" * 100,
    "\x00\x01\xff\ufffe<\x00template>",
]


@pytest.mark.parametrize("text", HOSTILE, ids=range(len(HOSTILE)))
@pytest.mark.parametrize("suffix", sorted(READERS))
def test_hostile_input_never_raises(text, suffix):
    reading = READERS[suffix](text, ReadOptions(components=(("TextField", "input"),)))
    assert isinstance(reading.source, str)


@pytest.mark.parametrize("suffix", sorted(READERS))
def test_broken_files_are_linted_without_a_traceback(tmp_path, suffix):
    for n, text in enumerate(HOSTILE[:3]):
        lint(tmp_path, f"f{n}{suffix}", text)
    binary = tmp_path / f"bin{suffix}"
    binary.write_bytes(bytes(range(256)) * 64)
    result = Linter(config_mod.Config(base_dir=tmp_path), select=["PRV101"], cwd=tmp_path).run([str(binary)])
    assert len(result.notices) <= 1


def test_an_unclosed_template_and_front_matter_are_read_best_effort(tmp_path):
    vue = "<template>\n<form action=\"http://a.example/x\"><input name=\"email\">\n"
    assert [f.code for f in lint(tmp_path, "a.vue", vue).findings] == ["PRV101"]
    astro = "---\nconst a = '<form action=\"http://a.example/x\">';\n"
    assert lint(tmp_path, "a.astro", astro).findings == []


def _seconds(read, text: str) -> float:
    start = time.perf_counter()
    read(text, ReadOptions())
    return time.perf_counter() - start


@pytest.mark.parametrize("suffix", sorted(READERS))
@pytest.mark.parametrize("unit", ["{", "<a ", "{`${", "'", "/*", "<", "{<a>", "{{", "<template>", "---\n{x}"])
def test_reading_takes_linear_time(suffix, unit):
    """Four times the input takes about four times as long, never sixteen."""
    read = READERS[suffix]
    small = unit * (20_000 // len(unit))
    large = unit * (80_000 // len(unit))
    _seconds(read, small)  # warm up
    t_small = max(_seconds(read, small), 1e-3)
    t_large = _seconds(read, large)
    # The floor keeps a busy machine's jitter on small times from failing a linear reader.
    assert t_large < max(10 * t_small, 0.5), f"{t_small:.3f} s, then {t_large:.3f} s for four times the input"


def test_a_5_MB_one_line_component_is_read_in_seconds(tmp_path, deadline):
    line = '<div class="card"><a :href="u" @click="go">{{ label }}</a><input v-model="x" name="q"></div>'
    text = "<template>" + line * (5_000_000 // len(line)) + "</template>"
    start = time.perf_counter()
    read_vue(text, ReadOptions())
    assert time.perf_counter() - start < 30
