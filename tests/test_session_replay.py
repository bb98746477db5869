"""PRV403 session-replay-on-sensitive-page: which fields a replay tool records, by its documented
default, the page's masking markup, and the replay configuration in the page."""

from __future__ import annotations

from pathlib import Path

import pytest

from privlint import config as config_mod
from privlint import registry, trackers
from privlint.checks.session_replay_on_sensitive_page import MASKINGS, replay_tools
from privlint.engine import Linter

LOGROCKET = '<script src="https://cdn.lr-ingest.com/LogRocket.min.js"></script>'
HOTJAR = "<script>window._hjSettings={hjid:1,hjsv:6};</script>"
FULLSTORY = '<script async src="https://edge.fullstory.com/s/fs.js"></script>'
CARD = '<input name="card_number" placeholder="Card number">'


def lint(tmp_path: Path, head: str, body: str, recorded_only: bool = True) -> list:
    """PRV403's findings; by default only "records what is typed" (errors), not the warnings
    that a tool masking by default records the page."""
    page = tmp_path / "page.html"
    page.write_text(f"<html><head>{head}</head><body>{body}</body></html>", encoding="utf-8")
    linter = Linter(config_mod.Config(base_dir=tmp_path), select=["PRV403"], cwd=tmp_path)
    found = linter.run([str(page)]).findings
    return [f for f in found if f.severity == "error"] if recorded_only else found


@pytest.mark.parametrize(
    "head, body, fields",
    [
        # LogRocket records every input but type="password" by default.
        (LOGROCKET, f"<form>{CARD}</form>", ["card_number"]),
        (LOGROCKET, f"<form data-private>{CARD}</form>", []),
        (LOGROCKET, '<form><input type="password" name="password"></form>', []),
        (LOGROCKET, '<form><input type="text" name="user[password]"></form>', ["user[password]"]),
        (LOGROCKET, '<form><input type="text" name="pin" autocomplete="current-password"></form>', ["pin"]),
        (LOGROCKET, '<form><input name="forgot_password_email"><input name="password_hint"></form>', []),
        (LOGROCKET, '<form><input name="card_expiry" autocomplete="cc-exp"><input autocomplete="cc-name" name="n"></form>', []),
        (LOGROCKET, '<form><input name="gift_card_number" placeholder="Gift card number"></form>', []),
        # Template code decides its classes, attributes or type: unknown.
        (LOGROCKET, '<form><input name="card_number" class="{{ classes }}"></form>', []),
        (LOGROCKET, '<form><input name="card_number" {{ attrs }}></form>', []),
        (LOGROCKET, '<form><input type="{{ kind }}" name="password"></form>', []),
        # Held by a consent manager: it records once the visitor agrees.
        ('<script type="text/plain" data-cookieconsent="statistics" src="https://cdn.lr-ingest.com/LogRocket.min.js">'
         "</script>", f"<form>{CARD}</form>", ["card_number"]),
        ("<template>" + LOGROCKET + "</template>", f"<form>{CARD}</form>", []),
        # Hotjar suppresses every keystroke until data-hj-allow, on the field itself only.
        (HOTJAR, f"<form>{CARD}</form>", []),
        (HOTJAR, '<form><input name="card_number" placeholder="Card number" data-hj-allow></form>', ["card_number"]),
        (HOTJAR, '<form><input name="card_number" placeholder="Card number" class="x data-hj-allow"></form>', ["card_number"]),
        (HOTJAR, f"<form data-hj-allow>{CARD}</form>", []),
        (HOTJAR, '<form><input type="password" name="password" data-hj-allow></form>', []),
        # FullStory: the marker nearest the field wins.
        (FULLSTORY, f"<form>{CARD}</form>", []),
        (FULLSTORY, f'<form class="fs-unmask">{CARD}</form>', ["card_number"]),
        (FULLSTORY, '<form class="fs-unmask"><input name="card_number" placeholder="Card number" class="fs-exclude"></form>', []),
        (FULLSTORY, '<form class="fs-exclude"><div class="fs-unmask">' + CARD + "</div></form>", ["card_number"]),
        # Microsoft Clarity masks input boxes in every mode.
        ('<script src="https://www.clarity.ms/tag/abc123"></script>', f'<form class="x">{CARD}</form>', []),
    ],
)
def test_which_fields_are_recorded(tmp_path, head, body, fields):
    found = lint(tmp_path, head, body)
    assert [f.message.split('"')[1] for f in found] == fields


