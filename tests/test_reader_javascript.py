"""The JavaScript and JSX readers: markup that scripts and components write, found where it is
written, with the file's own line and column; computed values unknown, never violations; bad
input read in linear time, without a traceback."""

from __future__ import annotations

import random
import time

import pytest

from privlint import config as config_mod
from privlint.engine import Linter
from privlint.readers import ReadOptions
from privlint.readers.components import imports_of, resolve
from privlint.readers.javascript import read_jsx, read_script

from conftest import assert_reads_in_linear_time, write

HTTP_FORM = '<form action="http://x.example/send" method="post"><input type="email" name="email"></form>'


def lint(tmp_path, text: str | bytes, select=("PRV101",), name="app.js", config=None):
    write(tmp_path / name, text)
    linter = Linter(config or config_mod.Config(base_dir=tmp_path), select=list(select), cwd=tmp_path,
                    all_occurrences=True)
    return linter.run([str(tmp_path / name)])


def at(result):
    return sorted((f.code, f.region.line, f.region.column) for f in result.findings)


def column_of(text: str, needle: str, line: int) -> int:
    return text.split("\n")[line - 1].index(needle) + 1


def parts(reading) -> list[str]:
    return [reading.source[s:e].strip() for s, e in reading.parts]


# --- scripts: where strings write markup ----------------------------------------------------


def test_inner_html_string_is_markup_at_its_own_line_and_column(tmp_path):
    text = "const el = document.body;\nel.innerHTML = '" + HTTP_FORM + "';\n"
    assert at(lint(tmp_path, text)) == [("PRV101", 2, column_of(text, "action", 2))]


def test_positions_after_a_decoded_escape_stay_in_the_string(tmp_path):
    text = "el.innerHTML = '<p>\\u00e9t\\u00e9 \\x3e</p>\\n<form action=\"http://x.example/\">';\n"
    reading = read_script(text, ReadOptions())
    assert "<p>été ></p>\n<form" in parts(reading)[1]
    assert at(lint(tmp_path, text)) == [("PRV101", 1, column_of(text, "action", 1))]


def test_positions_after_an_interpolation_stay_in_the_template(tmp_path):
    text = "el.innerHTML = `<p>${user.name}</p>\n  <b>${n}</b><form action=\"http://x.example/\">`;\n"
    assert at(lint(tmp_path, text)) == [("PRV101", 2, column_of(text, "action", 2))]


def test_every_sink_is_read(tmp_path):
    text = "\n".join([
        "a.outerHTML = '" + HTTP_FORM + "';",
        "a.insertAdjacentHTML('beforeend', '" + HTTP_FORM + "');",
        "document.write('" + HTTP_FORM + "');",
        "$('" + HTTP_FORM + "').appendTo(b);",
        "jQuery(c).html(\"" + HTTP_FORM.replace('"', "'") + "\");",
        "$(d).append('<div>', '" + HTTP_FORM + "');",
        "a.innerHTML += '" + HTTP_FORM + "';",
    ]) + "\n"
    assert [line for _code, line, _col in at(lint(tmp_path, text))] == [1, 2, 3, 4, 5, 6, 7]


def test_a_variable_built_with_plus_equals_is_written_at_its_sink(tmp_path):
    text = "let html = '<form action=\"http://x.example/\" method=\"post\">';\nfor (const f of fields) {\n" \
           "  html += '<input name=\"' + f + '\">';\n}\nhtml += '</form>';\nlist.innerHTML = html;\n"
    reading = read_script(text, ReadOptions())
    (fragment,) = [p for p in parts(reading)[1:]]
    assert fragment.startswith('<form action="http://x.example/" method="post"><input name="')
    assert fragment.endswith('"></form>')
    assert at(lint(tmp_path, text)) == [("PRV101", 1, column_of(text, "action", 1))]


def test_strings_that_only_contain_a_less_than_sign_are_no_markup():
    text = "if (a < b) { x = '<' + y; }\nconst s = 'a <= b', t = \"1 < 2\";\nlet r = /<form/g, d = a / b / c;\n"
    assert parts(read_script(text, ReadOptions())) == [parts(read_script(text, ReadOptions()))[0]]


def test_markup_in_comments_is_no_markup(tmp_path):
    text = "// el.innerHTML = '" + HTTP_FORM + "';\n/* $('" + HTTP_FORM + "') */\n"
    assert at(lint(tmp_path, text)) == []


