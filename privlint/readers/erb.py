"""Rails helpers in ERB: the forms, fields, links and scripts they render.

Rails shops rarely write ``<input>``: ``f.text_field :card_number`` writes it. This reader
copies an ERB template as it stands and puts, in place of each helper call it knows, the element
the helper renders (see ``_helpers``): the form helpers (``form_with``, ``form_for``,
``form_tag``, with their block's ``end`` as ``</form>``; ``form_tag`` and ``form_with`` without a
block write the opening tag alone), the field helpers in their builder, ``_tag`` and builder-less
(``check_box("user", "newsletter")``) forms, ``label``, ``link_to``/``link_to_if``/``link_to_unless``,
``javascript_include_tag``, ``javascript_tag``, ``image_tag`` and ``stylesheet_link_tag``.

Names follow Rails: a builder of ``form_with model: @order`` names ``f.text_field :number``
``order[number]`` with id ``order_number``; a builder the template did not open (a partial's
``f``) gives an unknown prefix. A path helper (``checkout_path``) is a same-site address whose
path is unknown. Options that code gives (``f.text_field :cvc, html_options``, ``**opts``) make
the element's attributes unknown. Other ERB code is template code, masked as usual, and so is a
helper's name used as a value (``<%= label %>``, ``<%= input.value %>``).

One pass over the ERB tags, each read once; a stack of open blocks pairs ``end`` with its
helper, and keeps, for each builder variable, its innermost open block, so that a field finds
its builder at once however deep it stands. A builder's names stop growing at
``_MAX_NAME_DEPTH`` nested ``fields_for``: deeper, the prefix is code (unknown), so that no name
is longer than a few pieces. Linear in the file's length, and so is the markup written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from . import MarkupWriter, ReadOptions, Reading
from ._calls import Arguments, Value, read_arguments
from ._helpers import Attribute, ElementWriter, expand, shown_call

_FIELD_TYPES = {
    "text_field": "text", "number_field": "number", "telephone_field": "tel", "phone_field": "tel",
    "email_field": "email", "password_field": "password", "hidden_field": "hidden", "search_field": "search",
    "url_field": "url", "date_field": "date", "month_field": "month",
}
_FIELDS = frozenset(_FIELD_TYPES) | {"text_area", "select", "check_box", "label", "radio_button", "input"}
# simple_form's f.input: the input its as: names (a column's type decides when it names none).
_SIMPLE_FORM_TYPES = {
    "boolean": "checkbox", "string": "text", "email": "email", "tel": "tel", "password": "password",
    "hidden": "hidden", "integer": "number", "decimal": "number", "float": "number", "url": "url",
    "search": "search", "text": "textarea", "select": "select",
}
_FORMS = frozenset({"form_with", "form_for", "form_tag", "fields_for", "fields"})
_OTHERS = frozenset({
    "link_to", "link_to_if", "link_to_unless", "javascript_include_tag", "javascript_tag", "image_tag",
    "stylesheet_link_tag",
})
_TAG_HELPERS = {f"{name}_tag": name for name in _FIELDS}
_NAMES = "|".join(sorted(_FIELDS | _FORMS | _OTHERS | set(_TAG_HELPERS), key=len, reverse=True))
_CALL = re.compile(r"\s*(?:(?P<recv>[a-z_]\w*)\.)?(?P<name>" + _NAMES + r")\b(?![?!=])")
# Whether an ERB template calls a helper this reader knows: files that call none are read as
# they stand.
HELPER_CALL = re.compile(r"<%[=-]*\s*(?:[a-z_]\w*\.)?(?:" + _NAMES + r")\b")

_BLOCK_START = re.compile(r"\bdo\s*(?:\|[^|]*\|)?\s*-?\Z")
_BLOCK_VARIABLE = re.compile(r"\bdo\s*\|\s*([a-z_]\w*)")
_KEYWORD_BLOCK = re.compile(r"\s*(?:if|unless|case|while|until|for|begin)\b")
_MODIFIER = re.compile(r"\S\s+(?:if|unless|while|until)\b")
_BLOCK_END = re.compile(r"\s*end\b")
_ENDS_ITSELF = re.compile(r"\bend\s*\Z")  # <% if a then b end %>: a block within the tag
_PATH_HELPER = re.compile(r"[a-z_]\w*_(?:path|url)\b")
_NAME_CHARS = re.compile(r"\]\[|[^-a-zA-Z0-9:.]")


@dataclass
class _Block:
    closing: str | None  # the end tag its "end" writes (</form>, </a>, </script>), if any
    builder: str | None = None  # the block's form builder variable (|f|)
    scope: "list[tuple[str, int, int]] | None" = None  # its names' prefix: pieces, as Value.pieces


_UNKNOWN_SCOPE: list = []  # a builder whose prefix is code


class _DeepScope(list):
    """The prefix of a builder nested deeper than ``_MAX_NAME_DEPTH`` ``fields_for``: the
    outer pieces and one of code, whose value the reader does not follow."""


_MAX_NAME_DEPTH = 8


class _Blocks:
    """The open blocks, innermost last, with the innermost open block of each builder
    variable: push, pop and a builder's look-up take constant time."""

    def __init__(self) -> None:
        self.open: list[_Block] = []
        self.builders: dict[str, list[_Block]] = {}

    def __len__(self) -> int:
        return len(self.open)

    def __bool__(self) -> bool:
        return bool(self.open)

    def append(self, block: _Block) -> None:
        self.open.append(block)
        if block.builder:
            self.builders.setdefault(block.builder, []).append(block)

    def pop(self) -> _Block:
        block = self.open.pop()
        if block.builder:
            self.builders[block.builder].pop()
        return block

    def builder(self, variable: str) -> "_Block | None":
        stack = self.builders.get(variable)
        return stack[-1] if stack else None


