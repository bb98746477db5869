"""SARIF for GitHub code scanning: valid against the 2.1.0 schema, and right where GitHub reads it."""

from __future__ import annotations

import io
import json
import os
from pathlib import Path

import pytest
from jsonschema.validators import Draft202012Validator

from privlint import config as config_mod
from privlint import registry
from privlint.engine import Linter
from privlint.formatters import sarif
from privlint.model import OutputOptions

from conftest import FIXTURES
from fixture_support import discover

SCHEMA = json.loads((Path(__file__).parent / "data" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
VALIDATOR = Draft202012Validator(SCHEMA)
FIXTURE_LIST = discover()


def sarif_of(result, **options):
    out, err = io.StringIO(), io.StringIO()
    sarif.write(result, out, err, OutputOptions(**options))
    return json.loads(out.getvalue()), err.getvalue()


def schema_errors(doc) -> list[str]:
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in VALIDATOR.iter_errors(doc)]


@pytest.mark.parametrize("fixture", FIXTURE_LIST, ids=[f.id for f in FIXTURE_LIST])
def test_every_fixture_gives_valid_sarif(fixture, monkeypatch):
    monkeypatch.chdir(fixture.path.parent)
    config = config_mod.load(fixture.config_path)
    result = Linter(config, select=[fixture.rule]).run([str(fixture.path)])
    doc, _ = sarif_of(result)
    assert schema_errors(doc) == []
    assert len(doc["runs"][0]["results"]) == len(result.findings)


def test_a_run_over_all_fixtures_with_all_rules(monkeypatch):
    monkeypatch.chdir(FIXTURES)
    result = Linter(config_mod.Config(preset="strict")).run(["."])
    doc, _ = sarif_of(result)
    assert schema_errors(doc) == []
    run = doc["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == [r.code for r in registry.all_rules()]
    for result_ in run["results"]:
        assert rules[result_["ruleIndex"]]["id"] == result_["ruleId"]


def test_what_github_reads_is_there(tmp_path, monkeypatch):
    (tmp_path / ".git").mkdir()
    page = tmp_path / "site" / "my page.html"
    page.parent.mkdir()
    page.write_text('<p>\n\n<form action="http://x.example/s"><input type="email" name="e"></form>\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path / "site")  # run from a subfolder: URIs stay repository-relative
    result = Linter(config_mod.Config(), select=["PRV101", "PRV401"]).run(["my page.html"])
    doc, warnings = sarif_of(result, category="shop/templates")
    assert warnings == ""
    assert doc["version"] == "2.1.0" and doc["$schema"].endswith("sarif-2.1.0.json")
    run = doc["runs"][0]
    driver = run["tool"]["driver"]
    assert driver["name"] == "privlint" and driver["semanticVersion"] and driver["informationUri"]
    prv101, prv401 = driver["rules"]
    assert prv101["name"] == "insecure-form-action"
    assert prv101["shortDescription"]["text"] == "Form submits over plain HTTP"
    assert 0 < len(prv101["fullDescription"]["text"]) <= 1024
    assert prv101["help"]["markdown"].startswith("# insecure-form-action (PRV101)")
    assert prv101["help"]["text"]
    assert prv101["defaultConfiguration"] == {"level": "error"}
    assert prv101["properties"] == {
        "tags": ["privacy", "security", "transport", "external/cwe/cwe-319"],
        "precision": "high",
        "security-severity": "7.5",
    }
    assert prv401["defaultConfiguration"] == {"level": "warning"}
    assert run["automationDetails"] == {"id": "shop/templates/"}
    assert run["originalUriBaseIds"] == {"%SRCROOT%": {"uri": tmp_path.as_uri() + "/"}}
    assert run["invocations"] == [{"executionSuccessful": True}]
    (res,) = run["results"]
    assert res["ruleId"] == "PRV101" and res["ruleIndex"] == 0 and res["level"] == "error"
    assert res["message"]["text"].startswith("Form submits over plain HTTP to http://x.example/s")
    assert res["message"]["text"].endswith(".")
    (location,) = res["locations"]
    assert location["physicalLocation"] == {
        "artifactLocation": {"uri": "site/my%20page.html", "uriBaseId": "%SRCROOT%"},
        "region": {"startLine": 3, "startColumn": 7, "endLine": 3, "endColumn": 34},
    }
    from privlint.fingerprints import line_hashes

    assert res["partialFingerprints"] == {"primaryLocationLineHash": line_hashes(page.read_text())[2]}


def test_a_non_security_rule_carries_a_problem_severity(tmp_path, monkeypatch):
    (tmp_path / "p.html").write_text("<!doctype html><html><body><a href='/'>Home</a></body></html>", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    doc, _ = sarif_of(Linter(config_mod.Config(), select=["PRV301"]).run(["."]))
    (rule,) = doc["runs"][0]["tool"]["driver"]["rules"]
    assert "security-severity" not in rule["properties"]
    assert rule["properties"]["problem.severity"] == "warning"


def test_unreadable_files_become_tool_notifications(tmp_path, monkeypatch):
    os.symlink(tmp_path / "missing.html", tmp_path / "broken.html")
    monkeypatch.chdir(tmp_path)
    doc, _ = sarif_of(Linter(config_mod.Config()).run(["."]))
    assert schema_errors(doc) == []
    (invocation,) = doc["runs"][0]["invocations"]
    assert invocation["executionSuccessful"] is True
    (note,) = invocation["toolExecutionNotifications"]
    assert note["level"] == "warning"
    assert note["message"]["text"].startswith("broken.html: cannot read")
    assert note["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "broken.html"


def test_githubs_result_limit_keeps_the_most_severe(tmp_path, monkeypatch):
    monkeypatch.setattr(sarif, "MAX_RESULTS", 3)
    (tmp_path / "a.html").write_text(
        "\n".join(['<input name="cvc">'] * 3 + ['<form action="http://x/"></form>'] * 2)
        + "\n<html><body></body></html>", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = Linter(config_mod.Config(), select=["PRV101", "PRV401"]).run(["a.html"])
    assert len(result.findings) == 5
    doc, warnings = sarif_of(result)
    levels = [r["level"] for r in doc["runs"][0]["results"]]
    assert levels.count("error") == 2 and len(levels) == 3
    assert "5 results exceed GitHub's limit of 3 per run" in warnings
    notes = doc["runs"][0]["invocations"][0]["toolExecutionNotifications"]
    assert any("left out 2" in n["message"]["text"] for n in notes)


def test_the_serialiser_keeps_required_defaults_and_drops_the_rest():
    import sarif_om as om

    log = om.SarifLog(runs=[om.Run(tool=om.Tool(driver=om.ToolComponent(name="x")), results=[])], version="2.1.0")
    assert sarif.to_json_dict(log) == {"runs": [{"tool": {"driver": {"name": "x"}}, "results": []}], "version": "2.1.0"}


def test_githubs_size_limit_drops_the_least_severe_and_says_so(tmp_path, monkeypatch):
    (tmp_path / "a.html").write_text(
        "\n".join(['<input name="cvc">'] * 40 + ['<form action="http://x/"></form>'] * 2)
        + "\n<html><body></body></html>", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = Linter(config_mod.Config(), select=["PRV101", "PRV401"]).run(["a.html"])
    full, _ = sarif_of(result)
    size = len(__import__("gzip").compress(sarif.serialise(full).encode()))
    monkeypatch.setattr(sarif, "MAX_GZIPPED_BYTES", size - 1)
    doc, warnings = sarif_of(result)
    kept = doc["runs"][0]["results"]
    assert 2 <= len(kept) < 42
    assert [r["level"] for r in kept].count("error") == 2  # the errors stay
    assert "exceeds GitHub's 10 MB (gzipped) limit: left out" in warnings
    notes = doc["runs"][0]["invocations"][0]["toolExecutionNotifications"]
    assert any("10 MB" in n["message"]["text"] for n in notes)
    assert schema_errors(doc) == []
