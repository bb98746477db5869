"""privlint's benchmark: its speed, memory and startup on real and synthetic builds, measured
against the floor (a bare lxml parse of the same files) and against html-validate and HTMLHint.

    python bench/run.py [--repeat 5] [--corpus NAME ...] [--json out.json] [--no-install]
    python bench/run.py --quick                  # one repeat, a 100-page shop and a 100-file source tree: seconds
    python bench/run.py --markdown [--from out.json] [--update-doc]

Corpora: postgresql, python, scipy (Debian's HTML manuals, installed with apt-get when missing)
and shop-N (a synthetic shop of N pages from synth_shop.py, generated once into the cache).
Source trees: source-N (a shop's repository of about N files of PHP, JSX/TSX, Vue, JS/TS,
Svelte and Astro from synth_source.py, with node_modules/, vendor/ and *.min.js beside them)
and templates-for-source-N (Jinja/Liquid templates of the same size as source-N's linted bytes):
measured in-process only, and compared in milliseconds per megabyte.
See BENCHMARKS.md for what each number means.
"""

from __future__ import annotations

import argparse
import collections
import datetime
import gc
import hashlib
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

HERE = Path(__file__).resolve().parent
CACHE = Path(os.environ.get("PRIVLINT_BENCH_CACHE", Path(tempfile.gettempdir()) / "privlint-bench"))
PEERS_PREFIX = HERE / ".peers"  # npm --prefix: private to the benchmark, never global
DEFAULT_CORPORA = ["postgresql", "python", "scipy", "shop-500", "shop-5000", "source-2000", "templates-for-source-2000"]
QUICK_CORPORA = ["shop-100", "source-100", "templates-for-source-100"]
LARGE = 1000  # pages: the throughput targets are about large builds, where startup does not count
SOURCE_TARGET = 2.0  # a source tree's ms per MB over its size-matched templates'
SOURCE_CORPUS = re.compile(r"(source|templates-for-source)-(\d+)")

# Runs a command in a fresh process and reports its wall time and peak RSS: RUSAGE_CHILDREN of a
# process with one child is that child's (or its largest waited-for descendant's) peak alone.
_MEASURE = """
import json, resource, subprocess, sys, time
t = time.perf_counter()
p = subprocess.run(sys.argv[2:], cwd=sys.argv[1], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
wall = time.perf_counter() - t
rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(json.dumps({"wall": wall, "rc": p.returncode, "maxrss": rss, "stderr": p.stderr[-600:].decode(errors="replace")}))
"""


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def stats(values: list[float]) -> dict:
    return {"median": statistics.median(values), "min": min(values), "max": max(values), "runs": values}


# Commands run as an installed privlint runs: from bytecode (pip compiles it at install), so
# an environment that forbids writing it (PYTHONDONTWRITEBYTECODE) would measure the compiler.
_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def measure(command: list[str], cwd: Path) -> dict:
    out = subprocess.run([sys.executable, "-c", _MEASURE, str(cwd), *command], capture_output=True, text=True,
                         check=True, env=_ENV)
    result = json.loads(out.stdout)
    if sys.platform == "darwin":  # ru_maxrss is in bytes there, in KiB on Linux
        result["maxrss"] //= 1024
    return result


# --- the machine -----------------------------------------------------------------------


def _first_line(path: str, key: str) -> str | None:
    try:
        for line in Path(path).read_text().splitlines():
            if line.startswith(key):
                return line.split(":" if ":" in line else "=", 1)[1].strip().strip('"')
    except OSError:
        pass
    return None


def _output(command: list[str], cwd: Path | None = None) -> str | None:
    try:
        return subprocess.run(command, capture_output=True, text=True, cwd=cwd, timeout=60).stdout.strip() or None
    except (OSError, subprocess.SubprocessError):
        return None