def read_erb(text: str, options: ReadOptions) -> Reading:
    writer = MarkupWriter(text)
    blocks = _Blocks()
    # Fields of a builder this template did not open (a partial's ``f``): their form is in
    # another template, so they are written apart, as fragments, after the page.
    apart: list[tuple[int, int, int, int, re.Match]] = []
    copied = 0
    pos = 0
    n = len(text)
    while pos < n:
        start = text.find("<%", pos)
        if start < 0:
            break
        if text.startswith("<%%", start):
            pos = start + 3
            continue
        close = text.find("%>", start + 2)
        if close < 0:
            break  # an unclosed tag: the rest is read as it stands
        end = close + 2
        pos = end
        head = start + 2
        output = False
        while head < close and text[head] in "=-":
            output = output or text[head] == "="
            head += 1
        if text.startswith("#", head):
            continue  # a comment
        code_end = close - 1 if text[close - 1] == "-" else close
        code = text[head:code_end]
        call = _CALL.match(code)
        if call is not None and (output or _BLOCK_START.search(code)):
            receiver = call.group("recv")
            open_before = len(blocks)
            writer.copy(copied, start)
            copied = end
            if (
                receiver
                and call.group("name") in _FIELDS
                and _builder_scope(receiver, blocks) is _UNKNOWN_SCOPE
                and (args := _call_arguments(text, head, code_end, call)) is not None
                and args.positional
            ):
                apart.append((start, end, head, code_end, call))  # a field; other code stays
            elif not _write_helper(writer, text, head + call.start("name"), head, code_end, call, blocks):
                writer.copy(start, end)  # not a helper after all: template code as it stands
            if len(blocks) == open_before and _BLOCK_START.search(code):
                blocks.append(_Block(None))  # a block the helper does not close with markup
            continue
        if _BLOCK_END.match(code):
            block = blocks.pop() if blocks else None
            if block is not None and block.closing:
                writer.copy(copied, start)
                copied = end
                ends_at = head + len(code) - len(code.lstrip())
                ElementWriter(writer, ends_at, ends_at + 3, "end").end_tag(block.closing)
            continue
        if _BLOCK_START.search(code) or (
            _KEYWORD_BLOCK.match(code) and not _MODIFIER.search(code) and not _ENDS_ITSELF.search(code)
        ):
            blocks.append(_Block(None))
    writer.copy(copied, n)
    for start, end, head, code_end, call in apart:
        writer.fragment(start)
        if not _write_helper(writer, text, head + call.start("name"), head, code_end, call, _Blocks()):
            writer.copy(start, end)
    return writer.finish()


