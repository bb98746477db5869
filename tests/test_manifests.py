"""Dependency manifests: the tracker SDKs package.json, package-lock.json, composer.json, a
Gemfile and requirements.txt declare, each at its line; development dependencies aside."""

from __future__ import annotations

import json

import pytest

from conftest import assert_reads_in_linear_time, write
from privlint import config as config_mod
from privlint.engine import Linter
from privlint.readers import manifests


def findings(tmp_path, *names, select=("PRV201",)):
    return Linter(config_mod.Config(base_dir=tmp_path), select=list(select), cwd=tmp_path).run([str(tmp_path)]).findings


def test_package_json_declares_its_dependencies_not_its_dev_dependencies(tmp_path):
    write(tmp_path / "package.json", json.dumps({
        "name": "shop",
        "dependencies": {"next": "14.2.3", "posthog-js": "^1.96.1", "react-facebook-pixel": "1.0.4"},
        "optionalDependencies": {"@hotjar/browser": "1.0.9"},
        "devDependencies": {"@sentry/nextjs": "^8.0.0", "mixpanel-browser": "2"},
    }, indent=2) + "\n")
    found = findings(tmp_path)
    assert [(f.path, f.region.line, f.region.column) for f in found] == [
        ("package.json", 5, 6), ("package.json", 6, 6), ("package.json", 9, 6)]
    assert "PostHog (PostHog, Inc.), declared as a dependency in package.json (posthog-js ^1.96.1)" in found[0].message
    assert "Meta Pixel" in found[1].message and "Hotjar" in found[2].message


def test_a_lock_file_reports_the_sdks_other_packages_pull_in(tmp_path):
    write(tmp_path / "package-lock.json", json.dumps({
        "lockfileVersion": 3,
        "packages": {
            "": {"dependencies": {"posthog-js": "^1.96.1"}},
            "node_modules/posthog-js": {"version": "1.96.1"},
            "node_modules/@sentry/browser": {"version": "8.1.0", "dev": True},
            "node_modules/widget/node_modules/mixpanel-browser": {"version": "2.49.0"},
            "node_modules/other/node_modules/mixpanel-browser": {"version": "2.50.0"},
            "node_modules/logrocket": {"version": "8.0.0", "devOptional": True},
        },
    }, indent=1))
    found = findings(tmp_path)
    assert [(f.region.line, "mixpanel-browser 2.49.0" in f.message) for f in found] == [(16, True)]


def test_composer_gemfile_and_requirements(tmp_path):
    write(tmp_path / "composer.json", '{"require": {"php": ">=8.1", "wpackagist-plugin/PixelYourSite": "^9.4"},\n'
          ' "require-dev": {"posthog/posthog-php": "*"}}\n')
    write(tmp_path / "Gemfile", 'source "https://rubygems.org"\ngem "rails"\ngem \'analytics-ruby\', \'~> 2.4\'\n'
          'gem "mixpanel-ruby", group: :development\ngroup :test do\n  gem "posthog-ruby"\nend\n')
    write(tmp_path / "requirements.txt", "Django==5.0\nSegment_Analytics.Python[extra] >= 2.2 ; python_version > '3'\n"
          "# mixpanel\n-r base.txt\n")
    found = findings(tmp_path)
    assert [(f.path, f.region.line, f.region.column) for f in found] == [
        ("Gemfile", 3, 6), ("composer.json", 1, 31), ("requirements.txt", 2, 1)]
    assert "(segment-analytics-python >= 2.2)" in found[2].message


@pytest.mark.parametrize("text", ["{not json", "[1, 2]", '{"dependencies": ["posthog-js"]}', '{"dependencies": {"posthog-js": 3}}', ""])
def test_manifests_that_cannot_be_read_declare_nothing_or_what_they_can(tmp_path, text):
    write(tmp_path / "package.json", text)
    result = Linter(config_mod.Config(base_dir=tmp_path), select=["PRV201"], cwd=tmp_path).run([str(tmp_path)])
    assert result.internal_errors == 0 and result.notices == []
    assert len(result.findings) == (1 if '"posthog-js": 3' in text else 0)


