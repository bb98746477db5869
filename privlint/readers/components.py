"""Components: which HTML a capitalised tag stands for, from ``rules/data/components.toml``
and the user's configuration.

The JSX, Vue, Svelte and Astro readers ask ``resolve`` about each component they meet. A
component the data does not know stays unknown: the reader writes its children and a
placeholder for the component itself. ``imports_of`` reads a module's ES imports, which is
how an entry is told apart from a same-named one of another library (``Link`` of next/link
or of react-router).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from types import MappingProxyType

from .. import registry
from . import ReadOptions

_EMPTY: Mapping[str, str] = MappingProxyType({})


@dataclass(frozen=True)
class Component:
    """What a component renders: an element (``""``: only its children) and how its props
    become that element's attributes."""

    name: str
    element: str
    rename: Mapping[str, str] = field(default_factory=lambda: _EMPTY, hash=False)  # prop -> attribute
    drop: frozenset[str] = frozenset()  # props that render no attribute
    pass_props: bool = True  # props not renamed or dropped become attributes as they are
    attributes: Mapping[str, str] = field(default_factory=lambda: _EMPTY, hash=False)  # fixed; "{prop}" filled in
    hosted_fields: str | None = None  # the payment processor whose iframe holds the card fields
    note: str = ""
    specifiers: tuple[str, ...] = ()  # the modules it is imported from; () for a built-in
    from_config: bool = False  # named in the user's configuration

    def attribute_for(self, prop: str) -> str | None:
        """The attribute a prop becomes, or None when it renders none."""
        if prop in self.drop:
            return None
        if prop in self.rename:
            return self.rename[prop]
        return prop if self.pass_props else None

    def fixed_attributes(self, literals: Mapping[str, str]) -> dict[str, str | None]:
        """The entry's fixed attributes with ``{prop}`` filled from the props' literal values;
        None for a value that needs a prop whose value is not a literal."""
        out: dict[str, str | None] = {}
        for name, value in self.attributes.items():
            missing = False

            def fill(m: re.Match[str]) -> str:
                nonlocal missing
                if m.group(1) in literals:
                    return literals[m.group(1)]
                missing = True
                return ""

            filled = _PROP_REF.sub(fill, value)
            out[name] = None if missing else filled
        return out


_PROP_REF = re.compile(r"\{(\w+)\}")


class Imports(dict):
    """Local name -> module specifier; ``imported`` keeps, for a renamed import
    (``import { CardElement as Card }``), the name the module exports."""

    def __init__(self) -> None:
        super().__init__()
        self.imported: dict[str, str] = {}


# An ES import with bindings. The clause is bounded, and so is the count of imports read, so
# that a file of many "import" words and no "from" is read in linear time.
_IMPORT = re.compile(r"""\bimport\s+(?!\()([^;'"`()]{1,500}?)\s*\bfrom\s*(['"])([^'"\n]{1,300})\2""")
_IMPORT_WORD = re.compile(r"\bimport\b")
_MAX_IMPORTS = 1000
_IDENT = re.compile(r"[A-Za-z_$][\w$]*$")


def imports_of(code: str) -> dict[str, str]:
    """The names a module imports (default, named, ``as`` aliases, namespaces), each with the
    specifier it comes from."""
    found = Imports()
    if "import" in code:
        for count, word in enumerate(_IMPORT_WORD.finditer(code)):
            if count >= _MAX_IMPORTS:
                break  # past the imports of any real module: the rest is not searched
            m = _IMPORT.match(code, word.start())
            if m is not None:
                _bind(found, m.group(1), m.group(3), default_name="default")
    return found


def _bind(found: Imports, clause: str, specifier: str, default_name: str) -> None:
    clause = clause.strip()
    if clause.startswith("type ") or clause.startswith("type{"):  # TS "import type": types only
        clause = clause[4:].strip()
    named = ""
    if "{" in clause:
        before, _, rest = clause.partition("{")
        named = rest.partition("}")[0]
        clause = before.strip().rstrip(",").strip()
    for part in (p.strip() for p in clause.split(",")):
        if not part:
            continue
        if part.startswith("*"):  # * as NS
            local = part.rpartition(" ")[2]
            if _IDENT.match(local):
                found[local] = specifier
            continue
        if _IDENT.match(part):
            found[part] = specifier
            found.imported[part] = default_name
    for part in (p.strip() for p in named.split(",")):
        if part.startswith("type "):
            part = part[5:].strip()
        if not part:
            continue
        if " as " in part:
            name, _, local = (s.strip() for s in part.partition(" as "))
        else:
            name = local = part
        name = name.strip("'\"")
        if _IDENT.match(local):
            found[local] = specifier
            found.imported[local] = name


