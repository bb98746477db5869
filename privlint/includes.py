"""What a template names of other files: the includes, partials and layouts that complete it.

Each template language has its own words for them (``{% include %}``, ``{{> partial}}``,
``{{ partial "x" . }}``, ``render 'shared/footer'``, ``@include('x')``, ``require __DIR__ .
'/x.php'``, ``layout:`` front matter). ``references`` finds them in a file's text, keeping
the name only where the code writes it literally; ``resolve`` turns a name into a file of
the tree by the conventions of the generator that would render it. A name computed at
render time, or one no file answers, is *unresolved*: what it renders is unknown.

Every pattern is a single pass with bounded repetition: linear on any input.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass

INCLUDE = "include"  # markup written where the reference stands
LAYOUT = "layout"  # the file is rendered inside the named one
BUILTIN = "builtin"  # a generator's own template (Hugo's _internal/…): resolved, no file
SLOT = "slot"  # where a layout writes the page rendered in it ({{ content }}, <%= yield %>)
DEFINE = "define"  # a named template the file defines (Go's {{ define "footer" }}): no reference

NO_LAYOUT = "layout: none"  # the name of a front matter's explicit "no layout"
# A reference's name when the code computes it.
COMPUTED = None


@dataclass(frozen=True, slots=True)
class Reference:
    kind: str
    name: str | None  # literal name as written (None: computed at render time)
    line: int
    family: str  # the convention that resolves it: jekyll, shopify, jinja, hugo, rails, ...

    def as_tuple(self) -> tuple:
        return (self.kind, self.name, self.line, self.family)


_QUOTED = r"""(?:'(?P<sq>[^'\n]{0,300})'|"(?P<dq>[^"\n]{0,300})")"""

