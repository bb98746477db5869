"""The composite action (action.yml), its steps run locally the way a GitHub runner would.

`run:` steps execute with bash, GITHUB_ACTION_PATH and GITHUB_OUTPUT set and the step's
env: filled from the inputs; `if:` conditions are evaluated; the `uses:` step (the SARIF
upload, which needs GitHub) is recorded with its inputs. Slow: the first step pip installs
privlint into a fresh environment.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import venv
from pathlib import Path

import pytest
import yaml

from conftest import ROOT

pytestmark = pytest.mark.slow

ACTION = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))
EXPRESSION = re.compile(r"\$\{\{\s*(.+?)\s*\}\}")


@pytest.fixture(scope="module")
def runner_bin(tmp_path_factory) -> Path:
    """A Python environment standing in for the runner's (actions/setup-python)."""
    env_dir = tmp_path_factory.mktemp("runner") / "venv"
    venv.EnvBuilder(with_pip=True).create(env_dir)
    return env_dir / "bin"


def lookup(expr: str, inputs: dict, outputs: dict) -> str:
    kind, _, rest = expr.partition(".")
    if kind == "inputs":
        return inputs[rest]
    if kind == "steps":
        step, _, name = rest.partition(".outputs.")
        return outputs.get(step, {}).get(name, "")
    raise AssertionError(f"unexpected expression {expr}")


def substitute(text: str, inputs: dict, outputs: dict) -> str:
    return EXPRESSION.sub(lambda m: lookup(m.group(1), inputs, outputs), text)


def condition(text: str, inputs: dict, outputs: dict) -> bool:
    python = re.sub(r"\b(inputs|steps)\.[\w.-]+", lambda m: repr(lookup(m.group(), inputs, outputs)), text)
    return eval(python.replace("&&", " and ").replace("||", " or "), {"__builtins__": {}})  # noqa: S307


def run_action(workspace: Path, runner_bin: Path, **given) -> dict:
    inputs = {name: str(spec.get("default", "")) for name, spec in ACTION["inputs"].items()}
    inputs.update({k.replace("_", "-"): v for k, v in given.items()})
    outputs: dict[str, dict] = {}
    record = {"steps": [], "uploads": [], "failed": None, "log": ""}
    for step in ACTION["runs"]["steps"]:
        if "if" in step and not condition(step["if"], inputs, outputs):
            record["steps"].append((step["name"], "skipped"))
            continue
        if "uses" in step:
            record["uploads"].append({k: substitute(str(v), inputs, outputs) for k, v in step["with"].items()})
            record["steps"].append((step["name"], "uses " + step["uses"]))
            continue
        output_file = workspace.parent / "github_output"
        output_file.write_text("", encoding="utf-8")
        env = {**os.environ, "PATH": f"{runner_bin}{os.pathsep}{os.environ['PATH']}",
               "GITHUB_ACTION_PATH": str(ROOT), "GITHUB_OUTPUT": str(output_file)}
        env.pop("VIRTUAL_ENV", None)
        env.update({k: substitute(str(v), inputs, outputs) for k, v in step.get("env", {}).items()})
        r = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", step["run"]],
                           cwd=workspace, env=env, capture_output=True, text=True)
        record["log"] += r.stdout + r.stderr
        if "id" in step:
            outputs[step["id"]] = dict(
                line.split("=", 1) for line in output_file.read_text(encoding="utf-8").splitlines() if "=" in line
            )
        record["steps"].append((step["name"], r.returncode))
        if r.returncode != 0:
            record["failed"] = step["name"]
            break
    record["outputs"] = outputs
    return record


@pytest.fixture
def workspace(tmp_path) -> Path:
    site = tmp_path / "work" / "_site"
    site.mkdir(parents=True)
    (site / "index.html").write_text(
        '<!doctype html><html><body><form action="http://news.example.com/s" method="post"><input type="email" name="e"></form>'
        '<a href="/privacy/">Privacy</a></body></html>', encoding="utf-8")
    (site / "privacy").mkdir()
    (site / "privacy" / "index.html").write_text("<html><body><h1>Privacy policy</h1></body></html>", encoding="utf-8")
    return tmp_path / "work"


def test_findings_become_sarif_annotations_and_an_upload(workspace, runner_bin):
    record = run_action(workspace, runner_bin, paths="_site", category="site")
    assert record["failed"] is None, record["log"]
    assert record["outputs"]["check"]["status"] == "1"
    doc = json.loads((workspace / "privlint.sarif").read_text(encoding="utf-8"))
    assert [r["ruleId"] for r in doc["runs"][0]["results"]] == ["PRV101"]
    assert doc["runs"][0]["automationDetails"]["id"] == "site/"
    assert "::error file=_site/index.html,line=1,col=" in record["log"]
    assert record["uploads"] == [{"sarif_file": "privlint.sarif", "category": "site"}]
    assert record["steps"][-1] == ("Fail on findings", "skipped")


def test_fail_on_findings(workspace, runner_bin):
    record = run_action(workspace, runner_bin, paths="_site", fail_on_findings="true")
    assert record["failed"] == "Fail on findings"


def test_a_clean_site_passes_even_when_failing_on_findings(workspace, runner_bin):
    (workspace / "_site" / "index.html").write_text(
        '<!doctype html><html><body><a href="/privacy/">Privacy</a></body></html>', encoding="utf-8")
    record = run_action(workspace, runner_bin, paths="_site", fail_on_findings="true", upload="false")
    assert record["failed"] is None and record["outputs"]["check"]["status"] == "0"
    assert record["uploads"] == []


def test_a_privlint_error_fails_the_step_before_the_upload(workspace, runner_bin):
    record = run_action(workspace, runner_bin, paths="_site", args="--select PRV999")
    assert record["failed"] == "Run privlint"
    assert "unknown rule selector `PRV999`" in record["log"]
    assert record["uploads"] == []