def _write_helper(
    writer: MarkupWriter, text: str, name_at: int, head: int, code_end: int, call: re.Match, blocks: _Blocks
) -> bool:
    """Write what a helper call renders; False (nothing written) for a call it does not know,
    which stays template code: a name of the table used as a local variable (``<%= label %>``,
    ``<%= fields %>``, ``<%= input.value %>``) is code, never deleted."""
    name = call.group("name")
    receiver = call.group("recv")
    call_start = head + call.start("recv") if receiver else name_at
    args = _call_arguments(text, head, code_end, call)
    if args is None:
        return False
    code = text[head:code_end]
    opens_block = _BLOCK_START.search(code) is not None
    if not opens_block and not args.positional and not args.options and not args.open_options:
        return False  # no arguments and no block: as likely a local variable as a helper
    out = ElementWriter(writer, call_start, code_end, shown_call(text, call_start, code_end))
    builder_var = (m.group(1) if (m := _BLOCK_VARIABLE.search(code)) else None)
    if name in _FORMS and not (receiver and name not in ("fields_for", "fields")):
        if name in ("fields_for", "fields"):
            if not opens_block:
                return False  # Rails' fields_for needs its block: not this helper
            blocks.append(_Block(None, builder_var, _form_scope(name, args, receiver, blocks)))
            return True
        scope = _form_scope(name, args, receiver, blocks)
        # Options in a variable (form_tag "/pay", form_options): the form may have any attribute.
        _open_code(args, args.positional[0 if name == "form_with" else 1 :])
        out.start_tag("form", _form_attributes(name, args), args.open_options)
        if opens_block:
            blocks.append(_Block("form", builder_var, scope))
        elif name == "form_for":
            out.end_tag("form")  # Rails refuses form_for without a block: nothing to hold
        # form_tag and form_with without a block write the opening tag only: the template's own
        # </form> closes it.
        return True
    if receiver and name in _FIELDS:
        scope = _builder_scope(receiver, blocks)
        if scope is None or not args.positional:
            return False  # not a form builder this template knows (a helper of its own)
        _write_field(out, name, args, scope, (call_start, call_start + len(receiver)), builder=True)
        return True
    if receiver:
        return False
    if name in _FIELDS:
        return _write_object_field(out, name, args)
    if name in _TAG_HELPERS:
        if not args.positional:
            return False
        _write_field(out, _TAG_HELPERS[name], args, None, None, builder=False)
        return True
    if opens_block and name not in ("link_to", "link_to_if", "link_to_unless", "javascript_tag"):
        return False
    if not opens_block and not args.positional and name != "javascript_tag":
        return False  # image_tag(class: "x"), link_to(…options): no source, no address
    if name.startswith("link_to"):
        _write_link(out, name, args, opens_block, blocks)
    elif name == "javascript_include_tag":
        for source in args.positional:
            out.start_tag("script", [("src", _address(source))] + expand(args.options), args.open_options)
            out.end_tag("script")
    elif name == "stylesheet_link_tag":
        for source in args.positional:
            attributes = [("rel", "stylesheet"), ("href", _address(source))] + expand(args.options, frozenset({"rel"}))
            out.start_tag("link", attributes, args.open_options, void=True)
    elif name == "image_tag":
        if args.positional:
            _open_code(args, args.positional[1:])
            out.start_tag("img", [("src", _address(args.positional[0]))] + expand(args.options), args.open_options)
    elif name == "javascript_tag":
        html = args.options if not args.positional or args.positional[0].entries is None else {}
        out.start_tag("script", expand(html), args.open_options)
        if opens_block:
            blocks.append(_Block("script"))
        else:
            if args.positional and args.positional[0].literal() is not None:
                content = args.positional[0]
                writer.write(content.literal(), content.start, content.end)
            elif args.positional:
                writer.unknown(args.positional[0].start, args.positional[0].end)
            out.end_tag("script")
    return True


def _call_arguments(text: str, head: int, code_end: int, call: re.Match) -> Arguments | None:
    """The call's arguments; None when the name is a value, not a call (label.upcase,
    input[0], label || "x", fields ? a : b)."""
    after = text[head + call.end("name") : code_end]
    if after[:1] in (".", "[") or after.lstrip()[:1] in _NOT_AN_ARGUMENT:
        return None
    return read_arguments(text, head + call.end("name"), code_end)


# A value, not a call's first argument, begins with these (label || "x", input == y, fields ? a : b).
_NOT_AN_ARGUMENT = frozenset("=?|<>,)]}")


