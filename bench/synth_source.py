"""A synthetic storefront source repository, for benchmarking privlint on markup written by code.

    python bench/synth_source.py OUT_DIR [--files N] [--seed S] [--templates OUT_DIR]

What a shop's git repository holds, not what it builds: a WordPress theme and a WooCommerce-style
plugin in PHP (class files that build markup in strings, concatenation, heredoc and nowdoc,
arrays of field markup, sprintf, echo and printf; templates with PHP islands; and mostly plain
logic), a Next.js storefront in JSX/TSX (components, next/script analytics, Stripe's
CardElement, hooks and providers), a Vue admin in single-file components, plain JS/MJS/CJS/TS
(jQuery widgets, innerHTML and template literals, script loaders behind a consent check or not,
and mostly logic), and a few Svelte widgets and Astro pages. A node_modules/ folder, a composer
vendor/ folder and some one-line *.min.js files sit beside them, as in any checkout, for
privlint's walk to leave out: they count towards neither the file count nor linted_files().

A minority of files carry what the rules look for: a form posting over plain HTTP, card fields
with autocomplete="cc-number", the Meta Pixel and Google Analytics loaded with no consent check,
pre-ticked consent boxes, a newsletter form posting to a mailing-list vendor.

generate_templates() writes a Jinja/Liquid/Nunjucks template corpus of a given total size (the
source tree's linted bytes), built from synth_shop's blocks, for comparing privlint's speed per
megabyte on code with its speed on templates. Both outputs are deterministic for their
arguments.
"""

from __future__ import annotations

import argparse
import math
import random
import re
import shutil
import sys
import time
from pathlib import Path
from typing import Callable

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

import synth_shop  # noqa: E402
from synth_shop import BRAND, COUNTRIES, GA4_ID, HOTJAR_ID, PIXEL_ID, SITE, WORDS, slug  # noqa: E402

# What privlint is to lint in a source tree, and what its walk leaves out by default.
LINTED_EXTENSIONS = (".php", ".jsx", ".tsx", ".vue", ".js", ".mjs", ".cjs", ".ts", ".svelte", ".astro", ".css")
SKIPPED_DIRS = ("node_modules", "vendor")

# The share of each family in the file count, and its extensions' shares within it.
MIX = {
    "php": (0.35, {".php": 1.0}),
    "react": (0.25, {".tsx": 0.6, ".jsx": 0.4}),
    "vue": (0.15, {".vue": 1.0}),
    "js": (0.20, {".js": 0.5, ".ts": 0.34, ".mjs": 0.08, ".cjs": 0.08}),
    "islands": (0.05, {".svelte": 0.55, ".astro": 0.45}),
}
# Bytes: least, median of the draw, most, and the spread of its logarithm.
SIZES = {
    "php": (1_000, 5_600, 40_000, 0.72),
    "react": (500, 3_300, 20_000, 0.8),
    "vue": (1_000, 4_300, 20_000, 0.7),
    "js": (500, 3_600, 30_000, 0.9),
    "islands": (500, 2_800, 15_000, 0.7),
}

GA_SRC = f"https://www.googletagmanager.com/gtag/js?id={GA4_ID}"
FB_SRC = "https://connect.facebook.net/en_US/fbevents.js"
LIST_MANAGE = "northwind-outfitters.us21.list-manage.com/subscribe/post?u=8f3a1c2b4d5e6f708192a3b4c&amp;id=1a2b3c4d5e"

THINGS = ["cart", "order", "customer", "coupon", "shipment", "rate", "tax", "payment", "product", "variation",
          "review", "wishlist", "subscriber", "consent", "event", "webhook", "stock", "refund", "subscription",
          "gift_card", "reward", "store", "size_guide", "address", "invoice", "return", "bundle", "session",
          "note", "badge", "banner", "menu", "filter", "swatch", "price", "fee", "zone", "region", "label", "report"]
PHP_ROLES = ["controller", "repository", "service", "admin", "settings", "meta_box", "list_table", "email",
             "widget", "shortcode", "block", "query", "data_store", "factory", "validator", "formatter", "exporter",
             "importer", "logger", "cache", "rest_controller", "cli_command", "scheduler", "install", "ajax", "handler"]
UI_ROLES = ["Card", "List", "Form", "Modal", "Drawer", "Summary", "Badge", "Banner", "Panel", "Table", "Row",
            "Picker", "Selector", "Gallery", "Tabs", "Filter", "Header", "Item", "Section", "Button", "Field",
            "Toast", "Skeleton", "Carousel", "Details", "Editor", "Preview", "Stepper"]
TS_ROLES = ["api", "client", "store", "utils", "format", "validation", "schema", "types", "constants", "mapper",
            "service", "cache", "queue", "events", "config", "helpers", "selectors", "reducer", "machine", "guards"]
COLUMNS = ["created_at", "updated_at", "status", "total", "quantity", "customer_id", "sku", "price", "currency",
           "country", "meta_value", "sort_order", "expires_at", "amount", "reference"]
STATUSES = ["pending", "processing", "on-hold", "completed", "cancelled", "refunded", "failed", "draft"]
ADDRESS = [("first_name", "First name", "given-name", "text"), ("last_name", "Last name", "family-name", "text"),
           ("company", "Company name", "organization", "text"), ("address_1", "Street address", "address-line1", "text"),
           ("address_2", "Apartment, suite, unit", "address-line2", "text"), ("city", "Town / City", "address-level2", "text"),
           ("state", "State / County", "address-level1", "text"), ("postcode", "Postcode / ZIP", "postal-code", "text"),
           ("phone", "Phone", "tel", "tel"), ("email", "Email address", "email", "email")]
CSS_PROPS = ["margin", "padding", "gap", "font-size", "line-height", "border-radius", "max-width", "min-height",
             "letter-spacing", "opacity", "z-index", "top"]


def camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(p.title() for p in rest)


def pascal(name: str) -> str:
    return "".join(p.title() for p in name.split("_"))


def kebab(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "-", name).lower()


def sq(text: str) -> str:
    """Text for a single-quoted PHP or JavaScript string."""
    return text.replace("\\", "\\\\").replace("'", "\\'")


def skipped(rel: Path) -> bool:
    """Whether privlint's walk leaves the file out by default: in node_modules/ or vendor/, or minified."""
    return any(part in SKIPPED_DIRS for part in rel.parts[:-1]) or rel.name.lower().endswith(".min.js")


def linted_files(root: Path) -> list[Path]:
    """The files of a generated tree that privlint is to lint: its sources and stylesheets, not
    what its walk skips (dot files and folders, node_modules/, vendor/, *.min.js)."""
    out = []
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        rel = path.relative_to(root)
        if any(part.startswith(".") for part in rel.parts) or skipped(rel):
            continue
        if path.name.lower().endswith(LINTED_EXTENSIONS):
            out.append(path)
    return out


def linted_bytes(root: Path) -> int:
    return sum(p.stat().st_size for p in linted_files(root))