def test_computed_values_are_unknown_never_violations(tmp_path):
    text = "el.innerHTML = '<form action=\"' + endpoint + '\"><input name=\"cc-number\" autocomplete=\"' + ac + '\"></form>';\n"
    assert at(lint(tmp_path, text, select=("PRV101", "PRV401"))) == []


def test_a_field_is_unknown_outside_the_string_that_holds_its_form(tmp_path):
    text = "form.innerHTML = '<form action=\"/pay\" method=\"post\"></form>';\n" \
           "slot.innerHTML = '<input name=\"card-number\">';\n" \
           "box.innerHTML = '<form action=\"/pay\" method=\"post\"><input name=\"card-number\"></form>';\n"
    assert at(lint(tmp_path, text, select=("PRV401",))) == [("PRV401", 3, column_of(text, "<input", 3))]


def test_the_code_itself_is_an_inline_script_for_the_tracker_rules(tmp_path):
    text = "!function(f,b,e,v,n,t,s){if(f.fbq)return;n=f.fbq=function(){};t=b.createElement(e);\n" \
           "t.src=v}(window,document,'script','https://connect.facebook.net/en_US/fbevents.js');\nfbq('init', '1234567890');\n"
    (finding,) = lint(tmp_path, text, select=("PRV201",)).findings
    assert "Meta Pixel" in finding.message


def test_a_created_script_is_a_script_element_with_its_src_in_the_string(tmp_path):
    text = "var s = document.createElement('script');\ns.async = true;\n" \
           "s.src = 'http://cdn.example/chat.js';\ndocument.head.appendChild(s);\n"
    reading = read_script(text, ReadOptions())
    assert parts(reading)[1] == "<script async src=\"http://cdn.example/chat.js\"></script>"
    assert at(lint(tmp_path, text, select=("PRV102",))) == [("PRV102", 3, 3)]


def test_a_script_created_in_a_click_handler_is_left_to_the_script_reading():
    text = "btn.addEventListener('click', () => { const s = document.createElement('script'); s.src = 'https://x.example/a.js'; });\n"
    assert len(read_script(text, ReadOptions()).parts) == 1


def test_script_close_in_code_does_not_end_the_inline_script():
    text = "const a = 1; // </script><form action='http://x.example/'>\n"
    reading = read_script(text, ReadOptions())
    assert "<\\/script>" in reading.source and len(reading.parts) == 1


def test_js_comments_hold_directives(tmp_path):
    text = "// privlint-disable-next-line PRV101 -- partner endpoint\nel.innerHTML = '" + HTTP_FORM + "';\n" \
           "/* privlint-disable-next-line PRV101 -- the same */\nel.innerHTML = '" + HTTP_FORM + "';\n" \
           "el.innerHTML = '" + HTTP_FORM + "';\n"
    result = lint(tmp_path, text)
    assert at(result) == [("PRV101", 5, column_of(text, "action", 5))]
    assert len(result.suppressed) == 2


# --- JSX ---------------------------------------------------------------------------------


def jsx(body: str) -> str:
    return "export default function Page({ user }) {\n  return (\n" + body + "\n  );\n}\n"


def test_jsx_attributes_read_as_html():
    text = jsx('<form className="f" acceptCharset="utf-8" noValidate onSubmit={go}>'
               '<label htmlFor="e">E</label><input id="e" autoComplete="email" defaultValue="a" />'
               '<input type="checkbox" defaultChecked /><meta httpEquiv="refresh" /><div data-x="1" aria-label="l" /></form>')
    html = parts(read_jsx(text, ReadOptions()))[1]
    assert html == ('<form class="f" accept-charset="utf-8" novalidate><label for="e">E</label>'
                    '<input id="e" autocomplete="email" value="a"><input type="checkbox" checked>'
                    '<meta http-equiv="refresh"><div data-x="1" aria-label="l"></div></form>')


def test_jsx_attribute_values():
    text = jsx("<input a={'x'} b={\"y\"} c={`z`} d={true} e={false} f={null} g={undefined} h={1} i={v} j={`p${q}`} {...rest} />")
    html = parts(read_jsx(text, ReadOptions()))[1]
    assert html.startswith('<input a="x" b="y" c="z" d h="1" i="\ufdd0')
    assert ' j="p\ufdd0' in html and "e=" not in html and "f=" not in html and "g=" not in html


def test_jsx_positions_map_to_the_file(tmp_path):
    text = jsx('    <div>\n      <form action="http://x.example/" method="post"><input type="email" name="email" /></form>\n    </div>')
    assert at(lint(tmp_path, text, name="page.jsx")) == [("PRV101", 4, column_of(text, "action", 4))]


