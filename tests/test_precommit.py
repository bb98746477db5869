"""The hooks, run by the real pre-commit client against this checkout (try-repo).

Slow: pre-commit builds the hook's environment (pip installs privlint) on first use.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT

pytestmark = pytest.mark.slow

BAD = '<form action="http://news.example.com/subscribe" method="post"><input type="email" name="email"></form>\n'
GOOD = '<form action="https://news.example.com/subscribe" method="post"><input type="email" name="email"></form>\n'


def git(repo: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True)


@pytest.fixture
def repo(tmp_path) -> tuple[Path, dict]:
    repo = tmp_path / "shop"
    (repo / "templates").mkdir(parents=True)
    git(repo, "init", "-q")
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path.parent / "pre-commit-home"),
           "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.com"}
    return repo, env


def try_repo(repo: Path, env: dict, hook: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", "try-repo", str(ROOT), hook, "--all-files", "--color", "never"],
        cwd=repo, env=env, capture_output=True, text=True,
    )


def test_the_privlint_hook_fails_on_the_bad_template_only_then_passes(repo):
    repo, env = repo
    (repo / "templates" / "newsletter.html.j2").write_text(BAD, encoding="utf-8")
    (repo / "templates" / "contact.hbs").write_text(GOOD, encoding="utf-8")
    (repo / "notes.txt").write_text(BAD, encoding="utf-8")  # not a template: not passed to the hook
    git(repo, "add", "-A")
    r = try_repo(repo, env, "privlint")
    assert r.returncode == 1, r.stdout + r.stderr
    assert "templates/newsletter.html.j2:1:7: PRV101" in r.stdout
    assert "contact.hbs" not in r.stdout and "notes.txt" not in r.stdout

    (repo / "templates" / "newsletter.html.j2").write_text(GOOD, encoding="utf-8")
    git(repo, "add", "-A")
    r = try_repo(repo, env, "privlint")
    assert r.returncode == 0, r.stdout + r.stderr
    assert "Passed" in r.stdout


def test_the_build_hook_lints_the_untracked_build_folder(repo):
    repo, env = repo
    (repo / "README.md").write_text("shop\n", encoding="utf-8")
    (repo / "_site").mkdir()
    (repo / "_site" / "index.html").write_text(BAD, encoding="utf-8")
    (repo / ".gitignore").write_text("_site/\n", encoding="utf-8")
    git(repo, "add", "-A")
    r = try_repo(repo, env, "privlint-build")
    assert r.returncode == 1, r.stdout + r.stderr
    assert "_site/index.html:1:7: PRV101" in r.stdout


def test_a_one_file_commit_is_judged_with_the_projects_policy_and_layouts(repo):
    repo, env = repo
    (repo / "_layouts").mkdir()
    (repo / "_includes").mkdir()
    (repo / "_layouts" / "default.html").write_text(
        "<!DOCTYPE html>\n<html>\n<head>{% include analytics.html %}</head>\n<body>\n{{ content }}\n"
        "{% include footer.html %}\n</body>\n</html>\n", encoding="utf-8")
    (repo / "_includes" / "footer.html").write_text('<footer><a href="/privacy/">Privacy</a></footer>\n', encoding="utf-8")
    (repo / "_includes" / "analytics.html").write_text("<p>No analytics yet.</p>\n", encoding="utf-8")
    (repo / "privacy.md").write_text("---\nlayout: default\ntitle: Privacy Policy\n---\nWe use Google Analytics.\n",
                                     encoding="utf-8")
    (repo / "index.md").write_text("---\nlayout: default\n---\nHello.\n", encoding="utf-8")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "site")
    snippet = '<script async src="https://www.googletagmanager.com/gtag/js?id=G-1"></script>\n'

    def staged_run() -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-m", "pre_commit", "try-repo", str(ROOT), "privlint", "--color", "never"],
            cwd=repo, env=env, capture_output=True, text=True,
        )

    # Only the partial is staged: the policy (Markdown, never passed to the hook) names the vendor.
    (repo / "_includes" / "analytics.html").write_text(snippet, encoding="utf-8")
    git(repo, "add", "_includes/analytics.html")
    r = staged_run()
    assert r.returncode == 0, r.stdout + r.stderr
    # The footer loses its link: reported at the footer, for the pages it covers.
    (repo / "_includes" / "footer.html").write_text('<footer><a href="/about/">About</a></footer>\n', encoding="utf-8")
    git(repo, "add", "_includes/footer.html")
    r = staged_run()
    assert r.returncode == 1, r.stdout + r.stderr
    assert "_includes/footer.html:1:1: PRV301 1 page rendered with this footer has no link" in r.stdout
    assert "analytics.html" not in r.stdout