def machine() -> dict:
    from lxml import etree

    import privlint

    mem = _first_line("/proc/meminfo", "MemTotal")
    # The commit of the privlint being measured, which may be a clean clone on PYTHONPATH.
    source = Path(privlint.__file__).resolve().parent.parent
    commit = _output(["git", "-C", str(source), "rev-parse", "--short", "HEAD"])
    dirty = bool(_output(["git", "-C", str(source), "status", "--porcelain", "--untracked-files=no"]))
    return {
        "cpu": _first_line("/proc/cpuinfo", "model name") or platform.processor() or platform.machine(),
        "cores": os.cpu_count(),
        "ram_gib": round(int(mem.split()[0]) / 2**20, 1) if mem else None,
        "os": _first_line("/etc/os-release", "PRETTY_NAME") or platform.platform(),
        "kernel": platform.release(),
        "python": platform.python_version(),
        "lxml": ".".join(map(str, etree.LXML_VERSION)),
        "libxml2": ".".join(map(str, etree.LIBXML_VERSION)),
        "node": _output(["node", "--version"]),
        "privlint": privlint.__version__,
        "privlint_source": str(source),
        "commit": (commit + ("+changes" if dirty else "")) if commit else None,
    }


# --- corpora ---------------------------------------------------------------------------


@dataclass
class Corpus:
    name: str
    path: Path | None
    package: str | None = None
    problem: str | None = None  # why it is not measured
    kind: str = "site"  # "site": a build or a manual; "source", "templates": the source-tree section


def _html_dir_of(package: str) -> Path | None:
    """The top HTML directory of an installed Debian package: the shallowest index.html's."""
    listing = _output(["dpkg", "-L", package])
    if not listing:
        return None
    indexes = [Path(p) for p in listing.splitlines() if p.endswith("/index.html")]
    indexes = [p for p in indexes if p.is_file()]
    return min(indexes, key=lambda p: (len(p.parts), str(p))).parent if indexes else None


def _apt_install(package: str) -> str | None:
    """Install a Debian package; the reason when it cannot be."""
    if not shutil.which("apt-get"):
        return "no apt-get on this machine (not Debian or Ubuntu)"
    if os.geteuid() != 0:
        return f"not root: run `sudo apt-get install -y {package}` first"
    log(f"  installing {package} with apt-get ...")
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    for attempt in range(2):
        p = subprocess.run(["apt-get", "install", "-y", "--no-install-recommends", package], env=env,
                           capture_output=True, text=True)
        if p.returncode == 0:
            return None
        if attempt == 0:  # a fresh machine often has no package lists yet
            subprocess.run(["apt-get", "update"], env=env, capture_output=True)
    return f"apt-get install {package} failed: {(p.stderr or p.stdout).strip().splitlines()[-1:]}"


REAL_CORPORA = {"postgresql": "postgresql-doc-15", "python": "python3.11-doc", "scipy": "python-scipy-doc"}


def _generator(name: str):
    """A generator module of the benchmark (synth_shop, synth_source)."""
    if str(HERE) not in sys.path:
        sys.path.insert(0, str(HERE))
    return __import__(name)


def _stamp(*generators: str) -> str:
    return hashlib.sha1(b"".join((HERE / f"{g}.py").read_bytes() for g in generators)).hexdigest()


def _generated(name: str, out: Path, stamp: str, make: Callable[[], None]) -> Path:
    """out, made by make() unless the cache holds it from the same generator (the stamp): a
    corpus made by another version of the generator is made again."""
    done = out / ".generated-by"  # a dot file: neither privlint nor the corpus counts it
    if not done.exists() or done.read_text() != stamp:
        log(f"  generating {name} into {out} ...")
        started = time.perf_counter()
        make()
        done.write_text(stamp)
        log(f"  generated {name} in {time.perf_counter() - started:.2f} s")
    return out


def corpus(name: str, install: bool) -> Corpus:
    if name.startswith("shop-") and name[5:].isdigit():
        out = CACHE / f"{name}-seed1"
        synth_shop = _generator("synth_shop")
        _generated(name, out, _stamp("synth_shop"), lambda: synth_shop.generate(out, int(name[5:]), seed=1))
        return Corpus(name, out)
    source = SOURCE_CORPUS.fullmatch(name)
    if source:
        synth = _generator("synth_source")
        files = int(source.group(2))
        tree = CACHE / f"source-{files}-seed1"
        stamp = _stamp("synth_source", "synth_shop")  # the templates reuse the shop's blocks
        _generated(f"source-{files}", tree, stamp, lambda: synth.generate(tree, files, seed=1))
        if source.group(1) == "source":
            return Corpus(name, tree, kind="source")
        # As many bytes of templates as the tree has of files for privlint to lint.
        size = synth.linted_bytes(tree)
        out = CACHE / f"{name}-seed1"
        _generated(name, out, f"{stamp} {size}", lambda: synth.generate_templates(out, size, seed=1))
        return Corpus(name, out, kind="templates")
    package = REAL_CORPORA.get(name)
    if package is None:
        known = ", ".join([*REAL_CORPORA, "shop-N", "source-N", "templates-for-source-N"])
        return Corpus(name, None, problem=f"unknown corpus (known: {known})")
    found = _html_dir_of(package)
    if found is None and install:
        problem = _apt_install(package)
        if problem:
            return Corpus(name, None, package, problem)
        found = _html_dir_of(package)
    if found is None:
        why = "not installed (--no-install)" if not install else "installed, but no HTML directory found"
        return Corpus(name, None, package, why)
    return Corpus(name, found.resolve(), package)