def test_dependencies_wait_for_the_build_so_consent_rules_leave_them_and_the_inventory_lists_them(tmp_path):
    write(tmp_path / "package.json", '{"dependencies": {"posthog-js": "1.2.3"}}\n')
    assert findings(tmp_path, select=("PRV202", "PRV203", "PRV403")) == []
    linter = Linter(config_mod.Config(base_dir=tmp_path), select=[], cwd=tmp_path, collect_forms=True)
    linter.run([str(tmp_path)])
    from privlint import inventory

    data = inventory.build(linter.sites[0], "site")
    (party,) = data["third_parties"]
    assert party["declared_by"] == ["package.json: posthog-js 1.2.3"] and party["how"] == ["dependency"]
    assert data["pages"] == 0  # a manifest is no page


def test_a_policy_that_names_the_vendor_discloses_the_dependency(tmp_path):
    write(tmp_path / "package.json", '{"dependencies": {"posthog-js": "1.2.3"}}\n')
    write(tmp_path / "privacy.html", "<!DOCTYPE html><html><body><h1>Privacy policy</h1><p>We use PostHog.</p></body></html>")
    assert findings(tmp_path) == []


@pytest.mark.parametrize(
    "read, unit",
    [
        (manifests.read_gemfile, 'gem "a", "b"\ngroup :x do\n'),
        (manifests.read_gemfile, "gem 'analytics-ruby' " * 50 + "\n"),
        (manifests.read_requirements, "a" * 90 + "[" + "b" * 90 + "\n"),
        (manifests.read_package_json, '{"dependencies": {' + '"posthog-js": "1", ' * 3 + '"x": "1"}}\n'),
    ],
)
def test_manifest_readers_are_linear_on_crafted_input(read, unit):
    assert_reads_in_linear_time(read, unit * 200, unit * 2000, read.__name__)


def test_a_large_lock_file_finds_the_one_sdk_deep_inside(tmp_path):
    packages = {"": {"dependencies": {}}}
    packages.update({f"node_modules/pkg{i}": {"version": "1.0.0"} for i in range(20_000)})
    packages["node_modules/pkg9/node_modules/posthog-js"] = {"version": "1.0.0"}
    write(tmp_path / "package-lock.json", json.dumps({"lockfileVersion": 3, "packages": packages}, indent=2))
    (found,) = findings(tmp_path)
    assert "posthog-js 1.0.0" in found.message


def test_a_package_is_placed_in_its_own_section_whatever_nests_a_section_of_that_name(tmp_path):
    write(tmp_path / "package.json", '{\n  "overrides": {\n    "dependencies": {"posthog-js": "1.0.0"}\n  },\n'
          '  "dependencies": {\n    "next": "14",\n    "posthog-js": "^1.96.1"\n  }\n}\n')
    (found,) = findings(tmp_path)
    assert (found.region.line, found.region.column) == (7, 6)


def test_gemfile_blocks_nested_in_groups_and_group_options_spelled_every_way(tmp_path):
    write(tmp_path / "Gemfile", "\n".join([
        'source "https://rubygems.org"',
        "group :development do",
        '  if RUBY_VERSION >= "3"',
        '    gem "debug"',
        "  end",
        '  platforms :mri do',
        '    gem "byebug"',
        "  end",
        '  gem "posthog-ruby"',
        "end",
        "group :development,",
        "      :test do",
        '  gem "mixpanel-ruby"',
        "end",
        'gem "analytics-ruby", groups: %i[development test]',
        'gem "posthog-ruby",',
        "    group: :development",
        'gem "mixpanel-ruby", "~> 2.3"',
    ]) + "\n")
    found = findings(tmp_path)
    assert [(f.region.line, "mixpanel-ruby ~> 2.3" in f.message) for f in found] == [(18, True)]


def test_requirements_from_version_control_and_npm_workspaces(tmp_path):
    write(tmp_path / "requirements.txt", "-e git+https://github.com/PostHog/posthog-python.git#egg=posthog\n")
    write(tmp_path / "package-lock.json", json.dumps({"lockfileVersion": 3, "packages": {
        "": {"workspaces": ["apps/*"]},
        "apps/web": {"dependencies": {"posthog-js": "^1"}},
        "node_modules/posthog-js": {"version": "1.96.1"},
        "node_modules/widget/node_modules/mixpanel-browser": {"version": "2.49.0"},
    }}, indent=2))
    found = findings(tmp_path)
    assert [(f.path, f.region.line, f.region.column) for f in found] == [
        ("package-lock.json", 17, 39), ("requirements.txt", 1, 58)]
