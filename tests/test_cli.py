"""The command line as a user meets it: exit codes, output shapes, one-line errors."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from privlint import __version__
from privlint.cli import main

BAD = '<!doctype html><html><body>\n<form action="http://news.example.com/s" method="post"></form>\n<a href="/privacy">Privacy</a></body></html>\n'
GOOD = '<!doctype html><html><body><a href="/privacy">Privacy</a></body></html>\n'


@pytest.fixture
def project(tmp_path, monkeypatch):
    (tmp_path / "shop").mkdir()
    (tmp_path / "shop" / "pay.html").write_text(BAD, encoding="utf-8")
    (tmp_path / "shop" / "about.html").write_text(GOOD, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def invoke(*args):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_findings_exit_1_with_location_and_excerpt(project):
    r = invoke("check", "shop")
    assert r.exit_code == 1
    lines = r.output.splitlines()
    assert lines[0] == (
        "shop/pay.html:2:7: PRV101 Form submits over plain HTTP to http://news.example.com/s: "
        "the data can be read and altered on the way [insecure-form-action]"
    )
    assert lines[1] == ' 2 | <form action="http://news.example.com/s" method="post"></form>'
    assert lines[2] == "   |       " + "^" * len('action="http://news.example.com/s"')
    assert lines[-1] == "Found 1 problem (1 error) in 2 files."
    assert "\x1b[" not in r.output  # no colour when not a terminal


def test_clean_run_exit_0_and_exit_zero(project):
    assert invoke("check", "shop/about.html").exit_code == 0
    r = invoke("check", "shop", "--exit-zero")
    assert r.exit_code == 0 and "PRV101" in r.output


def test_quiet_prints_findings_only(project):
    r = invoke("check", "shop", "-q")
    assert r.output.splitlines() == [
        "shop/pay.html:2:7: PRV101 Form submits over plain HTTP to http://news.example.com/s: "
        "the data can be read and altered on the way [insecure-form-action]"
    ]


def test_json_shape(project):
    r = invoke("check", ".", "--format", "json")
    assert r.exit_code == 1
    doc = json.loads(r.output)
    assert doc["version"] == __version__
    assert doc["summary"] == {"files": 2, "findings": 1, "suppressed": 0}
    assert doc["suppressed"] == []
    assert doc["findings"] == [
        {
            "code": "PRV101",
            "rule": "insecure-form-action",
            "severity": "error",
            "path": "shop/pay.html",
            "line": 2,
            "column": 7,
            "end_line": 2,
            "end_column": 41,
            "message": "Form submits over plain HTTP to http://news.example.com/s: the data can be read and altered on the way",
            "also": [],
        }
    ]


def test_select_and_ignore_take_codes_prefixes_and_names(project):
    assert invoke("check", "shop", "--select", "PRV4").exit_code == 0
    assert invoke("check", "shop", "--select", "PRV1").exit_code == 1
    assert invoke("check", "shop", "--select", "card-autocomplete,insecure-form-action").exit_code == 1
    assert invoke("check", "shop", "--ignore", "PRV101").exit_code == 0


@pytest.mark.parametrize(
    "args, message",
    [
        (["check", "nowhere/"], "privlint: error: nowhere/: no such file or directory"),
        (["check", "shop", "--select", "PRV9"], "privlint: error: unknown rule selector `PRV9`"),
        (["check", "shop", "--config", "missing.toml"], "privlint: error: missing.toml: no such configuration file"),
        (["rule", "PRV999"], 'privlint: error: unknown rule "PRV999" (see `privlint rules`)'),
    ],
)
def test_usage_errors_exit_2_in_one_line(project, args, message):
    r = CliRunner().invoke(main, args)
    assert r.exit_code == 2
    assert r.output.strip() == message


def test_configuration_error_exit_2(project):
    (project / "privlint.toml").write_text('selct = ["PRV1"]\n', encoding="utf-8")
    r = CliRunner().invoke(main, ["check", "shop"])
    assert r.exit_code == 2
    assert r.output.strip().endswith('unknown key "selct" (did you mean "select"?)')
    assert len(r.output.strip().splitlines()) == 1


def test_config_option_overrides_discovery(project):
    (project / "privlint.toml").write_text('ignore = ["PRV101"]\n', encoding="utf-8")
    assert invoke("check", "shop").exit_code == 0
    (project / "other.toml").write_text('select = ["PRV101"]\n', encoding="utf-8")
    assert invoke("check", "shop", "--config", "other.toml").exit_code == 1


def test_rules_and_rule(project):
    listing = invoke("rules").output.splitlines()
    from privlint import registry

    # Grouped: a "category:" heading, then that category's rules, indented.
    listed, category = {}, None
    for line in listing:
        if line.endswith(":") and not line.startswith(" "):
            category = line[:-1]
        elif line.startswith("  PRV"):
            code, name, severity, state = line.split()[:4]
            listed[code] = (category, name, severity, state)
    expected = {
        r.code: (r.category, r.name, r.severity, "on" if r.enabled_by_default else "off")
        for r in registry.all_rules()
    }
    assert listed == expected
    headings = [line[:-1] for line in listing if line.endswith(":") and not line.startswith(" ")]
    assert headings == [c for c in registry.CATEGORY_ORDER if c in headings], "categories in their order"
    assert listed["PRV101"] == ("transport", "insecure-form-action", "error", "on")
    by_code = invoke("rule", "PRV401").output
    assert by_code.startswith("# card-autocomplete (PRV401)")
    assert invoke("rule", "card-autocomplete").output == by_code
    assert "## Options" in by_code and "`allow`" in by_code


def test_a_crash_on_one_file_is_reported_and_the_others_are_linted(project, monkeypatch):
    from privlint.checks.insecure_form_action import InsecureFormAction

    original = InsecureFormAction.visit

    def explode(self, el, doc):
        if doc.display.endswith("about.html"):
            raise RuntimeError("boom")
        return original(self, el, doc)

    monkeypatch.setattr(InsecureFormAction, "visit", explode)
    (project / "shop" / "about.html").write_text('<form action="/x"></form>', encoding="utf-8")
    r = CliRunner().invoke(main, ["check", "shop"])
    assert r.exit_code == 2
    assert "shop/pay.html:2:7: PRV101" in r.stdout
    assert r.stderr == "privlint: shop/about.html: internal error: RuntimeError: boom\n"


def test_python_dash_m_and_the_console_script(project):
    for command in ([sys.executable, "-m", "privlint"], [str(Path(sys.executable).with_name("privlint"))]):
        r = subprocess.run([*command, "check", "shop", "--format", "json"], capture_output=True, text=True)
        assert r.returncode == 1, r.stderr
        assert json.loads(r.stdout)["summary"]["findings"] == 1
    r = subprocess.run([sys.executable, "-m", "privlint", "--version"], capture_output=True, text=True)
    assert r.stdout.strip() == f"privlint, version {__version__}"


def test_no_path_means_the_current_directory(project):
    r = invoke("check", "--format", "json")
    assert json.loads(r.output)["summary"] == {"files": 2, "findings": 1, "suppressed": 0}


def test_the_readme_example_is_real(tmp_path, monkeypatch):
    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    expected = readme.split("$ privlint check _site/\n", 1)[1].split("```", 1)[0]
    shutil.copytree(Path(__file__).parent / "data" / "readme-site", tmp_path / "_site")
    monkeypatch.chdir(tmp_path)
    r = CliRunner().invoke(main, ["check", "_site/"])
    assert r.exit_code == 1
    assert r.stdout == expected


def test_a_one_file_commit_loads_only_what_it_uses(tmp_path):
    """pre-commit runs privlint on every commit: no SARIF machinery, no docs, no tracker data
    for a page without scripts."""
    page = tmp_path / "one.html"
    page.write_text('<form action="https://x.example/"></form>', encoding="utf-8")
    probe = (
        "import sys\n"
        "from privlint.cli import main\n"
        "try:\n"
        f"    main(['check', {str(page)!r}])\n"
        "except SystemExit:\n"
        "    pass\n"
        "heavy = ['sarif_om', 'attr', 'jsonschema', 'privlint.formatters.sarif', 'privlint.docs']\n"
        "import privlint.trackers as t\n"
        "print([m for m in heavy if m in sys.modules], t.builtin.cache_info().currsize)\n"
    )
    r = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert r.stdout.strip().splitlines()[-1] == "[] 0", r.stdout + r.stderr


def test_the_readme_integrations_hold(tmp_path, monkeypatch):
    """The pre-commit snippet names real hooks; the workflow's privlint command works."""
    import yaml

    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    blocks = [yaml.safe_load(b) for b in re.findall(r"```yaml\n(.*?)```", readme, re.S)]
    hooks = {h["id"] for h in yaml.safe_load((Path(__file__).parent.parent / ".pre-commit-hooks.yaml").read_text())}
    config = next(b for b in blocks if isinstance(b, dict) and "repos" in b)
    assert {h["id"] for h in config["repos"][0]["hooks"]} <= hooks
    workflow = next(b for b in blocks if isinstance(b, dict) and "jobs" in b)
    assert workflow["permissions"]["security-events"] == "write"
    steps = workflow["jobs"]["privlint"]["steps"]
    upload = next(s for s in steps if s.get("uses", "").startswith("github/codeql-action/upload-sarif"))
    command = next(s["run"] for s in steps if s.get("run", "").startswith("privlint check"))
    (tmp_path / "public").mkdir()
    (tmp_path / "public" / "index.html").write_text('<form action="http://x.example/"></form>', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    r = CliRunner().invoke(main, command.split()[1:])
    assert r.exit_code == 0  # --exit-zero: the upload still runs
    assert json.loads((tmp_path / upload["with"]["sarif_file"]).read_text())["runs"][0]["results"]


def test_identical_findings_across_a_build_are_grouped_unless_all_occurrences(tmp_path, monkeypatch):
    footer = '<form action="http://news.example.com/s" method="post"><input type="email" name="e"></form>'
    for page in ("index.html", "a/index.html", "b/index.html", "c/index.html", "d/index.html"):
        target = tmp_path / "site" / page
        target.parent.mkdir(parents=True, exist_ok=True)
        # the same layout everywhere; d/ has the form twice: two findings there
        twice = footer if page.startswith("d/") else ""
        target.write_text(f"<!doctype html><html><body>\n{footer}\n{twice}\n</body></html>\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    grouped = json.loads(invoke("check", "site", "--select", "PRV101", "--format", "json").output)
    first, second = grouped["findings"]
    assert first["path"] == "site/a/index.html" and first["line"] == 2
    assert [o["path"] for o in first["also"]] == ["site/b/index.html", "site/c/index.html", "site/d/index.html", "site/index.html"]
    assert second["path"] == "site/d/index.html" and second["line"] == 3 and second["also"] == []
    text = invoke("check", "site", "--select", "PRV101", "-q").output
    assert "(also on 4 other pages: site/b/index.html, site/c/index.html, site/d/index.html, ...)" in text
    every = json.loads(invoke("check", "site", "--select", "PRV101", "--format", "json", "--all-occurrences").output)
    assert len(every["findings"]) == 6 and all(f["also"] == [] for f in every["findings"])
    sarif = json.loads(invoke("check", "site", "--select", "PRV101", "--format", "sarif").output)
    related = sarif["runs"][0]["results"][0]["relatedLocations"]
    assert [r["physicalLocation"]["artifactLocation"]["uri"] for r in related][0] == "site/b/index.html"
    assert len(related) == 4


def test_minified_pages_group_by_the_markup_at_fault_not_the_whole_line(tmp_path, monkeypatch):
    """A generator that writes each page on one line puts the page's own title on the line
    of the finding; the markup at fault is what makes two findings the same."""
    for n in range(3):
        page = tmp_path / "site" / f"p{n}.html"
        page.parent.mkdir(parents=True, exist_ok=True)
        page.write_text(
            f'<!doctype html><html><head><title>Page {n}</title></head><body><h1>Chapter {n}</h1>'
            '<form action="http://news.example.com/s" method="post"><input type="email" name="e"></form>'
            "</body></html>\n",
            encoding="utf-8",
        )
    monkeypatch.chdir(tmp_path)
    doc = json.loads(invoke("check", "site", "--select", "PRV101", "--format", "json").output)
    assert [(f["path"], len(f["also"])) for f in doc["findings"]] == [("site/p0.html", 2)]


def test_templates_with_the_same_line_are_not_grouped(tmp_path, monkeypatch):
    for name in ("a.html.j2", "b.html.j2"):
        (tmp_path / name).write_text('<form action="http://x.example/{{ path }}"><input type="email" name="e"></form>\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    doc = json.loads(invoke("check", ".", "--select", "PRV101", "--format", "json").output)
    assert [f["path"] for f in doc["findings"]] == ["a.html.j2", "b.html.j2"]


NEWSLETTER = (
    '<!doctype html><html><body>\n<form action="https://shop.us1.list-manage.com/subscribe/post" method="post">'
    '<input type="email" name="EMAIL"></form>\n<p>Weekly offers.</p><footer><a href="/privacy">Privacy</a></footer>'
    "</body></html>\n"
)


def test_rules_off_by_default_run_with_the_strict_preset_or_extend_select(project):
    """PRV104 and PRV305 are off by default: a newsletter form posting to Mailchimp with no
    notice is clean until a team opts in, on the command line or in the configuration."""
    (project / "shop" / "pay.html").write_text(NEWSLETTER, encoding="utf-8")

    def codes(*args):
        r = invoke("check", "shop", "--format", "json", *args)
        return sorted({f["code"] for f in json.loads(r.output)["findings"]})

    assert codes() == []
    assert codes("--preset", "strict") == ["PRV104", "PRV305"]
    assert codes("--extend-select", "third-party-form-target") == ["PRV104"]
    assert codes("--preset", "strict", "--ignore", "PRV305") == ["PRV104"]
    (project / "privlint.toml").write_text('preset = "strict"\n', encoding="utf-8")
    assert codes() == ["PRV104", "PRV305"]
    assert codes("--preset", "default") == []
    (project / "privlint.toml").write_text('extend-select = ["PRV305"]\n', encoding="utf-8")
    assert codes() == ["PRV305"]
    assert codes("--select", "PRV1") == ["PRV104"], "--select replaces the configured selection"
    (project / "privlint.toml").write_text('preset = "strict"\ntrusted-form-targets = ["list-manage.com"]\n', encoding="utf-8")
    assert codes() == ["PRV305"]


def test_jobs_must_be_a_positive_number(project):
    r = CliRunner().invoke(main, ["check", "shop", "--jobs", "0"])
    assert r.exit_code == 2 and "--jobs" in r.output
    assert invoke("check", "shop", "--jobs", "1").exit_code == 1
    assert invoke("check", "shop", "-j", "4").exit_code == 1
