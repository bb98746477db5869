"""Every fixture, run with its rule alone: findings must equal the inline expectations."""

from __future__ import annotations

import pytest

from fixture_support import actual, discover, expectations, run

FIXTURES = discover()


@pytest.mark.parametrize("fixture", FIXTURES, ids=[f.id for f in FIXTURES])
def test_fixture(fixture, monkeypatch):
    monkeypatch.chdir(fixture.path.parent)
    expected = expectations(fixture)
    result = run(fixture)
    assert not result.notices, result.notices
    pinned = {(path, line, code) for (path, line, code, column) in expected if column is not None}
    got = actual(result, pinned)
    if fixture.kind == "good":
        assert not expected, "a good fixture must not expect findings"
    else:
        assert expected, "a bad fixture must expect at least one finding"
    messages = [f"{f.path}:{f.region.line}:{f.region.column}: {f.code} {f.message}" for f in result.findings]
    assert got == expected, "\n".join(messages)
