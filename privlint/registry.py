"""The rules: metadata and docs from ``rules/PRVnnn.toml``, code from ``privlint/checks``.

A rule's TOML file is its one source of truth: ``privlint rule``, ``privlint rules``, the
README table and SARIF help are all generated from it.
"""

from __future__ import annotations

import importlib
import os
import re
import sys
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

from .model import SEVERITIES

CODE_RE = re.compile(r"^PRV\d{3}$")
NAME_RE = re.compile(r"^[a-z]+(?:-[a-z]+)*$")
CONFIDENCES = ("very-high", "high", "medium", "low")
SCOPES = ("document", "site")
OPTION_TYPES = {"list[str]": list, "str": str, "bool": bool, "int": int}
REQUIRED_DOCS = ("what", "why", "fix", "default")
# Presets a team selects with `preset = "..."`: the rules on by default, or every rule.
PRESETS = ("default", "strict")


class RuleDataError(Exception):
    """The rules shipped with privlint are inconsistent: a bug in privlint, not user error."""


def rules_dir() -> Path:
    """Where rule metadata and data live: inside the installed package, or in a checkout."""
    here = Path(__file__).resolve().parent
    packaged = here / "rules"
    return packaged if packaged.is_dir() else here.parent / "rules"


def data_path(name: str) -> Path:
    return rules_dir() / "data" / name


_loaded: dict[Path, dict[str, Any]] = {}


def load_toml(path: Path) -> dict[str, Any]:
    """A data or rule file, parsed once per process (several modules read the same one).
    Callers only read what it returns."""
    found = _loaded.get(path)
    if found is None:
        found = _loaded[path] = _cached_parse(path)
    return found


def _cached_parse(path: Path) -> dict[str, Any]:
    """The parsed file, from a marshal copy beside it: parsing all the rule data with tomllib
    costs more than the rest of a one-file run's start."""

    def parse(source: Path) -> dict[str, Any]:
        with source.open("rb") as f:
            return tomllib.load(f)

    return cached_build(path, parse, path.parent / "__pycache__" / path.name)


def cached_build(source: Path, build: Callable[[Path], Any], cache_stem: Path) -> Any:
    """``build(source)``, kept in a marshal file named after ``cache_stem`` and used while the
    source keeps its size and modification time, as Python does with bytecode. Never written
    when bytecode is not, nor where it cannot be (a read-only install builds every time)."""
    import marshal

    stat = source.stat()
    stamp = (str(source), stat.st_size, stat.st_mtime_ns)
    cache = cache_stem.with_name(f"{cache_stem.name}.{sys.implementation.cache_tag}.marshal")
    try:
        saved_stamp, data = marshal.loads(cache.read_bytes())
        if tuple(saved_stamp) == stamp:
            return data
    except (OSError, EOFError, ValueError, TypeError):
        pass  # no copy, or an unreadable one: build it
    data = build(source)
    if not sys.dont_write_bytecode:
        try:
            cache.parent.mkdir(exist_ok=True)
            temporary = cache.with_name(f"{cache.name}.{os.getpid()}")
            temporary.write_bytes(marshal.dumps((stamp, data)))
            os.replace(temporary, cache)  # whole or not at all, when runs race
        except (OSError, ValueError):
            pass
    return data


@dataclass(frozen=True, slots=True)
class Option:
    name: str
    type: str
    default: Any
    doc: str
    choices: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Rule:
    code: str
    name: str
    summary: str
    category: str
    severity: str
    confidence: str
    scope: str
    since: str
    check: str  # module under privlint.checks
    tags: tuple[str, ...]
    cwe: tuple[str, ...]
    options: dict[str, Option]
    docs: dict[str, Any]
    security_severity: str | None = None
    enabled_by_default: bool = True  # off: only with `preset = "strict"`, `extend-select` or `select`
    # A lower (or higher) default severity for one kind of finding a rule reports
    # (Report.kind): mixed-content's passive images are warnings, its scripts errors.
    severity_by_kind: dict[str, str] = field(default_factory=dict)
    source: Path = field(default=Path(), compare=False)

    def check_class(self) -> type:
        module = importlib.import_module(f"privlint.checks.{self.check}")
        return module.CHECK


