"""Import of downloaded tracker lists (DuckDuckGo tds.json, Disconnect services.json).

The samples in tests/data/tracker-lists/ are hand-written in the two formats: invented
vendors (Example Ads Inc, ads.example) and a few public ownership facts (Google LLC owns
google-analytics.com); none of either list's data.
"""

from __future__ import annotations

import copy
import json
import random
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from privlint import registry, trackers
from privlint.tracker_lists import (
    CATEGORY_PRIORITY,
    DDG_CATEGORIES,
    DISCONNECT_CATEGORIES,
    KNOWN_LICENCE,
    SKIP,
    ImportedList,
    TrackerListError,
    _rule_pattern,
    load_tracker_list,
)

DATA = Path(__file__).resolve().parent / "data" / "tracker-lists"
TDS = DATA / "tds-sample.json"
SERVICES = DATA / "disconnect-services-sample.json"


def by_id(imported: ImportedList) -> dict[str, dict]:
    return {entry["id"]: entry for entry in imported.entries}


# --- DuckDuckGo tds.json ---------------------------------------------------------------------


def test_tds_sample_is_recognised_with_the_known_licence() -> None:
    imported = load_tracker_list(TDS)
    assert imported.format == "duckduckgo-tds"
    assert imported.title == "DuckDuckGo Tracker Data Set"
    assert imported.licence == KNOWN_LICENCE == "CC BY-NC-SA 4.0"
    assert imported.path == TDS


def test_tds_groups_an_entitys_domains_into_one_service() -> None:
    ads = by_id(load_tracker_list(TDS))["list:example-ads-inc"]
    assert ads == {
        "id": "list:example-ads-inc",
        "name": "Example Ads Network",  # the entity's displayName beats the owner's
        "company": "Example Ads Inc",
        "category": "advertising",  # Advertising beats the pixel domain's Analytics
        "policy-names": ["Example Ads Network", "Example Ads Inc"],
        # pay.example-ads.example is Online Payment only: not a tracker
        "urls": ["ads.example", "pixel.example-ads.example"],
        "sets-cookies": True,
        "sources": [str(TDS)],
    }


def test_tds_entries() -> None:
    entries = by_id(load_tracker_list(TDS))
    assert {k: (e["name"], e["category"], e["sets-cookies"]) for k, e in entries.items()} == {
        "list:example-ads-inc": ("Example Ads Network", "advertising", True),
        # no entities record: the owner's displayName
        "list:replay-labs-ltd": ("Replay Labs", "session-replay", False),
        # Federated Login and SSO do not hide the Social Network label
        "list:example-social-network-inc": ("Example Social", "social", True),
        "list:google-llc": ("Google", "advertising", True),
        # no category at all: kept, as the fallback
        "list:plain-tracker-ltd": ("Plain Tracker Ltd", "analytics", True),
        # no owner: the domain stands for it; Obscure Ownership says nothing of its purpose
        "list:hidden-example": ("hidden.example", "analytics", False),
    }
    # CDN Host (CDN, Non-Tracking), Consent Tools (CMP) and Quiet Metrics ("ignore" with only
    # an exception rule) are not trackers here.
    assert entries["list:plain-tracker-ltd"]["policy-names"] == ["Plain Tracker Ltd"]
    assert entries["list:google-llc"]["policy-names"] == ["Google", "Google LLC"]


def test_tds_ignore_default_keeps_only_the_blocking_rules() -> None:
    google = by_id(load_tracker_list(TDS))["list:google-llc"]
    assert google["urls"] == [
        "google-analytics.com",
        "doubleclick.net",
        # google.com is "ignore": its blocking rules only; the recaptcha exception and the
        # rule with a character class are left out
        "google.com/pagead*",
        "google.com/ads/ga-audiences*",
    ]