# Jinja, Django, Nunjucks, Twig, Liquid: {% keyword name %}
_BLOCK_TAG = re.compile(
    r"\{%-?\s*(?P<kw>extends|include_cached|include_relative|include|import|from|embed|render|section|sections|layout)\b"
    r"[ \t]*(?P<arg>[^%\n]{0,300})"
    r"|\{\{-?\s*(?P<fn>include|source)\s*\(\s*(?P<fnarg>[^)\n]{0,300})"  # Twig's {{ include('x') }}
)
# Handlebars/Mustache partials {{> name}}, {{#> layout}}; Ghost's layout line {{!< default}}
_HANDLEBARS = re.compile(r"\{\{~?(?P<block>#?)>\s*(?P<arg>[^}\n]{0,300})|\{\{!<\s*(?P<layout>[\w./-]{1,200})")
# Go templates and Hugo: {{ partial "x" . }}, {{ template "x" . }}, {{ define "main" }}
_GO = re.compile(r"\{\{-?\s*(?P<kw>partialCached|partial|template|define)\s+(?P<arg>[^}\n]{0,300})")
# ERB and EJS: <%= render 'x' %>, <%- include('x') %>
_ERB_TAG = re.compile(r"<%(?!#)[=-]?(?P<code>[^%]{0,2000})%>")
_ERB_CALL = re.compile(r"(?<![\w.:])(?P<kw>render|include)\b\s*\(?\s*(?P<arg>[^%\n]{0,300})")
# Blade: @extends('layouts.app'), @include('partials.footer'); components <x-footer />
_BLADE = re.compile(
    r"@(?P<kw>extends|include|includeIf|includeWhen|includeUnless|includeFirst|each|component|livewire)\s*\("
    r"(?P<arg>[^)\n]{0,300})"
    r"|<x-(?P<component>[\w.:-]{1,200})"
)
# PHP: include/require with a literal (or __DIR__-relative) path; WordPress template tags.
_PHP = re.compile(
    r"\b(?P<kw>include_once|require_once|include|require)\b\s*\(?\s*(?P<arg>[^;\n]{0,300})"
    r"|\b(?P<wp>get_header|get_footer|get_sidebar|get_template_part)\s*\(\s*(?P<wparg>[^)\n]{0,300})\)"
)
_PHP_DIR = re.compile(r"^(?:__DIR__|dirname\s*\(\s*__FILE__\s*\))\s*\.\s*")
# Smarty: {include file='x.tpl'}, {extends file='page.tpl'}
_SMARTY = re.compile(r"\{(?P<kw>include|extends)\s+file\s*=\s*(?P<arg>[^}\n]{0,300})")
# Freemarker <#include "x.ftl">; Thymeleaf th:replace="~{fragments/footer :: footer}"
_FREEMARKER = re.compile(r"<#(?:include|import)\s+(?P<arg>[^>\n]{0,300})")
_THYMELEAF = re.compile(
    r"\b(?:th:(?:replace|insert|include)|layout:decorate|data-layout-decorate)\s*=\s*(?P<arg>\"[^\"\n]{0,300}\"|'[^'\n]{0,300}')"
)
# Razor: <partial name="_Footer" />, Html.Partial("_Footer"), Layout = "_Layout";
_RAZOR = re.compile(
    r"<partial\s+name\s*=\s*(?P<tag>\"[^\"\n]{0,300}\")"
    r"|Html\.(?:Render)?Partial(?:Async)?\(\s*(?P<call>\"[^\"\n]{0,300}\")"
    r"|\bLayout\s*=\s*(?P<layout>\"[^\"\n]{0,300}\"|null)"
)
_BARE_FILE = re.compile(r"[\w./-]{0,300}\.(?:html?|liquid|md|markdown|njk|j2|jinja2?|twig|svg)(?![\w.])")
# A layout's slot for the page rendered in it, in each family's words.
_SLOTS = {
    "liquid": re.compile(r"\{\{-?\s*(?:content_for_layout|content)\s*(?:\|[^}]{0,100})?-?\}\}"),
    "jinja": re.compile(r"\{\{-?\s*content\s*(?:\|[^}]{0,100})?-?\}\}"),  # Eleventy's Nunjucks layouts
    "rails": re.compile(r"<%=\s*yield\s*%>"),
    "ejs": re.compile(r"<%-\s*body\s*%>"),
    "handlebars": re.compile(r"\{\{\{\s*body\s*\}\}\}"),
    "blade": re.compile(r"@yield\s*\(\s*['\"]content['\"]|\{\{\s*\$slot\s*\}\}"),
}
_SLOTS["shopify"] = _SLOTS["liquid"]
_FRONT_MATTER = re.compile(r"\A(?:\ufeff)?---[ \t]*\r?\n(?P<body>.{0,20000}?)\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.S)
_FRONT_KEY = re.compile(r"^(?P<key>layout|title|permalink)[ \t]*:[ \t]*(?P<value>[^\n#]*)", re.M)


def _quoted(arg: str) -> str | None:
    """The literal string an argument starts with, if it starts with one."""
    m = re.match(_QUOTED, arg.lstrip())
    if m is None:
        return None
    return m.group("sq") if m.group("sq") is not None else m.group("dq")


def _ends_literal(arg: str) -> bool:
    """A quoted argument that is the whole value (not 'partials/' . $name)."""
    rest = arg.lstrip()
    m = re.match(_QUOTED, rest)
    return m is not None and re.match(r"\s*(?:\)|;|,|$|\?>)", rest[m.end():]) is not None


def family_of(path: str, text: str) -> str | None:
    """The template convention a file follows, from its name and a glance at its text."""
    name = path.lower()
    if name.endswith(".liquid"):
        return "shopify" if "/snippets/" in "/" + name or "/sections/" in "/" + name or "/layout/" in "/" + name \
            or "/templates/" in "/" + name else "liquid"
    if name.endswith((".blade.php",)):
        return "blade"
    if name.endswith((".php", ".phtml")):
        return "php"
    if name.endswith((".erb",)):
        return "rails"
    if name.endswith(".ejs"):
        return "ejs"
    if name.endswith((".hbs", ".handlebars", ".mustache")):
        return "handlebars"
    if name.endswith((".tmpl", ".gohtml")):
        return "hugo"
    if name.endswith(".tpl"):
        return "smarty"
    if name.endswith((".ftl", ".ftlh")):
        return "freemarker"
    if name.endswith(".cshtml"):
        return "razor"
    if name.endswith((".j2", ".jinja", ".jinja2", ".njk", ".twig")):
        return "jinja"
    if name.endswith((".md", ".markdown")):
        return "markdown"
    if name.endswith((".html", ".htm")):
        # Plain HTML names say nothing: the tree's generator and the code decide.
        if "{{" in text and re.search(r"\{\{-?\s*(?:partial|partialCached|template|define|block)\s+\"", text):
            return "hugo"
        if text.startswith("---") or "/_includes/" in "/" + name or "/_layouts/" in "/" + name:
            return "liquid"  # Jekyll, and Eleventy's default for HTML
        if "{%" in text or "{{" in text:
            return "jinja"
        if "th:" in text:
            return "thymeleaf"
        return None
    return None


def references(path: str, text: str) -> list[Reference]:
    """The files a template names, in its order. ``path`` is the file's path in its tree
    (posix), which decides the language."""
    family = family_of(path, text)
    if family is None:
        return []
    found: list[Reference] = []
    line_of = _LineIndex(text)
    front = front_matter(text)
    if "layout" in front and front["layout"] not in ("", "none", "null", "false"):
        found.append(Reference(LAYOUT, front["layout"], 2, "frontmatter"))
    elif "layout" in front:
        found.append(Reference(BUILTIN, NO_LAYOUT, 2, "frontmatter"))  # says it has none
    slot = _SLOTS[family].search(text) if family in _SLOTS else None
    if slot is not None:
        found.append(Reference(SLOT, None, line_of(slot.start()), family))
    if family in ("jinja", "liquid", "shopify", "markdown"):
        liquid = family in ("liquid", "shopify", "markdown")
        for m in _BLOCK_TAG.finditer(blanked(text, family)):
            kw, arg = m.group("kw"), m.group("arg")
            if kw is None:  # {{ include('partials/footer.html.twig') }}
                kw, arg = "include", m.group("fnarg")
            if kw == "include_cached":
                kw = "include"
            if kw == "layout":
                if arg.strip().startswith("none"):
                    continue
                kind = LAYOUT
            else:
                kind = LAYOUT if kw == "extends" else INCLUDE
            name = _quoted(arg)
            if name is None:
                token = _BARE_FILE.match(arg.strip())
                # Jekyll writes include paths bare ({% include footer.html %}); a bare word is a variable.
                if token:
                    name = token.group()
            if name is not None and ("{{" in name or "{%" in name):
                name = COMPUTED
            if kw == "import" or kw == "from":
                fam = "jinja"
            elif kw in ("render", "section", "sections") or family == "shopify":
                fam = "shopify"
            elif kw == "include_relative":
                fam = "relative"
            else:
                fam = "jekyll" if liquid else "jinja"
            found.append(Reference(kind, name, line_of(m.start()), fam))
    elif family == "handlebars":
        for m in _HANDLEBARS.finditer(text):
            if m.group("layout"):
                found.append(Reference(LAYOUT, m.group("layout"), line_of(m.start()), "handlebars"))
                continue
            arg = m.group("arg").strip()
            name = _quoted(arg)
            if name is None:
                token = re.match(r"[\w./-]{1,300}", arg)
                name = token.group() if token else COMPUTED
            found.append(Reference(INCLUDE, name, line_of(m.start()), "handlebars"))
    elif family == "hugo":
        defines = False
        for m in _GO.finditer(text):
            kw, arg = m.group("kw"), m.group("arg")
            name = _quoted(arg) if arg.lstrip().startswith('"') else _backticked(arg)
            if kw == "define":
                defines = True
                if name is not None:
                    found.append(Reference(DEFINE, name, line_of(m.start()), "go-define"))
                continue
            if kw == "template" and name is not None and name.startswith("_internal/"):
                found.append(Reference(BUILTIN, name, line_of(m.start()), "hugo"))
            elif kw == "template" and name is not None and "/" not in name and "." not in name:
                # A named template ({{ template "footer" . }}): the file that defines it.
                found.append(Reference(INCLUDE, name, line_of(m.start()), "go-define"))
            else:
                found.append(Reference(INCLUDE, name, line_of(m.start()), "hugo"))
        if defines and "<html" not in text.lower() and "layouts/" in "/" + path:
            found.append(Reference(LAYOUT, "baseof", 1, "hugo"))  # Hugo renders it in its base template
    elif family in ("rails", "ejs"):
        for tag in _ERB_TAG.finditer(text):
            # Anywhere in the tag: <%= content_for?(:footer) ? yield(:footer) : render("shared/footer") %>
            for m in _ERB_CALL.finditer(text, tag.start("code"), tag.end("code")):
                kw, arg = m.group("kw"), m.group("arg")
                if family == "rails" and kw == "include":
                    continue
                arg = re.sub(r"^\s*(?:partial:|:partial\s*=>|template:|layout:)\s*", "", arg)
                name = _quoted(arg)
                if name is not None and "#{" in name:
                    name = COMPUTED
                found.append(Reference(INCLUDE, name, line_of(m.start()), family))
        if family == "rails":
            found.extend(_rails_layout(path, text))
    elif family == "blade":
        for m in _BLADE.finditer(text):
            if m.group("component"):
                component = m.group("component")
                if component == "slot" or component.startswith("slot:") or "::" in component:
                    continue
                found.append(Reference(INCLUDE, "components." + component, line_of(m.start()), "blade"))
                continue
            kw, arg = m.group("kw"), m.group("arg")
            if kw in ("includeWhen", "includeUnless"):
                arg = arg.split(",", 1)[1] if "," in arg else ""
            name = _quoted(arg)
            if name is not None and ("::" in name or "$" in name):
                name = COMPUTED
            found.append(Reference(LAYOUT if kw == "extends" else INCLUDE, name, line_of(m.start()), "blade"))
    elif family == "php":
        for m in (m for start, end in _php_code(text) for m in _PHP.finditer(text, start, end)):
            if m.group("wp"):
                found.append(_wordpress(m.group("wp"), m.group("wparg"), line_of(m.start())))
                continue
            arg = m.group("arg")
            relative = _PHP_DIR.match(arg.lstrip())
            rest = arg.lstrip()[relative.end():] if relative else arg
            name = _quoted(rest) if _ends_literal(rest) else COMPUTED
            if name is not None and "$" in name and _quoted(rest) is not None and rest.lstrip()[0] == '"':
                name = COMPUTED  # "parts/$name.php" interpolates
            found.append(Reference(INCLUDE, name, line_of(m.start()), "php-dir" if relative else "php"))
    elif family == "smarty":
        for m in _SMARTY.finditer(text):
            name = _quoted(m.group("arg"))
            if name is not None and ("$" in name or "`" in name):
                name = COMPUTED
            kind = LAYOUT if m.group("kw") == "extends" else INCLUDE
            found.append(Reference(kind, name, line_of(m.start()), "smarty"))
    elif family == "freemarker":
        for m in _FREEMARKER.finditer(text):
            name = _quoted(m.group("arg"))
            found.append(Reference(INCLUDE, name if name and "${" not in name else COMPUTED, line_of(m.start()), "freemarker"))
    elif family == "thymeleaf" or "th:" in text:
        for m in _THYMELEAF.finditer(text):
            expr = m.group("arg")[1:-1].strip()
            inner = re.match(r"~\{\s*([\w./-]{1,200})\s*(?:::[^}]*)?\}$", expr) or re.match(r"([\w./-]{1,200})\s*(?:::.*)?$", expr)
            name = inner.group(1) if inner else COMPUTED
            found.append(Reference(INCLUDE, name, line_of(m.start()), "thymeleaf"))
    elif family == "razor":
        for m in _RAZOR.finditer(text):
            value = m.group("tag") or m.group("call") or m.group("layout")
            if value == "null":
                continue
            name = value[1:-1] if value else COMPUTED
            kind = LAYOUT if m.group("layout") else INCLUDE
            found.append(Reference(kind, name if name and "@" not in name else COMPUTED, line_of(m.start()), "razor"))
    return found


def _php_code(text: str) -> list[tuple[int, int]]:
    """The stretches of PHP code (``<?php … ?>``, ``<?= … ?>``): an include is code, never the
    page's prose ("prices include VAT")."""
    found = []
    pos = 0
    while True:
        start = text.find("<?", pos)
        if start < 0:
            return found
        end = text.find("?>", start + 2)
        found.append((start + 2, len(text) if end < 0 else end))
        if end < 0:
            return found
        pos = end + 2


# Where a template language's comments and literal blocks are, which name no file.
_COMMENTS = {
    "jinja": (("{#", "#}"), ("{% comment %}", "{% endcomment %}"), ("{% raw %}", "{% endraw %}"),
              ("{% verbatim %}", "{% endverbatim %}")),
    "liquid": (("{% comment %}", "{% endcomment %}"), ("{% raw %}", "{% endraw %}"), ("{%- comment -%}", "{%- endcomment -%}")),
}
_COMMENTS["shopify"] = _COMMENTS["markdown"] = _COMMENTS["liquid"]


def blanked(text: str, family: str) -> str:
    """The text with its comments and raw blocks blanked out (lines kept), in one pass per kind."""
    pairs = _COMMENTS.get(family)
    if not pairs or "{" not in text:
        return text
    chars = None
    for opener, closer in pairs:
        pos = 0
        while True:
            start = text.find(opener, pos)
            if start < 0:
                break
            end = text.find(closer, start + len(opener))
            end = len(text) if end < 0 else end + len(closer)
            if chars is None:
                chars = list(text)
            for i in range(start, end):
                if chars[i] != "\n":
                    chars[i] = " "
            pos = end
    return text if chars is None else "".join(chars)


def _backticked(arg: str) -> str | None:
    m = re.match(r"\s*`([^`\n]{0,300})`", arg)
    return m.group(1) if m else None


def _wordpress(function: str, arg: str, line: int) -> Reference:
    """WordPress's template tags: get_header('shop') loads header-shop.php, else header.php."""
    parts = [p.strip() for p in arg.split(",")] if arg.strip() else []
    literal = [_quoted(p) for p in parts[:2]]
    if function == "get_template_part":
        if not literal or literal[0] is None:
            return Reference(INCLUDE, COMPUTED, line, "wordpress")
        slug = literal[0]
        if len(parts) > 1:
            if literal[1] is None:
                return Reference(INCLUDE, COMPUTED, line, "wordpress")
            return Reference(INCLUDE, f"{slug}-{literal[1]}.php|{slug}.php", line, "wordpress")
        return Reference(INCLUDE, slug + ".php", line, "wordpress")
    base = function[4:]  # header, footer, sidebar
    if parts:
        if literal[0] is None:
            return Reference(INCLUDE, COMPUTED, line, "wordpress")
        return Reference(INCLUDE, f"{base}-{literal[0]}.php|{base}.php", line, "wordpress")
    return Reference(INCLUDE, base + ".php", line, "wordpress")


def _rails_layout(path: str, text: str) -> list[Reference]:
    """A Rails view (app/views/orders/show.html.erb, not a partial or a layout) is rendered in
    its controller's layout, else the application's."""
    parts = path.split("/")
    if "views" not in parts:
        return []
    i = len(parts) - 1 - parts[::-1].index("views")
    inside = parts[i + 1 :]
    if len(inside) < 2 or inside[0] in ("layouts", "shared", "application") or inside[-1].startswith("_"):
        return []
    if "mailer" in inside[0]:
        return []
    return [Reference(LAYOUT, f"layouts/{inside[0]}|layouts/application", 1, "rails-layout")]


def front_matter(text: str) -> dict[str, str]:
    """The layout, title and permalink a content file's YAML front matter gives, unquoted."""
    if not text.startswith(("---", "\ufeff---")):
        return {}
    m = _FRONT_MATTER.match(text)
    if m is None:
        return {}
    found = {}
    for key in _FRONT_KEY.finditer(m.group("body")):
        value = key.group("value").strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
            value = value[1:-1]
        found.setdefault(key.group("key"), value)
    return found


class _LineIndex:
    """Line numbers of offsets, asked for in increasing order mostly: counted incrementally."""

    def __init__(self, text: str) -> None:
        self._text = text
        self._offset = 0
        self._line = 1

    def __call__(self, offset: int) -> int:
        if offset < self._offset:
            self._offset, self._line = 0, 1
        self._line += self._text.count("\n", self._offset, offset)
        self._offset = offset
        return self._line


# --- settings that decide what renders ----------------------------------------------------

_LIQUID_CONTROL = re.compile(r"\{%-?\s*(if|unless|elsif|else|endif|endunless)\b([^%]{0,500})%\}")
_SITE_KEY = re.compile(r"\bsite\.([A-Za-z_][\w-]*(?:\.[A-Za-z_][\w-]*)*)(?![\w.-])(?!\s*(?:==|!=|<|>|contains\b))")


def setting_guards(text: str) -> list[tuple[int, int, tuple[str, ...]]]:
    """Stretches of a Liquid template (first line, last line, keys) that render only when the
    site's configuration sets each key: ``{% if site.google_analytics %}…{% endif %}``. Only
    plain conditions guard (``site.a and site.b``); ``or``, comparisons and ``else`` do not."""
    if "site." not in text or "{%" not in text:
        return []
    found = []
    stack: list[tuple[int, tuple[str, ...]]] = []  # (first line, keys) of the open blocks
    line_of = _LineIndex(text)
    for m in _LIQUID_CONTROL.finditer(text):
        word, condition = m.group(1), m.group(2)
        line = line_of(m.start())
        if word in ("if", "unless"):
            keys = ()
            if word == "if" and " or " not in condition:
                keys = tuple(_SITE_KEY.findall(condition))
            stack.append((line, keys))
        elif word in ("elsif", "else") and stack:
            first, keys = stack[-1]
            if keys:
                found.append((first, line, keys))
            stack[-1] = (line, ())
        elif stack:
            first, keys = stack.pop()
            if keys:
                found.append((first, line, keys))
    return found


# --- resolution -----------------------------------------------------------------------------

# Where each convention keeps what a name names, tried in order (relative to the tree's root,
# and to any folder of it that holds templates).
_EXTENSIONS = {
    "jekyll": ("", ".html", ".liquid", ".md"),
    "frontmatter": ("", ".html", ".njk", ".liquid", ".md", ".hbs", ".ejs", ".11ty.js"),
    "shopify": (".liquid", ".json"),
    "jinja": ("",),
    "relative": ("",),
    "handlebars": (".hbs", ".handlebars", ".mustache", ""),
    "hugo": ("", ".html"),
    "rails": (".html.erb", ".erb", ".html.haml", ".html.slim", ""),
    "rails-layout": (".html.erb", ".erb"),
    "ejs": (".ejs", ""),
    "blade": (".blade.php", ".php"),
    "php": ("",),
    "php-dir": ("",),
    "wordpress": ("",),
    "smarty": ("",),
    "freemarker": ("", ".ftl", ".ftlh"),
    "thymeleaf": (".html", ""),
    "razor": (".cshtml", ""),
}
_FOLDERS = {
    "jekyll": ("_includes", "_layouts", "_includes/layouts", "includes", "layouts"),
    "frontmatter": ("_layouts", "_includes", "_includes/layouts", "layouts", "src/_includes", "src/_layouts"),
    "shopify": ("snippets", "sections", "layout", "blocks"),
    "hugo": ("layouts/_partials", "layouts/partials", "layouts"),
    "handlebars": ("partials", "views/partials", "templates/partials", "src/partials"),
    "blade": ("resources/views",),
    "rails": ("app/views",),
    "rails-layout": ("app/views",),
    "smarty": ("templates", "themes"),
    "thymeleaf": ("src/main/resources/templates", "templates"),
    "razor": ("Views/Shared", "Pages/Shared", "Views", "Pages"),
}


# Templates Hugo embeds, which a partial call reaches when the project does not override them.
HUGO_EMBEDDED = frozenset({
    "google_analytics.html", "google_analytics_async.html", "disqus.html", "opengraph.html", "twitter_cards.html",
    "schema.html", "pagination.html", "robots.txt", "sitemap.xml", "rss.xml", "alias.html",
})


class Resolver:
    """Names to files of one tree: by the generator's folders, relative to the file, and
    failing those by path suffix (``oscar/layout.html`` is ``src/oscar/templates/oscar/layout.html``)."""

    def __init__(self, files: list[str]) -> None:
        self._files = set(files)
        self._by_name: dict[str, list[str]] = {}
        for f in files:
            self._by_name.setdefault(posixpath.basename(f), []).append(f)

    def resolve(self, ref: Reference, source: str) -> str | None:
        """The file a reference names; "" for a generator's own template; None when unknown."""
        if ref.name is None:
            return None
        for name in ref.name.split("|"):
            found = self._one(name.strip(), ref, source)
            if found is not None:
                return found
        if ref.family == "hugo" and ref.name.removeprefix("_internal/") in HUGO_EMBEDDED:
            return ""  # Hugo's embedded partial, where the project has none of its own
        return None

    def _one(self, name: str, ref: Reference, source: str) -> str | None:
        if not name or "://" in name:
            return None
        family = ref.family
        here = posixpath.dirname(source)
        if family == "hugo" and ref.kind == LAYOUT and name == "baseof":
            return self._hugo_baseof(source)
        if family == "blade":
            name = name.replace(".", "/")
        elif family in ("rails", "rails-layout"):
            name = self._rails_partial(name, source, family)
        names = [name + ext for ext in _EXTENSIONS.get(family, ("",))]
        if family in ("php", "php-dir", "relative", "ejs", "smarty", "freemarker"):
            # A path relative to the including file (PHP looks beside the including script too).
            for candidate in names:
                found = self._exists(posixpath.normpath(posixpath.join(here, candidate.lstrip("/"))))
                if found:
                    return found
        if family == "wordpress":
            # The theme's own folder: the nearest one above that holds style.css or functions.php.
            folder = here
            while True:
                found = self._exists(posixpath.join(folder, name) if folder else name)
                if found:
                    return found
                if not folder:
                    break
                folder = posixpath.dirname(folder)
            return None
        roots = [""] + [f for f in _FOLDERS.get(family, ())]
        for root in roots:
            for candidate in names:
                found = self._exists(posixpath.join(root, candidate.lstrip("/")) if root else candidate.lstrip("/"))
                if found:
                    return found
        if family in ("php", "php-dir", "relative"):
            return None  # a path, not a name to look up elsewhere
        # Any folder of the tree: a theme or an app's own templates folder.
        for candidate in names:
            base = posixpath.basename(candidate)
            matches = [f for f in self._by_name.get(base, ()) if f == candidate or f.endswith("/" + candidate.lstrip("/"))]
            if matches:
                # A loader's root (templates/x.html) before a deeper namesake, then the nearest.
                return min(matches, key=lambda f: (not _under_root(f, candidate), -_shared_prefix(f, source), len(f), f))
        return None

    def _exists(self, path: str) -> str | None:
        return path if path in self._files else None

    def _hugo_baseof(self, source: str) -> str | None:
        """Hugo's base template: baseof.html beside the template, then up the layouts folder, then _default."""
        folder = posixpath.dirname(source)
        while folder:
            for name in ("baseof.html", "_default/baseof.html"):
                found = self._exists(posixpath.join(folder, name))
                if found:
                    return found
            if posixpath.basename(folder) == "layouts":
                break
            folder = posixpath.dirname(folder)
        return None

    @staticmethod
    def _rails_partial(name: str, source: str, family: str) -> str:
        """render 'shared/footer' is app/views/shared/_footer; render 'form' is the view's folder's _form."""
        if family == "rails-layout":
            return name
        head, tail = posixpath.split(name)
        if not head:
            parts = source.split("/")
            if "views" in parts:
                i = len(parts) - 1 - parts[::-1].index("views")
                head = "/".join(parts[i + 1 : -1])
        return posixpath.join(head, tail if tail.startswith("_") else "_" + tail)


_TEMPLATE_ROOTS = frozenset({"templates", "views", "layouts", "_includes", "_layouts", "partials", "includes"})


def _under_root(path: str, name: str) -> bool:
    """Whether ``path`` is ``name`` directly under a folder that loaders search (templates/…)."""
    head = path[: len(path) - len(name.lstrip("/"))].rstrip("/")
    return posixpath.basename(head) in _TEMPLATE_ROOTS or not head


def _shared_prefix(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a.split("/"), b.split("/")):
        if x != y:
            break
        n += 1
    return n
