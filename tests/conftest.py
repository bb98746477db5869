from __future__ import annotations

import signal
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"

sys.path.insert(0, str(Path(__file__).resolve().parent))


@pytest.fixture(autouse=True, scope="session")
def _own_cache_folder(tmp_path_factory):
    """Template trees' caches go to a folder of the test run, not the user's cache."""
    import os

    previous = os.environ.get("XDG_CACHE_HOME")
    os.environ["XDG_CACHE_HOME"] = str(tmp_path_factory.mktemp("cache"))
    yield
    if previous is None:
        os.environ.pop("XDG_CACHE_HOME", None)
    else:
        os.environ["XDG_CACHE_HOME"] = previous


def assert_reads_in_linear_time(read, small: str, large: str, label: str) -> None:
    """``read`` (a reader) on ``large``, ten times ``small``: about ten times the time if
    linear; quadratic would be a hundred."""
    from privlint.readers import ReadOptions

    def seconds(text: str) -> float:
        start = time.perf_counter()
        read(text, ReadOptions())
        return time.perf_counter() - start

    seconds(small)  # warm up
    t_small, t_large = seconds(small), seconds(large)
    assert t_large < max(40 * t_small, 0.5), f"{label}: {t_small:.3f} s -> {t_large:.3f} s"
    assert t_large < 20, f"{label}: {t_large:.1f} s for {len(large) // 1000} KB"


def write(path: Path, data: str | bytes) -> Path:
    """A file of a test's site, its folders made: text as UTF-8, bytes as they are."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, bytes):
        path.write_bytes(data)
    else:
        path.write_text(data, encoding="utf-8")
    return path


@pytest.fixture
def deadline():
    """A test of something that could wait forever (a named pipe, a fetch) fails after a minute
    instead of hanging the run: the alarm interrupts the wait."""

    def expired(signum, frame):
        raise TimeoutError("waited over 60 s: privlint must never wait on a file or the network")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.alarm(60)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, previous)
