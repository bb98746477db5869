"""Completeness, machine-checked: every rule has docs, fixtures good and bad in every
template family and in every language that writes markup with code, examples that do what
the docs say, and a current README table."""

from __future__ import annotations

import string

import pytest

from privlint import config as config_mod
from privlint import docs, registry, trackers
from privlint.checks import Check
from privlint.engine import Linter

from conftest import FIXTURES, ROOT
from fixture_support import discover, judges_other_rules

RULES = registry.all_rules()
FAMILIES = {
    "plain HTML": {".html", ".htm", ".xhtml"},
    "Jinja/Django/Nunjucks/Twig": {".j2", ".jinja", ".jinja2", ".njk", ".twig"},
    "Liquid": {".liquid"},
    "Handlebars/Mustache": {".hbs", ".handlebars", ".mustache"},
    "Go templates": {".tmpl", ".gohtml"},
    "ERB/EJS": {".erb", ".ejs"},
    "PHP": {".php"},
}
# Markup that code writes (readers): each rule that judges markup has fixtures in each language.
# The page-level rules (a page's privacy links, the policy, security.txt) judge whole pages,
# which components and scripts are not.
CODE_FAMILIES = {
    "JavaScript": {".js", ".mjs", ".cjs", ".ts"},
    "JSX/TSX": {".jsx", ".tsx"},
    "Vue": {".vue"},
    "Svelte": {".svelte"},
    "Astro": {".astro"},
}
PAGE_RULES = {"PRV301", "PRV302", "PRV303", "PRV306", "PRV501"}
MARKUP_RULES = [r for r in RULES if r.code not in PAGE_RULES]


def ids(rules):
    return [r.code for r in rules]


@pytest.mark.parametrize("rule", RULES, ids=ids(RULES))
def test_metadata_is_complete(rule):
    assert rule.summary[0].isupper() and not rule.summary.endswith("."), rule.summary
    for section in registry.REQUIRED_DOCS:
        assert len(rule.docs[section].split()) >= 10, f"docs.{section} is too thin"
    assert rule.docs.get("references"), "cite the standard or law the rule rests on"
    assert rule.category in registry.CATEGORY_ORDER, "a category `privlint rules` knows where to list"
    check = rule.check_class()
    assert issubclass(check, Check) and check.code == rule.code
    if rule.scope == "site":
        assert check.site is not Check.site, "a site rule must implement site()"
    else:
        looks = check.elements or check.end is not Check.end or check.unused_suppressions is not Check.unused_suppressions
        assert looks, "a document rule must look at something"
    if "security" in rule.tags:
        assert rule.security_severity, "security rules carry a security-severity for code scanning"
    for option in rule.options.values():
        assert option.doc.strip()


@pytest.mark.parametrize("rule", RULES, ids=ids(RULES))
def test_rule_has_good_and_bad_fixtures_in_every_family(rule):
    fixtures = [f for f in discover() if f.rule == rule.code]
    kinds = {f.kind for f in fixtures}
    assert {"good", "bad"} <= kinds, f"fixtures/{rule.code} needs bad_* and good_* fixtures"
    suffixes = {p.suffix.lower() for f in fixtures for p in f.files()}
    missing = [family for family, exts in FAMILIES.items() if not suffixes & exts]
    assert not missing, f"fixtures/{rule.code} has no fixture in: {', '.join(missing)}"


@pytest.mark.parametrize("rule", MARKUP_RULES, ids=ids(MARKUP_RULES))
def test_rule_has_good_and_bad_fixtures_in_every_language_that_writes_markup(rule):
    fixtures = [f for f in discover() if f.rule == rule.code]
    missing = []
    for family, exts in CODE_FAMILIES.items():
        kinds = {f.kind for f in fixtures if any(p.suffix.lower() in exts for p in f.files())}
        missing += [f"{kind} {family}" for kind in ("good", "bad") if kind not in kinds]
    assert not missing, f"fixtures/{rule.code} lacks: {', '.join(missing)}"


@pytest.mark.parametrize("rule", RULES, ids=ids(RULES))
def test_documented_examples_do_what_the_docs_say(rule, tmp_path, monkeypatch):
    found = docs.examples(rule)
    assert {e["expect"] for e in found} == {"bad", "good"}, "document a flagged and a clean example"
    for n, example in enumerate(found):
        site = tmp_path / f"example{n}"
        for name, text in example["files"].items():
            path = site / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        monkeypatch.chdir(site)
        # An example may carry its configuration (a rule that only runs when a setting is on).
        config = config_mod.load(site / "privlint.toml") if (site / "privlint.toml").is_file() else config_mod.Config()
        judges = judges_other_rules(rule.code)
        result = Linter(config, select=None if judges else [rule.code]).run(["."])
        codes = [f.code for f in result.findings if f.code == rule.code or not judges]
        if example["expect"] == "bad":
            assert rule.code in codes, f"example {example['title']!r} is documented as flagged"
        else:
            assert codes == [], f"example {example['title']!r} is documented as clean: {result.findings}"


@pytest.mark.parametrize("rule", RULES, ids=ids(RULES))
def test_rule_page_renders(rule):
    page = docs.render(rule)
    assert page.startswith(f"# {rule.name} ({rule.code})")
    for heading in ("## What it does", "## Why is this bad?", "## How to fix it", "## Examples"):
        assert heading in page
    if rule.options:
        assert "## Options" in page and all(f"`{o}`" in page for o in rule.options)


def test_codes_and_names_are_unique_and_stable():
    codes = [r.code for r in RULES]
    names = [r.name for r in RULES]
    assert len(set(codes)) == len(codes) and len(set(names)) == len(names)
    # Checks outside the project rely on these: they never change.
    fixed = {"PRV101": "insecure-form-action", "PRV201": "undisclosed-tracker",
             "PRV301": "missing-privacy-link", "PRV401": "card-autocomplete"}
    assert {c: registry.by_code_or_name(c).name for c in fixed} == fixed


def test_every_rule_file_is_loaded():
    files = sorted(p.stem for p in (ROOT / "rules").glob("PRV*.toml"))
    assert files == [r.code for r in RULES]
    assert sorted(p.name for p in FIXTURES.glob("PRV*")) == files, "a fixture folder per rule"


def test_readme_rule_table_is_current():
    assert docs.update_readme(ROOT / "README.md", check=True), "run: privlint docs --readme README.md"


def test_tracker_data_is_well_formed():
    data = trackers.builtin()
    assert len(data.services) >= 25
    for service in data.services.values():
        assert service.category in trackers.CATEGORIES
        assert service.company and service.policy_names
        assert set(service.superseded_by) <= set(data.services)
        assert set(service.case_sensitive_names) <= set(service.policy_names)
    raw = registry.load_toml(registry.data_path("trackers.toml"))
    for entry in raw["service"]:
        assert entry.get("urls") or entry.get("snippets"), f"{entry['id']} cannot be recognised"
        assert entry.get("sources"), f"{entry['id']}: say where the facts come from"
        assert set(entry["id"]) <= set(string.ascii_lowercase + string.digits + "-")


def test_no_rule_is_newer_than_the_package():
    from privlint import __version__

    def parts(version):
        return tuple(int(p) for p in version.split("."))

    assert all(parts(r.since) <= parts(__version__) for r in RULES), "bump privlint.__version__"
