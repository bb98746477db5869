"""Configuration: ``[tool.privlint]`` in pyproject.toml, or a privlint.toml.

The nearest file walking up from the current directory wins (no cascade); ``--config``
names one explicitly. Unknown keys and bad values are errors that name the file and key.
"""

from __future__ import annotations

import difflib
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import registry
from .sizes import SIZE_UNITS
from .model import SEVERITIES

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

DEFAULT_EXTENSIONS = (
    ".html", ".htm", ".xhtml", ".j2", ".jinja", ".jinja2", ".njk", ".liquid", ".hbs",
    ".handlebars", ".mustache", ".tmpl", ".gohtml", ".erb", ".ejs", ".twig", ".php", ".phtml", ".css",
    ".jsx", ".tsx", ".vue", ".svelte", ".astro", ".js", ".mjs", ".cjs", ".ts", ".tpl", ".ftl", ".ftlh", ".cshtml",
)
CONFIG_FILES = ("privlint.toml", "pyproject.toml")
CONSENT_VALUES = ("auto", "required")
DEFAULT_MAX_FILE_SIZE = 5 * 1000**2


_ELEMENT_NAME = re.compile(r"[A-Za-z][A-Za-z0-9-]*")


class ConfigError(Exception):
    """A configuration problem: one line that names the file and the key."""


@dataclass
class RuleConfig:
    severity: str | None = None
    options: dict[str, Any] = field(default_factory=dict)


@dataclass
class Config:
    path: Path | None = None  # the file it was read from
    base_dir: Path = field(default_factory=Path.cwd)  # relative paths in it start here
    select: list[str] | None = None
    extend_select: list[str] = field(default_factory=list)
    preset: str = "default"  # "strict": the rules that are off by default too
    ignore: list[str] = field(default_factory=list)
    exclude: list[str] = field(default_factory=list)
    extensions: tuple[str, ...] = DEFAULT_EXTENSIONS
    per_file_ignores: dict[str, list[str]] = field(default_factory=dict)
    privacy_policy: str | None = None
    disclosed: list[str] = field(default_factory=list)
    consent: str = "auto"  # "required": trackers must wait for consent even with no manager seen
    first_party: list[str] = field(default_factory=list)  # the site's own domains
    tracker_lists: list[Path] = field(default_factory=list)  # downloaded lists to import
    trusted_form_targets: list[str] = field(default_factory=list)  # PRV104: domains forms may post to
    sells_or_shares_personal_data: bool = False  # PRV306: the CCPA/CPRA opt-out link is required
    max_file_size: int = DEFAULT_MAX_FILE_SIZE  # bytes: larger files are skipped, with a notice
    lint_vendored: bool = False  # walk node_modules/, vendor/, bower_components/ and minified scripts too
    lint_tests: bool = False  # walk test folders and test, spec and story files too
    components: dict[str, str] = field(default_factory=dict)  # component name -> the element it renders
    rules: dict[str, RuleConfig] = field(default_factory=dict)


def discover(start: Path) -> Path | None:
    """The nearest privlint.toml, or pyproject.toml with a [tool.privlint] table."""
    for directory in (start, *start.parents):
        for name in CONFIG_FILES:
            candidate = directory / name
            if not candidate.is_file():
                continue
            if name == "pyproject.toml":
                try:
                    tool = _read(candidate).get("tool")
                except ConfigError:
                    # Someone else's broken pyproject.toml is not ours to judge; ours is.
                    if "[tool.privlint" in candidate.read_text(encoding="utf-8", errors="replace"):
                        raise
                    continue
                if not isinstance(tool, dict) or "privlint" not in tool:
                    continue
            return candidate
    return None


