"""The engine on a file system: what it walks, what it skips, what it survives."""

from __future__ import annotations

import os

from privlint import config as config_mod
from privlint.engine import Linter

from conftest import write

HTTP_FORM = '<form action="http://example.com/x"></form>'


def lint(tmp_path, *paths, config=None, select=("PRV101",)):
    linter = Linter(config or config_mod.Config(base_dir=tmp_path), select=list(select), cwd=tmp_path)
    return linter.run([str(tmp_path / p) for p in paths] or [str(tmp_path)])


def test_walk_skips_hidden_folders_node_modules_and_other_extensions(tmp_path):
    write(tmp_path / "site" / "a.html", HTTP_FORM)
    write(tmp_path / "site" / "deep" / "b.liquid", HTTP_FORM)
    write(tmp_path / "site" / ".git" / "c.html", HTTP_FORM)
    write(tmp_path / "site" / ".cache" / "d.html", HTTP_FORM)
    write(tmp_path / "site" / "node_modules" / "pkg" / "e.html", HTTP_FORM)
    write(tmp_path / "site" / ".hidden.html", HTTP_FORM)
    write(tmp_path / "site" / "notes.txt", HTTP_FORM)
    result = lint(tmp_path, "site")
    assert [f.path for f in result.findings] == ["site/a.html", "site/deep/b.liquid"]
    assert result.files == 2


def test_named_files_are_always_linted(tmp_path):
    write(tmp_path / "notes.txt", HTTP_FORM)
    write(tmp_path / "privlint.toml", 'exclude = ["notes.txt"]\n')
    config = config_mod.load(tmp_path / "privlint.toml")
    result = lint(tmp_path, "notes.txt", config=config)
    assert [f.path for f in result.findings] == ["notes.txt"]


def test_symlinks_out_of_the_tree_are_not_followed_and_broken_ones_are_notices(tmp_path):
    outside = write(tmp_path / "outside" / "secret.html", HTTP_FORM)
    write(tmp_path / "site" / "a.html", HTTP_FORM)
    os.symlink(outside, tmp_path / "site" / "link-out.html")
    os.symlink(tmp_path / "site" / "a.html", tmp_path / "site" / "link-in.html")
    os.symlink(tmp_path / "nowhere.html", tmp_path / "site" / "broken.html")
    result = lint(tmp_path, "site")
    # link-in.html is a.html again: one file, linted once
    assert [f.path for f in result.findings] == ["site/a.html"]
    assert [n.path for n in result.notices] == ["site/broken.html"]
    assert result.notices[0].message.startswith("cannot read:")


def test_a_file_listed_twice_is_linted_once(tmp_path):
    write(tmp_path / "site" / "a.html", HTTP_FORM)
    result = lint(tmp_path, "site", "site/a.html")
    assert len(result.findings) == 1 and result.files == 1


def test_policy_file_outside_the_run_decides_disclosure(tmp_path):
    """pre-commit passes the staged layout only; the policy template is read from the config."""
    pixel = "<html><head><script>fbq('init', '123');</script></head><body></body></html>"
    write(tmp_path / "templates" / "base.html", pixel)
    write(tmp_path / "privlint.toml", 'privacy-policy = "templates/legal/privacy.html"\n')
    write(tmp_path / "templates" / "legal" / "privacy.html", "<p>We use Google Analytics.</p>")
    config = config_mod.load(tmp_path / "privlint.toml")
    result = lint(tmp_path, "templates/base.html", config=config, select=("PRV201",))
    assert [f.message for f in result.findings] == [
        "Undisclosed tracker Meta Pixel (Meta Platforms, Inc.), loaded by an inline script (fbq('init'):"
        " the privacy policy (" + str((tmp_path / "templates/legal/privacy.html").resolve().as_posix()) + ") does not name it"
    ]
    write(tmp_path / "templates" / "legal" / "privacy.html", "<p>We use the Facebook Pixel.</p>")
    assert lint(tmp_path, "templates/base.html", config=config, select=("PRV201",)).findings == []