class Writer:
    """Text and names, from one seeded generator."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.used: set = set()  # the names the file being written declares

    def begin(self) -> None:
        """A new file: no name is taken yet."""
        self.used = set()

    def fresh(self, kind: str, pool: list[str] = THINGS) -> str:
        """A name from pool for a declaration of this kind that the file does not have yet."""
        for _ in range(12):
            name = self.rng.choice(pool)
            if (kind, name) not in self.used:
                break
        else:
            base, n = name, 2
            while (kind, f"{base}_{n}") in self.used:
                n += 1
            name = f"{base}_{n}" if pool is THINGS else f"{base}{n}"
        self.used.add((kind, name))
        return name

    def once(self, key: str) -> bool:
        """True the first time the file asks for key."""
        if key in self.used:
            return False
        self.used.add(key)
        return True

    def chance(self, p: float) -> bool:
        return self.rng.random() < p

    def words(self, lo: int, hi: int) -> str:
        return " ".join(self.rng.choices(WORDS, k=self.rng.randint(lo, hi)))

    def label(self, lo: int = 1, hi: int = 3) -> str:
        return self.words(lo, hi).capitalize()

    def sentence(self, lo: int = 6, hi: int = 14) -> str:
        return self.words(lo, hi).capitalize() + "."

    def thing(self) -> str:
        return self.rng.choice(THINGS)

    def fill(self, parts: list[str], foot: str, target: int, hi: int, unit: Callable[[], str]) -> str:
        """parts + units until target + foot, never over hi."""
        size = sum(map(len, parts)) + len(foot)
        misses = 0
        while size < target and misses < 6:
            text = unit()
            if size + len(text) > hi:
                misses += 1
                continue
            parts.append(text)
            size += len(text)
        parts.append(foot)
        return "".join(parts)


# --- PHP ---------------------------------------------------------------------------------


def _block(lines: list[str], indent: str) -> str:
    # A line starting with NUL is a heredoc's: written as it stands, never indented.
    return "".join((line[1:] if line.startswith("\0") else (indent + line if line else "")) + "\n" for line in lines)


class Php(Writer):
    TEXT_DOMAIN = "northwind"

    def method(self, doc: str, name: str, params: str, body: list[str], indent: str, ret: str = "void",
               visibility: str = "public ") -> str:
        """A method (indent one tab) or a function (indent empty), WordPress style."""
        if not indent:  # a plain function: prefixed, and what was $this is the plugin's instance
            name, visibility = "nwc_" + name, ""
            body = [re.sub(r"array\( \$this, '(\w+)' \)", r"'nwc_\1'", line).replace("$this->", "nwc()->") for line in body]
        sig = f"{visibility}function {name}( {params} )" if params else f"{visibility}function {name}()"
        tags = [f" * @param {'array' if 'array' in p else 'mixed'} {p.split('=')[0].strip().split()[-1]} {self.label(2, 4)}." for p in params.split(",") if p.strip()]
        head = ["/**", f" * {doc}", " *", *tags, f" * @return {ret}", " */", sig + " {"]
        return "\n" + _block(head, indent) + _block(body, indent + "\t") + indent + "}\n"

    def __(self, text: str, fn: str = "__") -> str:
        return f"{fn}( '{sq(text)}', '{self.TEXT_DOMAIN}' )"

    # -- markup built in strings --

    def m_concat_field(self, indent: str) -> str:
        t = self.fresh("m_concat_field")
        kind = self.rng.choice(["text", "number", "email", "url", "tel"])
        body = ["$args = wp_parse_args(",
                "\t$args,",
                "\tarray(",
                f"\t\t'id'          => 'nwc_{t}_{self.rng.choice(['value', 'limit', 'label', 'note'])}',",
                f"\t\t'label'       => {self.__(self.label(1, 3))},",
                "\t\t'description' => '',",
                "\t\t'class'       => '',",
                "\t\t'value'       => '',",
                "\t)",
                ");",
                "",
                f"$html  = '<div class=\"nwc-field nwc-field--{kind} ' . esc_attr( $args['class'] ) . '\">';",
                "$html .= '<label for=\"' . esc_attr( $args['id'] ) . '\">' . esc_html( $args['label'] ) . '</label>';",
                f"$html .= '<input type=\"{kind}\" id=\"' . esc_attr( $args['id'] ) . '\" name=\"' . esc_attr( $args['id'] ) . '\" value=\"' . esc_attr( $args['value'] ) . '\" class=\"regular-text\" />';",
                "if ( ! empty( $args['description'] ) ) {",
                "\t$html .= '<p class=\"description\">' . wp_kses_post( $args['description'] ) . '</p>';",
                "}",
                "$html .= '</div>';",
                "",
                f"return apply_filters( 'nwc_{t}_field_html', $html, $args );"]
        return self.method(f"Field markup for a {t.replace('_', ' ')} setting.", f"render_{t}_field", "$args = array()", body, indent, "string")

    def m_dq_rows(self, indent: str) -> str:
        t = self.fresh("m_dq_rows")
        cols = self.rng.sample(COLUMNS, 3)
        body = ["$output = '';",
                "foreach ( $items as $item ) {",
                "\t$id      = absint( $item->id );",
                f"\t$url     = admin_url( 'admin.php?page=nwc-{t}s&action=edit&id=' . $id );",
                f"\t$output .= \"<tr class=\\\"nwc-{t}-row status-{{$item->status}}\\\" data-id=\\\"{{$id}}\\\">\";",
                "\t$output .= \"<td class=\\\"column-primary\\\"><a href=\\\"\" . esc_url( $url ) . \"\\\">#{$id}</a></td>\";"]
        for c in cols:
            body.append(f"\t$output .= \"<td class=\\\"column-{c}\\\">\" . esc_html( $item->{c} ) . \"</td>\";")
        body += ["\t$output .= \"</tr>\\n\";",
                 "}",
                 "if ( '' === $output ) {",
                 f"\t$output = '<tr class=\"no-items\"><td colspan=\"4\">' . {self.__('Nothing found.', 'esc_html__')} . '</td></tr>';",
                 "}",
                 "return $output;"]
        return self.method(f"Table rows for the {t.replace('_', ' ')} list.", f"get_{t}_rows_html", "$items", body, indent, "string")

    def m_heredoc(self, indent: str) -> str:
        t = self.fresh("m_heredoc")
        title, button = self.label(2, 4), self.label(1, 2)
        body = [f"$nonce       = wp_create_nonce( 'nwc_{t}_refresh' );",
                "$title       = esc_html( $this->get_title() );",
                f"$description = wp_kses_post( {self.__(self.sentence())} );",
                f"$button      = {self.__(button, 'esc_html__')};",
                "$count       = number_format_i18n( $this->count );",
                "",
                "$html = <<<HTML",
                f"\0<div class=\"nwc-panel nwc-panel--{t}\" data-nonce=\"{{$nonce}}\">",
                "\0\t<h3 class=\"nwc-panel__title\">{$title} <span class=\"count\">({$count})</span></h3>",
                "\0\t<p class=\"description\">{$description}</p>",
                f"\0\t<div class=\"nwc-panel__body\" id=\"nwc-{t}-body\"></div>",
                f"\0\t<button type=\"button\" class=\"button button-secondary nwc-{t}-refresh\">{{$button}}</button>",
                "\0</div>",
                "\0HTML;",
                "",
                "return $html;"]
        return self.method(f"The {title.lower()} panel.", f"{t}_panel_html", "", body, indent, "string")

    def m_nowdoc(self, indent: str) -> str:
        t = self.fresh("m_nowdoc")
        body = ["?>",
                f"\0<script type=\"text/html\" id=\"tmpl-nwc-{t}-modal\">",
                "\0\t<div class=\"nwc-backbone-modal\">",
                "\0\t\t<div class=\"nwc-backbone-modal-content\">",
                "\0\t\t\t<header class=\"nwc-backbone-modal-header\"><h1>{{ data.title }}</h1></header>",
                "\0\t\t\t<article>{{{ data.html }}}</article>",
                f"\0\t\t\t<footer><button id=\"btn-ok\" class=\"button button-primary button-large\">{self.label(1, 2)}</button></footer>",
                "\0\t\t</div>",
                "\0\t</div>",
                "\0</script>",
                "\0<?php"] if self.chance(0.4) else [
                "echo <<<'HTML'",
                f"\0<script type=\"text/template\" id=\"tmpl-nwc-{t}-row\">",
                "\0\t<tr data-id=\"{{ data.id }}\">",
                "\0\t\t<td class=\"name\">{{ data.name }}</td>",
                "\0\t\t<td class=\"value\"><input type=\"text\" name=\"value[{{ data.id }}]\" value=\"{{ data.value }}\" /></td>",
                "\0\t\t<td class=\"actions\"><a href=\"#\" class=\"delete\">&times;</a></td>",
                "\0\t</tr>",
                "\0</script>",
                "\0HTML;"]
        return self.method("Print the Backbone templates this screen needs.", f"print_{t}_templates", "", body, indent)

    def m_default_fields(self, indent: str) -> str:
        # WordPress's comment form fields and WooCommerce's registration fields: an array of markup.
        prechecked = self.chance(0.25)
        consent = "' checked=\"checked\"'" if prechecked else "( $commenter['comment_author_email'] ? ' checked=\"checked\"' : '' )"
        body = ["$commenter = wp_get_current_commenter();",
                "$req       = get_option( 'require_name_email' );",
                "$html_req  = ( $req ? \" required='required'\" : '' );",
                f"$consent   = {consent};",
                "",
                "$default_fields = array(",
                f"\t'author'  => '<p class=\"comment-form-author\"><label for=\"author\">' . {self.__('Name')} . ( $req ? ' <span class=\"required\">*</span>' : '' ) . '</label> ' .",
                "\t\t'<input id=\"author\" name=\"author\" type=\"text\" value=\"' . esc_attr( $commenter['comment_author'] ) . '\" size=\"30\" maxlength=\"245\" autocomplete=\"name\"' . $html_req . ' /></p>',",
                f"\t'email'   => '<p class=\"comment-form-email\"><label for=\"email\">' . {self.__('Email')} . ( $req ? ' <span class=\"required\">*</span>' : '' ) . '</label> ' .",
                "\t\t'<input id=\"email\" name=\"email\" type=\"email\" value=\"' . esc_attr( $commenter['comment_author_email'] ) . '\" size=\"30\" maxlength=\"100\" aria-describedby=\"email-notes\" autocomplete=\"email\"' . $html_req . ' /></p>',",
                f"\t'url'     => '<p class=\"comment-form-url\"><label for=\"url\">' . {self.__('Website')} . '</label> ' .",
                "\t\t'<input id=\"url\" name=\"url\" type=\"url\" value=\"' . esc_attr( $commenter['comment_author_url'] ) . '\" size=\"30\" maxlength=\"200\" autocomplete=\"url\" /></p>',",
                "\t'cookies' => '<p class=\"comment-form-cookies-consent\"><input id=\"wp-comment-cookies-consent\" name=\"wp-comment-cookies-consent\" type=\"checkbox\" value=\"yes\"' . $consent . ' /> ' .",
                f"\t\t'<label for=\"wp-comment-cookies-consent\">' . {self.__('Save my name, email, and website in this browser for the next time I comment.')} . '</label></p>',",
                ");",
                "",
                "if ( $this->is_marketing_enabled() ) {",
                "\t$default_fields['marketing'] = '<p class=\"comment-form-marketing\"><label><input type=\"checkbox\" name=\"nwc_marketing_opt_in\" value=\"1\"" + (" checked=\"checked\"" if prechecked else "") + " /> ' .",
                f"\t\t{self.__('Send me offers from ' + BRAND + ' and its partners', 'esc_html__')} . '</label></p>';",
                "}",
                "",
                "return apply_filters( 'nwc_comment_form_default_fields', $default_fields );"]
        return self.method("The comment form's fields, with the marketing opt-in.", "comment_form_fields", "$fields", body, indent, "array")

    def m_sprintf(self, indent: str) -> str:
        t = self.fresh("m_sprintf")
        body = ["$links = array();",
                f"foreach ( $this->get_{t}_actions( $item ) as $action => $data ) {{",
                "\t$links[] = sprintf(",
                "\t\t'<a href=\"%1$s\" class=\"button nwc-action-button nwc-action-button-%2$s %2$s\" aria-label=\"%3$s\">%4$s</a>',",
                "\t\tesc_url( $data['url'] ),",
                "\t\tsanitize_html_class( $action ),",
                "\t\tesc_attr( $data['title'] ),",
                "\t\tesc_html( $data['name'] )",
                "\t);",
                "}",
                "",
                "printf(",
                f"\t'<p class=\"nwc-{t}-actions\">%s</p>',",
                "\timplode( ' ', $links ) // phpcs:ignore WordPress.Security.EscapeOutput.OutputNotEscaped",
                ");",
                "",
                "if ( $item->has_note() ) {",
                "\tprintf( '<mark class=\"nwc-note tips\" data-tip=\"%s\">%s</mark>', esc_attr( $item->get_note() ), esc_html__( 'Note', 'northwind' ) );",
                "}"]
        return self.method(f"Print the actions of a {t.replace('_', ' ')} row.", f"render_{t}_actions", "$item", body, indent)

    def m_echo_list(self, indent: str) -> str:
        t = self.fresh("m_echo_list")
        body = ["if ( empty( $this->items ) ) {",
                f"\techo '<p class=\"nwc-empty\">' . {self.__('No ' + t.replace('_', ' ') + 's yet.', 'esc_html__')} . '</p>';",
                "\treturn;",
                "}",
                "",
                f"echo '<ul class=\"nwc-{t}-list\">';",
                "foreach ( $this->items as $key => $item ) {",
                "\t$classes = array( 'nwc-' . sanitize_html_class( $key ) );",
                "\tif ( ! empty( $item['active'] ) ) {",
                "\t\t$classes[] = 'is-active';",
                "\t}",
                "\techo '<li class=\"' . esc_attr( implode( ' ', $classes ) ) . '\">';",
                "\techo '<a href=\"' . esc_url( $item['url'] ) . '\">' . esc_html( $item['label'] ) . '</a>';",
                "\tif ( isset( $item['count'] ) ) {",
                "\t\techo ' <span class=\"count\">' . absint( $item['count'] ) . '</span>';",
                "\t}",
                "\techo '</li>';",
                "}",
                "echo '</ul>';"]
        return self.method(f"Output the {t.replace('_', ' ')} navigation.", f"output_{t}_list", "", body, indent)

    def m_card_fields(self, indent: str) -> str:
        # WooCommerce's WC_Payment_Gateway_CC::form(): the card fields, each a string in an array.
        body = ["wp_enqueue_script( 'nwc-credit-card-form' );",
                "",
                "$fields = array();",
                "",
                "$cvc_field = '<p class=\"form-row form-row-last\">",
                "\0\t\t\t<label for=\"' . esc_attr( $this->id ) . '-card-cvc\">' . esc_html__( 'Card code', 'northwind' ) . '&nbsp;<span class=\"required\">*</span></label>",
                "\0\t\t\t<input id=\"' . esc_attr( $this->id ) . '-card-cvc\" class=\"input-text nwc-credit-card-form-card-cvc\" inputmode=\"numeric\" autocomplete=\"off\" autocorrect=\"no\" autocapitalize=\"no\" spellcheck=\"no\" type=\"tel\" maxlength=\"4\" placeholder=\"' . esc_attr__( 'CVC', 'northwind' ) . '\" ' . $this->field_name( 'card-cvc' ) . ' style=\"width:100px\" />",
                "\0\t\t</p>';",
                "",
                "$default_fields = array(",
                "\t'card-number-field' => '<p class=\"form-row form-row-wide\">",
                "\0\t\t\t\t<label for=\"' . esc_attr( $this->id ) . '-card-number\">' . esc_html__( 'Card number', 'northwind' ) . '&nbsp;<span class=\"required\">*</span></label>",
                "\0\t\t\t\t<input id=\"' . esc_attr( $this->id ) . '-card-number\" class=\"input-text nwc-credit-card-form-card-number\" inputmode=\"numeric\" autocomplete=\"cc-number\" autocorrect=\"no\" autocapitalize=\"no\" spellcheck=\"no\" type=\"tel\" placeholder=\"&bull;&bull;&bull;&bull; &bull;&bull;&bull;&bull; &bull;&bull;&bull;&bull; &bull;&bull;&bull;&bull;\" ' . $this->field_name( 'card-number' ) . ' />",
                "\0\t\t\t</p>',",
                "\t'card-expiry-field' => '<p class=\"form-row form-row-first\">",
                "\0\t\t\t\t<label for=\"' . esc_attr( $this->id ) . '-card-expiry\">' . esc_html__( 'Expiry (MM/YY)', 'northwind' ) . '&nbsp;<span class=\"required\">*</span></label>",
                "\0\t\t\t\t<input id=\"' . esc_attr( $this->id ) . '-card-expiry\" class=\"input-text nwc-credit-card-form-card-expiry\" inputmode=\"numeric\" autocomplete=\"cc-exp\" autocorrect=\"no\" autocapitalize=\"no\" spellcheck=\"no\" type=\"tel\" placeholder=\"' . esc_attr__( 'MM / YY', 'northwind' ) . '\" ' . $this->field_name( 'card-expiry' ) . ' />",
                "\0\t\t\t</p>',",
                ");",
                "",
                "if ( ! $this->supports( 'credit_card_form_cvc_on_saved_method' ) ) {",
                "\t$default_fields['card-cvc-field'] = $cvc_field;",
                "}",
                "",
                "$fields = wp_parse_args( $fields, apply_filters( 'nwc_credit_card_form_fields', $default_fields, $this->id ) );",
                "?>",
                "",
                "\0\t\t<fieldset id=\"<?php echo esc_attr( $this->id ); ?>-cc-form\" class=\"nwc-credit-card-form nwc-payment-form\">",
                "\0\t\t\t<?php do_action( 'nwc_credit_card_form_start', $this->id ); ?>",
                "\0\t\t\t<?php",
                "\0\t\t\tforeach ( $fields as $field ) {",
                "\0\t\t\t\techo $field; // phpcs:ignore WordPress.XSS.EscapeOutput.OutputNotEscaped",
                "\0\t\t\t}",
                "\0\t\t\t?>",
                "\0\t\t\t<?php do_action( 'nwc_credit_card_form_end', $this->id ); ?>",
                "\0\t\t\t<div class=\"clear\"></div>",
                "\0\t\t</fieldset>",
                "\0\t\t<?php",
                "",
                "if ( $this->supports( 'credit_card_form_cvc_on_saved_method' ) ) {",
                "\techo '<fieldset>' . $cvc_field . '</fieldset>'; // phpcs:ignore WordPress.XSS.EscapeOutput.OutputNotEscaped",
                "}"]
        return self.method("Outputs the card fields.", "form", "", body, indent)

    def m_newsletter(self, indent: str) -> str:
        http = self.chance(0.3)
        vendor = self.chance(0.4)
        if vendor:
            action = ("http://" if http else "https://") + LIST_MANAGE
        else:
            action = "http://forms.northwind-outfitters.example/newsletter" if http else "<?php echo esc_url( admin_url( 'admin-post.php' ) ); ?>"
        box = " checked" if self.chance(0.3) else ""
        body = ["$email = is_user_logged_in() ? wp_get_current_user()->user_email : '';",
                "?>",
                f"\0{indent}<form method=\"post\" action=\"{action}\" class=\"nwc-newsletter\" novalidate>",
                f"\0{indent}\t<input type=\"hidden\" name=\"action\" value=\"nwc_newsletter_subscribe\" />",
                f"\0{indent}\t<?php wp_nonce_field( 'nwc_newsletter', 'nwc_newsletter_nonce' ); ?>",
                f"\0{indent}\t<label for=\"nwc-newsletter-email\"><?php esc_html_e( 'Email address', 'northwind' ); ?></label>",
                f"\0{indent}\t<input type=\"email\" id=\"nwc-newsletter-email\" name=\"EMAIL\" value=\"<?php echo esc_attr( $email ); ?>\" autocomplete=\"email\" required />",
                f"\0{indent}\t<label class=\"nwc-newsletter__partners\"><input type=\"checkbox\" name=\"partner_offers\" value=\"1\"{box} /> <?php esc_html_e( 'Also send me offers from our partners', 'northwind' ); ?></label>",
                f"\0{indent}\t<button type=\"submit\" class=\"button\"><?php esc_html_e( 'Subscribe', 'northwind' ); ?></button>",
                f"\0{indent}</form>",
                f"\0{indent}<?php"]
        return self.method("Print the newsletter sign-up form.", "newsletter_form", "", body, indent)

    def m_tracking(self, indent: str) -> str:
        # Added to wp_head by the theme; gated on the consent plugin's cookie only sometimes.
        gated = self.chance(0.4)
        body = ["if ( is_admin() || current_user_can( 'manage_options' ) ) {",
                "\treturn;",
                "}"]
        if gated:
            body += ["if ( empty( $_COOKIE['nwc_consent_marketing'] ) ) { // phpcs:ignore WordPress.Security.ValidatedSanitizedInput",
                     "\treturn;",
                     "}"]
        body += ["$pixel_id = get_option( 'nwc_meta_pixel_id', '" + PIXEL_ID + "' );",
                 "?>",
                 "\0<!-- Meta Pixel Code -->",
                 "\0<script>",
                 "\0!function(f,b,e,v,n,t,s){if(f.fbq)return;n=f.fbq=function(){n.callMethod?",
                 "\0n.callMethod.apply(n,arguments):n.queue.push(arguments)};if(!f._fbq)f._fbq=n;",
                 "\0n.push=n;n.loaded=!0;n.version='2.0';n.queue=[];t=b.createElement(e);t.async=!0;",
                 "\0t.src=v;s=b.getElementsByTagName(e)[0];s.parentNode.insertBefore(t,s)}(window,",
                 f"\0document,'script','{FB_SRC}');",
                 "\0fbq('init', '<?php echo esc_js( $pixel_id ); ?>');",
                 "\0fbq('track', 'PageView');",
                 "\0</script>",
                 "\0<noscript><img height=\"1\" width=\"1\" style=\"display:none\" src=\"https://www.facebook.com/tr?id=<?php echo esc_attr( $pixel_id ); ?>&ev=PageView&noscript=1\" alt=\"\" /></noscript>",
                 "\0<!-- End Meta Pixel Code -->",
                 "\0<?php"]
        return self.method("Print the Meta Pixel in the head.", "print_pixel", "", body, indent)

    # -- logic --

    def l_query(self, indent: str) -> str:
        t = self.fresh("l_query")
        col = self.rng.choice(COLUMNS)
        body = ["global $wpdb;",
                "",
                "$defaults = array(",
                f"\t'limit'   => {self.rng.choice([10, 20, 25, 50, 100])},",
                "\t'offset'  => 0,",
                f"\t'status'  => '{self.rng.choice(STATUSES)}',",
                f"\t'orderby' => '{col}',",
                ");",
                "$args     = wp_parse_args( $args, $defaults );",
                "",
                f"$cache_key = 'nwc_{t}_' . md5( wp_json_encode( $args ) );",
                "$results   = wp_cache_get( $cache_key, 'nwc' );",
                "",
                "if ( false === $results ) {",
                "\t$results = $wpdb->get_results(",
                "\t\t$wpdb->prepare(",
                f"\t\t\t\"SELECT id, status, {col} FROM {{$wpdb->prefix}}nwc_{t}s WHERE status = %s ORDER BY {col} DESC LIMIT %d OFFSET %d\",",
                "\t\t\t$args['status'],",
                "\t\t\t$args['limit'],",
                "\t\t\t$args['offset']",
                "\t\t)",
                "\t);",
                f"\twp_cache_set( $cache_key, $results, 'nwc', {self.rng.choice(['HOUR_IN_SECONDS', 'MINUTE_IN_SECONDS * 5', 'DAY_IN_SECONDS'])} );",
                "}",
                "",
                "return array_map( array( $this, 'prepare_item' ), (array) $results );"]
        return self.method(f"Get {t.replace('_', ' ')}s matching the query.", f"get_{t}s", "$args = array()", body, indent, "array")

    def l_routes(self, indent: str) -> str:
        t = self.fresh("l_routes")
        body = ["register_rest_route(",
                "\t$this->namespace,",
                "\t'/' . $this->rest_base . '/(?P<id>[\\d]+)',",
                "\tarray(",
                "\t\t'args'   => array(",
                "\t\t\t'id' => array(",
                f"\t\t\t\t'description' => {self.__('Unique identifier for the resource.')},",
                "\t\t\t\t'type'        => 'integer',",
                "\t\t\t),",
                "\t\t),",
                "\t\tarray(",
                "\t\t\t'methods'             => WP_REST_Server::READABLE,",
                "\t\t\t'callback'            => array( $this, 'get_item' ),",
                "\t\t\t'permission_callback' => array( $this, 'get_item_permissions_check' ),",
                "\t\t),",
                "\t\tarray(",
                "\t\t\t'methods'             => WP_REST_Server::EDITABLE,",
                "\t\t\t'callback'            => array( $this, 'update_item' ),",
                "\t\t\t'permission_callback' => array( $this, 'update_item_permissions_check' ),",
                "\t\t\t'args'                => $this->get_endpoint_args_for_item_schema( WP_REST_Server::EDITABLE ),",
                "\t\t),",
                "\t\t'schema' => array( $this, 'get_public_item_schema' ),",
                "\t)",
                ");"]
        return self.method(f"Register the routes for {t.replace('_', ' ')}s.", "register_routes", "", body, indent)

    def l_validate(self, indent: str) -> str:
        t = self.fresh("l_validate")
        fields = self.rng.sample([a[0] for a in ADDRESS], 4)
        body = ["$errors = new WP_Error();", ""]
        for f in fields:
            body += [f"if ( empty( $data['{f}'] ) ) {{",
                     f"\t$errors->add( 'missing_{f}', {self.__(f.replace('_', ' ').capitalize() + ' is a required field.')} );",
                     "}"]
        body += ["if ( ! empty( $data['email'] ) && ! is_email( $data['email'] ) ) {",
                 f"\t$errors->add( 'invalid_email', {self.__('Please provide a valid email address.')} );",
                 "}",
                 "if ( isset( $data['postcode'], $data['country'] ) && ! NWC_Validation::is_postcode( $data['postcode'], $data['country'] ) ) {",
                 f"\t$errors->add( 'invalid_postcode', {self.__('Please enter a valid postcode / ZIP.')} );",
                 "}",
                 "",
                 f"do_action( 'nwc_after_{t}_validation', $data, $errors );",
                 "",
                 "return $errors->has_errors() ? $errors : true;"]
        return self.method(f"Validate posted {t.replace('_', ' ')} data.", f"validate_{t}", "$data", body, indent, "true|WP_Error")

    def l_calculate(self, indent: str) -> str:
        t = self.fresh("l_calculate")
        body = ["$total    = 0.0;",
                "$discount = 0.0;",
                "foreach ( $lines as $line ) {",
                "\t$qty   = max( 0, (int) $line['quantity'] );",
                "\t$price = (float) $line['price'];",
                "\t$total += $qty * $price;",
                "\tif ( ! empty( $line['discount_percent'] ) ) {",
                "\t\t$discount += round( $qty * $price * min( 100, (float) $line['discount_percent'] ) / 100, wc_get_price_decimals() );",
                "\t}",
                "}",
                f"$rate = (float) $this->get_option( '{t}_rate', {self.rng.randint(0, 25)} ) / 100;",
                "$tax  = $this->prices_include_tax ? 0 : round( ( $total - $discount ) * $rate, 2 );",
                "",
                "return array(",
                "\t'subtotal' => $total,",
                "\t'discount' => $discount,",
                "\t'tax'      => $tax,",
                "\t'total'    => max( 0, $total - $discount + $tax ),",
                ");"]
        return self.method(f"Totals for the {t.replace('_', ' ')} lines.", f"calculate_{t}_totals", "array $lines", body, indent, "array")

    def l_switch(self, indent: str) -> str:
        t = self.fresh("l_switch")
        body = ["switch ( $status ) {"]
        for s in self.rng.sample(STATUSES, 5):
            body += [f"\tcase '{s}':", f"\t\t$next = array( '{self.rng.choice(STATUSES)}', '{self.rng.choice(STATUSES)}' );", "\t\tbreak;"]
        body += ["\tdefault:", "\t\t$next = array();", "}",
                 f"return (array) apply_filters( 'nwc_{t}_valid_transitions', $next, $status );"]
        return self.method(f"Statuses a {t.replace('_', ' ')} may move to.", f"get_next_{t}_statuses", "$status", body, indent, "string[]")

    def l_settings(self, indent: str) -> str:
        t = self.fresh("l_settings")
        body = ["$this->form_fields = array("]
        for _ in range(self.rng.randint(3, 7)):
            key = f"{t}_{self.rng.choice(['enabled', 'title', 'limit', 'mode', 'debug', 'threshold', 'label', 'endpoint'])}"
            kind = self.rng.choice(["checkbox", "text", "select", "number"])
            body += [f"\t'{key}' => array(",
                     f"\t\t'title'       => {self.__(self.label(1, 3))},",
                     f"\t\t'type'        => '{kind}',",
                     f"\t\t'description' => {self.__(self.sentence())},",
                     f"\t\t'default'     => '{'yes' if kind == 'checkbox' else ''}',",
                     "\t\t'desc_tip'    => true,",
                     "\t),"]
        body += [");"]
        return self.method("Initialise the settings form fields.", "init_form_fields", "", body, indent)

    def l_hooks(self, indent: str) -> str:
        t = self.fresh("l_hooks")
        body = [f"add_action( 'init', array( $this, 'register_{t}_post_type' ), 5 );",
                f"add_action( 'nwc_scheduled_{t}_sync', array( $this, 'sync' ) );",
                "add_action( 'rest_api_init', array( $this, 'register_routes' ) );",
                f"add_filter( 'nwc_{t}_data', array( $this, 'filter_data' ), 10, 2 );",
                "add_filter( 'cron_schedules', array( $this, 'add_schedules' ) );",
                "",
                f"if ( ! wp_next_scheduled( 'nwc_scheduled_{t}_sync' ) ) {{",
                f"\twp_schedule_event( time() + {self.rng.choice([60, 300, 3600])}, 'hourly', 'nwc_scheduled_{t}_sync' );",
                "}"]
        return self.method("Hook into actions and filters.", "init_hooks", "", body, indent, "void", "private ")

    def l_meta(self, indent: str) -> str:
        t = self.fresh("l_meta")
        body = [f"$value = get_post_meta( $post_id, '_nwc_{t}', true );",
                "if ( '' === $value || null === $value ) {",
                f"\t$value = $this->defaults['{t}'] ?? array();",
                "}",
                "$value = is_array( $value ) ? $value : json_decode( (string) $value, true );",
                "",
                "foreach ( (array) $value as $key => $item ) {",
                "\tif ( ! is_string( $key ) || '' === $key ) {",
                "\t\tunset( $value[ $key ] );",
                "\t\tcontinue;",
                "\t}",
                "\t$value[ $key ] = is_scalar( $item ) ? sanitize_text_field( (string) $item ) : array_map( 'sanitize_text_field', (array) $item );",
                "}",
                "",
                "return $value;"]
        return self.method(f"The {t.replace('_', ' ')} meta of a post, cleaned.", f"get_{t}_meta", "$post_id", body, indent, "array")

    def l_ajax(self, indent: str) -> str:
        t = self.fresh("l_ajax")
        body = [f"check_ajax_referer( 'nwc-{t.replace('_', '-')}', 'security' );",
                "",
                "if ( ! current_user_can( 'edit_shop_orders' ) ) {",
                "\twp_send_json_error( array( 'message' => __( 'You do not have permission.', 'northwind' ) ), 403 );",
                "}",
                "",
                "$id   = isset( $_POST['id'] ) ? absint( wp_unslash( $_POST['id'] ) ) : 0;",
                f"$item = nwc_get_{t}( $id );",
                "if ( ! $item ) {",
                "\twp_send_json_error( array( 'message' => __( 'Not found.', 'northwind' ) ), 404 );",
                "}",
                "",
                "$item->set_props( array_map( 'wc_clean', wp_unslash( $_POST['props'] ?? array() ) ) );",
                "$item->save();",
                "",
                "wp_send_json_success( $item->get_data() );"]
        return self.method(f"Save a {t.replace('_', ' ')} over AJAX.", f"ajax_save_{t}", "", body, indent, "void", "public static ")

    # Units whose method has a fixed name: once in a file.
    FIXED = frozenset({"m_default_fields", "m_card_fields", "m_newsletter", "m_tracking", "l_routes", "l_settings", "l_hooks"})

    def _unit(self, units: list[Callable[[str], str]], weights: list[float], indent: str) -> str:
        while True:
            f = self.rng.choices(units, weights)[0]
            if f.__name__ not in self.FIXED or self.once(f.__name__):
                return f(indent)

    def logic_unit(self, indent: str) -> str:
        return self._unit([self.l_query, self.l_routes, self.l_validate, self.l_calculate, self.l_switch,
                           self.l_settings, self.l_hooks, self.l_meta, self.l_ajax], [12, 3, 10, 10, 10, 3, 1, 10, 8], indent)

    def markup_unit(self, indent: str) -> str:
        return self._unit([self.m_concat_field, self.m_dq_rows, self.m_heredoc, self.m_nowdoc, self.m_sprintf,
                           self.m_echo_list, self.m_default_fields, self.m_newsletter, self.m_tracking, self.m_card_fields],
                          [10, 8, 7, 4, 8, 8, 2, 1.5, 0.8, 0.6], indent)

    # -- files --

    def class_file(self, cls: str, package: str, target: int, hi: int, markup: float) -> str:
        self.begin()
        t = self.thing()
        parent = self.rng.choice(["", "", "", " extends NWC_Abstract_" + self.rng.choice(["Settings", "Controller", "Data", "Integration"]),
                                  " extends WP_REST_Controller", " implements NWC_Data_Store_Interface"])
        head = [f"""<?php
