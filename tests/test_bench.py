"""The benchmark's synthetic shop is deterministic and exercises the rules, not only parsing;
its synthetic source tree is deterministic and has the specified mix, sizes and skipped folders,
with templates of the same size beside it; the benchmark script runs end to end in its quick mode."""

from __future__ import annotations

import hashlib
import importlib.util
import json
import statistics
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


def test_the_synthetic_source_tree_is_deterministic_and_mixed_as_specified(tmp_path):
    synth = load("synth_source")
    synth.generate(tmp_path / "a", 400, seed=2)
    synth.generate(tmp_path / "b", 400, seed=2)
    tree = tmp_path / "a"
    assert digest(tree) == digest(tmp_path / "b")

    # The mix: the files to lint (stylesheets aside) are the count asked for, in the families' shares.
    code = [f for f in synth.linted_files(tree) if f.suffix != ".css"]
    assert len(code) == 400
    families = {"php": {".php"}, "react": {".jsx", ".tsx"}, "vue": {".vue"}, "js": {".js", ".mjs", ".cjs", ".ts"},
                "islands": {".svelte", ".astro"}}
    sizes = {name: [f.stat().st_size for f in code if f.suffix in exts] for name, exts in families.items()}
    shares = {name: len(s) / len(code) for name, s in sizes.items()}
    for name, share in {"php": 0.35, "react": 0.25, "vue": 0.15, "js": 0.20, "islands": 0.05}.items():
        assert abs(shares[name] - share) <= 0.01, (name, shares[name])
    by_ext = {ext: sum(1 for f in code if f.suffix == ext) for ext in set().union(*families.values())}
    assert 50 <= by_ext[".tsx"] <= 70 and 30 <= by_ext[".jsx"] <= 50 and 30 <= by_ext[".js"] <= 50 and by_ext[".ts"] >= 20
    assert all(by_ext[ext] >= 3 for ext in (".mjs", ".cjs", ".svelte", ".astro"))

    # Sizes: (least, median range, most) in bytes, per family.
    for name, (lo, med_lo, med_hi, hi) in {"php": (1_000, 4_500, 7_500, 40_000), "react": (500, 2_500, 5_500, 20_000),
                                           "vue": (1_000, 3_000, 6_000, 20_000), "js": (500, 2_500, 6_000, 30_000),
                                           "islands": (500, 1_500, 5_000, 15_000)}.items():
        s = sizes[name]
        assert lo <= min(s) and max(s) <= hi and med_lo <= statistics.median(s) <= med_hi, (name, min(s), statistics.median(s), max(s))
    assert max(sizes["php"]) >= 15_000  # a long tail, as real class files have

    # What privlint's walk is to skip is there, and not among the files to lint.
    assert len(list((tree / "node_modules").rglob("*.js"))) >= 5 and len(list((tree / "vendor").rglob("*.php"))) >= 5
    minified = [p for p in tree.rglob("*.min.js") if "node_modules" not in p.parts]
    assert len(minified) >= 3 and all(p.read_text().count("\n") == 1 and p.stat().st_size > 10_000 for p in minified)
    linted = set(synth.linted_files(tree))
    assert not any(synth.skipped(p.relative_to(tree)) for p in linted)

    # The templates match the tree's linted bytes within 2%, in files privlint lints as it finds them.
    total = synth.linted_bytes(tree)
    synth.generate_templates(tmp_path / "t", total, seed=2)
    found = Linter(config_mod.Config()).collect([str(tmp_path / "t")])[0].files
    made = sum(f.stat().st_size for f in found)
    assert len(found) == len(list((tmp_path / "t").rglob("*.*"))) and abs(made - total) <= 0.02 * total


def test_the_benchmark_runs_in_quick_mode(tmp_path, monkeypatch, capsys):
    run = load("run")
    monkeypatch.setenv("PRIVLINT_BENCH_CACHE", str(tmp_path))
    monkeypatch.setattr(run, "CACHE", tmp_path)
    out = tmp_path / "record.json"
    corpora = ["shop-20", "source-40", "templates-for-source-40"]
    assert run.main(["--quick", "--corpus", *corpora, "--no-startup", "--markdown", "--json", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "shop-20" in printed and "floor" in printed
    assert out.is_file() and '"floor"' in out.read_text(encoding="utf-8")
    # The source-tree section: both corpora measured in ms per MB, and their ratio.
    trees = json.loads(out.read_text(encoding="utf-8"))["source_trees"]
    assert [t["name"] for t in trees["corpora"]] == corpora[1:] and all(t["ms_per_mb"] > 0 for t in trees["corpora"])
    assert [p["source"] for p in trees["pairs"]] == ["source-40"] and "Source trees" in printed