# --- peers -----------------------------------------------------------------------------

PEERS = {  # name: (npm package, binary, how to print the version)
    "html-validate": ("html-validate", "html-validate", ["--version"]),
    "HTMLHint": ("htmlhint", "htmlhint", ["--version"]),
}


def peers(install: bool) -> dict:
    """The peers that can run, with their versions; installs them into a private prefix."""
    bin_dir = PEERS_PREFIX / "node_modules" / ".bin"
    missing = [pkg for pkg, binary, _ in PEERS.values() if not (bin_dir / binary).exists()]
    if missing and install and shutil.which("npm"):
        log(f"  installing {', '.join(missing)} with npm into {PEERS_PREFIX} ...")
        subprocess.run(["npm", "install", "--prefix", str(PEERS_PREFIX), "--no-audit", "--no-fund",
                        "--loglevel=error", *missing], capture_output=True, text=True)
    found = {}
    for name, (_pkg, binary, version_args) in PEERS.items():
        path = bin_dir / binary
        if not path.exists():
            found[name] = {"problem": "npm not available" if not shutil.which("npm") else "not installed"}
            continue
        version = _output([str(path), *version_args]) or "?"
        found[name] = {"binary": str(path), "version": version.replace("html-validate-", "")}
    return found


# --- measurements ----------------------------------------------------------------------


def lint_files(root: Path) -> list[Path]:
    """The files privlint lints in root, found as privlint finds them."""
    from privlint.config import Config
    from privlint.engine import Linter

    return Linter(Config()).collect([str(root)])[0].files


def floor(files: list[Path]) -> float:
    """Read and parse every page with lxml and run one compiled XPath: what no HTML linter in
    Python can beat. Stylesheets are only read."""
    import lxml.html
    from lxml import etree

    links = etree.XPath("//a[@href]")
    start = time.perf_counter()
    for path in files:
        data = path.read_bytes()
        if path.suffix.lower() == ".css":
            continue
        try:
            links(lxml.html.document_fromstring(data))
        except etree.ParserError:  # an empty file
            pass
    return time.perf_counter() - start


def privlint_in_process(root: Path, outcome: dict | None = None) -> float:
    """One run of every default rule, in this process with one worker (--jobs 1); what it
    found goes into outcome when one is given."""
    from privlint.config import Config
    from privlint.engine import Linter

    start = time.perf_counter()
    result = Linter(Config()).run([str(root)])  # one worker: what --jobs 1 runs
    elapsed = time.perf_counter() - start
    if outcome is not None:
        outcome["findings"] = dict(sorted(collections.Counter(f.code for f in result.findings).items()))
        outcome["notices"] = len(result.notices)
    del result
    gc.collect()  # the last run's findings must not weigh on the next
    return elapsed


def privlint_command(root: Path, jobs: int | None) -> list[str]:
    command = [sys.executable, "-m", "privlint", "check", str(root), "--exit-zero", "-q"]
    return command + (["--jobs", str(jobs)] if jobs else [])


def jobs_supported() -> bool:
    help_text = _output([sys.executable, "-m", "privlint", "check", "--help"]) or ""
    return "--jobs" in help_text


def repeated(repeat: int, run: Callable[[], float]) -> dict:
    return stats([run() for _ in range(repeat)])


def run_command(command: list[str], cwd: Path, ok: Callable[[int], bool]) -> dict:
    result = measure(command, cwd)
    if not ok(result["rc"]):
        raise RuntimeError(f"{' '.join(command)} exited {result['rc']}: {result['stderr']}")
    return result