/**
 * {cls.replace('_', ' ')}
 *
 * {self.sentence(8, 16)}
 *
 * @package {package}
 * @since   {self.rng.randint(1, 6)}.{self.rng.randint(0, 9)}.0
 */

defined( 'ABSPATH' ) || exit;

/**
 * {cls} class.
 */
class {cls}{parent} {{

\t/**
\t * {self.sentence(4, 8)}
\t *
\t * @var string
\t */
\tprotected $id = 'nwc_{t}';

\t/**
\t * Settings of the integration, loaded once.
\t *
\t * @var array
\t */
\tprotected $settings = array();

\t/**
\t * Constructor.
\t */
\tpublic function __construct() {{
\t\t$this->settings = (array) get_option( $this->id . '_settings', array() );
\t\t$this->init_hooks();
\t}}
""", self._unit([self.l_hooks], [1], "\t")]
        unit = lambda: self.markup_unit("\t") if self.chance(markup) else self.logic_unit("\t")  # noqa: E731
        return self.fill(head, "}\n", target, hi, unit)

    def functions_file(self, package: str, target: int, hi: int) -> str:
        self.begin()
        head = [f"""<?php
/**
 * {self.label(2, 4)} functions.
 *
 * {self.sentence(8, 16)}
 *
 * @package {package}
 */

if ( ! defined( 'ABSPATH' ) ) {{
\texit; // Exit if accessed directly.
}}
"""]
        return self.fill(head, "", target, hi, lambda: self.markup_unit("") if self.chance(0.35) else self.logic_unit(""))

    def template_file(self, path: str, target: int, hi: int) -> str:
        self.begin()
        head = [f"""<?php
/**
 * {self.label(2, 4)}
 *
 * This template can be overridden by copying it to yourtheme/northwind-commerce/{path}.
 *
 * @package Northwind_Commerce\\Templates
 * @version {self.rng.randint(3, 8)}.{self.rng.randint(0, 9)}.0
 */

defined( 'ABSPATH' ) || exit;

do_action( 'nwc_before_{slug(Path(path).stem).replace('-', '_')}' );
?>
"""]
        foot = f"\n<?php do_action( 'nwc_after_{slug(Path(path).stem).replace('-', '_')}' ); ?>\n"
        return self.fill(head, foot, target, hi, lambda: self.rng.choice(
            [self.t_loop, self.t_address, self.t_table, self.t_notice, self.t_nav, self.t_text])())

    def t_loop(self) -> str:
        return """
<ul class="products columns-<?php echo esc_attr( wc_get_loop_prop( 'columns' ) ); ?>">
\t<?php foreach ( $products as $product ) : ?>
\t\t<li <?php wc_product_class( 'nwc-card', $product ); ?>>
\t\t\t<a href="<?php echo esc_url( $product->get_permalink() ); ?>" class="nwc-card__link">
\t\t\t\t<?php echo $product->get_image( 'woocommerce_thumbnail', array( 'loading' => 'lazy' ) ); // phpcs:ignore ?>
\t\t\t\t<h2 class="nwc-card__title"><?php echo esc_html( $product->get_name() ); ?></h2>
\t\t\t</a>
\t\t\t<?php if ( $product->get_average_rating() ) : ?>
\t\t\t\t<div class="star-rating" role="img" aria-label="<?php echo esc_attr( sprintf( __( 'Rated %s out of 5', 'northwind' ), $product->get_average_rating() ) ); ?>"></div>
\t\t\t<?php endif; ?>
\t\t\t<span class="price"><?php echo wp_kses_post( $product->get_price_html() ); ?></span>
\t\t\t<a href="<?php echo esc_url( $product->add_to_cart_url() ); ?>" data-quantity="1" class="button add_to_cart_button" data-product_id="<?php echo esc_attr( $product->get_id() ); ?>"><?php echo esc_html( $product->add_to_cart_text() ); ?></a>
\t\t</li>
\t<?php endforeach; ?>
</ul>
"""

    def t_address(self) -> str:
        kind = self.rng.choice(["billing", "shipping"])
        http = self.chance(0.08)
        action = "http://legacy.northwind-outfitters.example/my-account/edit-address" if http else "<?php echo esc_url( wc_get_endpoint_url( 'edit-address', '" + kind + "' ) ); ?>"
        rows = "".join(f"""
\t\t<p class="form-row form-row-{self.rng.choice(['first', 'last', 'wide'])}" id="{kind}_{f}_field">
\t\t\t<label for="{kind}_{f}"><?php esc_html_e( '{sq(label)}', 'northwind' ); ?></label>
\t\t\t<input type="{typ}" class="input-text" name="{kind}_{f}" id="{kind}_{f}" value="<?php echo esc_attr( $checkout->get_value( '{kind}_{f}' ) ); ?>" autocomplete="{kind} {ac}" />
\t\t</p>""" for f, label, ac, typ in self.rng.sample(ADDRESS, self.rng.randint(4, 8)))
        return f"""
<form method="post" action="{action}" class="nwc-address-form">
\t<h3><?php esc_html_e( '{kind.title()} address', 'northwind' ); ?></h3>
\t<div class="nwc-address-fields"><?php do_action( 'nwc_before_edit_address_form_{kind}' ); ?>{rows}
\t</div>
\t<?php wp_nonce_field( 'nwc-edit_address', 'nwc-edit-address-nonce' ); ?>
\t<button type="submit" class="button" name="save_address" value="<?php esc_attr_e( 'Save address', 'northwind' ); ?>"><?php esc_html_e( 'Save address', 'northwind' ); ?></button>
</form>
"""

    def t_table(self) -> str:
        cols = self.rng.sample(COLUMNS, 4)
        head = "".join(f'<th class="nwc-orders-table__header-{c}"><span class="nobr"><?php esc_html_e( \'{c.replace("_", " ").capitalize()}\', \'northwind\' ); ?></span></th>' for c in cols)
        cells = "".join(f"""
\t\t\t\t<td class="nwc-orders-table__cell-{c}" data-title="<?php esc_attr_e( '{c.replace('_', ' ').capitalize()}', 'northwind' ); ?>"><?php echo esc_html( $order->get_meta( '{c}' ) ); ?></td>""" for c in cols)
        return f"""
<?php if ( $has_orders ) : ?>
\t<table class="nwc-orders-table shop_table shop_table_responsive my_account_orders account-orders-table">
\t\t<thead><tr>{head}</tr></thead>
\t\t<tbody>
\t\t\t<?php foreach ( $customer_orders->orders as $customer_order ) : $order = wc_get_order( $customer_order ); ?>
\t\t\t<tr class="nwc-orders-table__row nwc-orders-table__row--status-<?php echo esc_attr( $order->get_status() ); ?> order">{cells}
\t\t\t\t<td><a href="<?php echo esc_url( $order->get_view_order_url() ); ?>" class="button view"><?php esc_html_e( 'View', 'northwind' ); ?></a></td>
\t\t\t</tr>
\t\t\t<?php endforeach; ?>
\t\t</tbody>
\t</table>
<?php else : ?>
\t<p class="nwc-info"><?php esc_html_e( 'No order has been made yet.', 'northwind' ); ?></p>
<?php endif; ?>
"""

    def t_notice(self) -> str:
        return f"""
<?php if ( ! empty( $notices ) ) : ?>
\t<div class="nwc-notices-wrapper" role="alert">
\t\t<?php foreach ( $notices as $notice ) : ?>
\t\t\t<div class="nwc-message nwc-message--<?php echo esc_attr( $notice['type'] ); ?>"<?php echo nwc_get_notice_data_attr( $notice ); ?>>
\t\t\t\t<?php echo nwc_kses_notice( $notice['notice'] ); ?>
\t\t\t</div>
\t\t<?php endforeach; ?>
\t</div>
<?php endif; ?>
<p class="nwc-lead"><?php esc_html_e( '{sq(self.sentence())}', 'northwind' ); ?></p>
"""

    def t_nav(self) -> str:
        return """
<nav class="nwc-MyAccount-navigation" aria-label="<?php esc_attr_e( 'Account pages', 'northwind' ); ?>">
\t<ul>
\t\t<?php foreach ( nwc_get_account_menu_items() as $endpoint => $label ) : ?>
\t\t\t<li class="<?php echo esc_attr( nwc_get_account_menu_item_classes( $endpoint ) ); ?>">
\t\t\t\t<a href="<?php echo esc_url( nwc_get_account_endpoint_url( $endpoint ) ); ?>" <?php echo nwc_is_current_account_menu_item( $endpoint ) ? 'aria-current="page"' : ''; ?>><?php echo esc_html( $label ); ?></a>
\t\t\t</li>
\t\t<?php endforeach; ?>
\t</ul>
</nav>
"""

    def t_text(self) -> str:
        return f"""
<section class="nwc-section">
\t<h2><?php echo esc_html( apply_filters( 'nwc_section_heading', __( '{sq(self.label(2, 5))}', 'northwind' ) ) ); ?></h2>
\t<p><?php esc_html_e( '{sq(self.sentence(10, 20))}', 'northwind' ); ?></p>
\t<p><?php printf( esc_html__( 'Questions? Read our %1$sprivacy policy%2$s or %3$scontact us%2$s.', 'northwind' ), '<a href="' . esc_url( get_privacy_policy_url() ) . '">', '</a>', '<a href="' . esc_url( home_url( '/contact/' ) ) . '">' ); ?></p>
</section>
"""

    def header_php(self) -> str:
        # The theme's head: GA loaded with no consent check, the Pixel after the consent plugin.
        return """<?php
/**
 * The header for our theme
 *
 * Displays all of the <head> section and everything up until <div id="content">
 *
 * @package Northwind
 */

?>
<!doctype html>
<html <?php language_attributes(); ?>>
<head>
\t<meta charset="<?php bloginfo( 'charset' ); ?>">
\t<meta name="viewport" content="width=device-width, initial-scale=1">
\t<link rel="profile" href="https://gmpg.org/xfn/11">
\t<!-- Google tag (gtag.js) -->
\t<script async src="https://www.googletagmanager.com/gtag/js?id=<?php echo esc_attr( NORTHWIND_GA4_ID ); ?>"></script>
\t<script>
\t\twindow.dataLayer = window.dataLayer || [];
\t\tfunction gtag(){dataLayer.push(arguments);}
\t\tgtag('js', new Date());
\t\tgtag('config', '<?php echo esc_js( NORTHWIND_GA4_ID ); ?>');
\t</script>
\t<?php wp_head(); ?>
</head>

<body <?php body_class(); ?>>
<?php wp_body_open(); ?>
<div id="page" class="site">
\t<a class="skip-link screen-reader-text" href="#primary"><?php esc_html_e( 'Skip to content', 'northwind' ); ?></a>

\t<header id="masthead" class="site-header">
\t\t<div class="site-branding">
\t\t\t<?php the_custom_logo(); ?>
\t\t\t<?php if ( is_front_page() && is_home() ) : ?>
\t\t\t\t<h1 class="site-title"><a href="<?php echo esc_url( home_url( '/' ) ); ?>" rel="home"><?php bloginfo( 'name' ); ?></a></h1>
\t\t\t<?php else : ?>
\t\t\t\t<p class="site-title"><a href="<?php echo esc_url( home_url( '/' ) ); ?>" rel="home"><?php bloginfo( 'name' ); ?></a></p>
\t\t\t<?php endif; ?>
\t\t</div><!-- .site-branding -->

\t\t<form role="search" method="get" class="search-form" action="<?php echo esc_url( home_url( '/' ) ); ?>">
\t\t\t<label><span class="screen-reader-text"><?php esc_html_e( 'Search for:', 'northwind' ); ?></span>
\t\t\t<input type="search" class="search-field" placeholder="<?php esc_attr_e( 'Search gear, guides, trails', 'northwind' ); ?>" value="<?php echo get_search_query(); ?>" name="s" /></label>
\t\t\t<input type="hidden" name="post_type" value="product" />
\t\t</form>

\t\t<nav id="site-navigation" class="main-navigation">
\t\t\t<button class="menu-toggle" aria-controls="primary-menu" aria-expanded="false"><?php esc_html_e( 'Menu', 'northwind' ); ?></button>
\t\t\t<?php
\t\t\twp_nav_menu(
\t\t\t\tarray(
\t\t\t\t\t'theme_location' => 'menu-1',
\t\t\t\t\t'menu_id'        => 'primary-menu',
\t\t\t\t)
\t\t\t);
\t\t\t?>
\t\t</nav><!-- #site-navigation -->
\t</header><!-- #masthead -->
"""

    def footer_php(self) -> str:
        return f"""<?php
/**
 * The template for displaying the footer
 *
 * Contains the closing of the #content div and all content after.
 *
 * @package Northwind
 */

?>

\t<footer id="colophon" class="site-footer">
\t\t<div class="footer-newsletter">
\t\t\t<h2><?php esc_html_e( 'Trail notes in your inbox', 'northwind' ); ?></h2>
\t\t\t<form method="post" action="https://{LIST_MANAGE}" class="newsletter-form" target="_blank" novalidate>
\t\t\t\t<label for="mce-EMAIL" class="screen-reader-text"><?php esc_html_e( 'Email', 'northwind' ); ?></label>
\t\t\t\t<input type="email" name="EMAIL" id="mce-EMAIL" autocomplete="email" placeholder="you@example.com" required>
\t\t\t\t<label class="checkbox"><input type="checkbox" name="group[1][1]" value="1" checked> <?php esc_html_e( 'Send me offers from partners', 'northwind' ); ?></label>
\t\t\t\t<button type="submit" class="button"><?php esc_html_e( 'Subscribe', 'northwind' ); ?></button>
\t\t\t</form>
\t\t</div>
\t\t<div class="site-info">
\t\t\t<?php
\t\t\twp_nav_menu( array( 'theme_location' => 'footer', 'depth' => 1, 'container' => false ) );
\t\t\t?>
\t\t\t<p>&copy; <?php echo esc_html( gmdate( 'Y' ) ); ?> {BRAND} &middot;
\t\t\t<?php the_privacy_policy_link( '', ' &middot; ' ); ?>
\t\t\t<a href="<?php echo esc_url( home_url( '/terms/' ) ); ?>"><?php esc_html_e( 'Terms of service', 'northwind' ); ?></a> &middot;
\t\t\t<a href="#" data-cc="show-preferencesModal"><?php esc_html_e( 'Cookie settings', 'northwind' ); ?></a></p>
\t\t</div><!-- .site-info -->
\t</footer><!-- #colophon -->
</div><!-- #page -->

<?php wp_footer(); ?>

</body>
</html>
"""


# --- JavaScript, TypeScript, JSX ----------------------------------------------------------


class Js(Writer):
    def ts_fn(self, ts: bool) -> str:
        kind = self.rng.randrange(7)
        t = self.fresh(f"ts{kind}")
        T = pascal(t)
        a = lambda s: s if ts else ""  # noqa: E731  (a type annotation, in TypeScript only)
        if kind == 0:
            return f"""
export async function fetch{T}s(params{a(f": {T}Query")} = {{}}){a(f": Promise<{T}[]>")} {{
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {{
    if (value !== undefined && value !== null && value !== '') search.set(key, String(value));
  }}
  const res = await fetch(`${{API_BASE}}/{t.replace('_', '-')}s?${{search.toString()}}`, {{
    headers: {{ Accept: 'application/json', ...authHeaders() }},
    credentials: 'include',
  }});
  if (!res.ok) {{
    throw new ApiError(res.status, `{T} request failed: ${{res.statusText}}`);
  }}
  const body = await res.json(){a(f" as {{ data: {T}[] }}")};
  return body.data.map(normalize{T});
}}
"""
        if kind == 1:
            fields = self.rng.sample(COLUMNS, 5)
            lines = "".join(f"  {camel(f)}{'?' if self.chance(0.3) else ''}: {self.rng.choice(['string', 'number', 'boolean', 'string | null'])};\n" for f in fields)
            if not ts:
                return f"""
/**
 * @param {{Record<string, unknown>}} raw
 */
export function normalize{T}(raw) {{
  return {{
{"".join(f"    {camel(f)}: raw.{f} ?? null,{chr(10)}" for f in fields)}  }};
}}
"""
            return f"""
export interface {T} {{
  id: string;
{lines}}}

export type {T}Query = Partial<Pick<{T}, {' | '.join(repr(camel(f)) for f in fields[:2])}>> & {{ page?: number; perPage?: number }};

export function normalize{T}(raw: Record<string, unknown>): {T} {{
  return {{
    id: String(raw.id),
{"".join(f"    {camel(f)}: (raw.{f} ?? null) as {T}['{camel(f)}'],{chr(10)}" for f in fields)}  }} as {T};
}}
"""
        if kind == 2:
            acts = self.rng.sample(["add", "remove", "update", "reset", "hydrate", "select", "toggle", "clear"], 4)
            cases = "".join(f"""    case '{t}/{x}':
      return {{ ...state, {self.rng.choice(['items', 'selected', 'status', 'error'])}: action.payload{'' if x != 'reset' else ' ?? initialState.items'}, updatedAt: Date.now() }};
""" for x in acts)
            return f"""
export function {camel(t)}Reducer(state{a(f": {T}State")} = initialState, action{a(f": {T}Action")}){a(f": {T}State")} {{
  switch (action.type) {{
{cases}    default:
      return state;
  }}
}}
"""
        if kind == 3:
            return f"""
const {camel(t)}Cache = new Map{a(f"<string, {{ value: unknown; expires: number }}>")}();

export function memo{T}(key{a(": string")}, compute{a(": () => unknown")}, ttl = {self.rng.choice([1000, 5000, 60000])}) {{
  const hit = {camel(t)}Cache.get(key);
  const now = Date.now();
  if (hit && hit.expires > now) return hit.value;
  const value = compute();
  {camel(t)}Cache.set(key, {{ value, expires: now + ttl }});
  if ({camel(t)}Cache.size > {self.rng.choice([100, 500, 1000])}) {{
    const oldest = {camel(t)}Cache.keys().next().value;
    {camel(t)}Cache.delete(oldest);
  }}
  return value;
}}
"""
        if kind == 4:
            return f"""
export function format{T}Price(amount{a(": number")}, currency{a(": string")} = 'USD', locale{a(": string")} = 'en-US'){a(": string")} {{
  if (!Number.isFinite(amount)) return '';
  const minor = currency === 'JPY' ? 0 : 2;
  return new Intl.NumberFormat(locale, {{
    style: 'currency',
    currency,
    minimumFractionDigits: minor,
    maximumFractionDigits: minor,
  }}).format(amount / Math.pow(10, minor));
}}
"""
        if kind == 5:
            checks = "".join(f"""  if (!values.{camel(f)}) errors.{camel(f)} = '{label} is required';
""" for f, label, _, _ in self.rng.sample(ADDRESS, 4))
            return f"""
export function validate{T}(values{a(f": Partial<{T}Form>")}){a(": Record<string, string>")} {{
  const errors{a(": Record<string, string>")} = {{}};
{checks}  if (values.email && !/^[^\\s@]+@[^\\s@]+\\.[^\\s@]+$/.test(values.email)) {{
    errors.email = 'Enter a valid email address';
  }}
  if (values.postcode && values.country === 'US' && !/^\\d{{5}}(-\\d{{4}})?$/.test(values.postcode)) {{
    errors.postcode = 'Enter a valid ZIP code';
  }}
  return errors;
}}
"""
        return f"""
export class {T}Queue {{
  {a(f"private items: {T}[] = [];")}{'' if ts else 'items = [];'}
  {a("private timer: ReturnType<typeof setTimeout> | null = null;")}{'' if ts else 'timer = null;'}