def test_tds_entries_match_urls() -> None:
    data = trackers.TrackerData({"service": load_tracker_list(TDS).entries})
    expected = {
        "https://ads.example/pixel.gif": "list:example-ads-inc",
        "//cdn.ads.example/tag.js": "list:example-ads-inc",
        "https://pixel.example-ads.example/p?e=1": "list:example-ads-inc",
        "https://www.google.com/pagead/conversion.js": "list:google-llc",
        "https://www.google.com/pagead2/x": "list:google-llc",  # the rule is a prefix
        "https://adservice.google.com/ads/ga-audiences?t=1": "list:google-llc",
        "https://replay.example/rec.js": "list:replay-labs-ltd",
        "https://www.google.com/recaptcha/api.js": None,
        "https://www.google.com/maps": None,
        "https://pay.example-ads.example/checkout.js": None,
        "https://static.cdn-host.example/lib.js": None,
        "https://cmp.example/cmp.js": None,
        "https://quiet.example/q.js": None,
        "https://ads.example.org/": None,
    }
    got = {}
    for url in expected:
        service = data.match_url(url)
        got[url] = service.id if service else None
    assert got == expected


# --- Disconnect services.json ----------------------------------------------------------------


def test_services_sample_is_recognised_with_the_licence_it_states() -> None:
    imported = load_tracker_list(SERVICES)
    assert imported.format == "disconnect-services"
    assert imported.title == "Disconnect tracking protection list"
    assert imported.licence.startswith("Hand-written sample for privlint's tests")
    assert imported.licence.endswith("Test licence text 7f3a.")


def test_services_entries() -> None:
    entries = by_id(load_tracker_list(SERVICES))
    summary = {k: (e["category"], e["urls"], e["sets-cookies"]) for k, e in entries.items()}
    assert summary == {
        # Advertising, Analytics and Fingerprinting listings merge into one service
        "list:example-ads-inc": (
            "advertising",
            ["ads.example", "adserver.example", "stats.ads-metrics.example"],
            True,
        ),
        "list:yandex": ("advertising", ["yandex.ru/clck/click", "adfox.ru"], True),
        # beacon.shield.example is Anti-fraud and Advertising: the tracking label wins, and
        # shield.example (Anti-fraud only) is left out
        "list:fraud-shield": ("advertising", ["beacon.shield.example"], True),
        "list:google": ("analytics", ["google-analytics.com", "youtube.com"], True),
        "list:replay-labs": ("session-replay", ["replay.example"], True),
        "list:video-host": ("embed", ["player.video.example"], False),
        "list:example-social": ("social", ["social.example"], True),
        "list:mail-blaster": ("marketing-automation", ["click.mail.example"], False),
        "list:print-co": ("analytics", ["fp.print.example"], False),  # fingerprinting only
    }
    # Cryptomining and ConsentManagers entities are gone altogether.
    google = entries["list:google"]
    assert (google["name"], google["company"], google["policy-names"]) == (
        "Google",
        "Google",
        ["Google"],
    )
    assert google["sources"] == [str(SERVICES)]


def test_services_entries_match_urls_and_paths() -> None:
    data = trackers.TrackerData({"service": load_tracker_list(SERVICES).entries})
    expected = {
        "https://ads.example/pixel.gif": "list:example-ads-inc",
        "https://yandex.ru/clck/click?from=1": "list:yandex",
        "https://yandex.ru/clck/click/x": "list:yandex",
        "https://yandex.ru/search?q=x": None,  # only the listed path is a tracker
        "https://www.youtube.com/embed/abc": "list:google",
        "https://shield.example/check.js": None,
        "https://miner.example/m.js": None,
        "https://consent.example/cmp.js": None,
    }
    got = {}
    for url in expected:
        service = data.match_url(url)
        got[url] = service.id if service else None
    assert got == expected


def test_entity_names_that_slug_alike_get_distinct_ids(tmp_path: Path) -> None:
    path = tmp_path / "services.json"
    listing = [
        {"Acme, Inc.": {"https://acme.example/": ["acme.example"]}},
        {"Acme Inc": {"https://acme-inc.example/": ["acme-inc.example"]}},
        {"★": {"https://star.example/": ["star.example"]}},
    ]
    path.write_text(json.dumps({"categories": {"Advertising": listing}}), encoding="utf-8")
    entries = load_tracker_list(path).entries
    assert [(e["id"], e["company"]) for e in entries] == [
        ("list:acme-inc", "Acme, Inc."),
        ("list:acme-inc-2", "Acme Inc"),
        ("list:entity", "★"),
    ]
    trackers.TrackerData({"service": entries})


