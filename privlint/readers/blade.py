"""Blade (``.blade.php``: Laravel): directives and echoes as template code, Laravel Collective's
form helpers as the elements they render.

``{{ … }}`` and ``{!! … !!}`` are values; ``@if(…)``…``@endif``, ``@foreach``, ``@csrf``,
``@class([…])``, ``@error``, ``@extends``, ``@section``, ``@include``, ``@push`` and Blade's
other directives are template code where they stand (between attributes, ``@if`` and ``@endif``
only choose between what they enclose); ``{{-- … --}}`` is a comment; ``@php``…``@endphp``
and ``<?php … ?>`` are code; ``@verbatim`` leaves its content as it stands; ``@@`` is an "@".
A directive is one of Blade's own names, so ``@media`` in a stylesheet and an e-mail address
stay text. ``<x-…>`` components are partials: the page is completed by other files.

``Form::open([...])``…``Form::close()``, ``Form::text``, ``Form::email``, ``Form::password``,
``Form::number``, ``Form::checkbox`` and the other field helpers become their form and fields,
their attribute arrays read as far as they are literal.
"""

from __future__ import annotations

import re

from . import ReadOptions, Reading
from ._calls import Arguments, Value, read_arguments
from ._dialect import Brackets, DialectWriter
from ._helpers import Attribute, ElementWriter, PieceWriter, expand, shown_call

DIRECTIVES = frozenset(
    """if elseif else endif unless endunless isset endisset empty endempty auth endauth guest endguest
    production endproduction env endenv hasSection sectionMissing switch case break default endswitch
    for endfor foreach endforeach forelse endforelse while endwhile continue include includeIf includeWhen
    includeUnless includeFirst each extends section endsection show yield parent stop append overwrite
    push endpush pushOnce endPushOnce pushIf endPushIf prepend endprepend prependOnce endPrependOnce stack
    once endonce csrf method error enderror class style checked selected disabled readonly required json
    js lang choice inject props aware component endcomponent componentFirst slot endslot livewire
    livewireStyles livewireScripts livewireScriptConfig vite viteReactRefresh can cannot elsecan
    elsecannot endcan endcannot canany elsecanany endcanany dd dump fragment endfragment session
    endsession context endcontext use endverbatim""".split()
)
# Directives that end a branch or open one: template code that only chooses what follows.
BRANCH_DIRECTIVES = frozenset(
    """if elseif else endif unless endunless isset endisset empty endempty auth endauth guest endguest
    production endproduction env endenv switch case default endswitch foreach endforeach forelse
    endforelse for endfor while endwhile can cannot elsecan elsecannot endcan endcannot canany
    elsecanany endcanany error enderror session endsession""".split()
)
_OPENER = re.compile(r"\{\{--|\{\{|\{!!|@@|(?<![\w.@])@([A-Za-z]\w*)|<\?(?:php\b|=)", re.I)
_ARGUMENTS = re.compile(r"[ \t]*\(")
_INCLUDES = re.compile(r"@(?:extends|include\w*|each|component|livewire|yield|stack)\b|<x-[\w.-]+")
_FORM_CALL = re.compile(r"\s*(?:\\?Form|\\?Collective\\Html\\FormFacade)::(\w+)\s*(?=\()")
_FIELD_TYPES = {
    "text": "text", "email": "email", "password": "password", "number": "number", "tel": "tel",
    "hidden": "hidden", "url": "url", "search": "search", "date": "date", "file": "file",
}
_NO_VALUE = frozenset({"password", "file"})  # Form::password($name, $options)


def read_blade(text: str, options: ReadOptions) -> Reading:
    out = DialectWriter(text)
    parens: Brackets | None = None
    pos = 0
    while (m := _OPENER.search(text, pos)) is not None:
        start = m.start()
        opener = m.group()
        if opener == "{{--":
            close = text.find("--}}", start + 4)
            if close < 0:
                break
            out.comment(start, close + 4, start + 4, close)
            pos = close + 4
        elif opener in ("{{", "{!!"):
            closer = "}}" if opener == "{{" else "!!}"
            close = text.find(closer, start + len(opener))
            if close < 0:
                break
            end = close + len(closer)
            if not _write_form_helper(out, text, start + len(opener), close, start, end):
                out.code(start, end)
            pos = end
        elif opener == "@@":
            out.replace("@", start, start + 2)
            pos = start + 2
        elif opener.startswith("<?"):
            close = text.find("?>", start + 2)
            end = len(text) if close < 0 else close + 2
            out.code(start, end)
            pos = end
        else:
            name = m.group(1)
            if name not in DIRECTIVES and name not in ("php", "verbatim"):
                pos = m.end()
                continue
            end = m.end()
            args = _ARGUMENTS.match(text, end)
            if args is not None:
                if parens is None:
                    parens = Brackets(text, "(", ")")
                close = parens.end(args.end() - 1)
                if close > 0:
                    end = close
            if name == "php" and args is None:
                close = text.find("@endphp", end)
                end = len(text) if close < 0 else close + len("@endphp")
            elif name == "verbatim":
                out.code(start, end)
                close = text.find("@endverbatim", end)
                if close < 0:
                    pos = len(text)
                    break
                out.skip_to(close)
                start, end = close, close + len("@endverbatim")
            out.code(start, end)
            pos = end
    reading = out.finish()
    reading.pulls_in_markup = _INCLUDES.search(text) is not None
    return reading


