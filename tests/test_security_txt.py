"""PRV501 security-txt: reading RFC 9116 files, the injectable clock, and when a directory is a
site's web root."""

from __future__ import annotations

import os
from datetime import datetime, timezone
from pathlib import Path

import pytest

from privlint import config as config_mod
from privlint import registry
from privlint.checks.security_txt import SecurityTxtCheck, parse, parse_date_time
from privlint.engine import Linter

HOME = '<!DOCTYPE html>\n<html><head><title>Shop</title></head>\n<body><h1>Shop</h1></body></html>\n'
VALID = "Contact: mailto:security@shop.example\nExpires: 2027-06-30T00:00:00Z\n"


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def build(tmp_path: Path, security_txt: str | None = VALID, markers=("robots.txt",), home: str = HOME) -> Path:
    site = tmp_path / "site"
    write(site / "index.html", home)
    for name in markers:
        write(site / name, "User-agent: *\n")
    if security_txt is not None:
        write(site / ".well-known" / "security.txt", security_txt)
    return site


@pytest.fixture
def clock(monkeypatch):
    """Set the check's clock: clock(2026, 12, 1)."""

    def set_now(*when: int) -> None:
        fixed = datetime(*when, tzinfo=timezone.utc)
        monkeypatch.setattr(SecurityTxtCheck, "now", staticmethod(lambda: fixed))

    set_now(2026, 12, 1)
    return set_now


def lint(tmp_path: Path, *paths: str, config: config_mod.Config | None = None):
    linter = Linter(config or config_mod.Config(base_dir=tmp_path), select=["PRV501"], cwd=tmp_path)
    result = linter.run([str(tmp_path / p) for p in paths] or [str(tmp_path / "site")])
    return [(f.path, f.region.line, f.message) for f in result.findings]


# --- the file format ---------------------------------------------------------------------


def test_fields_are_case_insensitive_and_comments_blank_and_stray_lines_are_skipped():
    parsed = parse("# comment\r\n\r\nCONTACT: mailto:a@b.example\r\ncontact:tel:+1-201-555-0123\r\nnot a field\r\n"
                   "Expires:   2027-01-01T00:00:00Z  \r\n  # indented comment: x\r\n")
    assert [(f.name, f.value, f.line) for f in parsed.fields] == [
        ("contact", "mailto:a@b.example", 3),
        ("contact", "tel:+1-201-555-0123", 4),
        ("expires", "2027-01-01T00:00:00Z", 6),
    ]


def test_a_cleartext_signature_is_read_through():
    text = (
        "-----BEGIN PGP SIGNED MESSAGE-----\nHash: SHA512\n\n"
        "- Contact: mailto:dash-escaped@shop.example\nExpires: 2027-01-01T00:00:00Z\n"
        "-----BEGIN PGP SIGNATURE-----\n\nContact: mailto:in-the-signature@shop.example\n-----END PGP SIGNATURE-----\n"
    )
    parsed = parse(text)
    assert parsed.signed
    assert [(f.name, f.value, f.line) for f in parsed.fields] == [
        ("contact", "mailto:dash-escaped@shop.example", 4),
        ("expires", "2027-01-01T00:00:00Z", 5),
    ]


@pytest.mark.parametrize(
    "value, expected",
    [
        ("2027-01-01T00:00:00Z", datetime(2027, 1, 1, tzinfo=timezone.utc)),
        ("2027-01-01t00:00:00z", datetime(2027, 1, 1, tzinfo=timezone.utc)),
        ("2027-01-01T02:30:00.123+02:30", datetime(2027, 1, 1, tzinfo=timezone.utc)),
        ("2026-12-31T19:00:00-05:00", datetime(2027, 1, 1, tzinfo=timezone.utc)),
        ("2016-12-31T23:59:60Z", datetime(2017, 1, 1, tzinfo=timezone.utc)),  # a leap second
    ],
)
def test_rfc3339_dates_are_read_in_utc(value, expected):
    assert parse_date_time(value) == expected


@pytest.mark.parametrize(
    "value",
    ["2027-01-01", "2027-01-01T00:00:00", "2027-01-01 00:00:00Z", "Thu, 31 Dec 2026 18:37:07 -0800",
     "2027-02-30T00:00:00Z", "2027-13-01T00:00:00Z", "soon"],
)
def test_other_date_formats_are_not_rfc3339(value):
    assert parse_date_time(value) is None


# --- what is reported, and where -------------------------------------------------------------


def test_a_valid_file_is_quiet_until_the_clock_passes_its_expiry(tmp_path, clock):
    build(tmp_path)
    clock(2027, 6, 29, 23, 59)
    assert lint(tmp_path) == []
    clock(2027, 6, 30, 0, 0)
    (found,) = lint(tmp_path)
    assert found[:2] == ("site/.well-known/security.txt", 2)
    assert "expired on 2027-06-30" in found[2]


