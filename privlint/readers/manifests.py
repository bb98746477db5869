"""Dependency manifests, read for the tracker SDKs they declare.

A Next.js or Vite app ships PostHog or the Meta Pixel inside its own bundles; its repository
says so in ``package.json``. Each reader here writes, at the dependency's name in the file, one
element per SDK the tracker data knows (``packages`` in ``rules/data/trackers.toml``):
``<script data-privlint-package="npm:posthog-js" data-privlint-version="^1.96">``, which the
page analysis reads as a tracker the build declares. Development-only dependencies are left
out (``devDependencies``, ``require-dev``, a Gemfile's development and test groups, lock
entries marked dev), and so are the direct dependencies a lock file repeats.
"""

from __future__ import annotations

import json
import re

from . import MarkupWriter, ReadOptions, Reading
from ._helpers import escape

PACKAGE_ATTRIBUTE = "data-privlint-package"
VERSION_ATTRIBUTE = "data-privlint-version"

def _known(ecosystem: str, name: str) -> bool:
    from .. import trackers

    return (ecosystem, name.lower()) in trackers.current().packages


def _write(w: MarkupWriter, ecosystem: str, name: str, version: str, start: int, end: int) -> None:
    w.write(
        f'<script {PACKAGE_ATTRIBUTE}="{escape(ecosystem + ":" + name)}" {VERSION_ATTRIBUTE}="{escape(version)}"></script>\n',
        start, end,
    )


def _json(text: str) -> dict | None:
    try:
        value = json.loads(text)
    except (ValueError, RecursionError):
        return None  # not JSON: nothing declared that can be read
    return value if isinstance(value, dict) else None


def _key_at(text: str, key: str, start: int = 0) -> tuple[int, int] | None:
    """Where a JSON key stands (its quoted name), from ``start`` on."""
    m = re.compile(r'"' + re.escape(key) + r'"\s*:').search(text, start)
    return (m.start() + 1, m.start() + 1 + len(key)) if m else None


def _section(text: str, key: str) -> int:
    """Where a top-level section's object begins (an approximation: the first such key)."""
    at = _key_at(text, key)
    return at[1] if at else 0


def read_package_json(text: str, options: ReadOptions) -> Reading:
    w = MarkupWriter(text)
    data = _json(text)
    if data is not None:
        for section in ("dependencies", "optionalDependencies"):
            deps = data.get(section)
            if not isinstance(deps, dict):
                continue
            begin = _section(text, section)
            for name, version in deps.items():
                if isinstance(name, str) and _known("npm", name):
                    at = _key_at(text, name, begin) or (0, 0)
                    _write(w, "npm", name, version if isinstance(version, str) else "", *at)
    return w.finish()


def read_package_lock(text: str, options: ReadOptions) -> Reading:
    """npm's lock file: the SDKs other packages pull in (transitive ones); the direct ones are
    package.json's to report."""
    w = MarkupWriter(text)
    data = _json(text)
    packages = data.get("packages") if data is not None else None
    if isinstance(packages, dict):
        root = packages.get("", {})
        direct = set()
        if isinstance(root, dict):
            for section in ("dependencies", "devDependencies", "optionalDependencies", "peerDependencies"):
                if isinstance(root.get(section), dict):
                    direct |= set(root[section])
        seen = set()
        for path, entry in packages.items():
            if not isinstance(path, str) or "node_modules/" not in path or not isinstance(entry, dict):
                continue
            name = path.rsplit("node_modules/", 1)[1]
            if name in direct or name in seen or entry.get("dev") or entry.get("devOptional") or not _known("npm", name):
                continue
            seen.add(name)
            at = _key_at(text, path) or (0, 0)
            version = entry.get("version")
            _write(w, "npm", name, version if isinstance(version, str) else "", *at)
    return w.finish()


def read_composer_json(text: str, options: ReadOptions) -> Reading:
    w = MarkupWriter(text)
    data = _json(text)
    deps = data.get("require") if data is not None else None
    if isinstance(deps, dict):
        begin = _section(text, "require")
        for name, version in deps.items():
            if isinstance(name, str) and _known("composer", name):
                at = _key_at(text, name, begin) or (0, 0)
                _write(w, "composer", name, version if isinstance(version, str) else "", *at)
    return w.finish()


_GEM = re.compile(r"""^[ \t]*gem[ \t(]+(['"])([\w.-]{1,100})\1(?:[ \t]*,[ \t]*(['"])([^'"\n]{0,60})\3)?""", re.M)
_GROUP = re.compile(r"^[ \t]*group\b([^\n]{0,200})\bdo\b|^[ \t]*end\b", re.M)
_DEV_GROUPS = re.compile(r":(?:development|test)\b|['\"](?:development|test)['\"]")


def read_gemfile(text: str, options: ReadOptions) -> Reading:
    """A Gemfile: gems outside ``group :development, :test do … end`` (and without a
    ``group: :development`` option)."""
    w = MarkupWriter(text)
    dev_ranges = []
    stack: list[tuple[int, bool]] = []
    for m in _GROUP.finditer(text):
        if m.group(0).lstrip().startswith("group"):
            stack.append((m.start(), bool(_DEV_GROUPS.search(m.group(1) or ""))))
        elif stack:
            start, dev = stack.pop()
            if dev:
                dev_ranges.append((start, m.end()))
    for m in _GEM.finditer(text):
        name = m.group(2)
        line_end = text.find("\n", m.end())
        rest = text[m.end() : len(text) if line_end < 0 else line_end]
        if any(s <= m.start() < e for s, e in dev_ranges) or _DEV_GROUPS.search(rest.split("#", 1)[0]):
            continue
        if _known("gem", name):
            _write(w, "gem", name, m.group(4) or "", m.start(2), m.end(2))
    return w.finish()


_REQUIREMENT = re.compile(r"^[ \t]*([A-Za-z0-9][A-Za-z0-9._-]{0,100})(?:\[[^\]\n]{0,100}\])?[ \t]*([=<>!~][^;#\n]{0,60})?", re.M)


def read_requirements(text: str, options: ReadOptions) -> Reading:
    w = MarkupWriter(text)
    for m in _REQUIREMENT.finditer(text):
        name = m.group(1)
        # PyPI names compare with -, _ and . alike, any case.
        canonical = re.sub(r"[-_.]+", "-", name).lower()
        if _known("pypi", canonical):
            _write(w, "pypi", canonical, (m.group(2) or "").strip(), m.start(1), m.end(1))
    return w.finish()
