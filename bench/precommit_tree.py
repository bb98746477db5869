"""A pre-commit run on a large template tree: the time of `privlint check <one staged file>`.

    python bench/precommit_tree.py [--templates 500] [--repeat 7] [--baseline REV]

It writes a Jinja/Jekyll-style tree of N templates (layouts, partials, pages, a Markdown
policy) into a git work tree, then times fresh processes (PYTHONDONTWRITEBYTECODE=1, as
in containers) linting one partial:
- alone: the same file copied outside any project (what a one-file run cost before trees);
- cold: in the project, the tree cache removed (the first commit after an upgrade);
- warm: in the project, the cache in place (every commit after);
- --baseline REV: the same one-file run with privlint at another revision, for comparison.
Prints the medians, and warm / baseline (or warm / alone without a baseline).
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent


def make_tree(root: Path, templates: int, seed: int = 7) -> Path:
    rng = random.Random(seed)
    (root / "_layouts").mkdir(parents=True)
    (root / "_includes").mkdir()
    (root / "pages").mkdir()
    layouts = max(3, templates // 50)
    partials = max(10, templates // 5)
    for i in range(partials):
        links = "".join(f'<a href="/p{rng.randrange(1000)}/">Item {j}</a>' for j in range(rng.randrange(2, 8)))
        nested = f"{{% include part{rng.randrange(partials)}.html %}}" if rng.random() < 0.3 else ""
        (root / "_includes" / f"part{i}.html").write_text(f"<div class='p{i}'>{links}{nested}</div>\n")
    (root / "_includes" / "footer.html").write_text('<footer><a href="/about/">About</a></footer>\n')
    (root / "_includes" / "analytics.html").write_text(
        '<script async src="https://www.googletagmanager.com/gtag/js?id={{ site.ga }}"></script>\n'
    )
    for i in range(layouts):
        parts = "".join(f"{{% include part{rng.randrange(partials)}.html %}}\n" for _ in range(4))
        (root / "_layouts" / f"layout{i}.html").write_text(
            "<!DOCTYPE html>\n<html>\n<head>{% include analytics.html %}</head>\n<body>\n"
            f"{parts}{{{{ content }}}}\n{{% include footer.html %}}\n</body>\n</html>\n"
        )
    pages = templates - layouts - partials
    for i in range(pages):
        body = "".join(f"<p>Paragraph {j} of page {i}.</p>" for j in range(rng.randrange(5, 30)))
        (root / "pages" / f"page{i}.html").write_text(
            f"---\nlayout: layout{rng.randrange(layouts)}\ntitle: Page {i}\n---\n{body}\n"
            f"{{% include part{rng.randrange(partials)}.html %}}\n"
        )
    (root / "privacy.md").write_text("---\nlayout: layout0\ntitle: Privacy Policy\n---\nWe use Google Analytics.\n")
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    return root


def timed(command: list[str], cwd: Path, env: dict) -> float:
    start = time.perf_counter()
    subprocess.run(command, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--templates", type=int, default=500)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--baseline", metavar="REV", help="also time privlint at this git revision")
    args = parser.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="privlint-precommit-"))
    try:
        tree = make_tree(work / "site", args.templates)
        alone = work / "alone"
        alone.mkdir()
        shutil.copy(tree / "_includes" / "analytics.html", alone / "analytics.html")
        cache = work / "cache"
        env = dict(os.environ, PYTHONDONTWRITEBYTECODE="1", XDG_CACHE_HOME=str(cache), PYTHONPATH=str(ROOT))
        command = [sys.executable, "-m", "privlint", "check", "-q"]
        runs: dict[str, list[float]] = {"alone": [], "cold": [], "warm": []}
        baseline_env = None
        if args.baseline:
            checkout = work / "baseline"
            subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "-q", "--detach", str(checkout), args.baseline], check=True)
            baseline_env = dict(env, PYTHONPATH=str(checkout))
            runs["baseline"] = []
        timed(command + ["_includes/analytics.html"], tree, env)  # warm the page cache of the disk
        for _ in range(args.repeat):
            runs["alone"].append(timed(command + ["analytics.html"], alone, env))
            shutil.rmtree(cache, ignore_errors=True)
            runs["cold"].append(timed(command + ["_includes/analytics.html"], tree, env))
            runs["warm"].append(timed(command + ["_includes/analytics.html"], tree, env))
            if baseline_env is not None:
                runs["baseline"].append(timed(command + ["_includes/analytics.html"], tree, baseline_env))
        medians = {name: statistics.median(values) for name, values in runs.items()}
        for name, value in medians.items():
            print(f"{name:9} {value * 1000:7.0f} ms")
        reference = medians.get("baseline", medians["alone"])
        print(f"warm / {'baseline' if 'baseline' in medians else 'alone'}: {medians['warm'] / reference:.2f}x")
        print(f"cold / {'baseline' if 'baseline' in medians else 'alone'}: {medians['cold'] / reference:.2f}x")
    finally:
        if args.baseline:
            subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(work / "baseline")],
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