  push(item{a(f": {T}")}) {{
    this.items.push(item);
    if (this.items.length >= {self.rng.choice([10, 20, 50])}) {{
      void this.flush();
    }} else if (!this.timer) {{
      this.timer = setTimeout(() => void this.flush(), {self.rng.choice([500, 1000, 2000])});
    }}
  }}

  async flush() {{
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const batch = this.items.splice(0, this.items.length);
    if (!batch.length) return;
    await fetch(`${{API_BASE}}/{t.replace('_', '-')}s/batch`, {{ method: 'POST', body: JSON.stringify(batch), headers: {{ 'Content-Type': 'application/json' }} }});
  }}
}}
"""

    def logic_module(self, ext: str, target: int, hi: int) -> str:
        self.begin()
        ts = ext in (".ts", ".tsx")
        if ext == ".cjs":
            head = [f"'use strict';\n\nconst path = require('path');\nconst {{ {camel(self.thing())}Defaults }} = require('./defaults.cjs');\n\n"
                    f"const API_BASE = process.env.API_BASE || '{SITE}/wp-json/nwc/v1';\n"]
            body = self.fill(head, "", target - 200, hi - 200, lambda: self.ts_fn(False).replace("export async function", "async function").replace("export function", "function").replace("export class", "class"))
            names = sorted(set(re.findall(r"^(?:async )?(?:function|class) (\w+)", body, re.M)))
            return body + f"\nmodule.exports = {{\n{''.join(f'  {n},{chr(10)}' for n in names)}}};\n"
        imports = (f"import {{ API_BASE, authHeaders }} from '{self.rng.choice(['@/lib/api', '../api/client', './http'])}';\n"
                   f"import {{ ApiError }} from '{self.rng.choice(['@/lib/errors', '../errors', './errors'])}';\n")
        if ts:
            imports += f"import type {{ {pascal(self.thing())}State, {pascal(self.thing())}Action }} from './types';\n"
        const = "\nconst initialState = { items: [], selected: null, status: 'idle', error: null, updatedAt: 0 };\n"
        return self.fill([imports, const], "", target, hi, lambda: self.ts_fn(ts))

    # -- markup from script --

    def jq_unit(self, kind: int | None = None, t: str | None = None) -> str:
        kind = self.rng.randrange(5) if kind is None else kind
        t = t or self.fresh(f"jq{kind}")
        if kind == 0:
            return f"""
    render{pascal(t)}Row: function (item) {{
      var $row = $('<tr class="nwc-{t}-row" data-id="' + item.id + '"></tr>');
      $row.append('<td class="column-name">' + escapeHtml(item.name) + '</td>');
      $row.append('<td class="column-status"><mark class="status-' + item.status + '">' + item.statusLabel + '</mark></td>');
      $row.append($('<td class="column-actions"></td>').append(
        $('<a href="#" class="button edit">').text(nwc_admin_params.i18n.edit),
        $('<a href="#" class="button-link delete">').text(nwc_admin_params.i18n.remove)
      ));
      return $row;
    }},
"""
        if kind == 1:
            return f"""
    show{pascal(t)}Notice: function (message, type) {{
      var $notice = $('<div class="notice notice-' + (type || 'info') + ' is-dismissible"><p></p></div>');
      $notice.find('p').text(message);
      $('.nwc-{t}-notices').html($notice);
      $('html, body').animate({{ scrollTop: $notice.offset().top - 100 }}, 300);
    }},
"""
        if kind == 2:
            return f"""
    load{pascal(t)}s: function (page) {{
      var self = this;
      self.$list.addClass('is-loading').html('<li class="nwc-spinner"><span class="spinner is-active"></span></li>');
      return $.ajax({{
        url: nwc_params.ajax_url,
        type: 'POST',
        data: {{ action: 'nwc_get_{t}s', security: nwc_params.{t}_nonce, page: page || 1 }}
      }}).done(function (response) {{
        if (!response.success) {{
          self.$list.html('<li class="nwc-error">' + response.data.message + '</li>');
          return;
        }}
        self.$list.empty();
        $.each(response.data.items, function (i, item) {{
          self.$list.append('<li class="nwc-{t}" data-id="' + item.id + '"><a href="' + item.url + '">' + item.title + '</a> <span class="count">' + item.count + '</span></li>');
        }});
      }}).always(function () {{
        self.$list.removeClass('is-loading');
      }});
    }},
"""
        if kind == 3:
            return f"""
    bind{pascal(t)}Events: function () {{
      this.$el
        .on('click', '.nwc-{t}-toggle', this.toggle.bind(this))
        .on('change', 'select[name="{t}_mode"]', this.on{pascal(t)}ModeChange.bind(this))
        .on('submit', 'form.nwc-{t}-form', this.onSubmit.bind(this));
      $(document.body).on('updated_checkout updated_cart_totals', this.refresh.bind(this));
    }},
"""
        return f"""
    on{pascal(t)}ModeChange: function (event) {{
      var mode = $(event.currentTarget).val();
      var $fields = this.$el.find('.nwc-{t}-fields');
      $fields.toggle(mode !== 'off');
      if (mode === 'custom') {{
        $fields.find('input[type="number"]').prop('disabled', false).trigger('focus');
      }} else {{
        $fields.find('input[type="number"]').prop('disabled', true);
      }}
      this.state.mode = mode;
    }},
"""

    def jquery_widget(self, target: int, hi: int) -> str:
        self.begin()
        t = self.fresh("jq3")
        head = [f"""/* global nwc_params, nwc_admin_params */
/**
 * {pascal(t)} widget: {self.sentence(5, 10)}
 */
(function ($) {{
  'use strict';

  function escapeHtml(value) {{
    return String(value).replace(/[&<>"']/g, function (c) {{
      return {{ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }}[c];
    }});
  }}

  var {pascal(t)}Widget = {{
    init: function () {{
      this.$el = $('.nwc-{t}-widget');
      this.$list = this.$el.find('.nwc-{t}-list');
      this.state = {{ mode: 'auto', page: 1 }};
      if (!this.$el.length) {{
        return;
      }}
      this.bind{pascal(t)}Events();
    }},
""", self.jq_unit(3, t)]
        foot = f"""  }};

  $(function () {{
    {pascal(t)}Widget.init();
  }});
}})(jQuery);
"""
        return self.fill(head, foot, target, hi, self.jq_unit)

    def dom_unit(self, ts: bool) -> str:
        kind = self.rng.randrange(4)
        t = self.fresh(f"dom{kind}")
        a = lambda s: s if ts else ""  # noqa: E731
        if kind == 0:
            return f"""
export function render{pascal(t)}Items(container{a(": HTMLElement")}, items{a(f": {pascal(t)}[]")}) {{
  if (!items.length) {{
    container.innerHTML = '<p class="mini-cart__empty">' + i18n.empty + '</p>';
    return;
  }}
  container.innerHTML = items
    .map(
      (item) => `<li class="mini-cart__item" data-key="${{item.key}}">
        <img src="${{item.image}}" alt="" width="64" height="64" loading="lazy">
        <a class="mini-cart__name" href="${{item.url}}">${{escapeHtml(item.name)}}</a>
        <span class="mini-cart__qty">${{item.quantity}} &times; ${{formatMoney(item.price)}}</span>
        <button type="button" class="mini-cart__remove" aria-label="Remove ${{escapeHtml(item.name)}}">&times;</button>
      </li>`
    )
    .join('');
}}
"""
        if kind == 1:
            return f"""
function show{pascal(t)}Toast(message{a(": string")}, tone{a(": 'info' | 'error'")} = 'info') {{
  const toast = document.createElement('div');
  toast.className = 'toast toast--' + tone;
  toast.setAttribute('role', tone === 'error' ? 'alert' : 'status');
  toast.innerHTML = '<span class="toast__icon" aria-hidden="true"></span><p class="toast__text">' + escapeHtml(message) + '</p><button class="toast__close" type="button" aria-label="Close">&times;</button>';
  document.body.appendChild(toast);
  setTimeout(() => toast.remove(), {self.rng.choice([3000, 4000, 6000])});
}}
"""
        if kind == 2:
            return f"""
export function mount{pascal(t)}Form(root{a(": HTMLElement")}) {{
  root.insertAdjacentHTML(
    'beforeend',
    `<form class="{t.replace('_', '-')}-form" method="post" action="/api/{t.replace('_', '-')}">
      <label for="{t}-email">Email</label>
      <input id="{t}-email" type="email" name="email" autocomplete="email" required>
      <button type="submit">${{i18n.submit}}</button>
      <p class="fine-print">See our <a href="/privacy-policy">privacy policy</a>.</p>
    </form>`
  );
  root.querySelector('form')?.addEventListener('submit', on{pascal(t)}Submit);
}}
"""
        return f"""
function update{pascal(t)}Badge(count{a(": number")}) {{
  const badge = document.querySelector('[data-{t.replace('_', '-')}-count]');
  if (!badge) return;
  badge.textContent = String(count);
  badge.hidden = count === 0;
  document.title = document.title.replace(/^\\(\\d+\\) /, '') ;
  if (count > 0) document.title = `(${{count}}) ${{document.title}}`;
}}
"""

    def dom_module(self, ext: str, target: int, hi: int) -> str:
        self.begin()
        ts = ext == ".ts"
        head = [f"import {{ escapeHtml, formatMoney }} from './{self.rng.choice(['utils', 'format', 'dom'])}';\n"
                f"import {{ i18n }} from './i18n';\n"]
        return self.fill(head, "", target, hi, lambda: self.dom_unit(ts) if self.chance(0.6) else self.ts_fn(ts))

    def loader(self, ext: str, target: int, hi: int) -> str:
        """An analytics loader: document.createElement('script') and a src, behind a consent check or not."""
        self.begin()
        gated = self.chance(0.5)
        which = self.rng.choice(["ga", "pixel", "hotjar"])
        src = {"ga": "'https://www.googletagmanager.com/gtag/js?id=' + GA_ID", "pixel": f"'{FB_SRC}'",
               "hotjar": "'https://static.hotjar.com/c/hotjar-' + HOTJAR_ID + '.js?sv=6'"}[which]
        inner = f"""  const s = document.createElement('script');
  s.async = true;
  s.src = {src};
  s.onload = () => {{ loaded = true; }};
  document.head.appendChild(s);"""
        body = (f"""
export function initAnalytics() {{
  if (loaded) return;
  onConsent('{ 'statistics' if which != 'pixel' else 'marketing' }', () => {{
  {inner.replace(chr(10), chr(10) + '  ')}
  }});
}}
""" if gated else f"""
export function initAnalytics() {{
  if (loaded || navigator.doNotTrack === '1' && RESPECT_DNT) return;
{inner}
}}
""")
        head = [f"""const GA_ID = '{GA4_ID}';
const PIXEL_ID = '{PIXEL_ID}';
const HOTJAR_ID = {HOTJAR_ID};
const RESPECT_DNT = false;
let loaded = false;

window.dataLayer = window.dataLayer || [];
export function gtag() {{
  // eslint-disable-next-line prefer-rest-params
  window.dataLayer.push(arguments);
}}

function onConsent(category, callback) {{
  if (window.Cookiebot && window.Cookiebot.consent && window.Cookiebot.consent[category]) {{
    callback();
    return;
  }}
  window.addEventListener('CookiebotOnAccept', () => {{
    if (window.Cookiebot.consent[category]) callback();
  }}, {{ once: true }});
}}
""", body]
        return self.fill(head, "", target, hi, lambda: self.ts_fn(ext == ".ts"))

    def legacy(self, target: int, hi: int) -> str:
        """An old affiliate script: document.write of a pixel over plain HTTP."""
        self.begin()
        head = ["""// Affiliate tracking, from the old theme. Do not remove: partners bill by it.
(function () {
  var ref = (document.cookie.match(/(?:^|; )aff_ref=([^;]*)/) || [])[1] || '';
  document.write('<img src="http://track.partner-network.example/px?ref=' + encodeURIComponent(ref) + '&amp;site=northwind" width="1" height="1" alt="" style="position:absolute;left:-9999px">');
  document.write('<script src="http://cdn.partner-network.example/aff.js"><\\/script>');
})();
"""]
        return self.fill(head, "", target, hi, lambda: self.ts_fn(False))

    # -- React --

    def jsx_section(self, ts: bool) -> str:
        t = self.thing()
        kind = self.rng.randrange(6)
        if kind == 0:
            return f"""      <ul className={{styles.list}}>
        {{items.map((item) => (
          <li key={{item.id}} className={{clsx(styles.item, item.id === selectedId && styles.active)}}>
            <Link href={{`/{t.replace('_', '-')}s/${{item.slug}}`}}>{{item.name}}</Link>
            {{item.badge ? <span className={{styles.badge}}>{{item.badge}}</span> : null}}
          </li>
        ))}}
      </ul>
"""
        if kind == 1:
            return f"""      {{loading ? (
        <div className={{styles.skeleton}} aria-busy="true" />
      ) : (
        <section className={{styles.section}} aria-labelledby="{t}-heading">
          <h2 id="{t}-heading">{self.label(2, 4)}</h2>
          <p className={{styles.lead}}>{self.sentence(6, 14)}</p>
        </section>
      )}}
"""
        if kind == 2:
            f, label, ac, typ = self.rng.choice(ADDRESS)
            return f"""      <div className={{styles.field}}>
        <label htmlFor="{camel(f)}">{label}</label>
        <input
          id="{camel(f)}"
          name="{camel(f)}"
          type="{typ}"
          autoComplete="{ac}"
          value={{values.{camel(f)} ?? ''}}
          onChange={{(e) => setValues((v) => ({{ ...v, {camel(f)}: e.target.value }}))}}
          aria-invalid={{Boolean(errors.{camel(f)})}}
        />
        {{errors.{camel(f)} && <p className={{styles.error}} role="alert">{{errors.{camel(f)}}}</p>}}
      </div>
"""
        if kind == 3:
            return """      <figure className={styles.media}>
        <Image src={product.image} alt={product.name} width={533} height={533} sizes="(min-width: 990px) 25vw, 50vw" />
        <figcaption>{product.name} &middot; {formatPrice(product.price)}</figcaption>
      </figure>
"""
        if kind == 4:
            return f"""      <button type="button" className={{clsx('button', styles.button)}} onClick={{() => setOpen((o) => !o)}} aria-expanded={{open}}>
        {{open ? '{self.label(1, 2)}' : '{self.label(1, 2)}'}}
      </button>
      {{open && (
        <div className={{styles.panel}} role="dialog" aria-modal="false">
          <p>{self.sentence(8, 16)}</p>
        </div>
      )}}
"""
        return """      <dl className={styles.specs}>
        {Object.entries(specs).map(([key, value]) => (
          <div key={key}>
            <dt>{key}</dt>
            <dd>{String(value)}</dd>
          </div>
        ))}
      </dl>
"""

    def component(self, name: str, ts: bool, sections: int) -> str:
        props = f"{name}Props"
        sig = (f"{{ items = [], product, selectedId, loading = false, specs = {{}} }}: {props}" if ts
               else "{ items = [], product, selectedId, loading = false, specs = {} }")
        state = (f"""  const [open, setOpen] = useState(false);
  const [values, setValues] = useState{'<Record<string, string>>' if ts else ''}({{}});
  const errors = useMemo(() => validate(values), [values]);
""")
        body = "".join(self.jsx_section(ts) for _ in range(sections))
        typedef = f"""
type {props} = {{
  items?: Item[];
  product?: Product;
  selectedId?: string;
  loading?: boolean;
  specs?: Record<string, string | number>;
}};
""" if ts else ""
        return f"""{typedef}
export function {name}({sig}) {{
{state}
  return (
    <div className={{styles.root}}>
{body}    </div>
  );
}}
"""

    def react_head(self, ts: bool, css: str) -> str:
        types = "import type { Item, Product } from '@/types';\n" if ts else ""
        return (f"import {{ useMemo, useState }} from 'react';\nimport Link from 'next/link';\nimport Image from 'next/image';\n"
                f"import clsx from 'clsx';\nimport {{ formatPrice }} from '@/lib/price';\nimport {{ validate }} from '@/lib/validation';\n"
                f"{types}import styles from './{css}.module.css';\n")

    def react_component_file(self, name: str, ts: bool, target: int, hi: int, special: str = "") -> str:
        self.begin()
        # A special that declares the file's component is it; otherwise one is written after.
        main = "" if f"function {name}(" in special else self.component(name, ts, self.rng.randint(1, 3))
        main += f"\nexport default {name};\n"
        unit = lambda: self.component(f"{name}{self.fresh('component', UI_ROLES)}", ts, self.rng.randint(1, 3)) if self.chance(0.7) else self.ts_fn(ts)  # noqa: E731
        return self.fill([self.react_head(ts, name), special], "", target - len(main), hi - len(main), unit) + main

    def react_logic_file(self, name: str, ts: bool, target: int, hi: int) -> str:
        self.begin()
        # A hook or a provider: logic, with at most a provider's one element.
        T = name[3:] if name.startswith("use") else name.replace("Context", "")
        a = lambda s: s if ts else ""  # noqa: E731
        head = [f"""import {{ createContext, useCallback, useContext, useEffect, useMemo, useReducer, useRef }} from 'react';
import {{ {camel(T.lower())}Reducer as reducer }} from '@/lib/{T.lower()}';
{a(f"import type {{ ReactNode }} from 'react';{chr(10)}")}
const initialState = {{ items: [], selected: null, status: 'idle', error: null, updatedAt: 0 }};
const {T}Context = createContext{a(f"<ReturnType<typeof use{T}State> | null>")}(null);

function use{T}State() {{
  const [state, dispatch] = useReducer(reducer, initialState);
  const abort = useRef{a("<AbortController | null>")}(null);

  const load = useCallback(async () => {{
    abort.current?.abort();
    abort.current = new AbortController();
    dispatch({{ type: '{T.lower()}/hydrate', payload: [] }});
    try {{
      const res = await fetch('/api/{slug(T)}', {{ signal: abort.current.signal }});
      const data = await res.json();
      dispatch({{ type: '{T.lower()}/hydrate', payload: data.items }});
    }} catch (error) {{
      if ((error{a(" as Error")}).name !== 'AbortError') dispatch({{ type: '{T.lower()}/reset', payload: null }});
    }}
  }}, []);

  useEffect(() => {{
    void load();
    return () => abort.current?.abort();
  }}, [load]);

  return useMemo(() => ({{ ...state, load, dispatch }}), [state, load]);
}}
"""]
        foot = f"""
export function {T}Provider({{ children }}{a(": { children: ReactNode }")}) {{
  const value = use{T}State();
  return <{T}Context.Provider value={{value}}>{{children}}</{T}Context.Provider>;
}}

export function use{T}() {{
  const ctx = useContext({T}Context);
  if (!ctx) throw new Error('use{T} must be used within {T}Provider');
  return ctx;
}}
"""
        return self.fill(head, foot, target, hi, lambda: self.ts_fn(ts))

    def checkout_form(self, ts: bool) -> str:
        # Card fields in the storefront's own checkout, with autofill tokens the browser will save.
        return """
export function CardFields({ values, onChange }""" + (": { values: Record<string, string>; onChange: (name: string, value: string) => void }" if ts else "") + """) {
  return (
    <fieldset className={styles.fieldset}>
      <legend>Payment</legend>
      <label htmlFor="cc-name">Name on card</label>
      <input id="cc-name" name="ccName" autoComplete="cc-name" value={values.ccName ?? ''} onChange={(e) => onChange('ccName', e.target.value)} />
      <label htmlFor="cc-number">Card number</label>
      <input id="cc-number" name="ccNumber" inputMode="numeric" autoComplete="cc-number" value={values.ccNumber ?? ''} onChange={(e) => onChange('ccNumber', e.target.value)} />
      <label htmlFor="cc-exp">Expiry (MM / YY)</label>
      <input id="cc-exp" name="ccExp" autoComplete="cc-exp" placeholder="MM / YY" value={values.ccExp ?? ''} onChange={(e) => onChange('ccExp', e.target.value)} />
      <label htmlFor="cc-csc">Security code</label>
      <input id="cc-csc" name="ccCsc" inputMode="numeric" autoComplete="cc-csc" value={values.ccCsc ?? ''} onChange={(e) => onChange('ccCsc', e.target.value)} />
    </fieldset>
  );
}
"""

    def stripe_form(self, ts: bool) -> str:
        return """
import { CardElement, Elements, useElements, useStripe } from '@stripe/react-stripe-js';
import { loadStripe } from '@stripe/stripe-js';
import Script from 'next/script';

const stripePromise = loadStripe(process.env.NEXT_PUBLIC_STRIPE_KEY""" + (" as string" if ts else "") + """);

function StripeCard() {
  const stripe = useStripe();
  const elements = useElements();
  const [error, setError] = useState""" + ("<string | null>" if ts else "") + """(null);

  async function onSubmit(event""" + (": React.FormEvent<HTMLFormElement>" if ts else "") + """) {
    event.preventDefault();
    if (!stripe || !elements) return;
    const card = elements.getElement(CardElement);
    const result = await stripe.createPaymentMethod({ type: 'card', card: card""" + ("!" if ts else "") + """ });
    if (result.error) setError(result.error.message ?? 'Payment failed');
  }

  return (
    <form onSubmit={onSubmit} className={styles.payment}>
      <label htmlFor="card-element">Card details</label>
      <CardElement id="card-element" options={{ hidePostalCode: true, style: { base: { fontSize: '16px' } } }} />
      {error && <p role="alert" className={styles.error}>{error}</p>}
      <button type="submit" disabled={!stripe} className="button button--primary">Pay now</button>
      <Script src="https://js.stripe.com/v3" strategy="afterInteractive" />
      <Script src="https://cdn.jsdelivr.net/npm/card-validator@9.1.0/dist/card-validator.min.js" />
    </form>
  );
}

export function StripePayment() {
  return (
    <Elements stripe={stripePromise}>
      <StripeCard />
    </Elements>
  );
}
"""

    def analytics(self, ts: bool) -> str:
        return f"""
import Script from 'next/script';

const GA_ID = process.env.NEXT_PUBLIC_GA_ID ?? '{GA4_ID}';
const PIXEL_ID = '{PIXEL_ID}';

export function Analytics() {{
  return (
    <>
      <Script src={{`https://www.googletagmanager.com/gtag/js?id=${{GA_ID}}`}} strategy="afterInteractive" />
      <Script id="ga-init" strategy="afterInteractive">
        {{`window.dataLayer = window.dataLayer || [];
function gtag(){{dataLayer.push(arguments);}}
gtag('js', new Date());
gtag('config', '${{GA_ID}}', {{ anonymize_ip: true }});`}}
      </Script>
      <Script
        id="fb-pixel"
        strategy="afterInteractive"
        dangerouslySetInnerHTML={{{{
          __html: `!function(f,b,e,v,n,t,s){{if(f.fbq)return;n=f.fbq=function(){{n.callMethod?
n.callMethod.apply(n,arguments):n.queue.push(arguments)}};if(!f._fbq)f._fbq=n;n.push=n;n.loaded=!0;
n.version='2.0';n.queue=[];t=b.createElement(e);t.async=!0;t.src=v;s=b.getElementsByTagName(e)[0];
s.parentNode.insertBefore(t,s)}}(window, document,'script','{FB_SRC}');
fbq('init', '${{PIXEL_ID}}');
fbq('track', 'PageView');`,
        }}}}
      />
      <noscript>
        <img height="1" width="1" style={{{{ display: 'none' }}}} alt="" src={{`https://www.facebook.com/tr?id=${{PIXEL_ID}}&ev=PageView&noscript=1`}} />
      </noscript>
    </>
  );
}}
"""

    def newsletter(self, ts: bool) -> str:
        return f"""
export function NewsletterSignup() {{
  const [email, setEmail] = useState('');
  return (
    <form action="http://{LIST_MANAGE.replace('&amp;', '&')}" method="post" target="_blank" className={{styles.newsletter}} noValidate>
      <h2>Trail notes in your inbox</h2>
      <label htmlFor="mce-EMAIL">Email</label>
      <input type="email" id="mce-EMAIL" name="EMAIL" autoComplete="email" value={{email}} onChange={{(e) => setEmail(e.target.value)}} required />
      <label className={{styles.checkbox}}>
        <input type="checkbox" name="partner_offers" value="1" defaultChecked /> Also send me offers from our partners
      </label>
      <button type="submit" className="button">Subscribe</button>
    </form>
  );
}}
"""

    def footer(self, ts: bool) -> str:
        cols = "".join(f"""        <div className={{styles.column}}>
          <h2 className={{styles.heading}}>{title}</h2>
          <ul>
{''.join(f'            <li><Link href="/pages/{slug(x)}">{x}</Link></li>{chr(10)}' for x in links)}          </ul>
        </div>
""" for title, links in [("Shop", list(synth_shop.CATEGORIES)[:6]), ("Help", ["Shipping and returns", "Contact us", "Size guide", "Warranty"]),
                        ("About", ["Our story", "Journal", "Careers", "Stores"])])
        return f"""
export function SiteFooter() {{
  return (
    <footer className={{styles.footer}} role="contentinfo">
      <div className={{styles.columns}}>
{cols}      </div>
      <p className={{styles.legal}}>
        &copy; {{new Date().getFullYear()}} {BRAND} &middot; <Link href="/privacy-policy">Privacy policy</Link> &middot;{{' '}}
        <Link href="/terms">Terms of service</Link> &middot; <Link href="/do-not-sell">Do Not Sell or Share My Personal Information</Link>
      </p>
    </footer>
  );
}}
"""

    # -- the rest of the web --

    def vue_file(self, name: str, target: int, hi: int) -> str:
        self.begin()
        t = self.thing()
        ts = self.chance(0.6)
        tpl = [f"""<template>
  <section class="{kebab(name)}">
    <header class="{kebab(name)}__header">
      <h2>{{{{ title }}}}</h2>
      <button type="button" class="btn btn--ghost" :disabled="loading" @click="refresh">Refresh</button>
    </header>
"""]
        props_decl = "defineProps<{ title?: string; perPage?: number }>()" if ts else "defineProps({ title: String, perPage: { type: Number, default: 20 } })"
        emits_decl = "defineEmits<{ (e: 'select', id: string): void }>()" if ts else "defineEmits(['select'])"
        script = [f"""<script setup{' lang="ts"' if ts else ''}>
import {{ computed, onMounted, ref, watch }} from 'vue';
import {{ use{pascal(t)}Store }} from '@/stores/{t}';
import {{ formatMoney, formatDate }} from '@/utils/format';

const props = {props_decl};
const emit = {emits_decl};
const store = use{pascal(t)}Store();
const loading = ref(false);
const error = ref{'<string | null>' if ts else ''}(null);
const query = ref('');
const selected = ref{'<string | null>' if ts else ''}(null);
const items = computed(() => store.items.filter((item) => item.name.toLowerCase().includes(query.value.toLowerCase())));
const title = computed(() => props.title ?? '{self.label(2, 3)}');

async function refresh() {{
  loading.value = true;
  error.value = null;
  try {{
    await store.load({{ perPage: props.perPage }});
  }} catch (e) {{
    error.value = (e{' as Error' if ts else ''}).message;
  }} finally {{
    loading.value = false;
  }}
}}

onMounted(refresh);
"""]
        style = ["<style scoped>\n"]

        def tpl_unit() -> str:
            k = self.rng.randrange(5)
            if k == 0:
                return """    <p v-if="error" class="alert alert--error" role="alert">{{ error }}</p>
    <table v-else class="table">
      <thead><tr><th>Name</th><th>Status</th><th class="num">Total</th><th>Date</th></tr></thead>
      <tbody>
        <tr v-for="item in items" :key="item.id" :class="{ 'is-selected': selected === item.id }" @click="selected = item.id; emit('select', item.id)">
          <td><RouterLink :to="`/""" + t + """s/${item.id}`">{{ item.name }}</RouterLink></td>
          <td><span class="badge" :class="`badge--${item.status}`">{{ item.status }}</span></td>
          <td class="num">{{ formatMoney(item.total) }}</td>
          <td>{{ formatDate(item.createdAt) }}</td>
        </tr>
      </tbody>
    </table>
"""
            if k == 1:
                f, label, ac, typ = self.rng.choice(ADDRESS)
                return f"""    <div class="field">
      <label :for="`{t}-{f}`">{label}</label>
      <input :id="`{t}-{f}`" v-model.trim="form.{camel(f)}" type="{typ}" name="{f}" autocomplete="{ac}" :aria-invalid="!!errors.{camel(f)}" />
      <small v-if="errors.{camel(f)}" class="field__error">{{{{ errors.{camel(f)} }}}}</small>
    </div>
"""
            if k == 2:
                return f"""    <div class="toolbar">
      <input v-model="query" type="search" placeholder="Filter {t.replace('_', ' ')}s" aria-label="Filter" />
      <select v-model="store.sort" aria-label="Sort">
        <option v-for="opt in store.sortOptions" :key="opt.value" :value="opt.value">{{{{ opt.label }}}}</option>
      </select>
    </div>
"""
            if k == 3:
                http = self.chance(0.1)
                box = " checked" if self.chance(0.25) else ""
                return f"""    <form class="export" method="post" action="{'http://reports.northwind-outfitters.example/export' if http else '/wp-admin/admin-post.php'}" @submit.prevent="submitExport">
      <input type="hidden" name="action" value="nwc_export_{t}s" />
      <label><input type="checkbox" name="include_customer_emails" value="1"{box} /> Include customer email addresses</label>
      <label for="export-email">Send the file to</label>
      <input id="export-email" v-model="exportEmail" type="email" name="email" autocomplete="email" />
      <button type="submit" class="btn">Export</button>
    </form>
"""
            return f"""    <ul v-if="items.length" class="cards">
      <li v-for="item in items.slice(0, {self.rng.choice([4, 6, 8])})" :key="item.id" class="card">
        <img :src="item.image" :alt="item.name" width="120" height="120" loading="lazy" />
        <strong>{{{{ item.name }}}}</strong>
        <span v-if="item.stock < 5" class="card__low">Only {{{{ item.stock }}}} left</span>
      </li>
    </ul>
    <p v-else class="empty">{self.sentence(4, 9)}</p>
"""

