"""PRV403 session-replay-on-sensitive-page: a session-replay tool that records what visitors type
into a password or payment-card field."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable

from lxml import etree

from .. import registry, template, trackers
from ..document import Document
from ..fields import CARD_DESCRIPTIONS, card_kind, parse_autocomplete
from ..model import Report
from ..page import PageAnalyzer, TrackerUse
from . import Check

MASKINGS = ("all-inputs", "sensitive-inputs", "password-inputs")
_PASSWORD_TOKENS = frozenset({"current-password", "new-password"})
_NOT_TYPED_INTO = frozenset(
    {"hidden", "submit", "button", "image", "reset", "checkbox", "radio", "file", "range", "color"}
)
# A field named as a password (user[password], pwd) that is not a password's neighbour
# (forgot_password_email, password_hint).
_PASSWORD_WORDS = frozenset({"password", "passwd", "pwd", "passcode", "passwort", "kennwort"})
_NOT_PASSWORD_WORDS = frozenset(
    {"email", "mail", "hint", "question", "strength", "forgot", "reset", "link", "url", "policy", "label"}
)


@dataclass(frozen=True, slots=True)
class Marker:
    """An attribute (with a value, or any) or a class that masks or unmasks an element."""

    attribute: str | None = None
    value: str | None = None
    cls: str | None = None

    @classmethod
    def parse(cls, text: str) -> "Marker":
        if text.startswith("."):
            return cls(cls=text[1:])
        name, _, value = text.partition("=")
        return cls(attribute=name.lower(), value=value or None)

    def on(self, doc: Document, el: etree._Element) -> bool:
        if self.cls is not None:
            return self.cls in (doc.attr(el, "class") or "").split()
        found = doc.attr(el, self.attribute or "")
        return found is not None and (self.value is None or found.strip() == self.value)

    def __str__(self) -> str:
        if self.cls is not None:
            return f'class="{self.cls}"'
        return f'{self.attribute}="{self.value}"' if self.value else str(self.attribute)


@dataclass(frozen=True, slots=True)
class ReplayTool:
    service: str
    default_masking: str
    records_when: tuple[re.Pattern[str], ...]
    mask: tuple[Marker, ...]
    unmask: tuple[Marker, ...]
    unmask_field_only: bool


@lru_cache(maxsize=1)
def replay_tools() -> dict[str, ReplayTool]:
    """rules/data/session-replay.toml by service id."""
    tools = {}
    for entry in registry.load_toml(registry.data_path("session-replay.toml"))["tool"]:
        masking = entry["default-masking"]
        if masking not in MASKINGS:
            raise registry.RuleDataError(f"session-replay.toml: {entry['service']}: unknown default-masking {masking}")
        tools[entry["service"]] = ReplayTool(
            service=entry["service"],
            default_masking=masking,
            records_when=tuple(re.compile(p) for p in entry.get("records-when", ())),
            mask=tuple(Marker.parse(m) for m in entry.get("mask", ())),
            unmask=tuple(Marker.parse(m) for m in entry.get("unmask", ())),
            unmask_field_only=bool(entry.get("unmask-field-only", False)),
        )
    return tools


@dataclass(frozen=True, slots=True)
class _Field:
    el: etree._Element
    kind: str  # "password", "card number", "card security code"
    typed_password: bool  # <input type="password">: no tool records it
    description: str


class SessionReplayOnSensitivePage(Check):
    code = "PRV403"
    elements = ("script", "input")

    def begin(self, doc: Document) -> None:
        self.fields: list[_Field] = []
        self.script_elements: list[etree._Element] = []

    def visit(self, el: etree._Element, doc: Document) -> Iterable[Report]:
        if el.tag == "script":
            self.script_elements.append(el)
        else:
            found = _sensitive(doc, el)
            if found is not None:
                self.fields.append(found)
        return ()

    def end(self, doc: Document) -> Iterable[Report]:
        fields, self.fields = self.fields, []
        scripts, self.script_elements = self.script_elements, []
        if not fields or not scripts:
            return  # most pages have no sensitive field: their scripts are never analysed
        analyzer = PageAnalyzer(doc)
        for el in scripts:
            analyzer.visit(el)
        uses = analyzer.facts.trackers
        code = "\n".join(el.text for el in scripts if el.text and doc.attr(el, "src") is None)
        if not uses:
            return
        tools = replay_tools()
        seen: set[str] = set()
        for use in uses:
            tool = tools.get(use.service)
            if tool is None or use.service in seen or use.waits_for == "template":
                continue
            seen.add(use.service)
            config = None
            if tool.records_when:
                matches = [p.search(code) for p in tool.records_when]
                if not all(matches):
                    continue  # the page does not switch recording (or unmasked inputs) on
                config = matches[-1].group(0)  # type: ignore[union-attr]
            recorded = False
            for field in fields:
                found = _records(doc, tool, field, config)
                if found is not None:
                    recorded = True
                    yield _report(doc, use, tool, field, *found)
            if recorded:
                continue
            # The tool masks what is typed, but it still records the page around the fields
            # (and a dashboard setting privlint cannot see may unmask them). Quiet only when
            # the page masks every sensitive field for this tool explicitly.
            open_fields = [f for f in fields if _marker(doc, tool, f.el)[0] != "mask"]
            if open_fields:
                yield _present_report(use, tool, open_fields)


def _sensitive(doc: Document, el: etree._Element) -> _Field | None:
    """A field whose value a recording must not hold: a password, a card number or code."""
    if doc.has_dynamic_attributes(el):
        return None  # template code may set its type, or mask it
    kind = (doc.attr(el, "type") or "text").strip().lower()
    if template.is_dynamic(kind) or kind in _NOT_TYPED_INTO:
        return None
    name = (doc.attr(el, "name") or doc.attr(el, "id") or "").strip()
    shown = f' "{doc.restore(name)}"' if name else ""
    if kind == "password":
        return _Field(el, "password", True, f"password field{shown}")
    own = parse_autocomplete(doc.attr(el, "autocomplete"))
    words = set(re.split(r"[^a-z]+", name.lower())) if not template.is_dynamic(name) else set()
    if (own is not None and own.token in _PASSWORD_TOKENS) or (
        words & _PASSWORD_WORDS and not words & _NOT_PASSWORD_WORDS
    ):
        return _Field(el, "password", False, f'password field{shown} (type="{kind}")')
    card, strong = card_kind(doc, el)
    if card in ("number", "csc") and strong:
        return _Field(el, CARD_DESCRIPTIONS[card], False, f"{CARD_DESCRIPTIONS[card]} field{shown}")
    return None


def _records(doc: Document, tool: ReplayTool, field: _Field, config: str | None) -> tuple[str, str] | None:
    """Why the tool records what is typed into the field, and the fix; None if it does not."""
    if field.typed_password:
        return None  # every tool here keeps <input type="password"> out of its recordings
    state, marker, where = _marker(doc, tool, field.el)
    if state == "mask":
        return None
    mask = f"mask it with {tool.mask[0]}" if tool.mask else "mask it in the tool's settings"
    if state == "unmask":
        return f"{marker} on {where} lets it through", f"remove {marker}"
    if tool.default_masking == "password-inputs":
        if config is not None:
            return f'the page configures it with `{" ".join(config.split())}`, which stops masking inputs', mask
        return 'it masks only type="password" inputs by default', mask
    if tool.default_masking == "sensitive-inputs" and field.kind == "password":
        return 'it recognises password fields by type="password"', 'make it type="password"'
    return None


def _marker(doc: Document, tool: ReplayTool, field: etree._Element) -> tuple[str | None, object, str]:
    """The masking marker nearest the field: ("mask" | "unmask" | None, marker, where)."""
    if template.MARK in (doc.attr(field, "class") or ""):
        return "mask", None, ""  # template code writes its classes: a mask may be among them
    for el in (field, *field.iterancestors()):
        if not isinstance(el.tag, str):
            continue
        for marker in tool.mask:
            if marker.on(doc, el):
                return "mask", marker, ""
        if el is field or not tool.unmask_field_only:
            for marker in tool.unmask:
                if marker.on(doc, el):
                    return "unmask", marker, "the field" if el is field else f"its <{el.tag}>"
    return None, None, ""


def _present_report(use: TrackerUse, tool: ReplayTool, fields: list[_Field]) -> Report:
    name = trackers.current().services[tool.service].name
    first = fields[0]
    others = f" and {len(fields) - 1} more" if len(fields) > 1 else ""
    how = f"mask the fields with {tool.mask[0]}" if tool.mask else "exclude the page in its settings"
    return Report(
        use.region,
        f"{name} (session replay) records a page with a {first.description}{others}: it masks what is typed"
        f" by default, but it records the page around the fields and its settings can unmask them;"
        f" keep {name} off this page or {how}",
        kind="masked-by-default",
    )


def _report(doc: Document, use: TrackerUse, tool: ReplayTool, field: _Field, why: str, fix: str) -> Report:
    name = trackers.current().services[tool.service].name
    return Report(
        doc.element_region(field.el),
        f"{name} (session replay, line {use.region.line}) records what is typed into the"
        f" {field.description}: {why}; {fix}, or keep {name} off this page",
    )


CHECK = SessionReplayOnSensitivePage
