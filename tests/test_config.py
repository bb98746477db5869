"""Configuration: discovery, validation with one-line errors, and its effect on a run."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from privlint import config as config_mod
from privlint.config import ConfigError
from privlint.engine import Linter


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_nearest_file_wins_and_foreign_pyproject_is_skipped(tmp_path):
    write(tmp_path / "privlint.toml", 'ignore = ["PRV301"]\n')
    write(tmp_path / "app" / "pyproject.toml", '[tool.black]\nline-length = 100\n')
    deep = tmp_path / "app" / "templates"
    deep.mkdir(parents=True)
    assert config_mod.discover(deep) == tmp_path / "privlint.toml"
    write(tmp_path / "app" / "pyproject.toml", '[tool.privlint]\nselect = ["PRV1"]\n')
    assert config_mod.discover(deep) == tmp_path / "app" / "pyproject.toml"
    assert config_mod.load(tmp_path / "app" / "pyproject.toml").select == ["PRV1"]


@pytest.mark.parametrize(
    "text, message",
    [
        ('[tool.privlint]\nselct = ["PRV1"]\n', 'unknown key "tool.privlint.selct" (did you mean "tool.privlint.select"?)'),
        ('[tool.privlint]\nselect = "PRV1"\n', "tool.privlint.select must be a list of strings"),
        ('[tool.privlint]\nselect = ["PRV9"]\n', "unknown rule selector `PRV9`"),
        ('[tool.privlint]\nignore = ["card-autocompleet"]\n', "unknown rule selector `card-autocompleet`"),
        ('[tool.privlint]\nextensions = ["html/x"]\n', '"html/x" is not a file extension'),
        ('[tool.privlint]\nprivacy-policy = "missing/privacy.html"\n', "privacy-policy: no such file: missing/privacy.html"),
        ('[tool.privlint.rules.PRV999]\nseverity = "error"\n', 'tool.privlint.rules.PRV999: unknown rule "PRV999"'),
        ('[tool.privlint.rules.PRV401]\nseverity = "fatal"\n', "severity must be one of error, warning, info, not 'fatal'"),
        ('[tool.privlint.rules.PRV401]\nalow = []\n', 'unknown key "alow" (did you mean "allow"?)'),
        ('[tool.privlint.rules.PRV401]\nallow = "cc-number"\n', "allow must be list[str]"),
        ('[tool.privlint.rules.PRV401]\nallow = ["cc-nmber"]\n', "'cc-nmber' is not one of"),
        ('[tool.privlint.per-file-ignores]\n"legacy/*" = "PRV301"\n', "must be a table of glob = [rule selectors]"),
        ("[tool.privlint\n", "invalid TOML"),
    ],
)
def test_bad_configuration_names_file_and_key(tmp_path, text, message):
    path = write(tmp_path / "pyproject.toml", text)
    with pytest.raises(ConfigError) as info:
        config_mod.load(path)
    assert message in str(info.value)
    assert str(path) in str(info.value)
    assert "\n" not in str(info.value)


def test_rule_tables_by_code_or_name(tmp_path):
    path = write(
        tmp_path / "privlint.toml",
        '[rules.card-autocomplete]\nallow = ["cc-exp"]\n[rules.PRV301]\nseverity = "error"\n',
    )
    config = config_mod.load(path)
    assert config.rules["PRV401"].options == {"allow": ["cc-exp"]}
    assert config.rules["PRV301"].severity == "error"


LANDING = "<!doctype html><html><body><form action='http://x.example/s' method=post><input type=email name=e></form></body></html>"


def run(tmp_path, config_text="", **kw):
    write(tmp_path / "site" / "index.html", LANDING)
    write(tmp_path / "site" / "legacy" / "old.html", LANDING)
    config = config_mod.load(write(tmp_path / "privlint.toml", config_text)) if config_text else config_mod.Config()
    kw.setdefault("all_occurrences", True)  # the two pages are alike: keep both findings
    return Linter(config, cwd=tmp_path, **kw).run([str(tmp_path / "site")])


def test_configuration_shapes_the_run(tmp_path):
    base = run(tmp_path)
    assert sorted({(f.path, f.code) for f in base.findings}) == [
        ("site/index.html", "PRV101"), ("site/index.html", "PRV301"), ("site/index.html", "PRV303"),
        ("site/legacy/old.html", "PRV101"), ("site/legacy/old.html", "PRV301"),
    ]
    assert {f.severity for f in base.findings if f.code == "PRV301"} == {"warning"}
    shaped = run(
        tmp_path,
        'ignore = ["PRV3"]\nexclude = ["legacy/"]\n[rules.PRV101]\nseverity = "warning"\n',
    )
    assert [(f.path, f.code, f.severity) for f in shaped.findings] == [("site/index.html", "PRV101", "warning")]
    assert shaped.files == 1


def test_per_file_ignores_and_cli_selection(tmp_path):
    result = run(tmp_path, '[per-file-ignores]\n"site/legacy/**" = ["insecure-form-action"]\n')
    assert ("site/legacy/old.html", "PRV101") not in {(f.path, f.code) for f in result.findings}
    only = run(tmp_path, select=["PRV1"])
    assert {f.code for f in only.findings} == {"PRV101"}
    ignored = run(tmp_path, ignore=["missing-privacy-link", "PRV303"])
    assert {f.code for f in ignored.findings} == {"PRV101"}


def test_extensions_setting(tmp_path):
    write(tmp_path / "site" / "page.shtml", LANDING)
    result = run(tmp_path, 'extensions = ["shtml"]\nselect = ["PRV101"]\n')
    assert [f.path for f in result.findings] == ["site/page.shtml"]


def test_globs_hold_from_another_directory(tmp_path, monkeypatch):
    write(tmp_path / "templates" / "email" / "shipped.html", "<!doctype html>\n<html><body><p>Shipped.</p></body></html>")
    write(tmp_path / "templates" / "legacy" / "old.html", "<form action='http://x.example/'></form>")
    config = config_mod.load(write(
        tmp_path / "pyproject.toml",
        '[tool.privlint]\nexclude = ["templates/legacy/"]\n'
        '[tool.privlint.per-file-ignores]\n"templates/email/**" = ["PRV301"]\n',
    ))
    (tmp_path / "docs").mkdir()
    result = Linter(config, cwd=tmp_path / "docs").run([str(tmp_path / "docs" / ".." / "templates")])
    assert result.findings == [] and result.files == 1


def test_a_broken_pyproject_with_our_table_is_an_error_not_silence(tmp_path):
    write(tmp_path / "pyproject.toml", '[project]\ndependencies = ["flask"\n[tool.privlint]\nignore = ["PRV301"]\n')
    with pytest.raises(ConfigError, match="invalid TOML"):
        config_mod.discover(tmp_path)
    write(tmp_path / "pyproject.toml", '[project]\ndependencies = ["flask"\n')  # not ours: passed over
    assert config_mod.discover(tmp_path) is None


@pytest.mark.parametrize("text", ['tool = 3\n', '[tool]\nprivlint = ["x"]\n'])
def test_tool_privlint_must_be_a_table(tmp_path, text):
    write(tmp_path / "pyproject.toml", text)
    if text.startswith("tool = 3"):
        assert config_mod.discover(tmp_path) is None
    else:
        with pytest.raises(ConfigError, match="tool.privlint must be a table"):
            config_mod.load(config_mod.discover(tmp_path))


def test_presets_extend_select_and_the_new_settings(tmp_path):
    from privlint import registry

    path = tmp_path / "privlint.toml"
    path.write_text(
        'preset = "strict"\nextend-select = ["PRV4"]\ntrusted-form-targets = ["Mailchimp.com."]\n'
        "sells-or-shares-personal-data = true\n",
        encoding="utf-8",
    )
    config = config_mod.load(path)
    assert config.preset == "strict" and config.extend_select == ["PRV4"]
    assert config.trusted_form_targets == ["mailchimp.com"] and config.sells_or_shares_personal_data is True
    every = {r.code for r in registry.all_rules()}
    assert registry.selected(None, [], [], "strict") == every
    on = {r.code for r in registry.all_rules() if r.enabled_by_default}
    assert registry.selected(None, [], ["PRV101"], "default") == on - {"PRV101"}
    assert registry.selected(["PRV101"], ["PRV401"], [], "default") == {"PRV101", "PRV401"}


@pytest.mark.parametrize(
    "text, message",
    [
        ('preset = "lenient"\n', "unknown preset `lenient`"),
        ('extend-select = ["PRV999"]\n', "unknown rule selector `PRV999`"),
        ("sells-or-shares-personal-data = \"yes\"\n", "sells-or-shares-personal-data must be true or false"),
        ('trusted-form-targets = ["https://mailchimp.com/"]\n', 'trusted-form-targets: "https://mailchimp.com/" is not a domain name'),
    ],
)
def test_bad_selection_settings_name_the_key(tmp_path, text, message):
    path = tmp_path / "privlint.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(config_mod.ConfigError, match=re.escape(message)):
        config_mod.load(path)


def test_rule_data_is_read_from_its_cached_copy_only_while_the_file_is_unchanged(tmp_path, monkeypatch):
    import os

    from privlint import registry

    monkeypatch.setattr(registry.sys, "dont_write_bytecode", False)
    data = tmp_path / "terms.toml"
    data.write_text('words = ["privacy"]\n', encoding="utf-8")
    assert registry._cached_parse(data) == {"words": ["privacy"]}
    (cached,) = (tmp_path / "__pycache__").iterdir()
    assert registry._cached_parse(data) == {"words": ["privacy"]}  # from the copy
    data.write_text('words = ["privacy", "cookies"]\n', encoding="utf-8")
    os.utime(data, ns=(cached.stat().st_mtime_ns + 10**9,) * 2)
    assert registry._cached_parse(data) == {"words": ["privacy", "cookies"]}
    cached.write_bytes(b"not marshal data")
    assert registry._cached_parse(data) == {"words": ["privacy", "cookies"]}


def test_no_cached_copy_is_written_when_bytecode_is_not(tmp_path, monkeypatch):
    from privlint import registry

    monkeypatch.setattr(registry.sys, "dont_write_bytecode", True)
    data = tmp_path / "terms.toml"
    data.write_text('words = ["privacy"]\n', encoding="utf-8")
    assert registry._cached_parse(data) == {"words": ["privacy"]}
    assert not (tmp_path / "__pycache__").exists()