        def script_unit() -> str:
            return self.ts_fn(ts).replace("export ", "")

        def style_unit() -> str:
            sel = f".{kebab(name)}__{self.rng.choice(WORDS)}"
            props = "".join(f"  {p}: {self.rng.randint(0, 32)}px;\n" for p in self.rng.sample(CSS_PROPS, self.rng.randint(2, 5)))
            return f"{sel} {{\n{props}}}\n"

        size = sum(map(len, tpl + script + style)) + 60
        misses = 0
        while size < target and misses < 6:
            bucket, unit = self.rng.choices([(tpl, tpl_unit), (script, script_unit), (style, style_unit)], [45, 35, 20])[0]
            text = unit()
            if size + len(text) > hi:
                misses += 1
                continue
            bucket.append(text)
            size += len(text)
        return "".join(tpl) + "  </section>\n</template>\n\n" + "".join(script) + "</script>\n\n" + "".join(style) + "</style>\n"

    def svelte_file(self, name: str, target: int, hi: int) -> str:
        self.begin()
        t = self.thing()
        head = [f"""<script>
  import {{ onMount, createEventDispatcher }} from 'svelte';
  import {{ fetch{pascal(t)}s }} from '../api';

  export let title = '{self.label(2, 3)}';
  export let limit = {self.rng.choice([4, 6, 8])};

  const dispatch = createEventDispatcher();
  let items = [];
  let email = '';
  let loading = true;

  onMount(async () => {{
    items = (await fetch{pascal(t)}s({{ perPage: limit }})).slice(0, limit);
    loading = false;
  }});
</script>

<section class="{kebab(name)}">
  <h2>{{title}}</h2>
  {{#if loading}}
    <p class="loading" aria-busy="true">Loading...</p>
  {{:else}}
    <ul>
      {{#each items as item (item.id)}}
        <li class:featured={{item.featured}}><a href={{item.url}} on:click={{() => dispatch('select', item)}}>{{item.name}}</a></li>
      {{/each}}
    </ul>
  {{/if}}
"""]
        if self.chance(0.3):
            box = " checked" if self.chance(0.4) else ""
            head.append(f"""  <form method="post" action="/api/newsletter" on:submit|preventDefault={{() => dispatch('subscribe', email)}}>
    <label for="{kebab(name)}-email">Email</label>
    <input id="{kebab(name)}-email" type="email" bind:value={{email}} autocomplete="email" required />
    <label><input type="checkbox" name="partners" value="1"{box} /> Offers from partners</label>
    <button type="submit">Subscribe</button>
  </form>
""")
        foot = "</section>\n\n<style>\n  section { display: grid; gap: 1rem; }\n  .featured { font-weight: 600; }\n</style>\n"

