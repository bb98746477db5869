"""Microsoft's SARIF Multitool, with GitHub's ingestion rules on, accepts privlint's SARIF.

The Multitool's exit status is 0 even when it finds errors: its --output file is read.
It comes from npm (@microsoft/sarif-multitool); the test installs it into a cache folder
the first time, or uses PRIVLINT_SARIF_MULTITOOL if set.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import FIXTURES, ROOT

pytestmark = pytest.mark.slow

VERSION = "5.7.0"
GH_RULES = ROOT.parent / "shared" / "sarif" / "gh-rules.xml"


@pytest.fixture(scope="module")
def multitool() -> str:
    configured = os.environ.get("PRIVLINT_SARIF_MULTITOOL")
    if configured:
        return configured
    cache = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "privlint-tests" / f"sarif-multitool-{VERSION}"
    binary = cache / "node_modules" / "@microsoft" / "sarif-multitool-linux" / "Sarif.Multitool"
    if not binary.exists():
        npm = shutil.which("npm")
        assert npm, "npm is needed to install @microsoft/sarif-multitool (or set PRIVLINT_SARIF_MULTITOOL)"
        cache.mkdir(parents=True, exist_ok=True)
        r = subprocess.run(
            [npm, "install", "--prefix", str(cache), "--no-audit", "--no-fund", f"@microsoft/sarif-multitool@{VERSION}"],
            capture_output=True, text=True,
        )
        assert r.returncode == 0, r.stderr
    return str(binary)


def validate(multitool: str, sarif_file: Path) -> list[str]:
    assert GH_RULES.is_file(), f"{GH_RULES} turns GitHub's ingestion rules on; it sits in ../shared"
    out = sarif_file.with_suffix(".validation.sarif")
    # The file goes right after "validate": options taking lists would swallow it.
    r = subprocess.run(
        [multitool, "validate", str(sarif_file), "--rule-kind", "Sarif;Ghas", "--config", str(GH_RULES),
         "--level", "Error;Warning", "--output", str(out), "--log", "ForceOverwrite"],
        capture_output=True, text=True, env={**os.environ, "DOTNET_SYSTEM_GLOBALIZATION_INVARIANT": "1"},
    )
    assert out.is_file(), r.stdout + r.stderr
    results = json.loads(out.read_text(encoding="utf-8"))["runs"][0].get("results", [])
    return [f"{x['ruleId']}: {x['message'].get('text') or x['message'].get('arguments')}" for x in results]


def privlint_sarif(cwd: Path, *args: str) -> Path:
    out = cwd / "privlint.sarif"
    r = subprocess.run([sys.executable, "-m", "privlint", "check", *args, "--format", "sarif", "--output", str(out)],
                       cwd=cwd, capture_output=True, text=True)
    assert r.returncode in (0, 1), r.stderr
    return out


def test_the_multitool_catches_a_broken_file(multitool, tmp_path):
    """The validation is live: a result without startLine and a rule without fullDescription fail."""
    shutil.copytree(FIXTURES / "PRV101", tmp_path / "site")
    doc = json.loads(privlint_sarif(tmp_path, "site").read_text(encoding="utf-8"))
    del doc["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"]
    del doc["runs"][0]["tool"]["driver"]["rules"][0]["fullDescription"]
    broken = tmp_path / "broken.sarif"
    broken.write_text(json.dumps(doc), encoding="utf-8")
    problems = validate(multitool, broken)
    assert any(p.startswith("GH1003") for p in problems), problems
    assert any(p.startswith("GH2012") for p in problems), problems


def test_all_fixtures_all_rules(multitool, tmp_path):
    shutil.copytree(FIXTURES, tmp_path / "fixtures")
    (tmp_path / ".git").mkdir()
    os.symlink(tmp_path / "nowhere.html", tmp_path / "fixtures" / "unreadable.html")  # a notification too
    assert validate(multitool, privlint_sarif(tmp_path / "fixtures", ".")) == []


def test_paths_with_spaces_and_a_subfolder_and_a_category(multitool, tmp_path):
    (tmp_path / ".git").mkdir()
    site = tmp_path / "public site"
    site.mkdir()
    (site / "my page.html").write_text('<form action="http://x.example/"><input name="card_number"></form>', encoding="utf-8")
    assert validate(multitool, privlint_sarif(site, ".", "--category", "build/public")) == []


def test_grouped_findings_with_related_locations_pass_githubs_rules(multitool, tmp_path):
    """One finding for a layout shared by many pages: the other pages ride along as
    relatedLocations, and GitHub's ingestion rules accept them."""
    site = tmp_path / "site"
    layout = ('<!doctype html><html><head><script src="https://static.hotjar.com/c/hotjar-1.js"></script></head>'
              '<body><form action="http://news.example.com/s"><input type="email" name="e"></form></body></html>\n')
    for page in ("index.html", "a/index.html", "b/index.html", "c/index.html"):
        (site / page).parent.mkdir(parents=True, exist_ok=True)
        (site / page).write_text(layout, encoding="utf-8")
    sarif = privlint_sarif(tmp_path, "site")
    results = json.loads(sarif.read_text(encoding="utf-8"))["runs"][0]["results"]
    assert results and all(len(r["relatedLocations"]) == 3 for r in results if r["ruleId"] in ("PRV101", "PRV201"))
    assert validate(multitool, sarif) == []
