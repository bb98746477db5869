"""Hostile and broken input: every file either gives findings or one notice that names it and
says why, the run goes on, nothing is fetched or executed, and what is printed is safe."""

from __future__ import annotations

import codecs
import io
import json
import os
import random
import socket
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner
from jsonschema.validators import Draft202012Validator

from privlint import config as config_mod
from privlint.cli import main
from privlint.config import ConfigError
from privlint.document import Document, Region
from privlint.engine import Linter
from privlint.formatters import github, json_format, sarif, text
from privlint.model import Finding, Notice, OutputOptions, RunResult

from conftest import write

SARIF_SCHEMA = json.loads((Path(__file__).parent / "data" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
HTTP_FORM = '<form action="http://x.example/send"></form>'
CLEAN = "<p>Nothing to see.</p>\n"




def lint(tmp_path: Path, *paths: str, config: config_mod.Config | None = None, select=("PRV101",)) -> RunResult:
    linter = Linter(config or config_mod.Config(base_dir=tmp_path), select=list(select), cwd=tmp_path,
                    all_occurrences=True)
    return linter.run([str(tmp_path / p) for p in paths] or [str(tmp_path)])


def only_notice(result: RunResult) -> Notice:
    (notice,) = result.notices
    return notice


def run_cli(cwd: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    """The command line as CI runs it: its own process, raw bytes out."""
    return subprocess.run(
        [sys.executable, "-m", "privlint", "check", *args], cwd=cwd, capture_output=True, timeout=120, check=False,
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
    )


def make_unreadable(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A file privlint may not read. Permissions stop everyone but root; as root (CI), opening
    the file fails the way it would for anyone else."""
    path.chmod(0)
    if os.geteuid() == 0:
        opener = Path.open

        def refuse(self: Path, *args, **kwargs):
            if self.name == path.name:
                raise PermissionError(13, "Permission denied", str(self))
            return opener(self, *args, **kwargs)

        monkeypatch.setattr(Path, "open", refuse)


def sparse_file(path: Path, size: int) -> Path:
    """A file of ``size`` bytes, written in no time (a hole, on file systems that have them)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as f:
        f.truncate(size)
    return path


# --- named bad inputs ------------------------------------------------------------------


def test_an_empty_file_has_no_findings_and_no_notice(tmp_path):
    write(tmp_path / "empty.html", b"")
    result = lint(tmp_path, "empty.html", select=("ALL",))
    assert (result.files, result.notices, result.internal_errors) == (1, [], 0)


def test_a_binary_file_with_an_html_name_is_skipped_without_a_traceback(tmp_path):
    write(tmp_path / "logo.html", random.Random(7).randbytes(64 * 1024))
    result = lint(tmp_path, "logo.html", select=("ALL",))
    assert (result.files, result.internal_errors, result.notices) == (1, 0, [Notice("logo.html", "skipped: binary content")])


def test_nul_bytes_hide_nothing_that_follows_them(tmp_path):
    write(tmp_path / "nul.html", b"<p>\x00\x00</p>\n\x00" + HTTP_FORM.encode())
    (finding,) = lint(tmp_path, "nul.html").findings
    assert (finding.region.line, finding.region.column) == (2, 8)


def test_invalid_utf8_is_read_as_windows_1252_and_linted(tmp_path):
    write(tmp_path / "latin.html", b"<p>caf\xe9 \xff\xfe</p>\n" + b'<form action="http://x.example/caf\xe9"></form>')
    (finding,) = lint(tmp_path, "latin.html").findings
    assert "http://x.example/café" in finding.message
    assert finding.source_line == '<form action="http://x.example/café"></form>'


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_with_a_byte_order_mark_is_decoded(tmp_path, encoding):
    bom = codecs.BOM_UTF16_LE if encoding.endswith("le") else codecs.BOM_UTF16_BE
    page = '<p>Grüße</p>\n<form action="http://x.example/grüße"></form>'
    write(tmp_path / "wide.html", bom + page.encode(encoding))
    (finding,) = lint(tmp_path, "wide.html").findings
    assert "http://x.example/grüße" in finding.message
    assert (finding.region.line, finding.region.column) == (2, 7)


@pytest.mark.parametrize(
    "declaration, encoding",
    [
        ('<meta charset="koi8-r">', "koi8-r"),
        ('<meta http-equiv="Content-Type" content="text/html; charset=windows-1251">', "cp1251"),
        ("<meta charset=shift_jis>", "shift_jis"),
    ],
)
def test_a_legacy_encoding_declared_by_meta_charset_is_decoded(tmp_path, declaration, encoding):
    words = "привет" if encoding != "shift_jis" else "こんにちは"
    page = f'{declaration}\n<form action="http://x.example/{words}"></form>'
    write(tmp_path / "legacy.html", page.encode(encoding))
    (finding,) = lint(tmp_path, "legacy.html").findings
    assert f"http://x.example/{words}" in finding.message
    assert finding.source_line == f'<form action="http://x.example/{words}"></form>'


@pytest.mark.parametrize("label", ["base64", "zlib", "rot13", "uu", "idna", "punycode", "undefined", "utf-16", "cp037"])
def test_a_declared_codec_that_is_no_page_encoding_is_ignored(tmp_path, label):
    """Python knows codecs that are not text encodings, or cannot read ASCII markup; a page
    declaring one is read as undeclared (Windows-1252), not turned into an internal error."""
    write(tmp_path / "odd.html", f"<meta charset={label}>\n".encode() + b'<form action="http://x.example/\xe9"></form>')
    result = lint(tmp_path, "odd.html")
    assert result.notices == []
    assert ["http://x.example/é" in f.message for f in result.findings] == [True]


def test_a_50_MB_file_is_skipped_before_it_is_read(tmp_path, monkeypatch):
    big = sparse_file(tmp_path / "site" / "dump.html", 50 * 1024 * 1024)
    opener = Path.open

    def no_reading_of_the_big_file(self: Path, *args, **kwargs):
        assert self.name != big.name, "the large file was opened"
        return opener(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", no_reading_of_the_big_file)
    notice = only_notice(lint(tmp_path, "site"))
    assert (notice.path, notice.message) == ("site/dump.html", "skipped: 52.4 MB is over max-file-size (5 MB)")


def test_a_large_file_among_clean_ones_exits_0_with_one_line_on_stderr(tmp_path):
    write(tmp_path / "site" / "index.html", CLEAN)
    sparse_file(tmp_path / "site" / "dump.html", 50 * 1024 * 1024)
    run = run_cli(tmp_path, "site")
    assert run.returncode == 0
    assert run.stderr.decode().splitlines() == ["privlint: site/dump.html: skipped: 52.4 MB is over max-file-size (5 MB)"]
    assert run.stdout.decode() == "No problems found in 2 files.\n"
    write(tmp_path / "site" / "index.html", HTTP_FORM)
    assert run_cli(tmp_path, "site").returncode == 1  # with findings: 1, notices or not


def test_max_file_size_applies_to_pages_templates_stylesheets_and_named_files(tmp_path):
    write(tmp_path / "privlint.toml", 'max-file-size = "1kB"\n')
    padding = "<!-- " + "x" * 1000 + " -->\n"
    write(tmp_path / "site" / "page.html", padding + HTTP_FORM)
    write(tmp_path / "site" / "layout.j2", padding + HTTP_FORM)
    write(tmp_path / "site" / "fonts.css", "/* " + "x" * 1000 + " */")
    write(tmp_path / "named.liquid", padding + HTTP_FORM)
    write(tmp_path / "site" / "small.html", HTTP_FORM)
    config = config_mod.load(tmp_path / "privlint.toml")
    result = lint(tmp_path, "site", "named.liquid", config=config)
    assert sorted(n.path for n in result.notices) == ["named.liquid", "site/fonts.css", "site/layout.j2", "site/page.html"]
    assert {n.message for n in result.notices} <= {
        f"skipped: {size:,} bytes is over max-file-size (1 kB)" for size in range(1001, 1100)
    } | {"skipped: 1.1 kB is over max-file-size (1 kB)"}
    assert [f.path for f in result.findings] == ["site/small.html"]


@pytest.mark.parametrize(
    "value, size",
    [("123", 123), ('"10MB"', 10_000_000), ('"512kB"', 512_000), ('"2MiB"', 2 * 1024 * 1024),
     ('"1.5 GB"', 1_500_000_000), ('"64KiB"', 65_536), ('"5mb"', 5_000_000), ('"900B"', 900)],
)
def test_max_file_size_takes_bytes_or_a_size_with_a_unit(tmp_path, value, size):
    write(tmp_path / "privlint.toml", f"max-file-size = {value}\n")
    assert config_mod.load(tmp_path / "privlint.toml").max_file_size == size


def test_max_file_size_defaults_to_5_MB():
    assert config_mod.Config().max_file_size == 5_000_000


@pytest.mark.parametrize("value", ['"ten MB"', '"5 XB"', '"-1MB"', "0", "1.5", "true", '""', "[5]"])
def test_a_bad_max_file_size_is_a_one_line_error_naming_the_file_and_key(tmp_path, value):
    path = write(tmp_path / "pyproject.toml", f"[tool.privlint]\nmax-file-size = {value}\n")
    with pytest.raises(ConfigError) as caught:
        config_mod.load(path)
    message = str(caught.value)
    assert message.startswith(f"{path}: tool.privlint.max-file-size must be")
    assert "\n" not in message


def test_a_file_just_over_the_limit_says_by_how_much(tmp_path):
    write(tmp_path / "privlint.toml", "max-file-size = 5000000\n")
    sparse_file(tmp_path / "edge.html", 5_000_001)
    result = lint(tmp_path, "edge.html", config=config_mod.load(tmp_path / "privlint.toml"))
    assert only_notice(result).message == "skipped: 5,000,001 bytes is over max-file-size (5 MB)"


def test_100000_nested_elements_neither_crash_nor_hide_what_follows(tmp_path):
    write(tmp_path / "deep.html", "<div>\n" * 100_000 + HTTP_FORM + "\n" + "</div>" * 100_000)
    result = lint(tmp_path, "deep.html", select=("ALL",))
    assert (result.notices, result.internal_errors) == ([], 0)
    (finding,) = [f for f in result.findings if f.code == "PRV101"]
    assert (finding.region.line, finding.region.column) == (100_001, 7)


def test_misnested_markup_past_the_parsers_depth_is_read_to_the_end(tmp_path):
    write(tmp_path / "tags.html", "<b><i><div>" * 5000 + "\n" + HTTP_FORM)
    (finding,) = lint(tmp_path, "tags.html").findings
    assert finding.region.line == 2


def test_misnesting_that_the_parser_nests_ever_deeper_is_a_notice_that_says_so(tmp_path):
    """End tags that cross (<b><div></b>) make the parser open new elements inside the old
    ones: past libxml2's depth the rest of the page cannot be read, and the user is told."""
    write(tmp_path / "site" / "crossed.html", "<b><div></b>x" * 3000 + HTTP_FORM)
    write(tmp_path / "site" / "index.html", HTTP_FORM)
    result = lint(tmp_path, "site")
    assert only_notice(result) == Notice(
        "site/crossed.html", "skipped: elements nest more than 2,048 deep (misnested tags?), where the HTML parser stops"
    )
    assert [f.path for f in result.findings] == ["site/index.html"]


def test_an_attribute_value_of_10_MB_is_parsed_and_what_follows_is_found(tmp_path):
    write(tmp_path / "privlint.toml", 'max-file-size = "30MB"\n')
    value = "a" * (10 * 1024 * 1024)
    write(tmp_path / "huge.html", f'<p title="{value}"></p>\n<a title="{value}">x</a>{HTTP_FORM}')
    result = lint(tmp_path, "huge.html", config=config_mod.load(tmp_path / "privlint.toml"))
    (finding,) = result.findings
    assert (finding.region.line, finding.region.column) == (2, len(f'<a title="{value}">x</a>') + 7)


def test_a_file_that_cannot_be_read_is_a_notice_and_the_others_are_linted(tmp_path, monkeypatch):
    write(tmp_path / "site" / "a.html", HTTP_FORM)
    secret = write(tmp_path / "site" / "secret.html", HTTP_FORM)
    make_unreadable(secret, monkeypatch)
    monkeypatch.chdir(tmp_path)
    run = CliRunner().invoke(main, ["check", "site", "-q"])
    assert run.exit_code == 1
    assert run.stderr.splitlines() == ["privlint: site/secret.html: cannot read: permission denied"]
    assert run.stdout.startswith("site/a.html:1:7: PRV101 ")


def test_a_broken_symlink_is_a_notice_that_says_so(tmp_path):
    write(tmp_path / "site" / "index.html", CLEAN)
    os.symlink("gone.html", tmp_path / "site" / "old.html")
    assert only_notice(lint(tmp_path, "site")) == Notice(
        "site/old.html", "cannot read: broken symbolic link: its target gone.html does not exist"
    )


def test_a_broken_symlink_named_on_the_command_line_is_a_notice_not_a_usage_error(tmp_path):
    os.symlink("gone.html", tmp_path / "old.html")
    run = run_cli(tmp_path, "old.html")
    assert run.returncode == 0
    assert run.stderr.decode() == "privlint: old.html: cannot read: broken symbolic link: its target gone.html does not exist\n"


def test_a_symlink_loop_is_a_notice_in_a_walk_and_on_the_command_line(tmp_path):
    write(tmp_path / "site" / "index.html", HTTP_FORM)
    os.symlink("b.html", tmp_path / "site" / "a.html")
    os.symlink("a.html", tmp_path / "site" / "b.html")
    result = lint(tmp_path, "site")
    assert [(n.path, n.message) for n in result.notices] == [
        ("site/a.html", "cannot read: symbolic link loop: the link leads back to itself"),
        ("site/b.html", "cannot read: symbolic link loop: the link leads back to itself"),
    ]
    assert [f.path for f in result.findings] == ["site/index.html"]
    run = run_cli(tmp_path, "site/a.html")
    assert (run.returncode, run.stderr.decode()) == (
        0, "privlint: site/a.html: cannot read: symbolic link loop: the link leads back to itself\n"
    )


def test_symlinks_out_of_the_tree_are_not_followed_and_those_inside_are(tmp_path):
    write(tmp_path / "private" / "keys.html", HTTP_FORM)
    write(tmp_path / "site" / ".drafts" / "form.html", HTTP_FORM)  # hidden: never walked into
    os.symlink(tmp_path / "private" / "keys.html", tmp_path / "site" / "out.html")
    os.symlink(Path(".drafts") / "form.html", tmp_path / "site" / "in.html")
    result = lint(tmp_path, "site")
    assert [f.path for f in result.findings] == ["site/in.html"]
    assert (result.files, result.notices) == (1, [])


def test_a_directory_named_like_a_page_is_walked_not_read(tmp_path):
    write(tmp_path / "site" / "x.html" / "inner.html", HTTP_FORM)
    walked = lint(tmp_path, "site")
    assert ([f.path for f in walked.findings], walked.notices) == (["site/x.html/inner.html"], [])
    named = lint(tmp_path, "site/x.html")
    assert ([f.path for f in named.findings], named.notices) == (["site/x.html/inner.html"], [])


def test_a_named_pipe_is_skipped_not_waited_on(tmp_path, deadline):
    write(tmp_path / "site" / "index.html", CLEAN)
    os.mkfifo(tmp_path / "site" / "feed.html")
    assert only_notice(lint(tmp_path, "site")) == Notice(
        "site/feed.html", "skipped: a named pipe, not a file (reading it could wait forever)"
    )


def test_a_path_that_does_not_exist_exits_2_with_one_line(tmp_path):
    run = run_cli(tmp_path, "nowhere/index.html")
    assert run.returncode == 2
    assert run.stderr.decode() == "privlint: error: nowhere/index.html: no such file or directory\n"
    assert run.stdout == b""


def test_a_missing_path_with_control_characters_is_named_escaped(tmp_path):
    run = run_cli(tmp_path, "evil\x1b[2J.html")
    assert run.returncode == 2
    assert run.stderr.decode() == "privlint: error: 'evil\\x1b[2J.html': no such file or directory\n"


# --- notices in every format -------------------------------------------------------------


@pytest.fixture
def two_notices(tmp_path, monkeypatch) -> Path:
    """A site with one page to lint, one file that cannot be read and one over the size limit."""
    write(tmp_path / "site" / "index.html", HTTP_FORM)
    make_unreadable(write(tmp_path / "site" / "locked.html", CLEAN), monkeypatch)
    sparse_file(tmp_path / "site" / "dump.html", 6_000_000)
    monkeypatch.chdir(tmp_path)
    return tmp_path


NOTICES = {
    "site/dump.html": "skipped: 6.0 MB is over max-file-size (5 MB)",
    "site/locked.html": "cannot read: permission denied",
}


def test_notices_in_text_are_one_line_each_on_stderr(two_notices):
    run = CliRunner().invoke(main, ["check", "site"])
    assert run.stderr.splitlines() == [f"privlint: {path}: {message}" for path, message in NOTICES.items()]
    assert "site/index.html:1:7: PRV101" in run.stdout and "privlint:" not in run.stdout


def test_notices_in_json(two_notices):
    run = CliRunner().invoke(main, ["check", "site", "--format", "json"])
    assert run.exit_code == 1
    assert json.loads(run.stdout)["notices"] == [{"path": p, "message": m} for p, m in NOTICES.items()]


def test_notices_in_sarif_are_tool_execution_notifications_located_at_the_file(two_notices):
    run = CliRunner().invoke(main, ["check", "site", "--format", "sarif"])
    log = json.loads(run.stdout)
    assert list(Draft202012Validator(SARIF_SCHEMA).iter_errors(log)) == []
    notes = log["runs"][0]["invocations"][0]["toolExecutionNotifications"]
    assert [(n["level"], n["message"]["text"]) for n in notes] == [
        ("warning", f"{path}: {message}") for path, message in NOTICES.items()
    ]
    assert [n["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for n in notes] == list(NOTICES)


def test_notices_in_github_annotations(two_notices):
    run = CliRunner().invoke(main, ["check", "site", "--format", "github"])
    assert [line for line in run.stdout.splitlines() if "file not linted" in line] == [
        f"::warning file={path},title=privlint%3A file not linted::{message}" for path, message in NOTICES.items()
    ]


# --- parsing reads the file and nothing else ---------------------------------------------


def test_an_external_entity_never_brings_in_another_file(tmp_path):
    write(tmp_path / "secret.txt", "TOP-SECRET-TOKEN")
    entity = (tmp_path / "secret.txt").as_uri()
    write(tmp_path / "xxe.html",
          f'<!DOCTYPE html [<!ENTITY xxe SYSTEM "{entity}">]>\n<html><body><p>&xxe;</p>\n'
          '<form action="http://x.example/&xxe;"></form><input name="card-&xxe;"></body></html>')
    doc = Document.from_file(tmp_path / "xxe.html", "xxe.html")
    assert "TOP-SECRET" not in "".join(doc.root.itertext()) + str(doc.root.attrib)
    run = run_cli(tmp_path, "xxe.html", "--format", "json", "--preset", "strict")
    assert run.returncode == 1 and json.loads(run.stdout)["findings"]
    assert b"TOP-SECRET" not in run.stdout + run.stderr


def test_xinclude_markup_is_not_processed(tmp_path):
    write(tmp_path / "secret.txt", "TOP-SECRET-TOKEN")
    write(tmp_path / "inc.xhtml",
          '<html xmlns:xi="http://www.w3.org/2001/XInclude"><body>'
          '<xi:include href="secret.txt" parse="text"/>' + HTTP_FORM + "</body></html>")
    doc = Document.from_file(tmp_path / "inc.xhtml", "inc.xhtml")
    assert "TOP-SECRET" not in "".join(doc.root.itertext())
    result = lint(tmp_path, "inc.xhtml", select=("ALL",))
    assert "PRV101" in {f.code for f in result.findings}
    assert not any("TOP-SECRET" in f.message + f.source_line for f in result.findings)


PAGES_THAT_POINT_AT_THE_NETWORK = {
    "strict.html": '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" "{url}/xhtml1-strict.dtd">',
    "system.xhtml": '<?xml version="1.0"?>\n<!DOCTYPE html SYSTEM "{url}/page.dtd">',
    "entity.html": '<!DOCTYPE html [<!ENTITY % remote SYSTEM "{url}/evil.dtd"> %remote;]>',
    "stylesheet.xhtml": '<?xml-stylesheet type="text/xsl" href="{url}/style.xsl"?>',
}


def test_a_run_needs_no_network_even_for_pages_whose_doctype_names_a_url(tmp_path, monkeypatch):
    for name, head in PAGES_THAT_POINT_AT_THE_NETWORK.items():
        write(tmp_path / name, head.format(url="http://www.w3.org/TR/xhtml1/DTD") + f"\n<html><body>{HTTP_FORM}</body></html>")

    def no_network(*args, **kwargs):
        raise OSError("network access during a lint run")

    monkeypatch.setattr(socket, "socket", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    result = lint(tmp_path, select=("ALL",))
    assert (result.notices, result.internal_errors) == ([], 0)
    assert sorted(f.path for f in result.findings if f.code == "PRV101") == sorted(PAGES_THAT_POINT_AT_THE_NETWORK)


def test_the_parser_fetches_nothing_a_page_names(tmp_path, deadline):
    """The same pages, pointing at a server on this machine: libxml2 would fetch in C, where
    Python's socket module sees nothing; the server sees every connection."""
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.bind(("127.0.0.1", 0))
    server.listen(8)
    server.settimeout(0.2)
    url = f"http://127.0.0.1:{server.getsockname()[1]}"
    connections: list[object] = []
    done = threading.Event()

    def accept() -> None:
        while not done.is_set():
            try:
                connections.append(server.accept()[0])
            except OSError:
                continue

    listener = threading.Thread(target=accept, daemon=True)
    listener.start()
    try:
        for name, head in PAGES_THAT_POINT_AT_THE_NETWORK.items():
            write(tmp_path / name, head.format(url=url) + f'\n<html><body><p>x</p><img src="{url}/pixel.gif">'
                  f'<xi:include xmlns:xi="http://www.w3.org/2001/XInclude" href="{url}/part.html"/></body></html>')
        result = lint(tmp_path, select=("ALL",))
    finally:
        done.set()
        listener.join()
        server.close()
    assert (result.notices, result.internal_errors, connections) == ([], 0, [])


TEMPLATE_CODE_THAT_WOULD_WRITE_A_FILE = {
    "page.j2": "{{{{ cycler.__init__.__globals__.os.system('touch {marker}') }}}}"
               "{{% set x = lipsum.__globals__['os'].popen('touch {marker}').read() %}}",
    "page.php": "<?php touch('{marker}'); ?><?= file_put_contents('{marker}', 'x') ?>",
    "page.erb": "<% File.write('{marker}', 'x') %><%= `touch {marker}` %>",
    "page.ejs": "<% require('fs').writeFileSync('{marker}', 'x') %>",
    "page.gohtml": '{{{{ exec "touch" "{marker}" }}}}',
    "page.liquid": "{{% capture x %}}{{{{ '{marker}' | write_file }}}}{{% endcapture %}}",
    "page.hbs": "{{{{#with (lookup this 'constructor')}}}}{{{{call 'touch {marker}'}}}}{{{{/with}}}}",
}


def test_template_code_is_never_executed(tmp_path):
    for name, code in TEMPLATE_CODE_THAT_WOULD_WRITE_A_FILE.items():
        marker = tmp_path / f"ran-{name}"
        write(tmp_path / "templates" / name, f"<html><body>{code.format(marker=marker)}{HTTP_FORM}</body></html>")
    run = run_cli(tmp_path, "templates", "--preset", "strict", "--format", "json")
    assert run.returncode == 1
    assert {f["path"] for f in json.loads(run.stdout)["findings"] if f["code"] == "PRV101"} == {
        f"templates/{name}" for name in TEMPLATE_CODE_THAT_WOULD_WRITE_A_FILE
    }
    assert sorted(p.name for p in tmp_path.iterdir()) == ["templates"]


# --- safe output -------------------------------------------------------------------------

ESCAPES = "\x1b[2J\x1b]0;owned\x07\x9b31m\u202e"  # clear screen, set title, CSI, bidi override


def hostile_site(tmp_path: Path) -> Path:
    """Escape sequences in a file name, a URL, a field name and a line of markup; a broken link
    with escapes in its name; a file name whose bytes are not UTF-8."""
    site = tmp_path / "site"
    write(site / f"pay{ESCAPES}.html",
          f'<p>{ESCAPES}</p><form action="http://x.example/{ESCAPES}"><input name="card{ESCAPES}"></form>')
    os.symlink("gone.html", site / f"old{ESCAPES}.html")
    write(site / "caf\udce9.html", HTTP_FORM)  # the byte 0xE9 alone: Latin-1, not UTF-8
    return site


@pytest.mark.parametrize("output_format", ["text", "json", "sarif", "github"])
def test_output_is_valid_utf8_without_terminal_escapes_whatever_the_input(tmp_path, output_format):
    hostile_site(tmp_path)
    run = run_cli(tmp_path, "site", "--format", output_format, "--preset", "strict", "--all-occurrences")
    assert run.returncode == 1, run.stderr
    out, err = run.stdout.decode("utf-8"), run.stderr.decode("utf-8")  # strict: valid UTF-8
    for forbidden in ("\x1b", "\x07", "\x9b", "\u202e", "Traceback"):
        assert forbidden not in out + err
    if output_format == "json":
        data = json.loads(out)
        assert {f["path"] for f in data["findings"]} >= {"site/caf\ufffd.html", f"site/pay{ESCAPES}.html"}
        assert [n["path"] for n in data["notices"]] == [f"site/old{ESCAPES}.html"]  # escaped, as JSON allows
    if output_format == "sarif":
        log = json.loads(out)
        assert list(Draft202012Validator(SARIF_SCHEMA).iter_errors(log)) == []
        uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in log["runs"][0]["results"]}
        assert "site/caf%E9.html" in uris  # the name's own bytes, percent-encoded
    if output_format == "text":
        assert "privlint: site/old\ufffd[2J\ufffd]0;owned\ufffd\ufffd31m\ufffd.html: cannot read: broken symbolic link" in err
        assert len(err.splitlines()) == 1


def test_text_output_keeps_each_finding_and_notice_on_its_own_line():
    finding = Finding("PRV101", "insecure-form-action", "error", "a\nb.html", Region(1, 1, 1, 5),
                      "Form submits to http://x/\r\nSet-Cookie: y", "<form\x1b[31m>")
    result = RunResult(findings=[finding], notices=[Notice("c\n.html", "cannot read: gone\x1b[0m")], files=2)
    out, err = io.StringIO(), io.StringIO()
    text.write(result, out, err, OutputOptions())
    assert out.getvalue().splitlines()[0] == (
        "a\ufffdb.html:1:1: PRV101 Form submits to http://x/\ufffd\ufffdSet-Cookie: y [insecure-form-action]"
    )
    assert out.getvalue().splitlines()[1] == " 1 | <form\ufffd[31m>"
    assert err.getvalue() == "privlint: c\ufffd.html: cannot read: gone\ufffd[0m\n"


def test_github_annotations_escape_line_breaks_and_drop_escape_sequences():
    finding = Finding("PRV101", "insecure-form-action", "error", "a,b:\x1b.html", Region(2, 3, 2, 9),
                      "to http://x/%0A::error::forged\n::warning::forged\x1b[31m")
    out = io.StringIO()
    github.write(RunResult(findings=[finding], files=1), out, io.StringIO(), OutputOptions())
    first = out.getvalue().splitlines()[0]
    assert first == (
        "::error file=a%2Cb%3A\ufffd.html,line=2,col=3,endLine=2,endColumn=9,title=privlint PRV101 (insecure-form-action)"
        "::to http://x/%250A::error::forged%0A::warning::forged\ufffd[31m"
    )


def test_json_and_sarif_serialise_names_that_are_not_utf8():
    result = RunResult(notices=[Notice("caf\udce9.html", "cannot read: permission denied")], files=1)
    out = io.StringIO()
    json_format.write(result, out, io.StringIO(), OutputOptions())
    assert json.loads(out.getvalue().encode("utf-8"))["notices"][0]["path"] == "caf\ufffd.html"
    out = io.StringIO()
    sarif.write(result, out, io.StringIO(), OutputOptions())
    note = json.loads(out.getvalue().encode("utf-8"))["runs"][0]["invocations"][0]["toolExecutionNotifications"][0]
    assert note["message"]["text"] == "caf\ufffd.html: cannot read: permission denied"
    assert note["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].endswith("caf%E9.html")


def test_a_terminal_that_cannot_show_a_character_gets_a_stand_in_not_a_traceback(tmp_path):
    write(tmp_path / "page.html", '<form action="http://x.example/café"><input type="email" name="e"></form>')
    env = {**os.environ, "PYTHONIOENCODING": "ascii"}
    for fmt in ("text", "json", "sarif", "github"):
        r = subprocess.run(
            [sys.executable, "-m", "privlint", "check", "page.html", "--select", "PRV101", "--format", fmt],
            cwd=tmp_path, capture_output=True, env=env, check=False,
        )
        assert r.returncode == 1, (fmt, r.stderr)
        assert b"Traceback" not in r.stderr and b"internal error" not in r.stderr
        assert b"http://x.example/caf?" in r.stdout or b"caf%C3%A9" in r.stdout, (fmt, r.stdout[:300])
        if fmt in ("json", "sarif"):
            json.loads(r.stdout)


@pytest.mark.parametrize(
    "name, data",
    [
        ("logo.html", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4),
        ("font.css", b"wOF2\x00\x01\x00\x00" + b"\x00\xff" * 500),
        ("app.js", b"\x1f\x8b\x08\x00" + bytes(range(256)) * 8),
        ("page.html", b"<p>\xff\xfe\x00\x00\x81\x00" * 200),  # NUL bytes and no UTF-8: no text
    ],
)
def test_binary_files_are_skipped_with_a_notice_in_every_format(tmp_path, name, data):
    write(tmp_path / name, data)
    result = lint(tmp_path, name)
    assert [(n.path, n.message) for n in result.notices] == [(name, "skipped: binary content")]
    assert result.findings == []
    for fmt, needle in (("json", '"skipped: binary content"'), ("sarif", f"{name}: skipped: binary content")):
        out = subprocess.run([sys.executable, "-m", "privlint", "check", "--format", fmt, name], cwd=tmp_path,
                             capture_output=True, text=True)
        assert needle in out.stdout, out.stdout + out.stderr


def test_a_text_file_with_a_stray_nul_is_still_linted(tmp_path):
    write(tmp_path / "nul.html", "<p>\x00</p>" + HTTP_FORM)
    assert [f.code for f in lint(tmp_path, "nul.html").findings] == ["PRV101"]


@pytest.mark.parametrize(
    "data",
    [
        b"BZh is where the form is: " + HTTP_FORM.encode(),  # a binary signature's letters, as text
        b"%PDF- notes " + HTTP_FORM.encode(),
        "<p>café</p>".encode("latin-1") + b"\x00" + HTTP_FORM.encode(),  # Latin-1 with a stray NUL
        HTTP_FORM.encode("utf-16-le"),  # UTF-16 without a byte order mark
    ],
)
def test_text_that_looks_binary_at_a_glance_is_linted(tmp_path, data):
    write(tmp_path / "page.html", data)
    result = lint(tmp_path, "page.html")
    assert result.notices == []