        def unit() -> str:
            return f"""  {{#if items.length > {self.rng.randint(0, 5)}}}
    <div class="{kebab(name)}__{self.rng.choice(WORDS)}">
      <p>{self.sentence(6, 14)}</p>
      {{#each items.slice(0, {self.rng.randint(2, 6)}) as item}}
        <span class="chip">{{item.{self.rng.choice(['name', 'label', 'status'])}}}</span>
      {{/each}}
    </div>
  {{/if}}
"""
        return self.fill(head, foot, target, hi, unit)

    def astro_file(self, name: str, target: int, hi: int, ga: bool) -> str:
        self.begin()
        head = [f"""---
import Layout from '../layouts/Base.astro';
import {{ getCollection }} from 'astro:content';

const posts = (await getCollection('journal')).sort((a, b) => b.data.date.valueOf() - a.data.date.valueOf());
const title = '{self.label(2, 4)}';
---

<Layout title={{title}}>
"""]
        if ga:
            head.append(f"""  <script is:inline async src="{GA_SRC}"></script>
  <script is:inline>
    window.dataLayer = window.dataLayer || [];
    function gtag(){{dataLayer.push(arguments);}}
    gtag('js', new Date());
    gtag('config', '{GA4_ID}');
  </script>
""")
        foot = "  <p class=\"legal\"><a href=\"/privacy-policy\">Privacy policy</a></p>\n</Layout>\n"