def _open_code(args: Arguments, rest: list[Value]) -> None:
    """Arguments left over where a helper takes its options that are code (a variable,
    ``html.merge(class: "x")``): the element may have any attribute, as with a splat."""
    for value in rest:
        if value.text is None and value.entries is None and value.items is None and value.pieces is None:
            args.open_options.append((value.start, value.end))


# --- forms ---------------------------------------------------------------------------------

_FORM_OPTIONS = frozenset({
    "url", "model", "scope", "format", "local", "method", "html", "remote", "multipart", "builder", "namespace",
    "as", "skip_enforcing_utf8", "enforce_utf8", "authenticity_token", "skip_default_ids", "allow_method_names_outside_object",
})


def _form_attributes(name: str, args: Arguments) -> list[Attribute]:
    opts = args.options
    action: "str | Value | None" = None
    if name == "form_tag":
        action = _action(args.positional[0]) if args.positional and args.positional[0].entries is None else None
    elif "url" in opts:
        action = _action(opts["url"])
    elif name == "form_for" and args.positional:
        action = _same_site(args.positional[0])  # the record's own path
    elif "model" in opts:
        action = _same_site(opts["model"])
    method = opts.get("method")
    verb = (method.literal() or "").lower() if method is not None else "post"
    attributes: list[Attribute] = []
    if action is not None:
        attributes.append(("action", action))
    if method is not None and method.literal() is None:
        attributes.append(("method", method))
    else:
        attributes.append(("method", "get" if verb == "get" else "post"))
    if "multipart" in opts and opts["multipart"].text == "true":
        attributes.append(("enctype", "multipart/form-data"))
    html = opts.get("html")
    if html is not None and html.entries is not None:
        attributes += expand(html.entries)
    elif html is not None:
        args.open_options.append((html.start, html.end))
    if name == "form_with" or name == "form_tag":
        attributes += expand(opts, _FORM_OPTIONS)
    return attributes


def _action(url: Value) -> "str | Value":
    """A form's or link's address: a literal as written; a path helper or a hash of route
    parts, a same-site path that code gives (a relative address whose path is unknown)."""
    if url.literal() is not None or url.pieces is not None:
        return url
    if url.entries is not None or _PATH_HELPER.match(url.word or "") or (url.word or "").startswith("@"):
        return _same_site(url)
    return url


def _same_site(code: Value) -> Value:
    """A path on the site's own host that code gives: "/" and the code, unknown."""
    return Value(code.start, code.end, pieces=[("/", code.start, code.start), ("", code.start, code.end)])


def _form_scope(name: str, args: Arguments, receiver: str | None, blocks: _Blocks):
    """The prefix of a form builder's field names (``order`` for ``model: @order``), as pieces;
    ``_UNKNOWN_SCOPE`` when code gives it, None when fields take their bare names."""
    opts = args.options
    record = None
    if "scope" in opts or "as" in opts:
        record = opts.get("scope") or opts.get("as")
    elif name in ("form_for", "fields_for", "fields") and args.positional:
        record = args.positional[0]
    elif "model" in opts:
        record = opts["model"]
    if record is None:
        return None
    key = _param_key(record)
    pieces = [(key, record.start, record.end)] if key is not None else _UNKNOWN_SCOPE
    if receiver and name in ("fields_for", "fields"):
        outer = _builder_scope(receiver, blocks)
        if outer is None or outer is _UNKNOWN_SCOPE or pieces is _UNKNOWN_SCOPE:
            return _UNKNOWN_SCOPE
        if isinstance(outer, _DeepScope):
            return outer  # its prefix is already code: it grows no further
        if len(outer) >= _MAX_NAME_DEPTH:
            return _DeepScope(outer + [("", record.start, record.end)])
        return outer + [(f"[{key}]", record.start, record.end)]
    return pieces


def _param_key(record: Value) -> str | None:
    literal = record.literal()
    if literal is not None:
        return literal
    if record.items:
        return _param_key(record.items[-1])  # [:admin, @order]: the last names the form
    word = record.word or ""
    if word.startswith("@") and word[1:].isidentifier():
        return word[1:]
    return None


def _builder_scope(receiver: str, blocks: _Blocks):
    block = blocks.builder(receiver)
    if block is not None:
        return block.scope if block.scope is not None else []
    return _UNKNOWN_SCOPE if receiver in ("f", "form", "builder", "ff") else None


