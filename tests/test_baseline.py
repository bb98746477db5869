"""The baseline: record a legacy site's findings, then report only new ones; entries survive
lines moving, count duplicates, follow grouped findings page by page, and say when they are gone."""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from jsonschema.validators import Draft202012Validator

from privlint import __version__, baseline
from privlint import config as config_mod
from privlint.cli import main
from privlint.engine import Linter

FORM = '<form action="http://news.example.com/s" method="post"><input type="email" name="email"></form>'
OTHER_FORM = '<form action="http://shop.example.com/buy" method="post"><input type="email" name="email"></form>'


def page(*lines: str) -> str:
    return "<!doctype html><html><body>\n" + "\n".join(lines) + '\n<a href="/privacy">Privacy</a></body></html>\n'


@pytest.fixture
def site(tmp_path, monkeypatch):
    """A project with a built site of two pages, run from the project's folder."""
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "index.html").write_text(page(FORM), encoding="utf-8")
    (tmp_path / "site" / "about.html").write_text(page("<p>About us</p>"), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def check(*args: str):
    return CliRunner().invoke(main, ["check", "--select", "PRV101", *args])


def write_baseline(*paths: str):
    r = check(*(paths or ("site",)), "--write-baseline", "privlint-baseline.json")
    assert r.exit_code == 0, r.output
    return r


def entries(path: Path = Path("privlint-baseline.json")) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))["findings"]


def test_write_baseline_records_findings_prints_none_and_exits_0(site):
    r = write_baseline()
    assert r.stdout == ""
    assert r.stderr == "privlint: wrote 1 finding to privlint-baseline.json\n"
    assert (site / "privlint-baseline.json").read_text(encoding="utf-8") == (
        "{\n"
        '  "version": 1,\n'
        f'  "privlint": "{__version__}",\n'
        '  "findings": [\n'
        '    {"path": "site/index.html", "code": "PRV101", "markup": "action=\\"http://news.example.com/s\\"", "count": 1}\n'
        "  ]\n"
        "}\n"
    )


def test_a_baselined_site_exits_0_and_a_new_finding_exits_1(site):
    write_baseline()
    r = check("site", "--baseline", "privlint-baseline.json")
    assert r.exit_code == 0
    assert r.stdout == "No problems found in 2 files (1 already in privlint-baseline.json).\n"
    (site / "site" / "about.html").write_text(page(OTHER_FORM), encoding="utf-8")
    r = check("site", "--baseline", "privlint-baseline.json")
    assert r.exit_code == 1
    assert r.stdout.startswith("site/about.html:2:7: PRV101 Form submits over plain HTTP to http://shop.example.com/buy")
    assert "index.html" not in r.stdout


def test_the_file_is_sorted_and_the_same_from_run_to_run(site):
    (site / "site" / "about.html").write_text(page(OTHER_FORM, FORM), encoding="utf-8")
    write_baseline()
    first = (site / "privlint-baseline.json").read_bytes()
    write_baseline()
    assert (site / "privlint-baseline.json").read_bytes() == first
    keys = [(e["path"], e["code"], e["markup"]) for e in entries()]
    assert keys == sorted(keys) and len(keys) == 3


def test_lines_inserted_above_a_finding_do_not_make_it_new(site):
    write_baseline()
    (site / "site" / "index.html").write_text(page("<p>News</p>", "", "<p>More news</p>", FORM), encoding="utf-8")
    r = check("site", "--baseline", "privlint-baseline.json")
    assert r.exit_code == 0, r.output


def test_whitespace_inside_the_markup_does_not_make_it_new(site):
    write_baseline()
    spaced = FORM.replace('action="http://news.example.com/s"', 'action="http://news.example.com/s"  ')
    (site / "site" / "index.html").write_text(page(spaced.replace(" method", "\n      method")), encoding="utf-8")
    assert check("site", "--baseline", "privlint-baseline.json").exit_code == 0


def test_changed_markup_is_a_new_finding_and_the_old_entry_is_gone(site):
    write_baseline()
    (site / "site" / "index.html").write_text(page(OTHER_FORM), encoding="utf-8")
    r = check("site", "--baseline", "privlint-baseline.json")
    assert r.exit_code == 1
    assert "http://shop.example.com/buy" in r.stdout
    assert r.stderr == (
        "privlint: 1 finding recorded in privlint-baseline.json is gone; run with --write-baseline to drop it\n"
    )


