"""The benchmark's synthetic shop is deterministic and exercises the rules, not only parsing;
the benchmark script runs end to end in its quick mode."""

from __future__ import annotations

import hashlib
import importlib.util
import sys

from privlint import config as config_mod
from privlint.engine import Linter

from conftest import ROOT


def load(name: str):
    spec = importlib.util.spec_from_file_location(f"bench_{name}", ROOT / "bench" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def digest(folder) -> str:
    h = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        h.update(path.relative_to(folder).as_posix().encode() + b"\0" + path.read_bytes())
    return h.hexdigest()


def test_the_synthetic_shop_is_deterministic_and_trips_the_rules(tmp_path):
    synth = load("synth_shop")
    synth.generate(tmp_path / "a", 40, seed=3)
    synth.generate(tmp_path / "b", 40, seed=3)
    assert digest(tmp_path / "a") == digest(tmp_path / "b")
    pages = list((tmp_path / "a").rglob("*.html"))
    assert len(pages) == 40 and all(10_000 <= p.stat().st_size <= 70_000 for p in pages)
    found = Linter(config_mod.Config(), cwd=tmp_path).run([str(tmp_path / "a")]).findings
    codes = {f.code for f in found}
    # Forms, trackers, consent, embeds and payment pages all have their rule to trip.
    assert {"PRV101", "PRV103", "PRV201", "PRV202", "PRV203", "PRV304", "PRV401", "PRV402"} <= codes


def test_the_benchmark_runs_in_quick_mode(tmp_path, monkeypatch, capsys):
    run = load("run")
    monkeypatch.setenv("PRIVLINT_BENCH_CACHE", str(tmp_path))
    monkeypatch.setattr(run, "CACHE", tmp_path)
    out = tmp_path / "record.json"
    assert run.main(["--quick", "--corpus", "shop-20", "--no-startup", "--json", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "shop-20" in printed and "floor" in printed
    assert out.is_file() and '"floor"' in out.read_text(encoding="utf-8")