def test_hostile_files_never_stop_the_run(tmp_path):
    nasty = {
        "empty.html": b"",
        "binary.html": bytes(range(256)) * 40,
        "nul.html": b"<form action='http://x/'>\x00\x00</form>",
        "utf16.html": "<form action='http://x/'></form>".encode("utf-16"),
        "latin1.html": "<meta charset=latin1><p>caf\xe9</p>".encode("latin-1"),
        "unclosed.j2": b"<form {% if x %} action='http://x/'>{{ never closed",
        "attr-junk.html": b'<input name=cvc {% if x %}autocomplete="off"{% endif %} "quoted" =x ==>',
        "nested.html": b"<div>" * 20000 + b"<form action='http://x/'></form>",
        "deep-template.liquid": b"{% if a %}" * 5000 + b"<form action='http://x/'>",
        "cr-only.html": b"<p>\r<form\raction='http://x/'>\r</form>",
    }
    for name, data in nasty.items():
        write(tmp_path / "site" / name, data)
    result = Linter(config_mod.Config(base_dir=tmp_path), cwd=tmp_path, all_occurrences=True).run([str(tmp_path / "site")])
    assert result.internal_errors == 0, result.notices
    assert result.files == len(nasty)
    flagged = {f.path.split("/")[-1] for f in result.findings if f.code == "PRV101"}
    assert {"nul.html", "utf16.html", "cr-only.html", "deep-template.liquid"} <= flagged
    cr = next(f for f in result.findings if f.path.endswith("cr-only.html"))
    assert (cr.region.line, cr.region.column) == (3, 1)


def test_a_policy_made_of_template_code_is_unreadable_not_silent(tmp_path):
    write(tmp_path / "layout" / "theme.liquid", '<html><head><script src="https://s.pinimg.com/ct/core.js"></script></head><body></body></html>')
    write(tmp_path / "templates" / "page.privacy-policy.liquid", "<div><h1>{{ page.title }}</h1>{{ page.content }}</div>")
    (finding,) = lint(tmp_path, config=None, select=("PRV201",)).findings
    assert finding.message.endswith(
        "the privacy policy (templates/page.privacy-policy.liquid) takes its text from template code,"
        " so what it names cannot be read; list the vendors it names in `disclosed`"
    )
    # a policy written out in the template is read, template code and all
    write(tmp_path / "templates" / "page.privacy-policy.liquid",
          "<div><h1>{{ page.title }}</h1>" + "<p>We explain what we collect and why.</p>" * 30 + "</div>")
    (finding,) = lint(tmp_path, config=None, select=("PRV201",)).findings
    assert finding.message.endswith("the privacy policy (templates/page.privacy-policy.liquid) does not name it")


def test_a_kind_of_finding_can_have_its_own_default_severity(tmp_path, monkeypatch):
    """Metadata maps Report.kind to a severity; a configured severity applies to every kind."""
    from dataclasses import replace as dc_replace

    from privlint import registry
    from privlint.checks.insecure_form_action import InsecureFormAction

    rule = registry.by_code_or_name("PRV101")
    softer = dc_replace(rule, severity_by_kind={"button": "info"})
    monkeypatch.setattr(registry, "all_rules", lambda: (softer,))
    original = InsecureFormAction.visit

    def visit(self, el, doc):
        for report in original(self, el, doc):
            yield dc_replace(report, kind="button" if el.tag != "form" else None)

    monkeypatch.setattr(InsecureFormAction, "visit", visit)
    page = tmp_path / "form.html"
    page.write_text(
        '<form action="http://a.example/x"><button formaction="http://b.example/y">Go</button></form>\n',
        encoding="utf-8",
    )
    found = Linter(config_mod.Config(), cwd=tmp_path).run([str(page)]).findings
    assert [(f.region.column, f.severity) for f in found] == [(7, "error"), (43, "info")]
    configured = config_mod.Config(rules={"PRV101": config_mod.RuleConfig(severity="warning")})
    found = Linter(configured, cwd=tmp_path).run([str(page)]).findings
    assert [f.severity for f in found] == ["warning", "warning"]