# --- Laravel Collective -------------------------------------------------------------------


def _write_form_helper(out: DialectWriter, text: str, body: int, body_end: int, start: int, end: int) -> bool:
    """``{!! Form::text('card_number') !!}``: the element it renders in place of the echo."""
    call = _FORM_CALL.match(text, body, body_end)
    if call is None:
        return False
    helper = call.group(1)
    args = read_arguments(text, call.end(), body_end, interpolation="php")
    begins = call.end(0) - len(call.group(0).lstrip())  # the call's first character: "\\Form::", "Form::"
    label = shown_call(text, begins, args.end or body_end)
    out.skip_to(start)
    element = ElementWriter(out.writer, begins, body_end, label)
    written = _render(element, helper, args)
    if written:
        out.resume_at(end)
    return written


def collective_pieces(text: str, start: int, end: int) -> list[tuple] | None:
    """What ``Form::checkbox(…)`` prints when plain PHP echoes it (``<?= Form::text('cvv') ?>``
    in a Laravel view that is no Blade file), as the PHP reader's pieces; None when the code
    from ``start`` to ``end`` is not one such call."""
    call = _FORM_CALL.match(text, start, end)
    if call is None:
        return None
    args = read_arguments(text, call.end(), end, interpolation="php")
    if args.end != end:
        return None  # more code follows the call (Form::text('x') . $more)
    begins = call.end(0) - len(call.group(0).lstrip())
    out = PieceWriter()
    element = ElementWriter(out, begins, end, shown_call(text, begins, end))
    return out.pieces if _render(element, call.group(1), args) else None


def _render(element: ElementWriter, helper: str, args: Arguments) -> bool:
    positional = list(args.positional)
    if helper in ("open", "model"):
        if helper == "model" and positional:
            positional.pop(0)
        opts = positional[0].entries if positional and positional[0].entries is not None else {}
        element.start_tag("form", _form_attributes(opts), [] if positional and positional[0].entries is not None or not positional else [(positional[0].start, positional[0].end)])
        return True
    if helper == "close":
        element.end_tag("form")
        return True
    if not positional:
        return False
    name = positional.pop(0)
    attributes: list[Attribute] = []
    tag = "input"
    if helper in _FIELD_TYPES:
        attributes.append(("type", _FIELD_TYPES[helper]))
        attributes.append(("name", name))
        if helper not in _NO_VALUE and positional:
            attributes.append(("value", positional.pop(0)))
    elif helper in ("checkbox", "radio"):
        attributes.append(("type", helper))
        attributes.append(("name", name))
        attributes.append(("value", positional.pop(0) if positional else "1"))
        if positional:
            checked = positional.pop(0)
            attributes.append(("checked", True if checked.text == "true" else False if checked.is_false or checked.literal() is not None else checked))
    elif helper == "textarea":
        tag = "textarea"
        attributes.append(("name", name))
        if positional:
            positional.pop(0)
    elif helper == "select":
        tag = "select"
        attributes.append(("name", name))
        positional = positional[2:]
    elif helper == "label":
        text = positional.pop(0) if positional and positional[0].entries is None else None
        element.start_tag("label", [("for", name)] + _options(positional))
        if text is not None:
            element.text(text)
        else:
            element.value(name)
        element.end_tag("label")
        return True
    else:
        return False
    options = _options(positional)
    open_options = [(v.start, v.end) for v in positional if v.entries is None and v.text is None]
    element.start_tag(tag, attributes + options, open_options)
    if tag != "input":
        element.end_tag(tag)
    return True


def _options(positional: list[Value]) -> list[Attribute]:
    for value in positional:
        if value.entries is not None:
            return expand(value.entries)
    return []


def _form_attributes(opts: dict[str, Value]) -> list[Attribute]:
    attributes: list[Attribute] = []
    for key in ("url", "route", "action"):
        if key in opts:
            value = opts[key]
            if key == "url" and (value.literal() is not None or value.pieces is not None):
                attributes.append(("action", value))
            elif key == "url" and not (value.word or "").startswith(("url(", "route(", "action(", "secure_url(")):
                attributes.append(("action", value))
            else:  # a route or controller action: a path on the application's own host
                attributes.append(("action", Value(value.start, value.end, pieces=[("/", value.start, value.start), ("", value.start, value.end)])))
            break
    method = opts.get("method")
    verb = (method.literal() or "").lower() if method is not None else "post"
    if method is not None and method.literal() is None:
        attributes.append(("method", method))
    else:
        attributes.append(("method", "get" if verb == "get" else "post"))
    files = opts.get("files")
    if files is not None and files.text == "true":
        attributes.append(("enctype", "multipart/form-data"))
    attributes += expand(opts, frozenset({"url", "route", "action", "method", "files"}))
    return attributes
