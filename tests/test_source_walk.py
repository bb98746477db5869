"""What a directory walk of a source tree reads: the user's code, not what it vendors or what a
build tool minified; and the configuration that changes it."""

from __future__ import annotations

import pytest

from privlint import config as config_mod
from privlint.config import ConfigError
from privlint.engine import Linter

from conftest import write

READABLE = "function f() { return 1; }\n"


def walked(tmp_path, config=None, paths=None) -> list[str]:
    linter = Linter(config or config_mod.Config(base_dir=tmp_path), select=["PRV101"], cwd=tmp_path)
    sites = linter.collect([str(p) for p in (paths or [tmp_path])])
    return sorted(f.relative_to(tmp_path).as_posix() for site in sites for f in site.files)


def tree(tmp_path):
    write(tmp_path / "src" / "app.js", READABLE)
    write(tmp_path / "src" / "Checkout.tsx", "export const C = () => <form></form>;\n")
    write(tmp_path / "src" / "Cart.vue", "<template><p></p></template>\n")
    write(tmp_path / "theme" / "functions.php", "<?php echo '<p>';\n")
    write(tmp_path / "node_modules" / "lib" / "index.js", READABLE)
    write(tmp_path / "vendor" / "stripe" / "lib" / "Form.php", "<?php echo '<form action=\"http://x\">';\n")
    write(tmp_path / "bower_components" / "jquery" / "jquery.js", READABLE)
    write(tmp_path / "assets" / "app.min.js", READABLE)
    write(tmp_path / "assets" / "chunk.bundle.js", READABLE)
    write(tmp_path / "assets" / "built.js", "var a=1;" * 200 + "\n")  # one long line: minified
    write(tmp_path / "assets" / "notes.min.html", "<p></p>\n")  # only scripts are judged minified


def test_a_walk_reads_components_scripts_and_php_and_skips_vendored_and_minified_code(tmp_path):
    tree(tmp_path)
    assert walked(tmp_path) == [
        "assets/notes.min.html", "src/Cart.vue", "src/Checkout.tsx", "src/app.js", "theme/functions.php",
    ]


def test_lint_vendored_walks_into_all_of_it(tmp_path):
    tree(tmp_path)
    config = config_mod.Config(base_dir=tmp_path, lint_vendored=True)
    assert len(walked(tmp_path, config)) == 11


def test_a_walk_skips_test_code_unless_lint_tests(tmp_path):
    write(tmp_path / "src" / "Card.vue", "<template><p></p></template>\n")
    write(tmp_path / "src" / "Card.test.ts", READABLE)
    write(tmp_path / "src" / "Card.spec.jsx", "export const t = <p/>;\n")
    write(tmp_path / "src" / "Card.stories.tsx", "export const s = <p/>;\n")
    write(tmp_path / "src" / "__tests__" / "card.js", READABLE)
    write(tmp_path / "tests" / "fixtures" / "page.html", "<p></p>\n")
    write(tmp_path / "e2e" / "checkout.ts", READABLE)
    write(tmp_path / "src" / "fixtures" / "input.html", "<p></p>\n")
    write(tmp_path / "src" / "speed-test.html", "<p></p>\n")  # a page about a test, not a test
    write(tmp_path / "src" / "latest" / "index.html", "<p></p>\n")
    assert walked(tmp_path) == ["src/Card.vue", "src/latest/index.html", "src/speed-test.html"]
    assert len(walked(tmp_path, config_mod.Config(base_dir=tmp_path, lint_tests=True))) == 10
    config = config_mod.load(write(tmp_path / "privlint.toml", "lint-tests = true\n"))
    assert config.lint_tests is True


def test_a_built_site_is_walked_for_its_pages_not_its_scripts(tmp_path):
    site = tmp_path / "_site"
    write(site / "index.html", "<!doctype html><p>Home</p>\n")
    write(site / "assets" / "theme.js", READABLE)
    write(site / "assets" / "Gallery.vue", "<template><p></p></template>\n")
    assert walked(tmp_path, paths=[site]) == ["_site/assets/Gallery.vue", "_site/index.html"]
    # A source tree may have its index.html at the top too (a Vite app): its manifest says so.
    write(site / "package.json", "{}\n")  # read itself, for the tracker SDKs it declares
    assert walked(tmp_path, paths=[site]) == [
        "_site/assets/Gallery.vue", "_site/assets/theme.js", "_site/index.html", "_site/package.json"]


def test_a_file_named_on_the_command_line_is_read_even_if_vendored_or_minified(tmp_path):
    tree(tmp_path)
    named = [tmp_path / "assets" / "app.min.js", tmp_path / "vendor" / "stripe" / "lib" / "Form.php"]
    assert walked(tmp_path, paths=named) == ["assets/app.min.js", "vendor/stripe/lib/Form.php"]


def test_config_keys(tmp_path):
    path = write(tmp_path / "privlint.toml", 'lint-vendored = true\n[components]\nTextField = "input"\nNuxtLink = "A"\n')
    config = config_mod.load(path)
    assert config.lint_vendored is True
    assert config.components == {"TextField": "input", "NuxtLink": "a"}


@pytest.mark.parametrize("text", ['components = ["input"]\n', '[components]\nTextField = 3\n', '[components]\nX = "<input>"\n'])
def test_a_components_table_must_map_names_to_elements(tmp_path, text):
    path = write(tmp_path / "privlint.toml", text)
    with pytest.raises(ConfigError, match="components must be a table of component"):
        config_mod.load(path)
