from __future__ import annotations

import signal
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"

sys.path.insert(0, str(Path(__file__).resolve().parent))


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