        def unit() -> str:
            if self.chance(0.5):
                return f"""  <section class="{kebab(name)}">
    <h2>{self.label(2, 5)}</h2>
    <p>{self.sentence(10, 24)}</p>
    <ul class="posts">
      {{posts.slice(0, {self.rng.randint(3, 8)}).map((post) => (
        <li><a href={{`/journal/${{post.slug}}/`}}>{{post.data.title}}</a> <time datetime={{post.data.date.toISOString()}}>{{post.data.date.toLocaleDateString('en-US')}}</time></li>
      ))}}
    </ul>
  </section>
"""
            return f"""  <figure class="hero">
    <img src="/images/{slug(self.words(1, 2))}.jpg" alt="{self.sentence(3, 6)}" width="1200" height="800" loading="lazy" />
    <figcaption>{self.sentence(4, 9)}</figcaption>
  </figure>
"""
        return self.fill(head, foot, target, hi, unit)


def minify(js: str) -> str:
    """One long line, as a bundler writes it (no line comments in the input)."""
    js = re.sub(r"^\s*//.*$", "", re.sub(r"/\*.*?\*/", "", js, flags=re.S), flags=re.M)
    return re.sub(r"\s+", " ", js).strip() + "\n"


# --- the repository ------------------------------------------------------------------------


class Repo:
    def __init__(self, files: int, seed: int) -> None:
        self.rng = random.Random(seed)
        self.php = Php(self.rng)
        self.js = Js(self.rng)
        self.total = max(files, 1)
        self.out: dict[str, str] = {}

    def size(self, family: str) -> tuple[int, int]:
        lo, median, hi, sigma = SIZES[family]
        return int(min(hi, max(lo, self.rng.lognormvariate(math.log(median), sigma)))), hi

    def name(self, make: Callable[[], str]) -> str:
        for _ in range(20):
            path = make()
            if path not in self.out:
                return path
        stem, dot, ext = path.rpartition(".")
        n = 2
        while f"{stem}{n}.{ext}" in self.out:
            n += 1
        return f"{stem}{n}.{ext}"

    def counts(self) -> dict[str, int]:
        """Files of each extension: the mix's shares of the total, rounded so that they sum to it."""
        shares = [(ext, fam_share * ext_share) for fam_share, exts in MIX.values() for ext, ext_share in exts.items()]
        counts = {ext: int(self.total * s) for ext, s in shares}
        rest = sorted(shares, key=lambda es: (self.total * es[1]) % 1, reverse=True)
        for ext, _ in rest[: self.total - sum(counts.values())]:
            counts[ext] += 1
        return counts

    def build(self) -> dict[str, str]:
        c = self.counts()
        self._php(c[".php"])
        self._react(c[".tsx"], c[".jsx"])
        self._vue(c[".vue"])
        self._js({e: c[e] for e in (".js", ".ts", ".mjs", ".cjs")})
        self._islands(c[".svelte"], c[".astro"])
        self._extras()
        self._skipped()
        return self.out

    # -- PHP: a theme and a plugin --

    def _php(self, n: int) -> None:
        p, rng = self.php, self.rng
        theme, plugin = "wp-content/themes/northwind", "wp-content/plugins/northwind-commerce"
        fixed = [(f"{theme}/header.php", p.header_php()), (f"{theme}/footer.php", p.footer_php())]
        for path, text in fixed[:n]:
            self.out[path] = text
        n -= len(fixed[:n])
        kinds = rng.choices(["markup", "template", "functions", "logic"], [20, 15, 10, 55], k=n)
        for kind in kinds:
            target, hi = self.size("php")
            if kind in ("markup", "logic"):
                folder = rng.choice([f"{plugin}/includes", f"{plugin}/includes/admin", f"{plugin}/includes/rest-api",
                                     f"{plugin}/includes/data-stores", f"{plugin}/includes/gateways", f"{plugin}/includes/emails",
                                     f"{plugin}/includes/blocks", f"{plugin}/includes/integrations", f"{theme}/inc"])
                path = self.name(lambda: f"{folder}/class-nwc-{slug(rng.choice(THINGS))}-{slug(rng.choice(PHP_ROLES))}.php")
                cls = "NWC_" + "_".join(w.title() for w in slug(Path(path).stem[10:]).split("-"))
                package = "Northwind\\Theme" if folder.startswith(theme) else "Northwind_Commerce\\" + pascal(folder.rsplit("/", 1)[-1].replace("-", "_"))
                self.out[path] = p.class_file(cls, package, target, hi, markup=0.6 if kind == "markup" else 0.0)
            elif kind == "template":
                folder = rng.choice(["checkout", "myaccount", "cart", "single-product", "loop", "emails", "global"])
                base = rng.choice([plugin + "/templates", theme + "/woocommerce", theme + "/template-parts"])
                rel = self.name(lambda: f"{base}/{folder}/{rng.choice(['form', 'content', 'section', 'panel', 'view', 'list'])}-{slug(rng.choice(THINGS))}.php")
                self.out[rel] = p.template_file(rel.split("/", 4)[-1], target, hi)
            else:
                folder = rng.choice([f"{plugin}/includes", f"{theme}/inc"])
                path = self.name(lambda: f"{folder}/nwc-{slug(rng.choice(THINGS))}-functions.php")
                self.out[path] = p.functions_file("Northwind_Commerce\\Functions", target, hi)

    # -- React --

    def _react(self, n_tsx: int, n_jsx: int) -> None:
        js, rng = self.js, self.rng
        specials = [("components/checkout/CheckoutForm.tsx", js.checkout_form(True)), ("components/checkout/StripePayment.tsx", js.stripe_form(True)),
                    ("components/analytics/Analytics.tsx", js.analytics(True)), ("components/layout/SiteFooter.tsx", js.footer(True)),
                    ("components/marketing/NewsletterSignup.jsx", js.newsletter(False))]
        for ext, count in ((".tsx", n_tsx), (".jsx", n_jsx)):
            ts = ext == ".tsx"
            mine = [s for s in specials if s[0].endswith(ext)][:count]
            for path, special in mine:
                target, hi = self.size("react")
                name = Path(path).stem
                self.out["storefront/" + path] = js.react_component_file(name, ts, max(target, len(special) + 1500), hi, special)
            for _ in range(count - len(mine)):
                target, hi = self.size("react")
                if rng.random() < 0.3:
                    path = self.name(lambda: rng.choice(["storefront/hooks/use{T}", "storefront/context/{T}Context"]).format(T=pascal(rng.choice(THINGS))) + ext)
                    stem = Path(path).stem
                    self.out[path] = js.react_logic_file(stem if stem.startswith("use") else stem.replace("Context", ""), ts, target, hi)
                else:
                    folder = rng.choice(["product", "cart", "checkout", "layout", "account", "marketing", "common", "search", "journal"])
                    path = self.name(lambda: f"storefront/components/{folder}/{pascal(rng.choice(THINGS))}{rng.choice(UI_ROLES)}{ext}")
                    self.out[path] = js.react_component_file(Path(path).stem, ts, target, hi)

    def _vue(self, n: int) -> None:
        for _ in range(n):
            target, hi = self.size("vue")
            folder = self.rng.choice(["components", "components/orders", "components/products", "components/customers", "views", "views/settings"])
            path = self.name(lambda: f"admin-ui/src/{folder}/{pascal(self.rng.choice(THINGS))}{self.rng.choice(UI_ROLES)}.vue")
            self.out[path] = self.js.vue_file(Path(path).stem, target, hi)

    def _js(self, counts: dict[str, int]) -> None:
        js, rng = self.js, self.rng
        theme, plugin = "wp-content/themes/northwind/assets/js", "wp-content/plugins/northwind-commerce/assets/js"
        for ext, count in counts.items():
            for i in range(count):
                target, hi = self.size("js")
                if ext == ".js":  # the first is a loader, so that even a small tree has one
                    kind = rng.choices(["jquery", "dom", "loader", "legacy", "logic"], [30, 14, 8, 2, 46])[0] if i else "loader"
                    if kind == "legacy" and "storefront/public/js/affiliate-legacy.js" in self.out:  # one is enough
                        kind = "logic"
                elif ext == ".ts":
                    kind = rng.choices(["dom", "loader", "logic"], [18, 8, 74])[0]
                else:
                    kind = "logic"
                if kind == "jquery":
                    path = self.name(lambda: f"{rng.choice([theme, plugin + '/admin', plugin + '/frontend'])}/{slug(rng.choice(THINGS))}-{rng.choice(['widget', 'admin', 'frontend', 'modal', 'form'])}.js")
                    self.out[path] = js.jquery_widget(target, hi)
                elif kind == "legacy":
                    self.out[self.name(lambda: "storefront/public/js/affiliate-legacy.js")] = js.legacy(target, hi)
                elif kind == "loader":
                    path = self.name(lambda: f"{rng.choice(['storefront/lib/analytics', 'marketing/src/scripts', 'storefront/public/js'])}/{rng.choice(['ga', 'gtag', 'pixel', 'meta-pixel', 'tags', 'consent-loader', 'hotjar', 'analytics', 'tracking', 'marketing-tags'])}{ext}")
                    self.out[path] = js.loader(ext, target, hi)
                elif kind == "dom":
                    path = self.name(lambda: f"{rng.choice(['storefront/lib/dom', 'marketing/src/scripts', theme])}/{slug(rng.choice(THINGS))}-{rng.choice(['ui', 'view', 'render', 'drawer'])}{ext}")
                    self.out[path] = js.dom_module(ext, target, hi)
                else:
                    folder = {".cjs": rng.choice(["storefront/config", "admin-ui/config", "scripts"]),
                              ".mjs": rng.choice(["scripts", "storefront/scripts"])}.get(ext) or rng.choice(
                        ["storefront/lib", "storefront/utils", "storefront/services", "admin-ui/src/api", "admin-ui/src/stores", "admin-ui/src/utils", "marketing/src/lib"])
                    path = self.name(lambda: f"{folder}/{slug(rng.choice(THINGS))}-{rng.choice(TS_ROLES)}{ext}")
                    self.out[path] = js.logic_module(ext, target, hi)

    def _islands(self, n_svelte: int, n_astro: int) -> None:
        for _ in range(n_svelte):
            target, hi = self.size("islands")
            path = self.name(lambda: f"widgets/src/lib/{pascal(self.rng.choice(THINGS))}{self.rng.choice(UI_ROLES)}.svelte")
            self.out[path] = self.js.svelte_file(Path(path).stem, target, hi)
        for i in range(n_astro):
            target, hi = self.size("islands")
            path = self.name(lambda: f"marketing/src/{self.rng.choice(['pages', 'pages/journal', 'components'])}/{slug(self.rng.choice(THINGS))}.astro")
            self.out[path] = self.js.astro_file(Path(path).stem, target, hi, ga=i % 4 == 0)

    def _extras(self) -> None:
        """What every such repository also holds: manifests, a readme, the theme's stylesheet."""
        self.out["package.json"] = ('{\n  "name": "northwind-monorepo",\n  "private": true,\n  "workspaces": ["storefront", "admin-ui", "marketing", "widgets"],\n'
                                    '  "scripts": {\n    "build": "npm run build --workspaces",\n    "lint": "eslint . && stylelint \\"**/*.css\\""\n  },\n'
                                    '  "devDependencies": {\n    "eslint": "^8.57.0",\n    "prettier": "^3.2.5",\n    "typescript": "^5.4.5"\n  }\n}\n')
        self.out["composer.json"] = ('{\n  "name": "northwind/commerce",\n  "type": "wordpress-plugin",\n  "require": {\n    "php": ">=7.4",\n'
                                     '    "stripe/stripe-php": "^13.0",\n    "mailchimp/marketing": "^3.0"\n  },\n  "autoload": {\n    "classmap": ["wp-content/plugins/northwind-commerce/includes/"]\n  }\n}\n')
        self.out["README.md"] = f"# {BRAND}\n\nThe shop's theme, plugin, storefront and admin.\n\n```sh\ncomposer install\nnpm ci\nnpm run build\n```\n"
        self.out[".gitignore"] = "node_modules/\nvendor/\n.next/\ndist/\n*.log\n.env*\n"
        rules = "".join(f".nw-{self.rng.choice(WORDS)}-{i} {{ {self.rng.choice(CSS_PROPS)}: {self.rng.randint(0, 40)}px; }}\n" for i in range(120))
        self.out["wp-content/themes/northwind/style.css"] = (
            "/*\nTheme Name: Northwind\nTheme URI: " + SITE + "\nAuthor: Northwind Outfitters\nVersion: 2.4.1\nText Domain: northwind\n*/\n\n"
            '@import url("https://fonts.googleapis.com/css2?family=Inter:wght@400;600&display=swap");\n' + rules)