def bench_corpus(c: Corpus, args: argparse.Namespace, job_counts: list[int | None], peer_info: dict) -> dict:
    assert c.path is not None
    files = lint_files(c.path)
    pages = sum(1 for f in files if f.suffix.lower() != ".css")
    size = sum(f.stat().st_size for f in files)
    record: dict = {"name": c.name, "package": c.package, "path": str(c.path), "files": len(files),
                    "pages": pages, "bytes": size}
    log(f"{c.name}: {len(files)} files, {size / 1e6:.1f} MB in {c.path}")
    floor(files)  # warms the page cache, so that no run pays for the disk
    floor_runs, inproc_runs = [], []
    for _ in range(args.repeat):  # interleaved, so that a slow spell hits both alike
        floor_runs.append(floor(files))
        inproc_runs.append(privlint_in_process(c.path))
    record["floor"] = stats(floor_runs)
    record["in_process"] = stats(inproc_runs)
    record["ratio"] = record["in_process"]["median"] / record["floor"]["median"]
    record["commands"] = {}
    for jobs in job_counts:
        command = privlint_command(c.path, jobs)
        runs = [run_command(command, c.path, lambda rc: rc == 0) for _ in range(args.repeat)]
        record["commands"][str(jobs or "default")] = {
            "command": command, "wall": stats([r["wall"] for r in runs]),
            "maxrss_mib": stats([r["maxrss"] / 1024 for r in runs]),
        }
    walls = {k: v["wall"]["median"] for k, v in record["commands"].items()}
    if len(walls) == 2 and "1" in walls:
        other = next(k for k in walls if k != "1")
        record["speedup"] = walls["1"] / walls[other]
    record["peers"] = {}
    for name, info in peer_info.items():
        if "binary" not in info or args.quick:
            continue
        command = [info["binary"], str(c.path)]
        log(f"  {name} ...")
        # The peers exit 1 on findings; 2 or more (or a signal) is a failure to report.
        try:
            runs = [run_command(command, c.path, lambda rc: rc in (0, 1)) for _ in range(args.peer_repeat)]
        except RuntimeError as exc:
            record["peers"][name] = {"command": command, "problem": str(exc)[:600]}
            continue
        record["peers"][name] = {"command": command, "wall": stats([r["wall"] for r in runs]),
                                 "maxrss_mib": stats([r["maxrss"] / 1024 for r in runs])}
    return record


def _by_extension(files: list[Path]) -> dict:
    out: dict[str, dict] = {}
    for f in files:
        ext = ".min.js" if f.name.lower().endswith(".min.js") else f.suffix.lower() or f.name
        entry = out.setdefault(ext, {"files": 0, "bytes": 0})
        entry["files"] += 1
        entry["bytes"] += f.stat().st_size
    return dict(sorted(out.items(), key=lambda kv: -kv[1]["bytes"]))


def bench_source_tree(c: Corpus, args: argparse.Namespace) -> dict:
    """privlint in-process on a source tree or its size-matched templates: seconds, the bytes it
    linted, and milliseconds per megabyte of them."""
    assert c.path is not None
    synth = _generator("synth_source")
    files = lint_files(c.path)
    size = sum(f.stat().st_size for f in files)
    # What privlint is to lint there (the generator's view), against what it lints today.
    meant = synth.linted_files(c.path) if c.kind == "source" else files
    linted = set(files)
    leaks = [f for f in files if synth.skipped(f.relative_to(c.path))]
    record: dict = {
        "name": c.name, "kind": c.kind, "path": str(c.path), "files": len(files), "bytes": size,
        "by_extension": _by_extension(files),
        "tree": {"files": len(meant), "bytes": sum(f.stat().st_size for f in meant)},
        "not_read": _by_extension([f for f in meant if f not in linted]),
        # Files privlint lints that its walk is to skip (node_modules/, vendor/, *.min.js).
        "skip_leaks": {"files": len(leaks), "bytes": sum(f.stat().st_size for f in leaks),
                       "paths": [f.relative_to(c.path).as_posix() for f in leaks[:10]]},
    }
    log(f"{c.name}: privlint lints {len(files)} files, {size / 1e6:.2f} MB in {c.path}")
    # An untimed run first: the page cache and the process's one-time costs (patterns compiled
    # on first use, data files read) are then paid alike by both corpora, whichever comes first.
    outcome: dict = {}
    privlint_in_process(c.path, outcome)
    record.update(outcome)
    record["in_process"] = repeated(args.repeat, lambda: privlint_in_process(c.path))
    # The fastest run: the two corpora of a ratio are timed minutes apart on a shared machine,
    # and the least disturbed run of each is the nearest to what the work costs.
    seconds = record["in_process"]["min"]
    record["ms_per_mb"] = seconds * 1000 / (size / 1e6) if size else None
    return record