def test_duplicates_are_counted(site):
    (site / "site" / "index.html").write_text(page(FORM, FORM), encoding="utf-8")
    write_baseline()
    assert [e["count"] for e in entries()] == [2]
    (site / "site" / "index.html").write_text(page(FORM, FORM, FORM), encoding="utf-8")
    r = check("site", "--baseline", "privlint-baseline.json", "--format", "json")
    assert r.exit_code == 1
    doc = json.loads(r.stdout)
    assert [(f["path"], f["line"]) for f in doc["findings"]] == [("site/index.html", 4)]
    assert doc["baseline"] == {"file": "privlint-baseline.json", "matched": 2, "new": 1, "stale": []}


def test_a_grouped_finding_keeps_only_the_pages_the_baseline_does_not_know(site):
    (site / "site" / "about.html").write_text(page(FORM), encoding="utf-8")
    write_baseline()
    assert [e["path"] for e in entries()] == ["site/about.html", "site/index.html"], "occurrences, not groups"
    (site / "site" / "blog.html").write_text(page("<p>Blog</p>", FORM), encoding="utf-8")
    (site / "site" / "contact.html").write_text(page(FORM), encoding="utf-8")
    r = check("site", "--baseline", "privlint-baseline.json", "--format", "json")
    assert r.exit_code == 1
    (finding,) = json.loads(r.stdout)["findings"]
    assert (finding["path"], finding["line"]) == ("site/blog.html", 3)
    assert finding["also"] == [{"path": "site/contact.html", "line": 2, "column": 7}]
    text = check("site", "--baseline", "privlint-baseline.json").stdout.splitlines()
    assert text[0].startswith("site/blog.html:3:7: PRV101") and "(also on 1 other page: site/contact.html)" in text[0]
    assert text[1] == f" 3 | {FORM}", "the excerpt of the page now first"


def test_a_page_now_first_never_shows_another_pages_line(site):
    (site / "site" / "about.html").write_text(page(FORM), encoding="utf-8")
    write_baseline("site/about.html")
    (site / "site" / "index.html").write_text(page("    " + FORM), encoding="utf-8")  # same markup, moved right
    lines = check("site", "--baseline", "privlint-baseline.json").stdout.splitlines()
    assert lines[0].startswith("site/index.html:2:11: PRV101") and "also on" not in lines[0]
    assert lines[1] == "Found 1 problem (1 error) in 2 files (1 already in privlint-baseline.json).", "no excerpt rather than about.html's line"