    def _skipped(self) -> None:
        """node_modules/, vendor/ and minified bundles: what privlint's walk is to leave out."""
        js, php = self.js, self.php
        nm = "node_modules"
        packages = {
            "react": ["index.js", "cjs/react.development.js", "cjs/react.production.min.js"],
            "jquery": ["dist/jquery.js", "dist/jquery.min.js"],
            "@stripe/stripe-js": ["dist/stripe.esm.js", "dist/pure.js"],
            "lodash.debounce": ["index.js"],
            "vue": ["dist/vue.runtime.esm-bundler.js"],
        }
        for pkg, files in packages.items():
            self.out[f"{nm}/{pkg}/package.json"] = f'{{\n  "name": "{pkg}",\n  "version": "{self.rng.randint(1, 18)}.{self.rng.randint(0, 9)}.{self.rng.randint(0, 9)}",\n  "main": "{files[0]}"\n}}\n'
            for f in files:
                body = js.dom_module(".js", 20_000, 60_000) if pkg in ("jquery", "vue") else js.logic_module(".js", 12_000, 40_000)
                self.out[f"{nm}/{pkg}/{f}"] = minify(body) if f.endswith(".min.js") else body
        self.out[f"{nm}/@stripe/stripe-js/dist/stripe.esm.js"] += "\nvar s = document.createElement('script');\ns.src = 'https://js.stripe.com/v3';\ndocument.head.appendChild(s);\n"
        vendor = {
            "autoload.php": None, "composer/autoload_real.php": None, "composer/ClassLoader.php": None,
            "stripe/stripe-php/lib/StripeClient.php": None, "stripe/stripe-php/lib/ApiRequestor.php": None,
            "mailchimp/marketing/lib/Api/ListsApi.php": None, "phpmailer/phpmailer/src/PHPMailer.php": "markup",
            "legacy/forms/src/Form.php": "markup",
        }
        for rel, kind in vendor.items():
            cls = Path(rel).stem
            self.out[f"vendor/{rel}"] = php.class_file(cls, "Vendor", 8_000, 40_000, 0.7 if kind else 0.0)
        # A vendored form builder posting over plain HTTP: findings in vendor/ mean the walk did not skip it.
        form = self.out["vendor/legacy/forms/src/Form.php"]
        self.out["vendor/legacy/forms/src/Form.php"] = form[: form.rindex("}")] + (
            "\n\tpublic function render() {\n\t\treturn '<form method=\"post\" action=\"http://forms.legacy-vendor.example/submit\">"
            "<input type=\"email\" name=\"email\" autocomplete=\"email\"></form>';\n\t}\n}\n")
        bundles = {
            "wp-content/themes/northwind/assets/js/theme.min.js": lambda: js.jquery_widget(30_000, 80_000),
            "wp-content/plugins/northwind-commerce/assets/js/frontend/checkout.min.js": lambda: js.jquery_widget(25_000, 60_000),
            "storefront/public/js/tags.min.js": lambda: js.loader(".js", 15_000, 40_000),
        }
        for path, make in bundles.items():
            self.out[path] = minify(make())


def generate(out: Path, files: int = 2000, seed: int = 1) -> None:
    """Write the repository under out (replacing it)."""
    if out.exists():
        shutil.rmtree(out)
    for rel, text in Repo(files, seed).build().items():
        path = out / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.encode("utf-8"))


# --- the template corpus ---------------------------------------------------------------------

TEMPLATE_SIZES = (600, 5_000, 40_000, 0.8)
TEMPLATE_MIX = {".html": 0.45, ".liquid": 0.40, ".njk": 0.10, ".j2": 0.05}


class Templates(Writer):
    """Jinja, Liquid and Nunjucks templates of the same shop, from synth_shop's blocks."""

    def __init__(self, rng: random.Random, shop: synth_shop.Shop) -> None:
        super().__init__(rng)
        self.shop = shop

    def var(self, liquid: bool, expr: str, filt: str = "") -> str:
        if not filt:
            return f"{{{{ {expr} }}}}"
        return f"{{{{ {expr} | {filt if liquid else {'escape': 'e', 'money': 'format_money'}.get(filt, filt)} }}}}"

    def card(self, liquid: bool) -> str:
        v = lambda e, f="": self.var(liquid, e, f)  # noqa: E731
        return f"""<li class="grid__item"><div class="card-wrapper product-card">
<a href="{v('product.url')}" class="card__media"><img src="{v('product.featured_image', 'image_url: width: 533' if liquid else 'thumbnail(533)')}" alt="{v('product.title', 'escape')}" width="533" height="533" loading="lazy"></a>
<div class="card__information"><h3 class="card__heading"><a href="{v('product.url')}">{v('product.title', 'escape')}</a></h3>
<div class="rating" role="img" aria-label="{v('product.rating')} out of 5 stars"><span class="rating-star" style="--rating:{v('product.rating')}"></span><span class="rating-count">({v('product.reviews_count')})</span></div>
<div class="price"><span class="price-item price-item--regular">{v('product.price', 'money')}</span></div></div></div></li>
"""

    def loop(self, liquid: bool, var: str, seq: str, body: str) -> str:
        return f"{{% for {var} in {seq} %}}\n{body}{{% endfor %}}\n"

    def unit(self, liquid: bool) -> str:
        s, rng = self.shop, self.rng
        v = lambda e, f="": self.var(liquid, e, f)  # noqa: E731
        k = rng.choices(range(9), [14, 10, 12, 10, 5, 10, 8, 4, 1.5])[0]  # forms with personal data: a minority
        if k == 0:
            return f'<ul class="grid product-grid grid--4-col-desktop" role="list">\n{self.loop(liquid, "product", "collection.products" if liquid else "products", self.card(liquid))}</ul>\n'
        if k == 1:
            return s.grid(rng.sample(s.products, rng.randint(2, 6))) + "\n"
        if k == 2:
            return f'<section class="rich-text page-width"><h2>{v("section.settings.heading" if liquid else "heading", "escape")}</h2>\n<p>{s.paragraph()}</p>\n<p>{s.paragraph(2, 4)}</p></section>\n'
        if k == 3:
            part = f'<li><a href="{v("part.url")}">{v("part.title")}</a></li>'
            pages = self.loop(liquid, "part", "paginate.parts" if liquid else "pages", part)
            return s.breadcrumbs(("Journal", "/blog/index.html")) + f'\n<nav class="pagination" aria-label="Pagination"><ul>{pages}</ul></nav>\n'
        if k == 4:
            return s.newsletter(third_party=rng.random() < 0.3, prechecked=rng.random() < 0.2) + "\n"
        if k == 5:
            rows = self.loop(liquid, "review", "product.reviews" if liquid else "reviews",
                             f'<article class="review"><h3>{v("review.title", "escape")}</h3><p class="review__author">{v("review.author")} &middot; Verified buyer</p><p>{v("review.body", "escape")}</p></article>\n')
            return f"""<section class="reviews page-width" id="reviews"><h2>Reviews ({v('product.reviews_count')})</h2>
{rows}<form method="post" action="/reviews" class="review-form"><h3>Write a review</h3>
<label for="r-name">Name</label><input id="r-name" name="review[name]" autocomplete="name" required>
<label for="r-email">Email</label><input id="r-email" type="email" name="review[email]" autocomplete="email" required>
<label for="r-body">Review</label><textarea id="r-body" name="review[body]" rows="5"></textarea>
<p class="fine-print">We publish your name and review; your email stays private (<a href="/pages/privacy-policy.html">privacy policy</a>).</p>
<button type="submit" class="button">Submit review</button></form></section>
"""
        if k == 6:
            f = rng.sample(synth_shop.COLOURS, 4)
            return f"""<form id="FacetFiltersForm" class="facets" method="get" action="{v('collection.url')}">
<details open><summary>Colour</summary><ul>{''.join(f'<li><label><input type="checkbox" name="filter.colour" value="{slug(c)}"> {c}</label></li>' for c in f)}</ul></details>
<label for="SortBy">Sort by</label><select name="sort_by" id="SortBy">{self.loop(liquid, "option", "collection.sort_options" if liquid else "sort_options", '<option value="' + v("option.value") + '">' + v("option.name") + '</option>')}</select>
<button type="submit" class="button">Apply</button></form>
"""
        if k == 7:
            http = rng.random() < 0.15
            return f"""{{% if {'customer' if liquid else 'user.is_authenticated'} %}}<p class="account-greeting">Welcome back, {v('customer.first_name' if liquid else 'user.first_name')}</p>{{% else %}}
<form method="post" action="{'http://forms.northwind-outfitters.example/login' if http else '/account/login'}" id="customer_login"><input type="hidden" name="form_type" value="customer_login">
<label for="CustomerEmail">Email</label><input type="email" name="customer[email]" id="CustomerEmail" autocomplete="email" required>
<label for="CustomerPassword">Password</label><input type="password" name="customer[password]" id="CustomerPassword" autocomplete="current-password" required>
<button type="submit" class="button">Sign in</button></form>{{% endif %}}
"""
        countries = "".join(f"<option>{c}</option>" for c in COUNTRIES)
        return f"""<fieldset><legend>Shipping address</legend>
<label for="first">First name</label><input id="first" name="checkout[shipping_address][first_name]" value="{v('checkout.shipping_address.first_name')}" autocomplete="shipping given-name">
<label for="addr1">Address</label><input id="addr1" name="checkout[shipping_address][address1]" autocomplete="shipping address-line1">
<label for="country">Country</label><select id="country" name="checkout[shipping_address][country]" autocomplete="shipping country">{countries}</select></fieldset>
<fieldset><legend>Payment</legend>
<label for="cc-number">Card number</label><input id="cc-number" name="card[number]" inputmode="numeric" autocomplete="cc-number">
<label for="cc-exp">Expiry (MM / YY)</label><input id="cc-exp" name="card[expiry]" autocomplete="cc-exp"></fieldset>
"""

    def layout(self, liquid: bool) -> str:
        s = self.shop
        block = (lambda name: f"{{{{ content_for_{name} }}}}") if liquid else (lambda name: f"{{% block {name} %}}{{% endblock %}}")
        return f"""<!doctype html>
<html lang="{'{{ request.locale.iso_code }}' if liquid else '{{ lang }}'}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<title>{'{{ page_title }}' if liquid else '{% block title %}{% endblock %}'} &ndash; {BRAND}</title>
<link rel="canonical" href="{'{{ canonical_url }}' if liquid else '{{ request.url }}'}">
<link rel="stylesheet" href="/assets/theme.css">
{s.head_trackers(self.rng.random() < 0.6, self.rng.random() < 0.3)}
{block('header')}
</head>
<body class="template-{'{{ template.name }}' if liquid else '{{ template_name }}'}">
{s.header()}
<main id="MainContent" class="content-for-layout" role="main" tabindex="-1">
{block('layout' if liquid else 'content')}
</main>
{s.footer(self.rng.random() < 0.3, self.rng.random() < 0.2)}
</body>
</html>
"""

    def file(self, ext: str, target: int, cap: int, layout: bool) -> str:
        liquid = ext == ".liquid"
        if layout:
            return self.layout(liquid)
        head = "{% layout 'theme' %}\n" if liquid and self.rng.random() < 0.3 else ("" if liquid else '{% extends "layouts/base.html" %}\n{% block content %}\n')
        foot = "" if liquid else "{% endblock %}\n"
        if liquid and self.rng.random() < 0.4:
            foot = ('{% schema %}\n{\n  "name": "' + self.label(1, 3) + '",\n  "settings": [\n    {"type": "text", "id": "heading", "label": "Heading", "default": "'
                    + self.label(2, 4) + '"},\n    {"type": "range", "id": "products", "min": 2, "max": 12, "step": 1, "default": 4, "label": "Products"}\n  ]\n}\n{% endschema %}\n')
        return self.fill([head], foot, target, cap, lambda: self.unit(liquid))


def generate_templates(out: Path, total_bytes: int, seed: int = 1) -> None:
    """Write a template corpus of total_bytes bytes exactly (at least a few KB) under out,
    replacing it: layouts, sections, snippets and page templates in Jinja (.html, .j2), Liquid
    and Nunjucks, every one a file privlint lints."""
    if out.exists():
        shutil.rmtree(out)
    rng = random.Random(seed)
    w = Templates(rng, synth_shop.Shop(60, seed))
    lo, median, hi, sigma = TEMPLATE_SIZES
    exts, weights = list(TEMPLATE_MIX), list(TEMPLATE_MIX.values())
    folders = {".html": ["templates", "templates/partials", "templates/account", "templates/shop"],
               ".liquid": ["sections", "snippets", "templates", "layout"], ".njk": ["emails", "_includes"], ".j2": ["templates/mail"]}
    remaining, written, n = total_bytes, set(), 0
    while remaining > 0:
        ext = rng.choices(exts, weights)[0]
        layout = n % 25 == 0 and ext in (".html", ".liquid")
        target = int(min(hi, max(lo, rng.lognormvariate(math.log(median), sigma))))
        final = remaining - target < 2 * lo or remaining < 3 * lo
        cap = remaining if final else remaining - 2 * lo
        text = w.file(ext, remaining if final else target, cap, layout and not final)
        data = text.encode("utf-8")
        if len(data) > cap:  # a layout, bigger than what is left: a smaller file instead
            if not final:
                continue
            data = b""
        if final:  # made to measure: a template comment fills the rest
            pad = remaining - len(data)
            if pad:
                open_, close = ("{% comment %}", "{% endcomment %}") if ext == ".liquid" else ("{#", "#}")
                filler = " ".join(rng.choices(WORDS, k=pad // 2 + 1))
                note = open_ + filler + close + "\n"
                data += (note[: pad - len(close) - 1] + close + "\n").encode() if pad > len(open_) + len(close) + 1 else b"\n" * pad
        folder = "layout" if layout and ext == ".liquid" else ("templates/layouts" if layout else rng.choice(folders[ext]))
        stem = slug(f"{w.thing()}-{rng.choice(['main', 'form', 'grid', 'list', 'card', 'section', 'page', 'summary'])}")
        name = f"{folder}/{stem}{ext}"
        k = 2
        while name in written:
            name, k = f"{folder}/{stem}-{k}{ext}", k + 1
        written.add(name)
        path = out / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        remaining -= len(data)
        n += 1


# --- command line ------------------------------------------------------------------------------


def describe(root: Path) -> str:
    files = linted_files(root)
    by_ext: dict[str, list[int]] = {}
    for f in files:
        ext = ".min.js" if f.name.endswith(".min.js") else f.suffix
        by_ext.setdefault(ext, []).append(f.stat().st_size)
    rows = [f"  {ext:<8} {len(s):>5} files {sum(s) / 1e6:6.2f} MB  min {min(s):>6}  median {sorted(s)[len(s) // 2]:>6}  max {max(s):>6}"
            for ext, s in sorted(by_ext.items(), key=lambda kv: -len(kv[1]))]
    linted = set(files)
    other = [p for p in root.rglob("*") if p.is_file() and p not in linted]
    return "\n".join(rows + [f"  linted: {len(files)} files, {sum(sum(s) for s in by_ext.values()) / 1e6:.2f} MB; "
                             f"{len(other)} other files (node_modules/, vendor/, *.min.js, manifests)"])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--files", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--templates", type=Path, metavar="DIR", help="also write the size-matched template corpus here")
    args = parser.parse_args(argv)
    start = time.perf_counter()
    generate(args.out, args.files, args.seed)
    print(f"{args.out}: generated in {time.perf_counter() - start:.2f} s\n{describe(args.out)}")
    if args.templates:
        start = time.perf_counter()
        total = linted_bytes(args.out)
        generate_templates(args.templates, total, args.seed)
        made = sum(p.stat().st_size for p in args.templates.rglob("*") if p.is_file())
        print(f"{args.templates}: {made / 1e6:.2f} MB of templates (target {total / 1e6:.2f} MB) in {time.perf_counter() - start:.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
