"""Property-based tests: random mixes of markup, template syntax of every family and raw bytes,
under every extension, through every rule. Whatever the input, a run gives findings or
notices, never an error, and every finding points inside its file; whatever the strings,
every output format is safe to print and valid UTF-8.

The examples are drawn the same way on every run (derandomize) and nothing is stored between
runs, so CI is deterministic and the repository gets no database folder.
"""

from __future__ import annotations

import io
import itertools
import json
import os
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from privlint import config as config_mod
from privlint import registry
from privlint.document import Region, decode
from privlint.engine import Linter
from privlint.formatters import github, json_format, sarif, text
from privlint.model import Finding, Notice, OutputOptions, RuleRun, RunResult

# Hypothesis keeps caches (not examples: database=None) in .hypothesis/ of the current folder;
# they go to the temporary folder instead, so the working tree stays as it was.
os.environ.setdefault("HYPOTHESIS_STORAGE_DIRECTORY", str(Path(tempfile.gettempdir()) / "privlint-hypothesis"))
settings.register_profile(
    "privlint-ci",
    derandomize=True,
    deadline=None,
    database=None,
    print_blob=False,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
CI = settings.get_profile("privlint-ci")

HTML = [
    "<!doctype html>", "<html>", "<head>", "<body>", "</body>", "</html>", "<title>Shop</title>",
    '<form action="http://shop.example/subscribe">', '<form method="get" action="/search">', "</form>",
    '<input name="card_number">', '<input type="password" name="pw">', '<input name="cvc" autocomplete="off">',
    '<input type="checkbox" name="newsletter_consent" checked>', '<input type="email" name="email">',
    '<label for="e">Email</label>', '<button formaction="http://x.example/b">Go</button>',
    '<script src="https://www.googletagmanager.com/gtag/js?id=G-ABC123"></script>',
    "<script>fbq('init', '123');</script>", '<script src="https://static.hotjar.com/c/hotjar-1.js"></script>',
    '<script src="https://js.stripe.com/v3/"></script>', "<script>", "</script>", "<style>", "</style>",
    "<style>body{background:url(http://x.example/a.png)}</style>", '<link rel="stylesheet" href="http://x.example/s.css">',
    '<a href="/privacy">Privacy policy</a>', '<a href="/do-not-sell">Do Not Sell or Share My Personal Information</a>',
    '<a href="http://x.example/">', "</a>", '<img src="http://x.example/p.gif">',
    '<iframe src="https://www.youtube.com/embed/x"></iframe>', '<meta name="referrer" content="unsafe-url">',
    '<meta charset="koi8-r">', "<meta charset=base64>", "<meta charset=utf-16>", "<meta charset=x-nonsense>", '<base href="http://x.example/">', '<link rel="canonical" href="https://shop.example/">',
    "<!-- a comment -->", "<!--", "-->", "<![CDATA[ x ]]>", "<![CDATA[", "]]>", "<div", "<a href=\"", '"', "'",
    ">", "<", "=", "&amp;", "&#x1F;", "</div>", "<p>", "<svg><g/></svg>", "<textarea>", "</textarea>",
    "<!-- privlint-disable-next-line PRV101 -- a reason -->", "<!-- privlint-disable PRV401 -->",
    "<!-- privlint-enable PRV401 -->", "<!-- privlint-disable-file -->", "@import 'http://x.example/a.css';",
    "url(", "/*", "*/", "We use Google Analytics and Hotjar.",
]
TEMPLATE = [
    "{{ x }}", "{{", "}}", "{{- x -}}", "{{{ raw }}}", "{% if a %}", "{% endif %}", "{%", "%}", "{% raw %}",
    "{% endraw %}", "{% comment %}", "{% endcomment %}", "{% # note %}", "{# c #}", "{#", "#}", "{{!-- c --}}",
    "{{!", "{{!--", "--}}", "{{#if x}}", "{{/if}}", "{{> partial}}", "<% x %>", "<%= x %>", "<%# c %>", "<%",
    "%>", "<%%", "<?php echo 1; ?>", "<?php", "<?=", "?>", "{{/* c */}}", "{{/*", "*/}}", "{{ 'privacy' | t }}",
    '{% include "footer.html" %}', "{% extends 'base.html' %}", "{# privlint-disable-next-line PRV101 #}",
]
NEWLINES = ["\n", "\r\n", "\r", "\t", " "]
EXTENSIONS = [".html", ".liquid", ".j2", ".hbs", ".erb", ".php", ".gohtml", ".css"]
NAMES = ["index", "privacy", "checkout/index", "about/privacy-policy", "layout", "x"]

markup = st.sampled_from(HTML).map(str.encode)
piece = st.one_of(  # markup twice: half of a file is markup, so that rules have something to find
    markup,
    markup,
    st.sampled_from(TEMPLATE).map(str.encode),
    st.sampled_from(NEWLINES).map(str.encode),
    st.text(max_size=12).map(lambda s: s.encode("utf-8")),
    st.binary(max_size=12),
)


@st.composite
def file_bytes(draw) -> bytes:
    body = b"".join(draw(st.lists(piece, min_size=3, max_size=60)))
    prefix = draw(st.sampled_from([b"", b"", b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff"]))
    if prefix in (b"\xff\xfe", b"\xfe\xff") and draw(st.booleans()):  # UTF-16: re-encoded, or left as it is
        body = body.decode("utf-8", "replace").encode("utf-16-le" if prefix == b"\xff\xfe" else "utf-16-be")
    return prefix + body


site_files = st.lists(
    st.tuples(st.sampled_from(NAMES), st.sampled_from(EXTENSIONS), file_bytes()),
    min_size=1, max_size=3, unique_by=lambda f: f[0] + f[1],
)


@pytest.fixture(scope="module")
def workplace(tmp_path_factory) -> tuple[Path, Linter, itertools.count]:
    base = tmp_path_factory.mktemp("properties")
    linter = Linter(config_mod.Config(base_dir=base), preset="strict", cwd=base, all_occurrences=True)
    return base, linter, itertools.count()


def line_count(data: bytes) -> int:
    text = decode(data).replace("\r\n", "\n").replace("\r", "\n")
    return text.count("\n") + 1


@settings(CI, max_examples=1500)
@given(files=site_files)
def test_any_input_gives_findings_or_notices_and_every_finding_lies_inside_its_file(workplace, files):
    base, linter, counter = workplace
    site = base / f"site{next(counter)}"
    written: dict[str, bytes] = {}
    for name, ext, data in files:
        path = site / f"{name}{ext}"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        written[path.relative_to(base).as_posix()] = data
    try:
        result = linter.run([str(site)])
    finally:
        shutil.rmtree(site)
    assert result.internal_errors == 0, result.notices
    # Bytes that are no text (a NUL in invalid UTF-8, an image's signature) are skipped, said so.
    assert all(n.message == "skipped: binary content" for n in result.notices), result.notices
    assert result.files == len(files)
    for f in result.findings:
        if f.path not in written:
            continue  # a site-wide finding about a file the site lacks (security.txt)
        lines = line_count(written[f.path])
        r = f.region
        assert 1 <= r.line <= r.end_line <= lines, (f, lines)
        assert r.column >= 1 and r.end_column >= 1, f
        assert r.end_line > r.line or r.end_column >= r.column, f


# Strings as file contents can make them: controls, escape sequences, bidi controls. File names
# are bytes, and Python keeps those that are not UTF-8 as lone surrogates.
escapes = st.sampled_from(["\x1b[31m", "\x1b]0;t\x07", "\x9b", "\u202e", "\n", "\r", "%", ":", ","])
hostile_text = st.lists(st.one_of(st.characters(), escapes), max_size=20).map("".join)
hostile_path = st.lists(
    st.one_of(st.characters(exclude_characters="\x00"), escapes, st.binary(min_size=1, max_size=4).map(os.fsdecode)),
    max_size=20,
).map("".join).filter(lambda s: "\x00" not in s)  # the one character no file name has
PRV101 = RuleRun(registry.by_code_or_name("PRV101"), "error")


@st.composite
def hostile_results(draw) -> RunResult:
    findings = [
        Finding("PRV101", "insecure-form-action", draw(st.sampled_from(["error", "warning", "info"])),
                draw(hostile_path), Region(1, 1, 1, 2), draw(hostile_text), draw(hostile_text))
        for _ in range(draw(st.integers(0, 3)))
    ]
    notices = [Notice(draw(hostile_path), draw(hostile_text)) for _ in range(draw(st.integers(0, 3)))]
    return RunResult(findings=findings, notices=notices, files=len(findings) + len(notices), rules=[PRV101])


UNSAFE_ON_A_TERMINAL = set("\x1b\x07\x9b\u202e") | {chr(c) for c in range(0xD800, 0xE000)}


@settings(CI, max_examples=400)
@given(result=hostile_results())
def test_every_format_is_valid_utf8_and_safe_to_print_whatever_the_strings(result):
    for write in (text.write, json_format.write, sarif.write, github.write):
        out, err = io.StringIO(), io.StringIO()
        write(result, out, err, OutputOptions())
        printed = out.getvalue() + err.getvalue()
        printed.encode("utf-8")  # raises for anything that is not valid UTF-8
        assert not UNSAFE_ON_A_TERMINAL & set(printed), write.__module__
        if write is json_format.write:
            assert len(json.loads(out.getvalue())["notices"]) == len(result.notices)
        if write is sarif.write:
            assert len(json.loads(out.getvalue())["runs"][0]["results"]) == len(result.findings)
        if write is text.write:
            assert len(err.getvalue().splitlines()) == len(result.notices)  # one line each
        if write is github.write:
            assert len(out.getvalue().splitlines()) == len(result.findings) + len(result.notices) + 1