def test_imported_entries_sit_beside_the_builtin_data() -> None:
    """Ids cannot collide with the built-in ones, and the built-in services' more specific
    patterns win over a list's whole-domain ones."""
    builtin = registry.load_toml(registry.data_path("trackers.toml"))["service"]
    data = trackers.TrackerData({"service": builtin + load_tracker_list(TDS).entries})
    assert data.match_url("https://www.google-analytics.com/analytics.js").id == "google-analytics"
    assert data.match_url("https://www.google-analytics.com/unlisted").id == "list:google-llc"


# --- the mapping tables ----------------------------------------------------------------------


def test_mapping_tables_name_only_privlint_categories() -> None:
    assert set(CATEGORY_PRIORITY) <= set(trackers.CATEGORIES)
    for table in (DDG_CATEGORIES, DISCONNECT_CATEGORIES):
        assert set(table.values()) - {SKIP} <= set(CATEGORY_PRIORITY)
    assert CATEGORY_PRIORITY[:2] == ("session-replay", "advertising")


@pytest.mark.parametrize(
    "rule, domain, pattern",
    [
        (r"ads\.example\/tag\.js", "ads.example", "ads.example/tag.js*"),
        (r"ads\.example/pixel", "ads.example", "ads.example/pixel*"),
        (r"ads\.example", "ads.example", "ads.example"),
        (r"(.*)\.ads\.example\/p\/", "ads.example", "ads.example/p/"),
        (r"^cdn\.ads\.example/lib\.js$", "ads.example", "cdn.ads.example/lib.js"),
        (r"ads\.example\/.*\/fbevents\.js", "ads.example", "ads.example/*/fbevents.js*"),
        (r"ads\.example\/p\.gif.*", "ads.example", "ads.example/p.gif*"),
        (r"ads\.example\/collect\?tid=", "ads.example", "ads.example/collect?tid="),
        (r"ads.example/x", "ads.example", "ads.example/x*"),  # unescaped dots read literally
        (r"ads\.example\/[0-9]+\.js", "ads.example", None),
        (r"ads\.example\/(a|b)\.js", "ads.example", None),
        (r"ads\.example\/\d+", "ads.example", None),
        (r"ads\.example\/a?b", "ads.example", None),
        (r"other\.example\/x", "ads.example", None),  # not the tracker's domain
        (r"bads\.example\/x", "ads.example", None),
        (r"ads\.example\/x\?a=.*b", "ads.example", None),  # a wildcard in a query
        (r"ads\.example\/\*", "ads.example", None),
        ("", "ads.example", None),
    ],
)
def test_rule_pattern(rule: str, domain: str, pattern: str | None) -> None:
    assert _rule_pattern(rule, domain) == pattern


# --- bad input ---------------------------------------------------------------------------------


