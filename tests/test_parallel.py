"""Linting in several processes gives exactly what one process gives, in the same order;
the progress line is for terminals and long runs only."""

from __future__ import annotations

import io
import json

import pytest

from privlint import config as config_mod
from privlint import engine
from privlint.cli import Progress
from privlint.engine import Linter
from privlint.formatters import get

from conftest import FIXTURES


def as_json(result) -> dict:
    out = io.StringIO()
    get("json")(result, out, io.StringIO(), engine_options())
    return json.loads(out.getvalue())


def engine_options():
    from privlint.model import OutputOptions

    return OutputOptions(color=False, quiet=False, category="privlint")


@pytest.mark.parametrize("jobs", [2, 3])
def test_several_processes_give_the_same_findings_in_the_same_order(jobs, monkeypatch):
    monkeypatch.chdir(FIXTURES)
    monkeypatch.setattr(engine, "MIN_FILES_PER_JOB", 1)  # force the pool on a small tree
    monkeypatch.setattr(engine, "CHUNK_SIZE", 3)
    strict = config_mod.Config(preset="strict")
    one = Linter(strict).run(["."])
    many = Linter(strict, jobs=jobs).run(["."])
    assert one.files == many.files > 100
    assert as_json(many) == as_json(one)
    assert len(one.findings) > 100


def test_an_unreadable_file_is_a_notice_from_a_worker_too(tmp_path, monkeypatch):
    monkeypatch.setattr(engine, "MIN_FILES_PER_JOB", 1)
    for n in range(6):
        (tmp_path / f"p{n}.html").write_text('<form action="http://x.example/" method="post"></form>', encoding="utf-8")
    (tmp_path / "gone.html").symlink_to(tmp_path / "missing.html")
    result = Linter(config_mod.Config(), jobs=2, cwd=tmp_path, all_occurrences=True).run([str(tmp_path)])
    assert [n.path for n in result.notices] == ["gone.html"]
    assert len([f for f in result.findings if f.code == "PRV101"]) == 6


def test_small_runs_never_start_a_pool(tmp_path, monkeypatch):
    def refuse(*_args, **_kwargs):
        raise AssertionError("a pool was started")

    monkeypatch.setattr(engine, "_in_processes", refuse)
    (tmp_path / "a.html").write_text("<p>hello</p>", encoding="utf-8")
    assert Linter(config_mod.Config(), jobs=8, cwd=tmp_path).run([str(tmp_path)]).files == 1


class FakeClock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_progress_appears_after_a_second_and_is_erased():
    stream, clock = io.StringIO(), FakeClock()
    progress = Progress(stream, clock)
    progress(10, 1000)
    assert stream.getvalue() == "", "short runs never show it"
    clock.now += 2.0
    progress(400, 1000)
    line = stream.getvalue()
    assert line.startswith("\rprivlint: 400/1000 files, 200 files/s, 3 s left")
    clock.now += 0.01
    progress(401, 1000)
    assert stream.getvalue() == line, "redrawn at most ten times a second"
    clock.now += 1.0
    progress(1000, 1000)
    assert "1000/1000 files" in stream.getvalue() and "left" not in stream.getvalue().rsplit("\r", 1)[-1]
    progress.clear()
    assert stream.getvalue().endswith("\r\x1b[K")


def test_progress_is_only_for_terminals():
    assert Progress.wanted(io.StringIO()) is False


def test_a_worker_that_dies_ends_the_run_with_one_line_not_a_hang(tmp_path, monkeypatch):
    import os

    monkeypatch.setattr(engine, "MIN_FILES_PER_JOB", 1)
    for n in range(8):
        (tmp_path / f"p{n}.html").write_text("<p>x</p>", encoding="utf-8")

    def die(self, path, display):
        os._exit(9)  # what the kernel's out-of-memory killer leaves behind

    monkeypatch.setattr(engine.Linter, "outcome", die)  # forked workers inherit it
    with pytest.raises(engine.WorkerDied, match="--jobs 1"):
        Linter(config_mod.Config(), jobs=2, cwd=tmp_path).run([str(tmp_path)])