def _read(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as f:
            return tomllib.load(f)
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read: {exc.strerror or exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from None


def load(path: Path | None) -> Config:
    if path is None:
        return Config()
    raw = _read(path)
    if path.name == "pyproject.toml":
        tool = raw.get("tool")
        table = tool.get("privlint") if isinstance(tool, dict) else None
        prefix = "tool.privlint."
        if table is None:
            raise ConfigError(f"{path}: no [tool.privlint] table")
        if not isinstance(table, dict):
            raise ConfigError(f"{path}: tool.privlint must be a table")
    else:
        table, prefix = raw, ""
    return _validate(table, path, prefix)


# Each key and the kind of value it takes.
_KEYS = {
    "select": "list[str]",
    "extend-select": "list[str]",
    "preset": "str",
    "ignore": "list[str]",
    "exclude": "list[str]",
    "extensions": "list[str]",
    "per-file-ignores": "dict[str,list[str]]",
    "privacy-policy": "str",
    "disclosed": "list[str]",
    "consent": "str",
    "first-party": "list[str]",
    "tracker-lists": "list[str]",
    "trusted-form-targets": "list[str]",
    "sells-or-shares-personal-data": "bool",
    "max-file-size": "size",
    "lint-vendored": "bool",
    "lint-tests": "bool",
    "components": "dict[str,str]",
    "rules": "rules",
}


def _unknown(key: str, known: list[str], where: str) -> ConfigError:
    close = difflib.get_close_matches(key, known, n=1)
    hint = f' (did you mean "{close[0]}"?)' if close else ""
    return ConfigError(f'{where}: unknown key "{key}"{hint}')


def _is_str_list(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) for v in value)


def _validate(table: dict[str, Any], path: Path, prefix: str) -> Config:
    config = Config(path=path, base_dir=path.parent.resolve())
    where = str(path)
    for key, value in table.items():
        kind = _KEYS.get(key)
        if kind is None:
            raise _unknown(prefix + key, [prefix + k for k in _KEYS], where)
        name = prefix + key
        if kind == "list[str]" and not _is_str_list(value):
            raise ConfigError(f"{where}: {name} must be a list of strings")
        if kind == "str" and not (isinstance(value, str) and value.strip()):
            raise ConfigError(f"{where}: {name} must be a non-empty string")
        if kind == "bool" and not isinstance(value, bool):
            raise ConfigError(f"{where}: {name} must be true or false")
        if kind == "dict[str,list[str]]" and not (
            isinstance(value, dict) and all(_is_str_list(v) for v in value.values())
        ):
            raise ConfigError(f"{where}: {name} must be a table of glob = [rule selectors]")
        if kind == "dict[str,str]" and not (
            isinstance(value, dict) and all(isinstance(v, str) and _ELEMENT_NAME.fullmatch(v) for v in value.values())
        ):
            raise ConfigError(f'{where}: {name} must be a table of component = "element" (components = {{ TextField = "input" }})')
        if kind == "rules" and not isinstance(value, dict):
            raise ConfigError(f"{where}: {name} must be a table of rule tables")
    try:
        if "select" in table:
            registry.expand(table["select"])
            config.select = list(table["select"])
        config.extend_select = list(table.get("extend-select", []))
        registry.expand(config.extend_select)
        config.preset = table.get("preset", "default")
        registry.preset(config.preset)
        config.ignore = list(table.get("ignore", []))
        registry.expand(config.ignore)
        for selectors in table.get("per-file-ignores", {}).values():
            registry.expand(selectors)
    except registry.SelectorError as exc:
        raise ConfigError(f"{where}: {exc}") from None
    config.per_file_ignores = dict(table.get("per-file-ignores", {}))
    config.exclude = list(table.get("exclude", []))
    if "extensions" in table:
        exts = []
        for ext in table["extensions"]:
            if not re.fullmatch(r"\.?[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)*", ext):
                raise ConfigError(f'{where}: {prefix}extensions: "{ext}" is not a file extension')
            exts.append(("." + ext.lstrip(".")).lower())
        config.extensions = tuple(exts)
    config.privacy_policy = table.get("privacy-policy")
    config.disclosed = list(table.get("disclosed", []))
    config.consent = table.get("consent", "auto")
    if config.consent not in CONSENT_VALUES:
        raise ConfigError(f"{where}: {prefix}consent must be one of {', '.join(CONSENT_VALUES)}, not {config.consent!r}")
    config.first_party = _domains(table, "first-party", where, prefix)
    config.trusted_form_targets = _domains(table, "trusted-form-targets", where, prefix)
    config.sells_or_shares_personal_data = table.get("sells-or-shares-personal-data", False)
    config.lint_vendored = table.get("lint-vendored", False)
    config.lint_tests = table.get("lint-tests", False)
    config.components = {str(k): v.lower() for k, v in table.get("components", {}).items()}
    if "max-file-size" in table:
        config.max_file_size = _size(table["max-file-size"], f"{where}: {prefix}max-file-size")
    for list_path in table.get("tracker-lists", []):
        resolved = config.base_dir / list_path
        if not resolved.is_file():
            raise ConfigError(f"{where}: {prefix}tracker-lists: no such file: {list_path}")
        config.tracker_lists.append(resolved)
    for rule_key, rule_table in table.get("rules", {}).items():
        config.rules.update(_validate_rule(rule_key, rule_table, where, prefix))
    if config.privacy_policy and not re.match(r"^(?:[a-z][a-z0-9+.-]*://|/)", config.privacy_policy, re.I):
        policy_file = config.base_dir / config.privacy_policy
        if not policy_file.is_file():
            raise ConfigError(f"{where}: {prefix}privacy-policy: no such file: {config.privacy_policy}")
    return config


_SIZE = re.compile(r"(\d+(?:\.\d+)?)\s*([A-Za-z]*)")
# Units of max-file-size, in any case: kB, MB, GB count in thousands, KiB, MiB, GiB in 1024s.
_SIZE_UNITS = {"": 1, "b": 1} | {unit.lower(): factor for unit, factor in SIZE_UNITS.items()}


def _size(value: Any, name: str) -> int:
    """A number of bytes, or a size with a unit ("10MB", "512kB", "2MiB"), as bytes."""
    if isinstance(value, int) and not isinstance(value, bool):
        size = value
    elif isinstance(value, str) and (m := _SIZE.fullmatch(value.strip())) and m.group(2).lower() in _SIZE_UNITS:
        size = round(float(m.group(1)) * _SIZE_UNITS[m.group(2).lower()])
    else:
        raise ConfigError(f'{name} must be a whole number of bytes or a size such as "5MB", "512kB" or "2MiB", not {value!r}')
    if size < 1:
        raise ConfigError(f"{name} must be at least 1 byte, not {value!r}")
    return size


_DOMAIN = re.compile(r"(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z0-9-]{2,}\.?")


def _domains(table: dict[str, Any], key: str, where: str, prefix: str) -> list[str]:
    out = []
    for domain in table.get(key, []):
        if not _DOMAIN.fullmatch(domain.strip().lower()):
            raise ConfigError(f'{where}: {prefix}{key}: "{domain}" is not a domain name (no scheme, no path)')
        out.append(domain.strip().lower().rstrip("."))
    return out


def _validate_rule(key: str, table: Any, where: str, prefix: str) -> dict[str, RuleConfig]:
    rule = registry.by_code_or_name(key)
    name = f"{prefix}rules.{key}"
    if rule is None:
        raise ConfigError(f'{where}: {name}: unknown rule "{key}"')
    if not isinstance(table, dict):
        raise ConfigError(f"{where}: {name} must be a table")
    result = RuleConfig()
    for opt_key, value in table.items():
        if opt_key == "severity":
            if value not in SEVERITIES:
                raise ConfigError(
                    f"{where}: {name}.severity must be one of {', '.join(SEVERITIES)}, not {value!r}"
                )
            result.severity = value
            continue
        option = rule.options.get(opt_key)
        if option is None:
            raise _unknown(opt_key, ["severity", *rule.options], f"{where}: {name}")
        expected = registry.OPTION_TYPES[option.type]
        ok = isinstance(value, expected) and not (expected is int and isinstance(value, bool))
        if option.type == "list[str]":
            ok = _is_str_list(value)
        if not ok:
            raise ConfigError(f"{where}: {name}.{opt_key} must be {option.type}")
        if option.choices:
            values = value if isinstance(value, list) else [value]
            bad = [v for v in values if v not in option.choices]
            if bad:
                raise ConfigError(
                    f"{where}: {name}.{opt_key}: {bad[0]!r} is not one of {', '.join(option.choices)}"
                )
        result.options[opt_key] = value
    return {rule.code: result}