def source_pairs(trees: list[dict]) -> list[dict]:
    """Each source-N measured with its templates-for-source-N: the ratio of their ms per MB."""
    by_name = {t["name"]: t for t in trees}
    pairs = []
    for t in trees:
        other = by_name.get(f"templates-for-{t['name']}")
        if t["kind"] == "source" and other and t["ms_per_mb"] and other["ms_per_mb"]:
            pairs.append({"source": t["name"], "templates": other["name"], "ratio": t["ms_per_mb"] / other["ms_per_mb"],
                          # the share of the tree's bytes privlint read: below 1 until it reads every language
                          "coverage": t["bytes"] / t["tree"]["bytes"] if t["tree"]["bytes"] else None,
                          "large": t["tree"]["files"] >= LARGE})
    return pairs


def startup(repeat: int) -> dict:
    """`privlint check one.html` against importing what any lxml+click tool imports."""
    one = corpus("shop-20", install=False).path / "checkout.html"
    script = Path(sys.executable).with_name("privlint")
    privlint_cmd = [str(script)] if script.exists() else [sys.executable, "-m", "privlint"]
    commands = {"privlint": privlint_cmd + ["check", str(one)],
                "baseline": [sys.executable, "-c", "import lxml.html, click"]}
    runs: dict[str, list[dict]] = {k: [] for k in commands}
    for command in commands.values():  # a first run writes the bytecode, as installing would
        run_command(command, one.parent, lambda rc: rc in (0, 1))
    for _ in range(max(3, 3 * repeat)):  # each run is short, and the noise is large
        for key, command in commands.items():
            runs[key].append(run_command(command, one.parent, lambda rc: rc in (0, 1)))
    # The RSS of one page is the fixed part, against which a large site's growth is read.
    record = {key: {"command": commands[key], "wall": stats([r["wall"] for r in runs[key]]),
                    "maxrss_mib": stats([r["maxrss"] / 1024 for r in runs[key]])} for key in commands}
    record["ratio"] = record["privlint"]["wall"]["median"] / record["baseline"]["wall"]["median"]
    return record


# --- targets and output ----------------------------------------------------------------


def targets(record: dict) -> list[tuple[str, str, bool]]:
    """The issue's targets, each with the measured value and whether it is met (throughput on
    builds of LARGE pages or more)."""
    out: list[tuple[str, str, bool]] = []
    n = record["settings"]["cores"]
    for c in record["corpora"]:
        if c["pages"] < LARGE:
            continue
        out.append((f"{c['name']}: in-process ≤ 1.5× the floor", f"{c['ratio']:.2f}×", c["ratio"] <= 1.5))
        if "speedup" in c:
            goal = 0.8 * min(n, 8)
            out.append((f"{c['name']}: --jobs {n} ≥ {goal:.1f}× --jobs 1", f"{c['speedup']:.2f}×", c["speedup"] >= goal))
    for c in record["corpora"]:
        for name, peer in c["peers"].items():
            if "wall" in peer:
                ours = min(v["wall"]["median"] for v in c["commands"].values())
                by = peer["wall"]["median"] / ours
                out.append((f"{c['name']}: faster than {name}", f"{by:.2f}× faster" if by >= 1 else f"{1 / by:.2f}× slower", by > 1))
    by_name = {c["name"]: c for c in record["corpora"]}
    if "shop-500" in by_name and "shop-5000" in by_name:
        key = "1" if "1" in by_name["shop-500"]["commands"] else "default"
        small, large = (by_name[s]["commands"][key]["maxrss_mib"]["median"] for s in ("shop-500", "shop-5000"))
        out.append(("peak RSS shop-5000 ≤ 2× shop-500", f"{large:.0f} / {small:.0f} MiB = {large / small:.2f}×", large <= 2 * small))
    if record.get("startup"):
        out.append(("startup ≤ 1.5× `import lxml.html, click`", f"{record['startup']['ratio']:.2f}×", record["startup"]["ratio"] <= 1.5))
    for pair in (record.get("source_trees") or {}).get("pairs", []):
        if pair["large"]:
            value = f"{pair['ratio']:.2f}×" + _coverage(pair)
            out.append((f"{pair['source']}: ms per MB ≤ {SOURCE_TARGET:g}× {pair['templates']}'s", value, pair["ratio"] <= SOURCE_TARGET))
    return out