def test_jsx_unknown_values_are_never_violations(tmp_path):
    text = jsx('<form action={url} method="post"><input name="cc-number" autoComplete={ac} /></form>')
    assert at(lint(tmp_path, text, select=("PRV101", "PRV401"), name="page.tsx")) == []


def test_jsx_children_code_and_nested_jsx(tmp_path):
    text = jsx("<ul>{items.map(i => <li key={i}>{i}</li>)}{user && <form action=\"http://x.example/\" method=\"post\">"
               "<input name=\"email\" /></form>}{children}</ul>")
    reading = read_jsx(text, ReadOptions())
    html = parts(reading)[1]
    assert "<li>" in html and "</li>" in html and '<form action="http://x.example/"' in html
    assert reading.pulls_in_markup
    assert at(lint(tmp_path, text, name="page.jsx")) == [("PRV101", 3, column_of(text, "action", 3))]


def test_each_jsx_tree_is_a_fragment_and_self_closing_elements_close(tmp_path):
    text = "const A = () => <form action=\"/a\" method=\"post\"><div/></form>;\nconst B = () => <input name=\"card-number\" />;\n"
    reading = read_jsx(text, ReadOptions())
    assert parts(reading)[1:] == ['<form action="/a" method="post"><div></div></form>', '<input name="card-number">']
    assert at(lint(tmp_path, text, select=("PRV401",), name="c.jsx")) == []  # its form is unknown


def test_typescript_generics_and_comparisons_are_no_jsx():
    text = "const id = <T,>(x: T) => x;\nfunction f<T extends object>(a: T) { return a < b && c > d; }\nfoo<Bar>(x);\n"
    assert len(read_jsx(text, ReadOptions()).parts) == 1


def test_dangerously_set_inner_html_is_the_elements_content(tmp_path):
    text = jsx("<div dangerouslySetInnerHTML={{ __html: '" + HTTP_FORM + "' }} />")
    assert at(lint(tmp_path, text, name="p.jsx")) == [("PRV101", 3, column_of(text, "action", 3))]


def test_jsx_comments_hold_directives(tmp_path):
    text = jsx("<div>\n{/* privlint-disable-next-line PRV101 -- partner */}\n" + HTTP_FORM.replace("<input", "<input") + "\n</div>")
    text = text.replace('name="email">', 'name="email" />')
    result = lint(tmp_path, text, select=("PRV101", "PRV001"), name="p.jsx")
    assert at(result) == [] and len(result.suppressed) == 1


def test_components_from_the_data_and_unknown_components(tmp_path):
    text = ("import Link from 'next/link';\nimport Script from 'next/script';\nimport Card from './Card';\n"
            + jsx('<Card title="t"><Link href="/privacy" prefetch={false}>Privacy</Link>'
                  '<Script src="https://www.googletagmanager.com/gtag/js?id=G-1" strategy="lazyOnload" /></Card>'))
    reading = read_jsx(text, ReadOptions())
    html = parts(reading)[1]
    assert '<a href="/privacy">Privacy</a>' in html
    assert '<script src="https://www.googletagmanager.com/gtag/js?id=G-1"></script>' in html
    assert html.startswith("\ufdd0") and reading.pulls_in_markup  # <Card> stands as unknown


def test_components_config_mapping():
    text = jsx('<SignupForm action="http://x.example/" className="s"><input name="email" /></SignupForm>')
    html = parts(read_jsx(text, ReadOptions(components=(("SignupForm", "form"),))))[1]
    assert html == '<form action="http://x.example/" class="s"><input name="email"></form>'
    assert resolve("SignupForm", {}, ReadOptions(components=(("SignupForm", "form"),))).element == "form"


def test_hosted_card_fields_are_never_card_fields(tmp_path):
    text = ("import { CardElement, PaymentElement as PE } from '@stripe/react-stripe-js';\n"
            + jsx('<form action="/pay" method="post"><CardElement /><PE options={o} /></form>'))
    html = parts(read_jsx(text, ReadOptions()))[1]
    assert html.count('<iframe src="https://js.stripe.com/v3/" data-privlint-hosted-fields="Stripe Elements"></iframe>') == 2
    assert at(lint(tmp_path, text, select=("PRV401", "PRV402"), name="pay.tsx")) == []


