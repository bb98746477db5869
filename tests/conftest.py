from __future__ import annotations

import signal
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"

sys.path.insert(0, str(Path(__file__).resolve().parent))


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