def _coverage(pair: dict) -> str:
    cov = pair.get("coverage")
    return f" (privlint read {cov:.0%} of the tree's bytes)" if cov is not None and cov < 0.995 else ""


def _s(st: dict | None, digits: int = 2) -> str:
    if not st:
        return "–"
    if st["min"] == st["max"]:
        return f"{st['median']:.{digits}f}"
    return f"{st['median']:.{digits}f} ({st['min']:.{digits}f}–{st['max']:.{digits}f})"


def markdown(record: dict) -> str:
    m = record["machine"]
    lines = [f"Run of {record['date']}, privlint {m['privlint']} at commit {m['commit']}, "
             f"{record['settings']['repeat']} repeats (medians, min–max in brackets).", "",
             f"Machine: {m['cpu']}, {m['cores']} cores, {m['ram_gib']} GiB RAM; {m['os']} (Linux {m['kernel']}); "
             f"Python {m['python']}, lxml {m['lxml']}, libxml2 {m['libxml2']}; node {m['node']}.", ""]
    job_keys = sorted({k for c in record["corpora"] for k in c["commands"]}, key=lambda k: (k == "default", k))
    head = ["corpus", "files", "MB", "floor s", "privlint s", "pages/s", "× floor"]
    for k in job_keys:
        head += [f"--jobs {k} s" if k != "default" else "command s", "pages/s", "peak RSS MiB"]
    if len(job_keys) == 2:
        head.append("speed-up")
    if record["corpora"]:
        lines += ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for c in record["corpora"]:
        row = [c["name"], str(c["files"]), f"{c['bytes'] / 1e6:.1f}", _s(c["floor"]), _s(c["in_process"]),
               f"{c['pages'] / c['in_process']['median']:.0f}", f"{c['ratio']:.2f}"]
        for k in job_keys:
            cmd = c["commands"].get(k)
            row += [_s(cmd["wall"]), f"{c['pages'] / cmd['wall']['median']:.0f}", _s(cmd["maxrss_mib"], digits=0)] if cmd else ["–"] * 3
        if len(job_keys) == 2:
            row.append(f"{c['speedup']:.2f}×" if "speedup" in c else "–")
        lines.append("| " + " | ".join(row) + " |")
    peer_names = [p for p in record["peers"] if "version" in record["peers"][p]]
    if any(c["peers"] for c in record["corpora"]):
        lines += ["", "Peers, same files, same machine (wall time, s; privlint: its faster command run):", "",
                  "| corpus | privlint | " + " | ".join(f"{p} {record['peers'][p]['version']}" for p in peer_names) + " |",
                  "|---|---|" + "---|" * len(peer_names)]
        for c in record["corpora"]:
            ours = min(v["wall"]["median"] for v in c["commands"].values())
            cells = []
            for p in peer_names:
                peer = c["peers"].get(p, {})
                if "wall" in peer:
                    by = peer["wall"]["median"] / ours
                    cells.append(f"{_s(peer['wall'])} (privlint {by:.2f}× faster)" if by >= 1 else f"{_s(peer['wall'])} (privlint {1 / by:.2f}× slower)")
                else:
                    cells.append(peer.get("problem", "–")[:80])
            lines.append(f"| {c['name']} | {ours:.2f} | " + " | ".join(cells) + " |")
    lines += source_markdown(record.get("source_trees"))
    if record.get("startup"):
        s = record["startup"]
        rss = f", peak RSS {s['privlint']['maxrss_mib']['median']:.0f} MiB" if "maxrss_mib" in s["privlint"] else ""
        lines += ["", f"Startup (one page, {len(s['privlint']['wall']['runs'])} runs): `privlint check checkout.html` "
                  f"{_s(s['privlint']['wall'], digits=3)} s{rss}; `python -c \"import lxml.html, click\"` "
                  f"{_s(s['baseline']['wall'], digits=3)} s; ratio {s['ratio']:.2f}×."]
    judged = targets(record)
    if judged:
        lines += ["", "| target | measured | met |", "|---|---|---|"]
        lines += [f"| {what} | {value} | {'yes' if ok else 'no'} |" for what, value, ok in judged]
    if record["skipped"]:
        lines += [""] + [f"Not measured: {name}: {why}." for name, why in record["skipped"].items()]
    return "\n".join(lines)


