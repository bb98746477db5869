"""The wheel is the product: build it, install it into a fresh environment, run it elsewhere.

Proves that the top-level rules/ folder ships inside the package (as privlint/rules) and
that nothing depends on the checkout.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import venv
import zipfile

import pytest

from conftest import FIXTURES, ROOT

pytestmark = pytest.mark.slow


def run(*args, cwd=None, env=None):
    r = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True)
    return r


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    out = tmp_path_factory.mktemp("dist")
    r = run(sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-w", str(out), str(ROOT))
    if r.returncode != 0:  # no hatchling in this environment: let pip fetch the build backend
        r = run(sys.executable, "-m", "pip", "wheel", "--no-deps", "-w", str(out), str(ROOT))
    assert r.returncode == 0, r.stderr
    (built,) = out.glob("privlint-*.whl")
    return built


def test_wheel_contains_rules_and_data(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for code in ("PRV101", "PRV201", "PRV301", "PRV401"):
        assert f"privlint/rules/{code}.toml" in names
    for data in ("trackers.toml", "privacy-terms.toml", "card-fields.toml", "personal-data.toml"):
        assert f"privlint/rules/data/{data}" in names
    assert not any(n.startswith(("fixtures/", "tests/")) for n in names)


def test_installed_wheel_runs_from_another_directory(wheel, tmp_path):
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=True).create(env_dir)
    bin_dir = env_dir / ("Scripts" if os.name == "nt" else "bin")
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    r = run(str(bin_dir / "python"), "-m", "pip", "install", "--quiet", str(wheel), env=env)
    assert r.returncode == 0, r.stderr
    work = tmp_path / "elsewhere"
    shutil.copytree(FIXTURES / "PRV101", work / "templates")
    privlint = str(bin_dir / "privlint")
    r = run(privlint, "check", "templates", "--select", "PRV101", "--format", "json", cwd=work, env=env)
    assert r.returncode == 1, r.stderr
    findings = json.loads(r.stdout)["findings"]
    assert {f["path"].split("/")[0] for f in findings} == {"templates"}
    assert all(f["path"].split("/")[1].startswith("bad_") for f in findings)
    r = run(privlint, "rule", "PRV201", cwd=work, env=env)
    assert r.returncode == 0 and r.stdout.startswith("# undisclosed-tracker (PRV201)")
    r = run(str(bin_dir / "python"), "-c", "import privlint.registry as r; print(r.rules_dir())", cwd=work, env=env)
    assert str(env_dir) in r.stdout, "rules must be read from the installed package"