def test_stale_entries_are_reported_in_every_format(site):
    (site / "site" / "about.html").write_text(page(OTHER_FORM), encoding="utf-8")
    write_baseline()
    (site / "site" / "about.html").write_text(page("<p>Fixed</p>"), encoding="utf-8")
    gone = "1 finding recorded in privlint-baseline.json is gone; run with --write-baseline to drop it"

    r = check("site", "--baseline", "privlint-baseline.json")
    assert r.exit_code == 0, "gone entries never change the exit status"
    assert r.stderr == f"privlint: {gone}\n"
    assert check("site", "--baseline", "privlint-baseline.json", "-q").stderr == "", "--quiet hides it, as ruff"

    doc = json.loads(check("site", "--baseline", "privlint-baseline.json", "--format", "json").stdout)
    assert doc["baseline"] == {
        "file": "privlint-baseline.json",
        "matched": 1,
        "new": 0,
        "stale": [
            {"path": "site/about.html", "code": "PRV101", "markup": 'action="http://shop.example.com/buy"', "count": 1}
        ],
    }

    sarif = json.loads(check("site", "--baseline", "privlint-baseline.json", "--format", "sarif").stdout)
    schema = json.loads((Path(__file__).parent / "data" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
    assert list(Draft202012Validator(schema).iter_errors(sarif)) == []
    (note,) = sarif["runs"][0]["invocations"][0]["toolExecutionNotifications"]
    assert note == {"level": "note", "message": {"text": f"{gone}."}}

    github = check("site", "--baseline", "privlint-baseline.json", "--format", "github").stdout.splitlines()
    assert github[0] == f"::notice file=privlint-baseline.json,title=privlint%3A baseline entries gone::{gone}"


def test_paths_are_relative_to_the_baseline_file_whatever_the_working_directory(site, monkeypatch):
    monkeypatch.chdir(site / "site")
    r = CliRunner().invoke(main, ["check", "--select", "PRV101", ".", "--write-baseline", "../privlint-baseline.json"])
    assert r.exit_code == 0, r.output
    assert [e["path"] for e in entries(site / "privlint-baseline.json")] == ["site/index.html"]
    monkeypatch.chdir(site)
    assert check("site", "--baseline", "privlint-baseline.json").exit_code == 0
    monkeypatch.chdir(site / "site")
    r = CliRunner().invoke(main, ["check", "--select", "PRV101", "index.html", "--baseline", "../privlint-baseline.json"])
    assert (r.exit_code, r.output) == (0, "No problems found in 1 file (1 already in ../privlint-baseline.json).\n")


def test_entries_a_run_could_not_have_found_are_neither_gone_nor_dropped(site):
    (site / "site" / "about.html").write_text(page(OTHER_FORM), encoding="utf-8")
    write_baseline()
    # One file, as pre-commit passes it: the other file's entry is not judged.
    r = check("site/index.html", "--baseline", "privlint-baseline.json")
    assert (r.exit_code, r.stderr) == (0, "")
    # Another rule only: PRV101's entries are not judged either.
    r = CliRunner().invoke(main, ["check", "site", "--select", "PRV401", "--baseline", "privlint-baseline.json"])
    assert (r.exit_code, r.stderr) == (0, "")
    # Writing again for one file keeps the other file's entry.
    (site / "site" / "index.html").write_text(page("<p>Fixed</p>"), encoding="utf-8")
    assert write_baseline("site/index.html").stderr == "privlint: wrote 1 finding to privlint-baseline.json\n"
    assert [e["path"] for e in entries()] == ["site/about.html"]


def test_suppressed_findings_never_reach_the_baseline(site):
    directive = "<!-- privlint-disable-next-line PRV101 -- the list provider moves to HTTPS in May -->"
    (site / "site" / "about.html").write_text(page(directive, OTHER_FORM), encoding="utf-8")
    write_baseline()
    assert [e["path"] for e in entries()] == ["site/index.html"]


def test_long_markup_is_kept_short_and_still_matched_exactly(site):
    long_form = FORM.replace("/s", "/s?" + "x" * 400)
    (site / "site" / "index.html").write_text(page(long_form), encoding="utf-8")
    write_baseline()
    (markup,) = [e["markup"] for e in entries()]
    assert len(markup) < 300 and markup.startswith('action="http://news.example.com/s?xxx') and "sha256:" in markup
    assert check("site", "--baseline", "privlint-baseline.json").exit_code == 0
    (site / "site" / "index.html").write_text(page(long_form.replace("x\"", "y\"")), encoding="utf-8")
    assert check("site", "--baseline", "privlint-baseline.json").exit_code == 1


def test_baseline_and_write_baseline_together_is_an_error(site):
    r = check("site", "--baseline", "a.json", "--write-baseline", "b.json")
    assert r.exit_code == 2
    assert r.output == "privlint: error: --baseline and --write-baseline cannot be used together\n"


GOOD_ENTRY = {"path": "site/index.html", "code": "PRV101", "markup": "x", "count": 1}


@pytest.mark.parametrize(
    "content, problem",
    [
        (None, "no such baseline file (write one with --write-baseline privlint-baseline.json)"),
        (b"\xff\xfe{}", "not a privlint baseline: not UTF-8 text"),
        (b'{"version": 1, "findings": [}', "not a privlint baseline: invalid JSON at line 1, column 29 (Expecting value)"),
        (b"[]", 'not a privlint baseline: no "version" and "findings" list'),
        (b'{"version": 1, "findings": {}}', 'not a privlint baseline: no "version" and "findings" list'),
        (b'{"version": "1", "findings": []}', 'not a privlint baseline: unknown "version" "1"'),
        (b'{"version": 2, "findings": []}', f"baseline format 2 is newer than privlint {__version__} reads; upgrade privlint"),
        (json.dumps({"version": 1, "findings": [GOOD_ENTRY, "x"]}).encode(), "findings[1]: not an object"),
        (json.dumps({"version": 1, "findings": [{**GOOD_ENTRY, "line": 3}]}).encode(), 'findings[0]: unknown key "line"'),
        (json.dumps({"version": 1, "findings": [{**GOOD_ENTRY, "count": 0}]}).encode(), 'findings[0]: "count" must be 1 or more'),
        (json.dumps({"version": 1, "findings": [{**GOOD_ENTRY, "count": True}]}).encode(), 'findings[0]: "count" must be a whole number'),
        (json.dumps({"version": 1, "findings": [{**GOOD_ENTRY, "code": None}]}).encode(), 'findings[0]: "code" must be a string'),
    ],
)
def test_a_bad_baseline_file_is_one_line_naming_it_and_exit_2(site, content, problem):
    if content is not None:
        (site / "privlint-baseline.json").write_bytes(content)
    r = check("site", "--baseline", "privlint-baseline.json")
    assert r.exit_code == 2
    assert r.output == f"privlint: error: privlint-baseline.json: {problem}\n"


def test_an_unreadable_baseline_file_is_one_line(site, monkeypatch):
    (site / "privlint-baseline.json").write_text('{"version": 1, "findings": []}', encoding="utf-8")

    def refuse(self):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "read_bytes", refuse)
    with pytest.raises(baseline.BaselineError, match=r"^privlint-baseline.json: cannot read: Permission denied$"):
        baseline.read(Path("privlint-baseline.json"))


def test_write_baseline_never_overwrites_a_file_that_is_not_a_baseline(site):
    (site / "package.json").write_text('{"name": "shop"}\n', encoding="utf-8")
    r = check("site", "--write-baseline", "package.json")
    assert r.exit_code == 2
    assert r.output == (
        'privlint: error: package.json: not a privlint baseline: no "version" and "findings" list;'
        " the file is left as it is\n"
    )
    assert (site / "package.json").read_text(encoding="utf-8") == '{"name": "shop"}\n'


def test_duplicate_entries_add_up(site):
    (site / "site" / "index.html").write_text(page(FORM, FORM), encoding="utf-8")
    entry = {"path": "site/index.html", "code": "PRV101", "markup": 'action="http://news.example.com/s"', "count": 1}
    (site / "privlint-baseline.json").write_text(json.dumps({"version": 1, "findings": [entry, entry]}), encoding="utf-8")
    assert check("site", "--baseline", "privlint-baseline.json").exit_code == 0


def test_the_readmes_baseline_file_is_real(tmp_path, monkeypatch):
    root = Path(__file__).parent.parent
    readme = (root / "README.md").read_text(encoding="utf-8")
    example = next(block for block in re.findall(r"```json\n(.*?)```", readme, re.S) if '"privlint":' in block)
    shutil.copytree(root / "tests" / "data" / "readme-site", tmp_path / "_site")
    monkeypatch.chdir(tmp_path)
    r = CliRunner().invoke(main, ["check", "_site", "--write-baseline", "privlint-baseline.json"])
    assert r.exit_code == 0, r.output
    written = (tmp_path / "privlint-baseline.json").read_text(encoding="utf-8")
    assert written == re.sub(r'"privlint": "[^"]*"', f'"privlint": "{__version__}"', example)


def test_a_file_name_that_is_not_utf8_is_recorded_and_matched(tmp_path, monkeypatch):
    baseline_mod = baseline
    odd = os.fsdecode(b"caf\xe9.html")  # Latin-1 on a UTF-8 system: a surrogate escape in Python
    (tmp_path / odd).write_text('<form action="http://x.example/s"><input type="email" name="e"></form>', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = Linter(config_mod.Config(base_dir=tmp_path), select=["PRV101"], cwd=tmp_path).run(["."])
    previous = baseline_mod.to_update(tmp_path / "b.json")
    assert baseline_mod.write(baseline_mod.record(previous, result, ["."])) == 1
    assert r"caf\udce9.html" in (tmp_path / "b.json").read_bytes().decode("utf-8")  # valid UTF-8, read back the same
    again = Linter(config_mod.Config(base_dir=tmp_path), select=["PRV101"], cwd=tmp_path).run(["."])
    baseline_mod.apply(baseline_mod.read(tmp_path / "b.json"), again, ["."])
    assert again.findings == [] and again.baseline.matched == 1