def resolve(name: str, imports: Mapping[str, str], options: ReadOptions, *, kebab: bool = False) -> Component | None:
    """The component a tag name stands for, or None when neither the configuration nor the
    data knows it. The configuration comes first; then an entry that lists the name and the
    module the file imports it from; a name the file does not import matches the built-ins
    (``from = []``). ``kebab``: also read ``nuxt-link`` as ``NuxtLink`` (Vue)."""
    spellings = [name]
    if kebab and "-" in name:
        spellings.append(_pascal(name))
    for spelled in spellings:
        for configured, element in options.components:
            if configured == spelled or (kebab and "-" in configured and _pascal(configured) == spelled):
                return Component(spelled, element.strip().lower(), from_config=True)
    for spelled in spellings:
        found = _from_data(spelled, imports)
        if found is not None:
            return found
    return None


def _from_data(name: str, imports: Mapping[str, str]) -> Component | None:
    base, dot, member = name.partition(".")
    specifier = imports.get(base)
    by_name = _entries_by_name()
    if specifier is None:
        # Not imported: a built-in or auto-imported component, by its name alone.
        for entry in by_name.get(name, ()):
            if not entry.specifiers:
                return entry
        return None
    imported = getattr(imports, "imported", {}).get(base)
    # The names the module knows it by: as written (React.Fragment, a default import named
    # as in the docs), the exported name of a renamed import, and a namespace's member.
    candidates = [name]
    if imported and imported != "default" and not dot:
        candidates.append(imported)
    if dot:
        candidates.append(member)
        if imported and imported != "default":
            candidates.append(f"{imported}.{member}")
    for candidate in candidates:
        for entry in by_name.get(candidate, ()):
            if specifier in entry.specifiers:
                return entry
    return None


def _pascal(kebab: str) -> str:
    return "".join(part[:1].upper() + part[1:] for part in kebab.split("-") if part)


@cache
def _entries_by_name() -> dict[str, tuple[Component, ...]]:
    data = registry.load_toml(registry.data_path("components.toml"))
    out: dict[str, list[Component]] = {}
    for entry in data.get("component", []):
        for listed in entry.get("names", []):
            component = Component(
                name=listed,
                element=entry.get("element", ""),
                rename=MappingProxyType(dict(entry.get("rename", {}))),
                drop=frozenset(entry.get("drop", ())),
                pass_props=entry.get("pass-props", True),
                attributes=MappingProxyType(dict(entry.get("attributes", {}))),
                hosted_fields=entry.get("hosted-fields"),
                note=entry.get("note", ""),
                specifiers=tuple(entry.get("from", ())),
            )
            out.setdefault(listed, []).append(component)
    return {k: tuple(v) for k, v in out.items()}


@dataclass(frozen=True)
class HostedFieldsApi:
    """Plain-JavaScript calls that create a processor's hosted card fields (for the inventory)."""

    name: str
    company: str
    calls: tuple[re.Pattern[str], ...]
    says: tuple[str, ...]  # lower-case words a script that makes these fields says


@cache
def hosted_fields_apis() -> tuple[HostedFieldsApi, ...]:
    data = registry.load_toml(registry.data_path("components.toml"))
    return tuple(
        HostedFieldsApi(e["name"], e.get("company", ""), tuple(re.compile(c) for c in e.get("calls", ())),
                        tuple(e.get("says", ())))
        for e in data.get("hosted-fields-api", [])
    )


@cache
def hosted_fields_companies() -> dict[str, str]:
    """Hosted-fields name -> the company behind it, where the data says."""
    return {api.name: api.company for api in hosted_fields_apis()}
