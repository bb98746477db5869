"""The tracker knowledge base (rules/data/trackers.toml), tested against the snippets vendors
publish: every service has a fixture in fixtures/trackers/, each fixture is recognised as
exactly the services it declares, and the clean fixtures as none.

A fixture's first comment declares what it holds: ``<!-- services: meta-pixel -->`` (space
separated service ids; empty for a clean page), optionally followed by
``<!-- accounts: 1234567890 -->``, the account ids privlint must read from it.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from privlint import config as config_mod
from privlint import registry, trackers
from privlint.engine import Linter

from conftest import FIXTURES

TRACKER_FIXTURES = sorted((FIXTURES / "trackers").glob("*.html"))
SERVICES_RE = re.compile(r"<!--\s*services:([^>]*?)-->")
ACCOUNTS_RE = re.compile(r"<!--\s*accounts:([^>]*?)-->")
DATA = trackers.builtin()
RAW = registry.load_toml(registry.data_path("trackers.toml"))["service"]


def declared(path: Path) -> tuple[set[str], set[str] | None]:
    text = path.read_text(encoding="utf-8")
    m = SERVICES_RE.search(text)
    assert m, f"{path.name}: no <!-- services: ... --> declaration"
    accounts = ACCOUNTS_RE.search(text)
    return set(m.group(1).split()), set(accounts.group(1).split()) if accounts else None


def detected(path: Path) -> tuple[set[str], set[str]]:
    linter = Linter(config_mod.Config(), select=["PRV201"], cwd=path.parent)
    _, facts, _ = linter.lint_file(path, path.name)
    return {u.service for u in facts.trackers}, {a for u in facts.trackers for a in u.accounts}


@pytest.mark.parametrize("path", TRACKER_FIXTURES, ids=[p.name for p in TRACKER_FIXTURES])
def test_fixture_is_recognised_as_declared(path):
    services, accounts = declared(path)
    unknown = services - set(DATA.services)
    assert not unknown, f"declares services not in trackers.toml: {unknown}"
    found, found_accounts = detected(path)
    assert found == services, f"missed {services - found}, false {found - services}"
    if accounts is not None:
        assert found_accounts == accounts


def test_every_service_has_a_fixture():
    covered = set()
    for path in TRACKER_FIXTURES:
        covered |= declared(path)[0]
    assert set(DATA.services) - covered == set()


def test_there_are_clean_fixtures():
    clean = [p for p in TRACKER_FIXTURES if not declared(p)[0]]
    assert len(clean) >= 3


def test_knowledge_base_breadth():
    categories = {s.category for s in DATA.services.values()}
    assert len(DATA.services) >= 60
    assert categories == set(trackers.CATEGORIES)


@pytest.mark.parametrize("entry", RAW, ids=[e["id"] for e in RAW])
def test_service_entry_is_complete(entry):
    for key in ("name", "company", "category", "sources"):
        assert entry.get(key), f"{entry['id']}: {key} missing"
    assert "sets-cookies" in entry, f"{entry['id']}: say whether it sets cookies"
    assert entry.get("urls") or entry.get("snippets"), f"{entry['id']}: nothing to recognise it by"
    for pattern in entry.get("snippets", []) + entry.get("id-patterns", []):
        re.compile(pattern)
    for other in entry.get("superseded-by", []):
        assert other in DATA.services, f"{entry['id']}: superseded by unknown {other}"


def test_undisclosed_tracker_category_choices_are_the_categories():
    rule = next(r for r in registry.all_rules() if r.code == "PRV201")
    assert set(rule.options["ignore-categories"].choices) == set(trackers.CATEGORIES)


def test_every_consent_snippet_passes_the_quick_filter():
    """page.py skips a script's consent-manager regexes unless the script spells one of a few
    words: every snippet in consent-managers.toml must contain one, or it would never run."""
    from privlint.page import _CONSENT_HINT

    raw = registry.load_toml(registry.data_path("consent-managers.toml"))
    snippets = [s for m in raw["manager"] for s in m.get("snippets", [])]
    assert snippets
    for snippet in snippets:
        assert _CONSENT_HINT.search(snippet.replace("\\", "")), snippet


def test_script_literals_are_found_in_one_pass():
    from privlint.page import script_literals
    from privlint.trackers import inside

    code = "a = 'x // y'; // note 'q'\nb = \"it's\"; /* c */ d = `t ${e}`; f = 'unterminated\ng = 1"
    comments, strings = script_literals(code)
    assert [code[s:e] for s, e in comments] == ["// note 'q'", "/* c */"]
    assert [code[s:e] for s, e in strings] == ["'x // y'", '"it\'s"', "`t ${e}`", "'unterminated"]
    assert inside(strings, code.index("x //")) == strings[0]
    assert inside(comments, code.index("g = 1")) is None


@pytest.mark.parametrize("crafted", ["'" * 200_000, "/*" * 100_000, "\\" * 200_000, "`" + "\\`" * 100_000])
def test_script_literals_are_linear_on_crafted_input(crafted):
    import time

    from privlint.page import script_literals

    small = crafted[: len(crafted) // 10]
    start = time.perf_counter()
    script_literals(small)
    t_small = time.perf_counter() - start
    start = time.perf_counter()
    script_literals(crafted)
    assert time.perf_counter() - start < max(40 * t_small, 0.5)


def test_a_vendor_named_in_comments_or_prose_is_no_load_but_a_call_is(tmp_path):
    page = tmp_path / "p.html"
    page.write_text(
        "<script>// _paq.push(['trackPageView']) after consent\n"
        "var help = \"call urchinTracker() to start\";\n"
        "var s = 'setup: ' + \"_gat._getTracker('UA-1-1') is gone\";</script>\n", encoding="utf-8")
    _, facts, _ = Linter(config_mod.Config(), select=["PRV201"]).lint_file(page, "p.html")
    assert facts.trackers == []
    page.write_text("<script>_paq.push(['trackPageView']); _paq.push(['setSiteId', '3']);</script>\n", encoding="utf-8")
    _, facts, _ = Linter(config_mod.Config(), select=["PRV201"]).lint_file(page, "p.html")
    assert [u.service for u in facts.trackers] == ["matomo"]


@pytest.mark.parametrize(
    "script, services",
    [
        ("window._tfa = window._tfa || [];", []),
        ("var _hsq = window._hsq = window._hsq || [];", []),
        ("window._linkedin_data_partner_ids = window._linkedin_data_partner_ids || [];", []),
        # The stub with its loader: Taboola's published snippet does both.
        ("window._tfa = window._tfa || []; !function (t, f, a, x) { t.async = 1; t.src = a; f.parentNode.insertBefore(t, f);"
         " }(document.createElement('script'), document.getElementsByTagName('script')[0], '//cdn.taboola.com/libtrc/x/loader.js');",
         ["taboola"]),
    ],
)
def test_a_queue_stub_alone_is_no_load(tmp_path, script, services):
    page = tmp_path / "p.html"
    page.write_text(f"<script>{script}</script>\n", encoding="utf-8")
    _, facts, _ = Linter(config_mod.Config(), select=["PRV201"]).lint_file(page, "p.html")
    assert [u.service for u in facts.trackers] == services


@pytest.mark.parametrize(
    "script, service",
    [
        # A regular expression literal opens no comment and no string.
        ("var base = location.pathname.replace(/\\/*$/, '');\n!function(f,b,e,v,n,t,s){if(f.fbq)return;n=f.fbq=function(){};"
         "t=b.createElement(e);t.async=!0;t.src=v;s=b.getElementsByTagName(e)[0];s.parentNode.insertBefore(t,s)}"
         "(window, document,'script','https://connect.facebook.net/en_US/fbevents.js');\nfbq('init', '123456789012345');",
         "meta-pixel"),
        ("var r=/^https?:\\/\\//i;window._hjSettings={hjid:1,hjsv:6};", "hotjar"),
        ("function esc(s){return s.replace(/\"/g,'&quot;')};fbq('init', '123456789012345');var q=\"a b\";", "meta-pixel"),
        # Code a script injects is code, though its string has spaces.
        ("var s = document.createElement('script'); s.text = `\n  window._hjSettings = {hjid: 123, hjsv: 6};\n`;"
         " document.head.appendChild(s);", "hotjar"),
    ],
)
def test_real_snippets_next_to_regular_expressions_and_injected_code_are_found(tmp_path, script, service):
    page = tmp_path / "p.html"
    page.write_text(f"<script>{script}</script>\n", encoding="utf-8")
    _, facts, _ = Linter(config_mod.Config(), select=["PRV201"]).lint_file(page, "p.html")
    assert service in [u.service for u in facts.trackers]


def test_queue_stubs_and_long_words_are_read_in_linear_time(tmp_path):
    from conftest import assert_reads_in_linear_time
    from privlint.page import _QUEUE_STUB

    assert_reads_in_linear_time(lambda text, _options: list(_QUEUE_STUB.finditer(text)),
                                "a||b; " + "x" * 20_000, "a||b; " + "x" * 200_000, "queue stub")
    page = tmp_path / "p.html"
    for k in (100, 1000):
        page.write_text("<script>" + "window._tfa = window._tfa || [];" * k + "</script>\n", encoding="utf-8")
        _, facts, _ = Linter(config_mod.Config(), select=["PRV201"]).lint_file(page, "p.html")
        assert facts.trackers == []


@pytest.mark.parametrize(
    "script",
    [
        "ga.src = ('https:' == document.location.protocol ? 'https://' : 'http://') + 'www.google-analytics.com/ga.js';",
        "ga.src = ('https:' == document.location.protocol ? 'https://ssl' : 'http://www') + '.google-analytics.com/u/ga_debug.js';",
        "ga.src = ('https:' == document.location.protocol ? 'https://' : 'http://') + 'stats.g.doubleclick.net/dc.js';",
        "var t = _gat._createTracker('UA-1234-5'); t._trackPageview();",
    ],
)
def test_classic_google_analytics_loaders_are_found(tmp_path, script):
    page = tmp_path / "p.html"
    page.write_text(f"<script>{script}</script>\n", encoding="utf-8")
    _, facts, _ = Linter(config_mod.Config(), select=["PRV201"]).lint_file(page, "p.html")
    assert [u.service for u in facts.trackers] == ["google-analytics"]


CLICK_PAGE = """<!DOCTYPE html><html><head>
<script src="https://consent.cookiebot.com/uc.js" data-cbid="1234"></script>
</head><body>
<button onclick="showVideo()">Play</button><div id="v"></div><button id="chat">Chat</button>
<script>
function showVideo() {
  var f = document.createElement('iframe');
  f.src = 'https://www.youtube.com/embed/abc';
  document.getElementById('v').appendChild(f);
}
function loadChat() { var s = document.createElement('script'); s.src = 'https://widget.intercom.io/widget/abc123'; document.body.appendChild(s); }
document.getElementById('chat').addEventListener('click', loadChat);
</script>
%s<a href="/privacy">Privacy</a></body></html>
"""


def test_code_that_only_a_click_runs_does_not_load_at_page_open(tmp_path):
    page = tmp_path / "p.html"
    page.write_text(CLICK_PAGE % "", encoding="utf-8")
    result = Linter(config_mod.Config(), select=["PRV201", "PRV202"]).run([str(page)])
    assert [(f.code, f.region.line) for f in result.findings] == [("PRV201", 11)]  # disclosed or not, it may load
    page.write_text(CLICK_PAGE % "<script>showVideo();</script>", encoding="utf-8")  # another script runs it at once
    result = Linter(config_mod.Config(), select=["PRV202"]).run([str(page)])
    assert [(f.code, f.region.line) for f in result.findings] == [("PRV202", 8)]