# --- fields --------------------------------------------------------------------------------

_FIELD_OPTIONS = frozenset({"include_hidden", "object", "multiple_hidden"})


def _write_field(out: ElementWriter, kind: str, args: Arguments, scope, receiver_at, builder: bool) -> None:
    positional = list(args.positional)
    if not positional:
        return
    method = positional.pop(0)
    if builder:
        name, ident = _scoped(method, scope, receiver_at)
    else:
        name = method
        ident = _sanitized(method)
    opts = dict(args.options)
    if kind == "label":
        text = positional[0] if positional and positional[0].entries is None else None
        _open_code(args, positional[1:] if text is not None else positional)
        attributes: list[Attribute] = [("for", opts.pop("for", None) or ident)]
        out.start_tag("label", attributes + expand(opts), args.open_options)
        if text is not None:
            out.text(text)
        elif method.literal() is not None:
            out.markup(method.literal().replace("_", " ").capitalize())
        out.end_tag("label")
        return
    if kind == "input":
        _open_code(args, positional)
        _write_simple_form_input(out, method, opts, name, ident, args.open_options)
        return
    given_name = opts.pop("name", None)
    given_id = opts.pop("id", None)
    attributes = []
    if kind in _FIELD_TYPES:
        attributes.append(("type", _FIELD_TYPES[kind]))
        if not builder and positional and positional[0].entries is None:
            attributes.append(("value", positional.pop(0)))
        _open_code(args, positional)  # (method, options) or (name, value, options)
    elif kind == "text_area":
        if not builder and positional and positional[0].entries is None:
            positional.pop(0)  # text_area_tag's content
        _open_code(args, positional)
    elif kind in ("check_box", "radio_button"):
        attributes.append(("type", "checkbox" if kind == "check_box" else "radio"))
        if builder and kind == "check_box":
            # (method, options, checked_value, unchecked_value): options of code or nil first
            first = positional[0] if positional else None
            if first is not None and first.entries is None and (first.is_false or first.text is None and first.pieces is None):
                _open_code(args, [positional.pop(0)])
            values = [v for v in positional if v.entries is None]
            attributes.append(("value", values[0] if values else "1"))
            hashes = [v for v in positional if v.entries is not None]
            opts = dict(hashes[0].entries) if hashes else opts
        elif builder:
            _open_code(args, positional[1:])  # (method, tag_value, options)
        else:
            value = positional.pop(0) if positional and positional[0].entries is None else "1"
            attributes.append(("value", value))
            if positional and positional[0].entries is None:
                checked = positional.pop(0)
                attributes.append(("checked", True if checked.text == "true" else checked if not checked.is_false and checked.literal() is None else False))
            _open_code(args, positional)  # (name, value, checked, options)
    attributes.append(("name", given_name or name))
    if given_id is not None or ident is not None:
        attributes.append(("id", given_id or ident))
    html: dict[str, Value] = opts
    if kind == "select":
        # (method, choices, options, html_options) and (name, option_tags, options)
        _open_code(args, positional[2:] if builder else positional[1:])
        hashes = [v for v in positional if v.entries is not None]
        html = (hashes[1].entries if builder and len(hashes) > 1 else {}) if builder else opts
    attributes += expand(html, _FIELD_OPTIONS)
    tag = {"select": "select", "text_area": "textarea"}.get(kind, "input")
    out.start_tag(tag, attributes, args.open_options, void=tag == "input")
    if tag != "input":
        out.end_tag(tag)


def _write_object_field(out: ElementWriter, kind: str, args: Arguments) -> bool:
    """Rails' helpers without a builder: ``check_box("user", "newsletter", {checked: true})``,
    ``text_field(:order, :cvc)``, named ``user[newsletter]`` as a builder of ``user`` names it.
    False for anything else (``input`` is simple_form's, on a builder only)."""
    if kind == "input" or len(args.positional) < 2:
        return False
    record = args.positional[0]
    if record.entries is not None or record.items is not None:
        return False
    key = record.literal()
    scope = [(key, record.start, record.end)] if key is not None else _UNKNOWN_SCOPE
    rest = Arguments(list(args.positional[1:]), dict(args.options), list(args.open_options), args.end)
    _write_field(out, kind, rest, scope, (record.start, record.end), builder=True)
    return True