def _extensions(by_ext: dict, limit: int = 6) -> str:
    parts = [f"{ext} {v['files']} ({v['bytes'] / 1e6:.2f} MB)" for ext, v in list(by_ext.items())[:limit]]
    return ", ".join(parts) + (f" and {len(by_ext) - limit} more" if len(by_ext) > limit else "")


def source_markdown(section: dict | None) -> list[str]:
    if not section or not section["corpora"]:
        return []
    lines = ["", "Source trees: privlint in-process, one worker (--jobs 1); MB: the files privlint linted "
             "(node_modules/, vendor/ and *.min.js are to be skipped):", "",
             "| corpus | files | MB linted | of the tree's MB | privlint s | ms per MB | findings | linted by extension |",
             "|---|---|---|---|---|---|---|---|"]
    for t in section["corpora"]:
        ms = f"{t['ms_per_mb']:.0f}" if t["ms_per_mb"] else "–"
        findings = sum(t.get("findings", {}).values())
        lines.append(f"| {t['name']} | {t['files']} | {t['bytes'] / 1e6:.2f} | {t['tree']['bytes'] / 1e6:.2f} | {_s(t['in_process'])} | "
                     f"{ms} | {findings} | {_extensions(t['by_extension'])} |")
    lines.append("")
    for pair in section["pairs"]:
        judged = "" if pair["large"] else f", judged on trees of {LARGE:,} files or more"
        lines.append(f"- {pair['source']} takes {pair['ratio']:.2f}× the ms per MB of {pair['templates']}{_coverage(pair)} "
                     f"(target ≤ {SOURCE_TARGET:g}×{judged}).")
    for t in section["corpora"]:
        if t["not_read"]:
            lines.append(f"- {t['name']}: not read by privlint: {_extensions(t['not_read'], 10)}.")
        if t["skip_leaks"]["files"]:
            lines.append(f"- {t['name']}: linted though its walk is to skip them: {t['skip_leaks']['files']} files, "
                         f"{t['skip_leaks']['bytes'] / 1e6:.2f} MB ({', '.join(t['skip_leaks']['paths'][:3])}...).")
    return lines


DOC = HERE.parent / "BENCHMARKS.md"
DOC_START, DOC_END = "<!-- results: written by bench/run.py --update-doc -->", "<!-- end of results -->"


def update_doc(record: dict) -> None:
    text = DOC.read_text()
    start, end = text.index(DOC_START) + len(DOC_START), text.index(DOC_END)
    DOC.write_text(text[:start] + "\n" + markdown(record) + "\n" + text[end:])
    log(f"results written to {DOC}")


def summary(c: dict) -> str:
    parts = [f"{c['name']:<11} {c['files']:>5} files {c['bytes'] / 1e6:6.1f} MB",
             f"floor {c['floor']['median']:.2f}s", f"privlint {c['in_process']['median']:.2f}s "
             f"({c['pages'] / c['in_process']['median']:.0f} pages/s, {c['ratio']:.2f}× floor)"]
    for k, cmd in c["commands"].items():
        parts.append(f"cmd jobs={k} {cmd['wall']['median']:.2f}s {cmd['maxrss_mib']['median']:.0f} MiB")
    if "speedup" in c:
        parts.append(f"speed-up {c['speedup']:.2f}×")
    for name, peer in c["peers"].items():
        parts.append(f"{name} {peer['wall']['median']:.2f}s" if "wall" in peer else f"{name} failed")
    return " | ".join(parts)


