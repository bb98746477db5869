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
from bisect import bisect_right

from .. import trackers
from . import MarkupWriter, ReadOptions, Reading
from ._helpers import escape

PACKAGE_ATTRIBUTE = "data-privlint-package"
VERSION_ATTRIBUTE = "data-privlint-version"

def _known(ecosystem: str, name: str) -> bool:
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


def _keys(text: str) -> dict[tuple[str, ...], tuple[int, int]]:
    """Where each key of the first two levels of a JSON object stands (the key's text, between
    its quotes), by its path (("dependencies", "posthog-js")); one pass, depth tracked."""
    found: dict[tuple[str, ...], tuple[int, int]] = {}
    path: list[str | None] = []  # the key each open object was entered by (None: an array)
    pending: str | None = None  # the last string read at this level, a key if ":" follows
    pending_at = (0, 0)
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c == '"':
            j = i + 1
            while j < n and text[j] != '"':
                j += 2 if text[j] == "\\" else 1
            raw = text[i + 1 : j]
            try:
                pending = json.loads('"' + raw + '"') if "\\" in raw else raw
            except ValueError:
                pending = raw
            pending_at = (i + 1, j)
            i = j + 1
            continue
        if c == ":" and pending is not None:
            depth = len(path)
            if 1 <= depth <= 2 and None not in path:
                found.setdefault(tuple(path[1:]) + (pending,), pending_at)
            path_key = pending
            pending = None
            # what follows is this key's value: an object opened now is entered by this key
            k = i + 1
            while k < n and text[k] in " \t\r\n":
                k += 1
            if k < n and text[k] == "{":
                path.append(path_key)
                i = k + 1
                continue
        elif c == "{":
            path.append("")  # the top object, or an object in an array
        elif c == "[":
            path.append(None)
        elif c in "}]":
            if path:
                path.pop()
        elif c == ",":
            pending = None
        i += 1
    return found


def _at(keys: dict, *path: str) -> tuple[int, int]:
    return keys.get(tuple(path), (0, 0))


def read_package_json(text: str, options: ReadOptions) -> Reading:
    w = MarkupWriter(text)
    data = _json(text)
    keys = _keys(text) if data is not None else {}
    if data is not None:
        for section in ("dependencies", "optionalDependencies"):
            deps = data.get(section)
            if not isinstance(deps, dict):
                continue
            for name, version in deps.items():
                if isinstance(name, str) and _known("npm", name):
                    _write(w, "npm", name, version if isinstance(version, str) else "", *_at(keys, section, name))
    return w.finish()


def read_package_lock(text: str, options: ReadOptions) -> Reading:
    """npm's lock file: the SDKs other packages pull in (transitive ones); the direct ones are
    package.json's to report."""
    w = MarkupWriter(text)
    data = _json(text)
    packages = data.get("packages") if data is not None else None
    if isinstance(packages, dict):
        keys = _keys(text)
        direct = set()  # the root's and the workspaces' own dependencies: their package.json reports them
        for path, entry in packages.items():
            if isinstance(path, str) and "node_modules/" not in path and isinstance(entry, dict):
                for section in ("dependencies", "devDependencies", "optionalDependencies", "peerDependencies"):
                    if isinstance(entry.get(section), dict):
                        direct |= set(entry[section])
        seen = set()
        for path, entry in packages.items():
            if not isinstance(path, str) or "node_modules/" not in path or not isinstance(entry, dict):
                continue
            name = path.rsplit("node_modules/", 1)[1]
            if name in direct or name in seen or entry.get("dev") or entry.get("devOptional") or not _known("npm", name):
                continue
            seen.add(name)
            start, end = _at(keys, "packages", path)
            version = entry.get("version")
            _write(w, "npm", name, version if isinstance(version, str) else "", max(start, end - len(name)), end)
    return w.finish()