def _write_simple_form_input(out: ElementWriter, method: Value, opts: dict, name, ident, open_options) -> None:
    """simple_form's ``f.input :newsletter, as: :boolean, input_html: {…}, label: "…"``: a
    label and the input; without ``as:`` the column's type decides, so the type is unknown."""
    kind = opts.get("as")
    html = opts.get("input_html")
    attributes: list[Attribute] = []
    tag = "input"
    if kind is not None and kind.literal() in _SIMPLE_FORM_TYPES:
        mapped = _SIMPLE_FORM_TYPES[kind.literal()]
        tag = mapped if mapped in ("textarea", "select") else "input"
        if tag == "input":
            attributes.append(("type", mapped))
            if mapped == "checkbox":
                attributes.append(("value", "1"))
    else:
        attributes.append(("type", kind or Value(method.start, method.end, word=method.word)))
    attributes += [("name", name), ("id", ident)]
    if html is not None and html.entries is not None:
        attributes += expand(html.entries, frozenset({"name", "id"}))
    elif html is not None:
        open_options = list(open_options) + [(html.start, html.end)]
    label = opts.get("label")
    if label is not None and not label.is_false:
        out.start_tag("label", [("for", ident)])
        out.text(label)
        out.end_tag("label")
    out.start_tag(tag, attributes, open_options, void=tag == "input")
    if tag != "input":
        out.end_tag(tag)


def _scoped(method: Value, scope, receiver_at) -> tuple[Value, Value]:
    """A builder field's name and id: ``order[number]`` and ``order_number``."""
    key = method.literal()
    s, e = method.start, method.end
    if key is None:
        return Value(s, e), Value(s, e)
    if scope is _UNKNOWN_SCOPE:  # before the test for []: it is an empty list too
        rs, re_ = receiver_at
        prefix = [("", rs, re_)]
        return (
            Value(s, e, pieces=prefix + [(f"[{key}]", s, e)]),
            Value(s, e, pieces=prefix + [(f"_{key}", s, e)]),
        )
    if scope is None or scope == []:
        return Value(s, e, key), Value(s, e, key)
    name_pieces = list(scope) + [(f"[{key}]", s, e)]
    if isinstance(scope, _DeepScope):
        return Value(s, e, pieces=name_pieces), Value(s, e)  # the prefix is code: the id too
    joined = "".join(p for p, _, _ in scope)
    return Value(s, e, pieces=name_pieces), Value(s, e, _NAME_CHARS.sub("_", joined + f"[{key}]").rstrip("_"))


def _sanitized(name: Value) -> Value | None:
    """A ``_tag`` helper's id: its name with brackets and other characters as underscores."""
    literal = name.literal()
    if literal is not None:
        return Value(name.start, name.end, _NAME_CHARS.sub("_", literal).rstrip("_"))
    return None


# --- links and resources -------------------------------------------------------------------


def _write_link(out: ElementWriter, name: str, args: Arguments, opens_block: bool, blocks: _Blocks) -> None:
    positional = list(args.positional)
    if name != "link_to" and positional:
        positional.pop(0)  # the condition
    hashes_at_end = [v for v in positional if v.entries is not None]
    plain = [v for v in positional if v.entries is None]
    html = dict(hashes_at_end[-1].entries) if hashes_at_end else dict(args.options)
    if opens_block:
        url = plain[0] if plain else None
        text = None
    else:
        text = plain[0] if plain else None
        url = plain[1] if len(plain) > 1 else None
    _open_code(args, plain[1 if opens_block else 2 :])  # html options in a variable
    attributes: list[Attribute] = []
    if url is not None:
        attributes.append(("href", _action(url)))
    attributes += expand(html, frozenset({"method", "remote"}))
    out.start_tag("a", attributes, args.open_options)
    if opens_block:
        blocks.append(_Block("a"))
        return
    if text is not None:
        out.text(text)
    out.end_tag("a")


def _address(source: Value) -> "str | Value":
    """A script's, stylesheet's or image's address: a URL or path as written; an asset's name
    (``"application"``), which the asset pipeline turns into a first-party path, unknown."""
    literal = source.literal()
    if literal is not None and (literal.startswith(("http:", "https:", "//", "/")) or "://" in literal):
        return source
    if source.pieces is not None:
        return source
    return Value(source.start, source.end)