def _rule_from_toml(path: Path) -> Rule:
    raw = load_toml(path)
    where = path.name

    def need(key: str, kind: type = str) -> Any:
        value = raw.get(key)
        if not isinstance(value, kind) or (kind is str and not value):
            raise RuleDataError(f"{where}: `{key}` must be a non-empty {kind.__name__}")
        return value

    code, name = need("code"), need("name")
    if not CODE_RE.match(code) or path.stem != code:
        raise RuleDataError(f"{where}: code `{code}` must be PRVnnn and match the file name")
    if not NAME_RE.match(name):
        raise RuleDataError(f"{where}: name `{name}` must be kebab-case")
    severity = need("severity")
    if severity not in SEVERITIES:
        raise RuleDataError(f"{where}: severity must be one of {', '.join(SEVERITIES)}")
    confidence = need("confidence")
    if confidence not in CONFIDENCES:
        raise RuleDataError(f"{where}: confidence must be one of {', '.join(CONFIDENCES)}")
    scope = raw.get("scope", "document")
    if scope not in SCOPES:
        raise RuleDataError(f"{where}: scope must be one of {', '.join(SCOPES)}")
    options = {}
    for opt_name, spec in raw.get("options", {}).items():
        if spec.get("type") not in OPTION_TYPES or "doc" not in spec or "default" not in spec:
            raise RuleDataError(f"{where}: option `{opt_name}` needs type, default and doc")
        options[opt_name] = Option(
            opt_name, spec["type"], spec["default"], spec["doc"], tuple(spec.get("choices", ()))
        )
    enabled = raw.get("enabled-by-default", True)
    if not isinstance(enabled, bool):
        raise RuleDataError(f"{where}: `enabled-by-default` must be true or false")
    by_kind = raw.get("severity-by-kind", {})
    if not isinstance(by_kind, dict) or any(v not in SEVERITIES for v in by_kind.values()):
        raise RuleDataError(f"{where}: `severity-by-kind` maps kinds to one of {', '.join(SEVERITIES)}")
    docs = need("docs", dict)
    for key in REQUIRED_DOCS:
        if not isinstance(docs.get(key), str) or not docs[key].strip():
            raise RuleDataError(f"{where}: docs.{key} is required")
    return Rule(
        code=code,
        name=name,
        summary=need("summary"),
        category=need("category"),
        severity=severity,
        confidence=confidence,
        scope=scope,
        since=need("since"),
        check=need("check"),
        tags=tuple(raw.get("tags", ())),
        cwe=tuple(raw.get("cwe", ())),
        options=options,
        docs=docs,
        security_severity=raw.get("security-severity"),
        enabled_by_default=enabled,
        severity_by_kind=dict(by_kind),
        source=path,
    )


@lru_cache(maxsize=1)
def all_rules() -> tuple[Rule, ...]:
    rules = tuple(sorted((_rule_from_toml(p) for p in rules_dir().glob("PRV*.toml")), key=lambda r: r.code))
    names = [r.name for r in rules]
    if len(set(names)) != len(names):
        raise RuleDataError("two rules share a name")
    return rules


# The order categories are listed in: what a page sends, then what it tells, then the rest.
CATEGORY_ORDER = ("transport", "trackers", "consent", "transparency", "forms", "payments", "security", "suppressions")


def by_category() -> dict[str, list[Rule]]:
    """The rules grouped by category, categories in CATEGORY_ORDER, rules by code."""
    groups: dict[str, list[Rule]] = {}
    order = {c: n for n, c in enumerate(CATEGORY_ORDER)}
    for rule in sorted(all_rules(), key=lambda r: (order.get(r.category, len(order)), r.category, r.code)):
        groups.setdefault(rule.category, []).append(rule)
    return groups


def by_code_or_name(key: str) -> Rule | None:
    key = key.strip()
    for rule in all_rules():
        if key.upper() == rule.code or key.lower() == rule.name:
            return rule
    return None


class SelectorError(ValueError):
    pass


def preset(name: str) -> set[str]:
    """The codes a preset turns on: `default` the rules on by default, `strict` all of them."""
    if name not in PRESETS:
        raise SelectorError(f"unknown preset `{name}` (one of: {', '.join(PRESETS)})")
    return {r.code for r in all_rules() if name == "strict" or r.enabled_by_default}


def selected(
    select: list[str] | None, extend: list[str], ignore: list[str], preset_name: str = "default"
) -> set[str]:
    """The rules a run uses, as ruff decides: `select` replaces the preset's rules,
    `extend-select` adds to them, `ignore` takes away."""
    codes = expand(select) if select is not None else preset(preset_name)
    return (codes | expand(extend)) - expand(ignore)


def expand(selectors: list[str]) -> set[str]:
    """Codes named by selectors: ALL, a code, a code prefix (PRV4) or a rule name."""
    codes: set[str] = set()
    for selector in selectors:
        s = selector.strip()
        if not s:
            continue
        matched = {
            r.code
            for r in all_rules()
            if s.upper() == "ALL" or r.code.startswith(s.upper()) or s.lower() == r.name
        }
        if not matched:
            raise SelectorError(f"unknown rule selector `{s}`")
        codes |= matched
    return codes