def test_a_missing_file_is_reported_on_the_home_page(tmp_path, clock):
    build(tmp_path, security_txt=None)
    (found,) = lint(tmp_path)
    assert found[:2] == ("site/index.html", 3)
    assert "no /.well-known/security.txt" in found[2]


def test_a_named_pipe_in_place_of_the_file_is_never_read(tmp_path, clock, deadline):
    """Reading a pipe would wait forever: the run ends, and what cannot be read is not judged."""
    site = build(tmp_path, security_txt=None)
    (site / ".well-known").mkdir()
    os.mkfifo(site / ".well-known" / "security.txt")
    assert lint(tmp_path) == []


def test_missing_fields_are_reported_on_line_one_and_field_problems_on_their_line(tmp_path, clock):
    build(tmp_path, security_txt="# contacts\nPolicy: https://shop.example/security\n")
    found = lint(tmp_path)
    assert [(line, message.split(":")[0]) for _, line, message in found] == [
        (1, "security.txt has no Contact field"),
        (1, "security.txt has no Expires field"),
    ]
    build(tmp_path, security_txt="Contact: security@shop.example\nContact: http://shop.example/security\n"
                                 "Contact: https://shop.example/security\nExpires: 2027-01-01T00:00:00Z\n"
                                 "Expires: 2027-02-01T00:00:00Z\n")
    found = lint(tmp_path)
    assert [line for _, line, _ in found] == [1, 2, 5]
    assert "such as mailto:security@shop.example" in found[0][2]
    assert "plain-HTTP" in found[1][2]
    assert "2 Expires fields" in found[2][2]


def test_an_empty_file_lacks_both_fields(tmp_path, clock):
    build(tmp_path, security_txt="")
    assert [line for _, line, _ in lint(tmp_path)] == [1, 1]


def test_template_code_in_a_value_is_unknown(tmp_path, clock):
    build(tmp_path, security_txt="Contact: {{ site.security_contact }}\nExpires: {{ site.time | date_to_xmlschema }}\n")
    assert lint(tmp_path) == []


def test_max_days_ahead_follows_the_one_year_recommendation_when_set(tmp_path, clock):
    build(tmp_path, security_txt="Contact: mailto:security@shop.example\nExpires: 2099-01-01T00:00:00Z\n")
    assert lint(tmp_path) == []
    write(tmp_path / "privlint.toml", '[rules.PRV501]\nmax-days-ahead = 366\n')
    config = config_mod.load(tmp_path / "privlint.toml")
    (found,) = lint(tmp_path, config=config)
    assert found[1] == 2 and "more than 366 days ahead" in found[2]


def test_the_legacy_location_is_reported_and_still_read(tmp_path, clock):
    site = build(tmp_path, security_txt=None, markers=())
    write(site / "security.txt", "Contact: mailto:security@shop.example\nExpires: 2020-01-01T00:00:00Z\n")
    found = lint(tmp_path)
    assert [(path, line) for path, line, _ in found] == [("site/security.txt", 1), ("site/security.txt", 2)]
    assert "only at the top level" in found[0][2] and "expired" in found[1][2]


def test_paths_are_shown_as_the_run_shows_the_pages(tmp_path, clock, monkeypatch):
    build(tmp_path, security_txt="Contact: mailto:security@shop.example\n")
    monkeypatch.chdir(tmp_path / "site")
    result = Linter(config_mod.Config(base_dir=tmp_path), select=["PRV501"], cwd=tmp_path / "site").run(["."])
    assert [f.path for f in result.findings] == [".well-known/security.txt"]


# --- which directories are a site's web root ------------------------------------------------------


def test_a_home_page_without_web_root_files_is_not_judged(tmp_path, clock):
    build(tmp_path, security_txt=None, markers=())
    assert lint(tmp_path) == []


@pytest.mark.parametrize("marker", ["robots.txt", "sitemap.xml", "favicon.ico", "404.html", "CNAME", "_redirects"])
def test_each_web_root_file_makes_a_build(tmp_path, clock, marker):
    build(tmp_path, security_txt=None, markers=(marker,))
    assert len(lint(tmp_path)) == 1


def test_template_trees_partials_and_single_files_are_not_judged(tmp_path, clock):
    build(tmp_path, security_txt=None, home='---\nlayout: default\n---\n<h1>{{ site.title }}</h1>\n')
    assert lint(tmp_path) == []
    build(tmp_path, security_txt=None, home="<h1>Shop</h1>\n")  # a fragment, not a whole page
    assert lint(tmp_path) == []
    build(tmp_path, security_txt=None)
    assert lint(tmp_path, "site/index.html") == []  # a file named on the command line


def test_a_template_that_generates_the_file_counts_as_the_file(tmp_path, clock):
    site = build(tmp_path, security_txt=None)
    write(site / ".well-known" / "security.txt.njk", "---\npermalink: /.well-known/security.txt\n---\n")
    assert lint(tmp_path) == []


def test_the_rule_is_off_by_default_and_in_the_strict_preset():
    assert "PRV501" not in registry.preset("default")
    assert "PRV501" in registry.preset("strict")