def test_imports_of_reads_default_named_aliases_and_namespaces():
    found = imports_of("import A, { B as C, D } from 'm';\nimport * as NS from \"n\";\nimport type { T } from 't';\nimport './x.css';\n")
    assert dict(found) == {"A": "m", "C": "m", "D": "m", "NS": "n", "T": "t"}
    assert resolve("NS.CardElement", {"NS": "@stripe/react-stripe-js"}, ReadOptions()).hosted_fields == "Stripe Elements"
    assert resolve("nuxt-link", {}, ReadOptions(), kebab=True).element == "a"
    assert resolve("Link", {"Link": "./my-link"}, ReadOptions()) is None


# --- bad input: best effort, linear time ----------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "el.innerHTML = '<form action=\"http://x.example/\">",  # unterminated string
        "el.innerHTML = `<form action=\"http://x.example/\">${a",  # unterminated template
        "el.innerHTML = `<form ${`${`${",  # unterminated nested templates
        "let r = /<form[/; el.innerHTML = '<b>';",  # unterminated regex
        "/* el.innerHTML = '<form>'",  # unterminated comment
        ") ] } el.innerHTML = '<b>'; ( [ {",  # unbalanced brackets
        "el.innerHTML = '\\",  # a lone backslash
        "el.innerHTML = '\\u{110000}\\uD800\\x00\\uFDD0<b>';",  # escapes markup cannot hold
        "\ufeff\u2028\u2029<b>",
    ],
)
def test_broken_javascript_gives_a_best_effort_reading(tmp_path, text):
    result = lint(tmp_path, text, select=("ALL",))
    assert result.internal_errors == 0 and result.notices == []


@pytest.mark.parametrize(
    "text",
    [
        "const a = <div><p>unclosed",
        "const a = <div attr=\"open",
        "const a = <div>{x && <b>}</div>;",
        "const a = </div></div><p>;",
        "const a = <><>{`${<a href=\"http://x.example/\">}`}</>",
        "const a = <input {...} {...{a: 1}} b={} c=/>",
        "return <a.b.c:d-e f:g=\"1\">x</a.b.c:d-e>",
    ],
)
def test_broken_jsx_gives_a_best_effort_reading(tmp_path, text):
    result = lint(tmp_path, text, select=("ALL",), name="c.tsx")
    assert result.internal_errors == 0 and result.notices == []


def test_a_binary_file_named_js_is_linted_without_a_traceback(tmp_path):
    data = bytes(random.Random(7).randrange(256) for _ in range(200_000))
    for name in ("bin.js", "bin.jsx"):
        result = lint(tmp_path, data, select=("ALL",), name=name)
        assert result.internal_errors == 0 and len(result.notices) <= 1


