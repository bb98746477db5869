"""Django: ``{{ form.card_number }}`` read as the widget its form class declares.

A Django template writes a field as ``{{ form.card_number }}``; what it renders is declared in
Python, in the project's form classes (``forms.py``): the field's class picks the widget
(``forms.CharField`` a text input, ``forms.EmailField`` an email input, ``BooleanField`` a
checkbox), ``widget=forms.TextInput(attrs={"autocomplete": "off"})`` or a ModelForm's
``Meta.widgets`` its attributes. ``declared_fields`` reads those declarations with Python's own
parser (the engine finds the files); ``read_django`` writes, in place of ``{{ form.x }}``, the
element Django renders: ``name="x"``, ``id="id_x"``, the widget's type and attributes. A field
that no form class declares, or that two declare differently, stays template code.
"""

from __future__ import annotations

import ast
import re

from . import ReadOptions, Reading
from ._helpers import ElementWriter, read_template_helpers

# Field class -> the widget Django gives it by default (as the element's type, or tag).
_FIELD_WIDGETS = {
    "CharField": "text", "SlugField": "text", "RegexField": "text", "DateField": "text", "TimeField": "text",
    "DateTimeField": "text", "UUIDField": "text", "EmailField": "email", "URLField": "url",
    "IntegerField": "number", "DecimalField": "number", "FloatField": "number", "BooleanField": "checkbox",
    "ChoiceField": "select", "TypedChoiceField": "select", "ModelChoiceField": "select",
    "MultipleChoiceField": "select", "ModelMultipleChoiceField": "select",
}
_WIDGETS = {
    "TextInput": "text", "EmailInput": "email", "URLInput": "url", "NumberInput": "number",
    "PasswordInput": "password", "HiddenInput": "hidden", "DateInput": "text", "TimeInput": "text",
    "DateTimeInput": "text", "CheckboxInput": "checkbox", "Textarea": "textarea", "Select": "select",
    "SelectMultiple": "select", "NullBooleanSelect": "select",
}
# (field name, widget, attributes as (name, value) pairs, attributes code gives too)
DjangoField = tuple[str, str, tuple[tuple[str, str], ...], bool]


def declared_fields(source: str) -> list[DjangoField]:
    """The fields that the form classes of a Python file declare; [] for a file that does
    not parse."""
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return []
    found: list[DjangoField] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ClassDef) and any(_name(base).endswith("Form") for base in node.bases):
            found += _class_fields(node)
    return found


# Bases a form class can have whose code sets no widget attributes.
_PLAIN_BASES = frozenset({"Form", "ModelForm", "BaseForm", "BaseModelForm"})


def _class_fields(cls: ast.ClassDef) -> list[DjangoField]:
    fields = _declared(cls)
    # Code of the class (``__init__`` updating ``self.fields[...].widget.attrs``), or a base
    # or mixin of the project's own, may give any field attributes: they are unknown then.
    if any(isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef)) for stmt in cls.body) or any(
        _name(base).rsplit(".", 1)[-1] not in _PLAIN_BASES for base in cls.bases
    ):
        fields = [(name, kind, attrs, True) for name, kind, attrs, _computed in fields]
    return fields


def _declared(cls: ast.ClassDef) -> list[DjangoField]:
    fields: list[DjangoField] = []
    for stmt in cls.body:
        if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 and isinstance(stmt.targets[0], ast.Name):
            if isinstance(stmt.value, ast.Call):
                field = _field(stmt.targets[0].id, stmt.value)
                if field is not None:
                    fields.append(field)
        elif isinstance(stmt, ast.ClassDef) and stmt.name == "Meta":
            fields += _meta_widgets(stmt)
    return fields


def _field(name: str, call: ast.Call) -> DjangoField | None:
    widget = next((k.value for k in call.keywords if k.arg == "widget"), None)
    if widget is not None:
        return _widget(name, widget)
    kind = _FIELD_WIDGETS.get(_name(call.func).rsplit(".", 1)[-1])
    return (name, kind, (), False) if kind else None


def _widget(name: str, widget: ast.expr) -> DjangoField | None:
    call = widget if isinstance(widget, ast.Call) else None
    kind = _WIDGETS.get(_name(call.func if call else widget).rsplit(".", 1)[-1])
    if kind is None:
        return None  # a widget of the project's own: unknown
    attrs: list[tuple[str, str]] = []
    computed = False
    for keyword in call.keywords if call else ():
        if keyword.arg != "attrs":
            continue
        if not isinstance(keyword.value, ast.Dict):
            computed = True
            continue
        for key, value in zip(keyword.value.keys, keyword.value.values):
            if isinstance(key, ast.Constant) and isinstance(key.value, str) and isinstance(value, ast.Constant):
                if value.value is True:
                    attrs.append((key.value, key.value))
                elif isinstance(value.value, (str, int)) and value.value is not False:
                    attrs.append((key.value, str(value.value)))
            else:
                computed = True
    return name, kind, tuple(attrs), computed


def _meta_widgets(meta: ast.ClassDef) -> list[DjangoField]:
    fields: list[DjangoField] = []
    for stmt in meta.body:
        if (
            isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 and isinstance(stmt.targets[0], ast.Name)
            and stmt.targets[0].id == "widgets" and isinstance(stmt.value, ast.Dict)
        ):
            for key, value in zip(stmt.value.keys, stmt.value.values):
                if isinstance(key, ast.Constant) and isinstance(key.value, str):
                    field = _widget(key.value, value)
                    if field is not None:
                        fields.append(field)
    return fields


def _name(node: ast.expr) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return f"{_name(node.value)}.{node.attr}"
    return ""


def agreed(fields: list[DjangoField]) -> tuple[DjangoField, ...]:
    """The fields whose every declaration agrees: a name two forms declare differently is
    left out (which form a template renders is not known)."""
    by_name: dict[str, set[DjangoField]] = {}
    for field in fields:
        by_name.setdefault(field[0], set()).add(field)
    return tuple(sorted(next(iter(v)) for v in by_name.values() if len(v) == 1))


# --- templates -----------------------------------------------------------------------------

FIELD_OUTPUT = re.compile(r"\{\{-?\s*(\w*form)\.(\w+)\s*-?\}\}")


_LOOK_BACK = 4096  # characters: how far back a tag of this construct may have begun


def _in_tag(text: str, at: int) -> bool:
    """Whether an offset is inside a start tag (after its "<name", before its ">")."""
    low = max(0, at - _LOOK_BACK)
    opened = text.rfind("<", low, at)
    return opened > text.rfind(">", low, at) and opened + 1 < len(text) and text[opened + 1].isalpha()


def read_django(text: str, options: ReadOptions) -> Reading:
    known = {field[0]: field for field in options.django_fields}

    def render(writer, text: str, start: int, end: int, apart) -> int | None:
        m = FIELD_OUTPUT.fullmatch(text, start, end)
        if m is None or m.group(2) not in known or _in_tag(text, start):
            return None  # inside a tag (value="{{ form.email }}"): the field's value, not its element
        name, kind, attrs, computed = known[m.group(2)]
        out = ElementWriter(writer, m.start(1), m.end(2), f"{m.group(1)}.{m.group(2)}")
        attributes = ([] if kind in ("select", "textarea") else [("type", kind)]) + [("name", name), ("id", f"id_{name}")]
        attributes += [(k, v) for k, v in attrs if k not in ("name", "id", "type")]
        tag = kind if kind in ("select", "textarea") else "input"
        out.start_tag(tag, attributes, [(m.start(1), m.end(2))] if computed else [])
        if tag != "input":
            out.end_tag(tag)
        return end

    return read_template_helpers(text, render)