def source_summary(t: dict) -> str:
    ms = f"{t['ms_per_mb']:.0f} ms/MB" if t["ms_per_mb"] else "no bytes linted"
    parts = [f"{t['name']:<11} {t['files']:>5} files {t['bytes'] / 1e6:6.2f} MB linted (tree {t['tree']['bytes'] / 1e6:.2f} MB)",
             f"privlint {t['in_process']['median']:.2f}s {ms}", f"{sum(t.get('findings', {}).values())} findings"]
    if t["not_read"]:
        parts.append(f"not read: {_extensions(t['not_read'], 4)}")
    if t["skip_leaks"]["files"]:
        parts.append(f"NOT skipped: {t['skip_leaks']['files']} files in node_modules/, vendor/ or *.min.js")
    return " | ".join(parts)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=5, help="runs of each measurement (default 5)")
    parser.add_argument("--peer-repeat", type=int, default=1, help="runs of each peer (default 1: they are slow)")
    parser.add_argument("--corpus", nargs="+", metavar="NAME", help=f"default: {' '.join(DEFAULT_CORPORA)}")
    parser.add_argument("--json", type=Path, metavar="FILE", help="write the record here")
    parser.add_argument("--no-install", action="store_true", help="install neither corpora nor peers")
    parser.add_argument("--quick", action="store_true", help="one repeat, the smallest shop and source tree, no peers, no installs")
    parser.add_argument("--no-startup", action="store_true", help="skip the startup measurement")
    parser.add_argument("--markdown", action="store_true", help="print the results as Markdown tables")
    parser.add_argument("--from", dest="source", type=Path, metavar="FILE", help="print a saved record instead of running")
    parser.add_argument("--update-doc", action="store_true", help="put the tables into BENCHMARKS.md's results section")
    args = parser.parse_args(argv)
    try:
        import privlint  # noqa: F401
    except ImportError:
        parser.error("privlint is not importable: run it with the Python where privlint is installed (pip install -e .)")
    if args.source:
        record = json.loads(args.source.read_text())
        update_doc(record) if args.update_doc else print(markdown(record))
        return 0
    if args.quick:
        args.repeat, args.no_install = 1, True
    names = args.corpus or (QUICK_CORPORA if args.quick else DEFAULT_CORPORA)
    install = not args.no_install
    started = time.perf_counter()
    n = os.cpu_count() or 1
    with_jobs = jobs_supported()
    if not with_jobs:
        log("privlint check has no --jobs yet: measuring the command as it is, in one process")
    record: dict = {
        "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": machine(),
        "settings": {"repeat": args.repeat, "peer_repeat": args.peer_repeat, "cores": n, "jobs_option": with_jobs},
        "peers": {} if args.quick else peers(install),
        "corpora": [], "skipped": {}, "source_trees": {"corpora": [], "pairs": []},
    }
    for name in names:
        c = corpus(name, install)
        if c.path is None:
            log(f"{name}: not measured: {c.problem}")
            record["skipped"][name] = c.problem
            continue
        if c.kind != "site":
            tree = bench_source_tree(c, args)
            record["source_trees"]["corpora"].append(tree)
            print(source_summary(tree), flush=True)
            continue
        job_counts: list[int | None] = ([1, n] if n > 1 else [1]) if with_jobs else [None]
        result = bench_corpus(c, args, job_counts, record["peers"])
        record["corpora"].append(result)
        print(summary(result), flush=True)
    record["source_trees"]["pairs"] = source_pairs(record["source_trees"]["corpora"])
    for pair in record["source_trees"]["pairs"]:
        print(f"{pair['source']}: {pair['ratio']:.2f}× the ms per MB of {pair['templates']}{_coverage(pair)} (target ≤ {SOURCE_TARGET:g}×)")
    record["startup"] = None if args.no_startup else startup(args.repeat)
    record["seconds"] = round(time.perf_counter() - started, 1)
    if record["startup"]:
        s = record["startup"]
        print(f"startup: privlint {s['privlint']['wall']['median']:.3f}s, import lxml.html+click "
              f"{s['baseline']['wall']['median']:.3f}s, {s['ratio']:.2f}×")
    for what, value, ok in targets(record):
        print(f"{'met    ' if ok else 'NOT met'}  {what}: {value}")
    if args.markdown:
        print("\n" + markdown(record))
    if args.update_doc:
        update_doc(record)
    if args.json:
        args.json.write_text(json.dumps(record, indent=1) + "\n")
        log(f"record written to {args.json}")
    log(f"done in {record['seconds']} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