def read_composer_json(text: str, options: ReadOptions) -> Reading:
    w = MarkupWriter(text)
    data = _json(text)
    deps = data.get("require") if data is not None else None
    if isinstance(deps, dict):
        keys = _keys(text)
        for name, version in deps.items():
            if isinstance(name, str) and _known("composer", name):
                _write(w, "composer", name, version if isinstance(version, str) else "", *_at(keys, "require", name))
    return w.finish()


_GEM = re.compile(r"""^[ \t]*gem[ \t(]+(['"])([\w.-]{1,100})\1(?:[ \t]*,[ \t]*(['"])([^'"\n]{0,60})\3)?""", re.M)
# Lines that open a block ending at its own `end`: `… do`, `if`/`unless`/`case`/`begin`/`while` statements.
_OPENS = re.compile(r"\bdo\s*(?:\|[^|\n]*\|)?\s*(?:#.*)?$|^\s*(?:if|unless|case|begin|while|until|def|class|module)\b")
_END = re.compile(r"^\s*end\b")
_DEV_GROUPS = re.compile(r":(?:development|test)\b|['\"](?:development|test)['\"]|%[iIwW][\[(][^\])]*\b(?:development|test)\b")


def read_gemfile(text: str, options: ReadOptions) -> Reading:
    """A Gemfile: gems outside ``group :development, :test do … end`` (and without a
    ``group:``/``groups:`` option naming development or test, on the gem's own lines)."""
    w = MarkupWriter(text)
    lines = text.split("\n")
    starts = [0]
    for line in lines[:-1]:
        starts.append(starts[-1] + len(line) + 1)
    stack: list[bool] = []  # per open block: a development or test group
    dev_lines: set[int] = set()
    pending_group = ""  # a group statement whose `do` comes on a later line
    for number, line in enumerate(lines):
        code = line.split("#", 1)[0]
        if pending_group or re.match(r"^\s*group\b", code):
            pending_group += " " + code
            if _OPENS.search(code) is None or not re.search(r"\bdo\b", code):
                if len(pending_group) < 2000:
                    continue
            stack.append(bool(_DEV_GROUPS.search(pending_group)))
            pending_group = ""
            continue
        if _END.match(code) and stack:
            stack.pop()
            continue
        if any(stack):
            dev_lines.add(number)
        if _OPENS.search(code) and not _GEM.match(line):
            stack.append(False)
    for m in _GEM.finditer(text):
        number = bisect_right(starts, m.start()) - 1
        if number in dev_lines:
            continue
        # Its options, on its line and the lines that continue it (a line ending in ",").
        options_text = lines[number].split("#", 1)[0]
        k = number
        while options_text.rstrip().endswith(",") and k + 1 < len(lines) and k - number < 10:
            k += 1
            options_text += " " + lines[k].split("#", 1)[0]
        if _DEV_GROUPS.search(options_text[m.end() - starts[number] :]):
            continue
        if _known("gem", m.group(2)):
            _write(w, "gem", m.group(2), m.group(4) or "", m.start(2), m.end(2))
    return w.finish()


_REQUIREMENT = re.compile(r"^[ \t]*([A-Za-z0-9][A-Za-z0-9._-]{0,100})(?:\[[^\]\n]{0,100}\])?[ \t]*([=<>!~][^;#\n]{0,60})?", re.M)


_EGG = re.compile(r"#egg=([A-Za-z0-9][A-Za-z0-9._-]{0,100})")


def read_requirements(text: str, options: ReadOptions) -> Reading:
    w = MarkupWriter(text)
    for m in _EGG.finditer(text):  # -e git+https://…#egg=posthog
        canonical = re.sub(r"[-_.]+", "-", m.group(1)).lower()
        if _known("pypi", canonical):
            _write(w, "pypi", canonical, "", m.start(1), m.end(1))
    for m in _REQUIREMENT.finditer(text):
        name = m.group(1)
        # PyPI names compare with -, _ and . alike, any case.
        canonical = re.sub(r"[-_.]+", "-", name).lower()
        if _known("pypi", canonical):
            _write(w, "pypi", canonical, (m.group(2) or "").strip(), m.start(1), m.end(1))
    return w.finish()