def test_a_5_MB_minified_line_is_read_in_seconds(tmp_path):
    chunk = ("var a=b/2,c=/x\\/y/g.test(d)?'<li class=\"i\">'+e+'</li>':`<b>${f}</b>`;"
             "function g(h){return h<1&&h>0}el.innerHTML='" + HTTP_FORM + "';")
    text = chunk * (4_900_000 // len(chunk))
    start = time.perf_counter()
    result = lint(tmp_path, text, select=("PRV101",))
    elapsed = time.perf_counter() - start
    assert result.internal_errors == 0 and result.notices == []
    assert len(result.findings) == text.count(HTTP_FORM)
    assert elapsed < 120, f"{elapsed:.1f} s for {len(text) / 1e6:.1f} MB"


CRAFTED = {
    "nested templates": lambda n: "el.innerHTML = " + "`<b>${" * (n // 7) + "x" + "}`" * (n // 7) + ";",
    "nested parentheses": lambda n: "el.innerHTML = " + "(" * n + "'<b>'" + ")" * n + ";",
    "unclosed parentheses": lambda n: "el.innerHTML = " + "(" * n + "'<b>' + ",
    "a long chain": lambda n: "el.innerHTML = '<p>'" + " + a + '<b>'" * (n // 12) + ";",
    "many plus-equals": lambda n: "let h = '<ul>';" + "h += '<li>';" * (n // 12) + "el.innerHTML = h;",
    "many plain strings": lambda n: "x = 'a'" + " + 'b'" * (n // 6) + ";",
    "many sinks": lambda n: "el.innerHTML = '<b>';" * (n // 21),
    "many slashes": lambda n: "a = (" + "/(" * (n // 2),
    "many imports": lambda n: "import " * (n // 7),
    "nested jsx": lambda n: "x = " + "<a>{b && " * (n // 11) + "<i/>" + "}</a>" * (n // 11),
    "unclosed jsx": lambda n: "x = " + "<div a={<b " * (n // 11),
    "jsx attributes": lambda n: "x = <input " + "a={b} " * (n // 6) + "/>",
    "unclosed templates": lambda n: "el.innerHTML = " + "`<b>${" * (n // 6),
    "nested plain templates": lambda n: "x = " + "`a${" * (n // 6) + "}`" * (n // 6),
    "unclosed calls": lambda n: "$(" * (n // 2),
    "unclosed jsx braces": lambda n: "x = <a b={" * (n // 10),
    "nested jsx attributes": lambda n: "x = " + "<a b={" * (n // 9) + "<i/>" + "}/>" * (n // 9),
    "unclosed strings": lambda n: "el.innerHTML = '<b>' + '" * (n // 20),
    "many created scripts": lambda n: "var s = document.createElement('script');" + "s.src = 'https://x.example/a.js';" * (n // 33),
}


@pytest.mark.parametrize("shape", sorted(CRAFTED))
def test_reading_is_linear_on_crafted_input(shape):
    small, large = CRAFTED[shape](20_000), CRAFTED[shape](200_000)
    read = read_jsx if "jsx" in shape else read_script
    assert_reads_in_linear_time(read, small, large, shape)


@pytest.mark.parametrize("shape", ["nested templates", "nested parentheses", "nested jsx", "unclosed jsx", "unclosed templates",
                                   "nested jsx attributes"])
def test_deep_nesting_is_linted_without_a_traceback(tmp_path, shape):
    name = "deep.jsx" if "jsx" in shape else "deep.js"
    result = lint(tmp_path, CRAFTED[shape](200_000), select=("ALL",), name=name)
    assert result.internal_errors == 0 and len(result.notices) <= 1


# --- inline scripts of pages and templates -----------------------------------------------------


def test_an_inline_script_writes_markup_at_its_own_line_and_column(tmp_path):
    text = "<!doctype html>\n<p>Join us</p>\n<script>\n  box.innerHTML = '" + HTTP_FORM + "';\n</script>\n"
    assert at(lint(tmp_path, text, name="index.html")) == [("PRV101", 4, column_of(text, "action", 4))]


def test_a_page_whose_scripts_write_no_markup_is_read_as_it_stands(tmp_path):
    from pathlib import Path

    from privlint.document import Document

    page = tmp_path / "index.html"
    page.write_text("<p>x</p><script>gtag('config', 'G-1'); el.textContent = '<b>';</script>")
    assert not Document.from_file(page, "index.html").mapped
    page.write_text("<p>x</p><script>el.innerHTML = '<b>' + name + '</b>';</script>")
    doc = Document.from_file(Path(page), "index.html")
    assert doc.mapped and not doc.is_template  # a plain page, with the markup its script writes


def test_a_template_directive_still_covers_what_its_inline_script_writes(tmp_path):
    text = (
        "{% block footer %}\n<script>\n  {# privlint-disable-next-line PRV101 -- the list's own HTTP form, moving in May #}\n"
        "  box.innerHTML = '" + HTTP_FORM + "';\n  other.innerHTML = '" + HTTP_FORM + "';\n</script>\n{% endblock %}\n"
    )
    result = lint(tmp_path, text, select=("PRV101", "PRV001"), name="footer.html.j2")
    assert at(result) == [("PRV101", 5, column_of(text, "action", 5))]
    assert [s.finding.region.line for s in result.suppressed] == [4]


INLINE_CRAFTED = {
    "unclosed script tags": lambda n: "<script " * (n // 8),
    "many writing scripts": lambda n: "<script>el.innerHTML='<b>';</script>" * (n // 36),
    "scripts in comments": lambda n: "<!--<script>el.innerHTML='<b>';" * (n // 31),
    "one script, many sinks": lambda n: "<script>" + "el.innerHTML='<b>';" * (n // 19),
}


@pytest.mark.parametrize("shape", sorted(INLINE_CRAFTED))
def test_inline_scripts_are_read_in_linear_time(tmp_path, shape):
    def seconds(n: int) -> float:
        write(tmp_path / "page.html", INLINE_CRAFTED[shape](n))
        linter = Linter(config_mod.Config(base_dir=tmp_path), select=["ALL"], cwd=tmp_path)
        start = time.perf_counter()
        result = linter.run([str(tmp_path / "page.html")])
        assert result.internal_errors == 0
        return time.perf_counter() - start

    seconds(20_000)  # warm up
    t_small, t_large = seconds(20_000), seconds(200_000)
    assert t_large < max(40 * t_small, 1.0), f"{shape}: {t_small:.3f} s -> {t_large:.3f} s"