BAD_FILES = {
    "not-json.json": b"trackers = {}\n",
    "empty.json": b"",
    "list.json": b'[{"trackers": {}}]',
    "string.json": b'"trackers"',
    "other-shape.json": b'{"name": "some config", "version": 3}',
    "bad-utf8.json": b'{"license": "\xff\xfe", "categories": {}}',
    "deep.json": b"[" * 200_000 + b"]" * 200_000,
    "trackers-list.json": b'{"trackers": [], "entities": {}}',
    "trackers-null.json": b'{"trackers": null}',
    "tracker-not-object.json": b'{"trackers": {"ads.example": ["Advertising"]}}',
    "categories-string.json": b'{"trackers": {"ads.example": {"categories": "Advertising"}}}',
    "category-number.json": b'{"trackers": {"ads.example": {"categories": [1]}}}',
    "owner-string.json": b'{"trackers": {"ads.example": {"owner": "Example Ads Inc"}}}',
    "cookies-string.json": b'{"trackers": {"ads.example": {"cookies": "many"}}}',
    "default-number.json": b'{"trackers": {"ads.example": {"default": 0}}}',
    "rules-object.json": b'{"trackers": {"ads.example": {"rules": {"rule": "x"}}}}',
    "rule-number.json": b'{"trackers": {"ads.example": {"rules": [{"rule": 5}]}}}',
    "rule-missing.json": b'{"trackers": {"ads.example": {"rules": [{"action": "block"}]}}}',
    "entities-list.json": b'{"trackers": {}, "entities": []}',
    "entity-string.json": (
        b'{"trackers": {"ads.example": {"owner": {"name": "A"}}}, "entities": {"A": "x"}}'
    ),
    "disconnect-categories-list.json": b'{"license": "x", "categories": ["Advertising"]}',
    "disconnect-category-object.json": b'{"categories": {"Advertising": {"A": {}}}}',
    "disconnect-item-string.json": b'{"categories": {"Advertising": ["A"]}}',
    "disconnect-entity-list.json": b'{"categories": {"Advertising": [{"A": ["a.example"]}]}}',
    "disconnect-domain-number.json": (
        b'{"categories": {"Advertising": [{"A": {"https://a.example/": [5]}}]}}'
    ),
    "disconnect-domains-object.json": (
        b'{"categories": {"Advertising": [{"A": {"https://a.example/": {"d": 1}}}]}}'
    ),
}


def assert_clean_error(error: TrackerListError, path: Path) -> None:
    message = str(error)
    assert message.startswith(f"tracker list {path}: "), message
    assert "\n" not in message and len(message) < 300, message