@pytest.mark.parametrize(
    "config, recorded",
    [
        ("posthog.init('phc_x', {api_host: 'https://eu.i.posthog.com'});", False),
        ("posthog.init('phc_x', {session_recording: {maskAllInputs: false}});", True),
        ("Sentry.init({dsn: 'https://0123456789abcdef0123456789abcdef@o1.ingest.sentry.io/1',"
         " integrations: [Sentry.replayIntegration()]});", False),
        ("Sentry.init({dsn: 'https://0123456789abcdef0123456789abcdef@o1.ingest.sentry.io/1',"
         " integrations: [Sentry.replayIntegration({maskAllInputs: false})]});", True),
        # Unmasked inputs but no replay: Sentry records nothing.
        ("Sentry.init({dsn: 'https://0123456789abcdef0123456789abcdef@o1.ingest.sentry.io/1', maskAllInputs: false});", False),
        ("DD_RUM.init({clientToken: 'pub0123456789abcdef0123456789abcdef', sessionReplaySampleRate: 0,"
         " defaultPrivacyLevel: 'allow'});", False),
        ("DD_RUM.init({clientToken: 'pub0123456789abcdef0123456789abcdef', sessionReplaySampleRate: 100,"
         " defaultPrivacyLevel: 'allow'});", True),
        ("DD_RUM.init({clientToken: 'pub0123456789abcdef0123456789abcdef', sessionReplaySampleRate: 100});", False),
    ],
)
def test_replay_configured_in_the_page(tmp_path, config, recorded):
    found = lint(tmp_path, f"<script>{config}</script>", f"<form>{CARD}</form>")
    assert bool(found) is recorded


def test_yandex_records_only_with_webvisor_and_masks_payment_fields(tmp_path):
    init = '<script>ym(123, "init", {{clickmap: true, webvisor: {}}});</script>'
    record = '<form><input name="card_number" placeholder="Card number" class="-ym-record-keys"></form>'
    assert lint(tmp_path, init.format("false"), record) == []
    assert len(lint(tmp_path, init.format("true"), record)) == 1
    assert lint(tmp_path, init.format("true"), f"<form>{CARD}</form>") == []
    assert len(lint(tmp_path, init.format("true"), '<form><input type="text" name="password"></form>')) == 1


def test_the_finding_is_on_the_field_and_names_the_tool_and_its_line(tmp_path):
    [finding] = lint(tmp_path, LOGROCKET, f"<form>\n{CARD}\n</form>")
    assert (finding.region.line, finding.region.column) == (2, 1)
    assert finding.message.startswith("LogRocket (session replay, line 1) records what is typed into the card number")
    assert "mask it with data-private" in finding.message


def test_one_finding_per_tool_and_field(tmp_path):
    body = '<form class="fs-unmask"><input name="card_number" placeholder="Card number" data-hj-allow data-private></form>'
    found = lint(tmp_path, HOTJAR + FULLSTORY + LOGROCKET, body)
    assert sorted(f.message.split(" ")[0] for f in found) == ["FullStory", "Hotjar"]


@pytest.mark.parametrize(
    "head, body, warned",
    [
        # Masking by default protects what is typed, not the page the tool records.
        (HOTJAR, f"<form>{CARD}</form>", True),
        (HOTJAR, '<form><input type="password" name="password"></form>', True),
        ('<script src="https://www.clarity.ms/tag/abc123"></script>', f"<form>{CARD}</form>", True),
        # Every sensitive field masked for the tool, on itself or an ancestor: a decision made.
        (HOTJAR, f"<form data-hj-suppress>{CARD}</form>", False),
        (HOTJAR, '<form><input type="password" name="password" data-hj-suppress>' + CARD + "</form>", True),
        (FULLSTORY, f'<div class="fs-exclude"><form>{CARD}<input type="password" name="pw"></form></div>', False),
        # No sensitive field, or the tool is not on the page yet.
        (HOTJAR, '<form><input type="email" name="email"></form>', False),
        ("<template>" + HOTJAR + "</template>", f"<form>{CARD}</form>", False),
    ],
)
def test_a_tool_that_masks_by_default_still_records_the_page(tmp_path, head, body, warned):
    found = lint(tmp_path, head, body, recorded_only=False)
    assert [f.severity for f in found] == (["warning"] if warned else [])
    if warned:
        assert found[0].region.line == 1 and "records a page with a" in found[0].message


def test_a_recorded_field_is_not_also_a_page_warning(tmp_path):
    found = lint(tmp_path, LOGROCKET, f"<form>{CARD}</form>", recorded_only=False)
    assert [f.severity for f in found] == ["error"]


def test_replay_data_covers_the_session_replay_services():
    services = trackers.builtin().services
    tools = replay_tools()
    assert set(tools) <= set(services)
    recorders = {s.id for s in services.values() if s.category == "session-replay"}
    assert recorders <= set(tools), "every session-replay service needs its masking facts"
    for tool in tools.values():
        assert tool.default_masking in MASKINGS
        # Tools outside the session-replay category record only when the page says so.
        assert services[tool.service].category == "session-replay" or tool.records_when
    raw = registry.load_toml(registry.data_path("session-replay.toml"))["tool"]
    assert all(entry.get("sources") for entry in raw)
