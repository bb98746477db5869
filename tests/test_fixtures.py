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


# A clean page of one rule is a real-looking page that should be clean for the others too.
# The exceptions are by design: PRV201 on pages built to show consent handling (their
# trackers are undisclosed on purpose); PRV301 and PRV305 on pages and forms cut down to
# what their own rule looks at (no footer, no notice); PRV104 on a Mailchimp form, which is
# what it reports when no trusted-form-targets are set; PRV203 on PRV201's page of
# embeds that are not trackers: embeds are PRV203's to report.
CLEAN_ELSEWHERE_EXCEPTIONS = {
    "PRV201": {"PRV202", "PRV303"},
    "PRV301": {"PRV101", "PRV201", "PRV303", "PRV401"},
    "PRV305": {"PRV101", "PRV303", "PRV401"},
    "PRV104": {"PRV303"},
    "PRV203": {"PRV201"},
}
GOOD_FIXTURES = [f for f in FIXTURES if f.kind == "good"]
CLEAN_TRACKER_PAGES = sorted((FIXTURES[0].path.parent.parent / "trackers").glob("clean-*.html"))


@pytest.mark.parametrize("rule", sorted({f.rule for f in FIXTURES}))
def test_rule_is_quiet_on_the_clean_pages_of_other_rules(rule, monkeypatch):
    from privlint import config as config_mod
    from privlint.engine import Linter

    noisy = []
    for fixture in GOOD_FIXTURES:
        if fixture.rule == rule or fixture.rule in CLEAN_ELSEWHERE_EXCEPTIONS.get(rule, ()):
            continue
        monkeypatch.chdir(fixture.path.parent)
        noisy += [f"{fixture.id}: {f.path}:{f.region.line}: {f.message}" for f in run(fixture, [rule]).findings]
    for page in CLEAN_TRACKER_PAGES:
        monkeypatch.chdir(page.parent)
        found = Linter(config_mod.Config(), select=[rule]).run([page.name]).findings
        noisy += [f"trackers/{page.name}:{f.region.line}: {f.message}" for f in found if f.code != "PRV301"]
    assert not noisy, "\n".join(noisy)