@pytest.mark.parametrize("name", sorted(BAD_FILES))
def test_bad_files_give_one_line_errors(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(BAD_FILES[name])
    with pytest.raises(TrackerListError) as caught:
        load_tracker_list(path)
    assert_clean_error(caught.value, path)


def test_error_messages_say_what_is_wrong(tmp_path: Path) -> None:
    def message(name: str) -> str:
        path = tmp_path / name
        path.write_bytes(BAD_FILES[name])
        with pytest.raises(TrackerListError) as caught:
            load_tracker_list(path)
        return str(caught.value).split(": ", 1)[1]

    assert message("other-shape.json") == (
        "not a DuckDuckGo tds.json or Disconnect services.json file"
    )
    assert message("list.json") == "not a DuckDuckGo tds.json or Disconnect services.json file"
    assert message("not-json.json").startswith("not JSON (Expecting value at line 1 column 1")
    assert message("bad-utf8.json") == "not UTF-8 text (bad byte at offset 13)"
    assert message("trackers-list.json") == "not a valid tds.json file: trackers is not an object"
    assert message("rule-number.json") == (
        'not a valid tds.json file: trackers["ads.example"].rules[0].rule is not a string'
    )
    assert message("disconnect-domain-number.json") == (
        "not a valid services.json file: "
        'categories["Advertising"][0]["A"]["https://a.example/"] is not a list of strings'
    )


def test_missing_file_and_directory(tmp_path: Path) -> None:
    for path in (tmp_path / "lists" / "tds.json", tmp_path):
        with pytest.raises(TrackerListError) as caught:
            load_tracker_list(path)
        assert_clean_error(caught.value, path)
        assert "cannot read it" in str(caught.value)


def test_the_format_is_told_by_content_not_name(tmp_path: Path) -> None:
    swapped = tmp_path / "services.json"
    swapped.write_bytes(TDS.read_bytes())
    assert load_tracker_list(swapped).format == "duckduckgo-tds"
    with_bom = tmp_path / "tds.txt"
    with_bom.write_bytes(b"\xef\xbb\xbf" + SERVICES.read_bytes())
    assert load_tracker_list(with_bom).format == "disconnect-services"


def nodes(value: Any, at: tuple = ()) -> Iterator[tuple]:
    """The path of every value inside a JSON document."""
    yield at
    if isinstance(value, dict):
        for key, item in value.items():
            yield from nodes(item, (*at, key))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from nodes(item, (*at, i))


@pytest.mark.parametrize("sample", [TDS, SERVICES], ids=["tds", "services"])
def test_any_value_of_the_wrong_type_gives_an_error_not_a_traceback(
    tmp_path: Path, sample: Path
) -> None:
    """Every value of a sample, replaced by each JSON type in turn, either imports into
    entries TrackerData takes or gives a TrackerListError."""
    document = json.loads(sample.read_text(encoding="utf-8"))
    path = tmp_path / "mutant.json"
    imported = failed = 0
    for at in nodes(document):
        for replacement in (None, 0, 1.5, True, "x", [], {}, ["x"], {"x": "y"}):
            mutant = copy.deepcopy(document)
            if at:
                parent = mutant
                for step in at[:-1]:
                    parent = parent[step]
                parent[at[-1]] = replacement
            else:
                mutant = replacement
            path.write_text(json.dumps(mutant), encoding="utf-8")
            try:
                entries = load_tracker_list(path).entries
            except TrackerListError as e:
                assert_clean_error(e, path)
                failed += 1
            else:
                trackers.TrackerData({"service": entries})
                imported += 1
    assert imported and failed  # both outcomes were exercised


# --- real sizes --------------------------------------------------------------------------------

TDS_CATEGORY_SETS = (
    ["Advertising", "Ad Motivated Tracking"],
    ["Analytics"],
    [],
    ["Analytics", "Audience Measurement"],
    ["CDN"],
    ["Session Replay", "Analytics"],
    ["Social - Share", "Social Network"],
    ["Embedded Content"],
    [],
    ["Third-Party Analytics Marketing", "Advertising"],
)


def synthetic_tds(trackers_count: int = 2900, entities_count: int = 818) -> dict:
    """A tds.json shaped document of the real list's size (about 2.3 MB)."""
    rng = random.Random(7)
    trackers_out: dict[str, dict] = {}
    entities: dict[str, dict] = {}
    for i in range(trackers_count):
        domain = f"t{i}.tracker{i % 97}.example"
        entity = f"Synthetic Entity {i % entities_count} Inc"
        ignore = i % 5 == 0
        rules = [
            {"rule": f"t{i}\\.tracker{i % 97}\\.example\\/path{r}\\/script\\.js"}
            for r in range(rng.randint(0, 4))
        ]
        if ignore:
            rules.append({"rule": f"t{i}\\.tracker{i % 97}\\.example\\/ok", "action": "ignore"})
        rules.append(
            {
                "rule": f"t{i}\\.tracker{i % 97}\\.example\\/[a-z]+\\.gif",
                "exceptions": {"domains": [f"site{n}.example" for n in range(3)]},
            }
        )
        trackers_out[domain] = {
            "domain": domain,
            "owner": {
                "name": entity,
                "displayName": entity.removesuffix(" Inc"),
                "privacyPolicy": f"https://entity{i % entities_count}.example/privacy-policy",
                "url": f"https://entity{i % entities_count}.example/",
            },
            "prevalence": round(rng.random() / 10, 6),
            "fingerprinting": rng.randint(0, 3),
            "cookies": round(rng.random() / 10, 6) if i % 3 else 0,
            "categories": TDS_CATEGORY_SETS[i % len(TDS_CATEGORY_SETS)],
            "default": "ignore" if ignore else "block",
            "rules": rules,
        }
        entities.setdefault(
            entity, {"domains": [], "displayName": entity.removesuffix(" Inc"), "prevalence": 1}
        )["domains"].append(domain)
    domains = {d: t["owner"]["name"] for d, t in trackers_out.items()}
    return {"trackers": trackers_out, "entities": entities, "domains": domains, "cnames": {}}


def synthetic_services(domains_count: int = 4800) -> dict:
    """A services.json shaped document of the real list's size (about 4,800 domains)."""
    categories: dict[str, list] = {}
    names = list(DISCONNECT_CATEGORIES)[1:]  # the categories, not the session-replay mark
    for n in range(domains_count // 3):
        domains = [f"d{3 * n + k}.vendor{n}.example" for k in range(3)]
        item = {f"Synthetic Vendor {n}": {f"https://vendor{n}.example/": domains}}
        categories.setdefault(names[n % len(names)], []).append(item)
    return {"license": "synthetic", "categories": categories}


def timed_load(path: Path) -> tuple[ImportedList, float]:
    start = time.perf_counter()
    imported = load_tracker_list(path)
    return imported, time.perf_counter() - start


def test_a_tds_of_the_real_size(tmp_path: Path) -> None:
    path = tmp_path / "tds.json"
    path.write_text(json.dumps(synthetic_tds()), encoding="utf-8")
    assert path.stat().st_size > 2_000_000
    imported, _ = timed_load(path)
    # Every entity keeps some domain: each owns trackers of several category sets.
    assert len(imported.entries) == 818
    assert sum(len(e["urls"]) for e in imported.entries) > 2000
    data = trackers.TrackerData({"service": imported.entries})
    assert data.match_url("https://t1.tracker1.example/x").id == "list:synthetic-entity-1-inc"
    assert data.match_url("https://t4.tracker4.example/x") is None  # CDN only
    assert data.match_url("https://t10.tracker10.example/x") is None  # "ignore", no such path


def test_a_services_json_of_the_real_size(tmp_path: Path) -> None:
    path = tmp_path / "services.json"
    path.write_text(json.dumps(synthetic_services()), encoding="utf-8")
    imported, _ = timed_load(path)
    skipped = [name for name, category in DISCONNECT_CATEGORIES.items() if category == SKIP]
    assert len(skipped) == 3
    assert len(imported.entries) == sum(1 for n in range(1600) if n % 9 < 6)
    data = trackers.TrackerData({"service": imported.entries})
    assert data.match_url("https://d0.vendor0.example/").id == "list:synthetic-vendor-0"
    assert data.match_url("https://d18.vendor6.example/") is None  # Cryptomining


def test_configured_lists_join_the_run_and_the_run_names_them(tmp_path, monkeypatch):
    """`tracker-lists` in the configuration: a host only the list knows is reported, and
    every output says which list, under which licence, the run used."""
    import json as json_mod

    from click.testing import CliRunner

    from privlint import trackers
    from privlint.cli import main

    shutil_copy = (DATA / "tds-sample.json").read_bytes()
    (tmp_path / "lists").mkdir()
    (tmp_path / "lists" / "tds.json").write_bytes(shutil_copy)
    (tmp_path / "privlint.toml").write_text('tracker-lists = ["lists/tds.json"]\nselect = ["PRV201"]\n', encoding="utf-8")
    (tmp_path / "index.html").write_text(
        '<!doctype html><html><head><script src="https://ads.example/pixel.js"></script></head>'
        '<body><a href="/privacy/">Privacy</a></body></html>', encoding="utf-8")
    (tmp_path / "privacy").mkdir()
    (tmp_path / "privacy" / "index.html").write_text("<html><body><h1>Privacy policy</h1></body></html>", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    try:
        runner = CliRunner()
        text = runner.invoke(main, ["check", "."])
        assert "Undisclosed tracker" in text.output and "ads.example" in text.output
        assert "tracker list lists/tds.json: DuckDuckGo Tracker Data Set" in text.stderr
        assert "CC BY-NC-SA 4.0" in text.stderr
        doc = json_mod.loads(runner.invoke(main, ["check", ".", "--format", "json"]).stdout)
        assert doc["tracker_lists"][0].startswith("lists/tds.json: DuckDuckGo Tracker Data Set")
        sarif = json_mod.loads(runner.invoke(main, ["check", ".", "--format", "sarif"]).stdout)
        notes = sarif["runs"][0]["invocations"][0]["toolExecutionNotifications"]
        assert any("Tracker list used: lists/tds.json" in n["message"]["text"] for n in notes)
        (tmp_path / "lists" / "tds.json").write_text("[1, 2]", encoding="utf-8")
        broken = runner.invoke(main, ["check", "."])
        assert broken.exit_code == 2 and "lists/tds.json" in broken.stderr and "Traceback" not in broken.output
    finally:
        trackers.configure([])
