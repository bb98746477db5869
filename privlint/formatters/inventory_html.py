"""The data-collection inventory as one self-contained HTML page.

Inline CSS, an inline SVG chart, no script and no external resource (a Content-Security-Policy
forbids loading any), so it reads the same offline and prints cleanly. Every value taken from
the inventory is passed through ``html.escape``. Wording is shared with the Markdown report.
"""

from __future__ import annotations

from html import escape

from .inventory_markdown import (
    EXAMPLES_SHOWN,
    HOSTED_NOTE,
    NOT_NAMED,
    TRANSPORT,
    categories,
    category_label,
    consent_text,
    count,
    destination_text,
    disclosed_text,
    flat,
    party_text,
    plural,
    policy_lines,
    summary,
    tally,
)

_CSS = """
:root{--ink:#1d2733;--muted:#5f6b78;--line:#dde3ea;--zebra:#f4f6f9;--paper:#fff;--accent:#3d6f96;
--red:#a8261b;--red-bg:#fdeceb;--amber:#8a5100;--amber-bg:#fff3d9;--green:#23643d;--green-bg:#e8f4ec;
--grey-bg:#eef1f4}
*{box-sizing:border-box}
body{margin:0;background:var(--paper);color:var(--ink);
font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
main{max-width:1120px;margin:0 auto;padding:36px 24px 56px}
h1{font-size:1.75rem;line-height:1.25;margin:0 0 4px;overflow-wrap:anywhere}
h2{font-size:1.2rem;margin:40px 0 12px;padding-bottom:6px;border-bottom:1px solid var(--line)}
.meta{color:var(--muted);margin:0 0 20px}
.lead{font-size:1.08rem;margin:0 0 20px;padding:14px 18px;background:var(--zebra);
border-left:4px solid var(--accent);border-radius:4px}
.stats{display:grid;grid-template-columns:repeat(auto-fit,minmax(160px,1fr));gap:12px;margin:0;padding:0;
list-style:none}
.stats li{border:1px solid var(--line);border-radius:8px;padding:10px 14px}
.stats b{display:block;font-size:1.55rem;line-height:1.2}
.stats .red{border-color:var(--red);background:var(--red-bg)}
.stats .amber{border-color:var(--amber);background:var(--amber-bg)}
.wide{overflow-x:auto}
table{border-collapse:collapse;width:100%;min-width:760px;table-layout:fixed;font-size:.9rem}
th,td{text-align:left;vertical-align:top;padding:7px 10px;border-bottom:1px solid var(--line)}
th{background:var(--zebra);font-weight:600;border-bottom:2px solid var(--line)}
tbody tr:nth-child(even){background:var(--zebra)}
td{overflow-wrap:anywhere}
code{font:.84em/1.4 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;overflow-wrap:anywhere}
.sub{display:block;color:var(--muted);font-size:.88em}
.badge{display:inline-block;padding:1px 8px;border:1px solid;border-radius:6px;font-size:.88em;
font-weight:600;overflow-wrap:normal}
.red{color:var(--red);background:var(--red-bg)}
.amber{color:var(--amber);background:var(--amber-bg)}
.green{color:var(--green);background:var(--green-bg)}
.grey{color:var(--muted);background:var(--grey-bg)}
.chart{display:block;width:100%;max-width:640px;height:auto}
.chart text{font:13px system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;fill:var(--ink)}
.chart .bar{fill:var(--accent)}
.none{color:var(--muted);font-style:italic}
@page{margin:12mm}
@media print{
body{font-size:10pt}
main{max-width:none;padding:0}
table{min-width:0;font-size:8.5pt}
.stats{grid-template-columns:repeat(5,1fr)}
h2{break-after:avoid}
tr,.stats li{break-inside:avoid}
thead{display:table-header-group}
.wide{overflow:visible}
.badge,.stats li,.chart{-webkit-print-color-adjust:exact;print-color-adjust:exact}
}
"""

_CONSENT_TONE = {"held": "green", "not-held": "red", "partly": "amber", "auto-blocked": "grey",
                 "no-consent-manager": "grey"}
_BAR = {"label": 180, "width": 400, "row": 30, "height": 20}


def esc(value) -> str:
    return escape(flat(value))


def _badge(label: str, tone: str) -> str:
    return f'<span class="badge {tone}">{escape(label)}</span>'


def _table(columns: list[tuple[str, int]], rows) -> str:
    """A table from (header, width in percent) pairs and rows of <td> cells."""
    cols = "".join(f'<col style="width:{width}%">' for _, width in columns)
    head = "".join(f"<th>{h}</th>" for h, _ in columns)
    body = "\n".join("<tr>" + "".join(cells) + "</tr>" for cells in rows)
    return f'<div class="wide"><table><colgroup>{cols}</colgroup><thead><tr>{head}</tr></thead><tbody>\n{body}\n</tbody></table></div>'


def _code(value) -> str:
    text = esc(value)
    return f"<code>{text}</code>" if text else "—"


def _pages(entry: dict) -> str:
    examples = ", ".join(_code(p) for p in (entry.get("examples") or [])[:EXAMPLES_SHOWN])
    more = f'<span class="sub">e.g. {examples}</span>' if examples else ""
    declared = ", ".join(_code(d) for d in (entry.get("declared_by") or [])[:EXAMPLES_SHOWN])
    if declared:
        more += f'<span class="sub">declared by {declared}</span>'
    return f'<td>{escape(count(entry.get("pages", 0)))}{more}</td>'


def _third_party(tp: dict) -> list[str]:
    disclosed = tp.get("disclosed")
    tone = "red" if disclosed is False else "grey" if disclosed is None else "green"
    consent = tp.get("consent")
    how = ", ".join(flat(h) for h in tp.get("how") or [])
    return [
        f"<td><strong>{esc(tp.get('vendor') or tp.get('service'))}</strong>"
        + (f'<span class="sub">via {escape(how)}</span>' if how else "") + "</td>",
        f"<td>{esc(tp.get('company')) or '—'}</td>",
        (f"<td>{escape(category_label(tp.get('category')))}"
         f'<span class="sub">{escape(party_text(tp.get("party")))}</span></td>'),
        _pages(tp),
        f"<td>{_badge(disclosed_text(tp), tone)}</td>",
        f"<td>{_badge(consent_text(consent), _CONSENT_TONE.get(consent, 'grey'))}</td>",
        "<td>" + (", ".join(_code(a) for a in tp.get("accounts") or []) or "—") + "</td>",
    ]


def _form(form: dict) -> list[str]:
    receiver = f" {_code(form.get('receiver'))}" if form.get("receiver") else ""
    transport = form.get("transport")
    tone = "red" if transport == "http" else "green" if transport == "https" else "grey"
    method = flat(form.get("method")).upper()
    return [
        f"<td>{_code(form.get('page'))}<span class=\"sub\">line {esc(form.get('line'))}</span></td>",
        f"<td>{escape(', '.join(flat(c) for c in form.get('collects') or [])) or '—'}</td>",
        f"<td>{escape(destination_text(form))}{receiver}</td>",
        f"<td>{_badge(TRANSPORT.get(transport, flat(transport) or 'Unknown'), tone)}</td>",
        f"<td>{escape(method) or '—'}</td>",
        f"<td>{_code(form.get('action'))}</td>",
        _pages(form),
    ]


def _hosted(hosted: dict) -> list[str]:
    return [
        f"<td>{esc(hosted.get('provider'))}</td>",
        f"<td>{esc(hosted.get('company')) or '—'}</td>",
        f"<td>{_code(hosted.get('page'))}<span class=\"sub\">line {esc(hosted.get('line'))}</span></td>",
        _pages(hosted),
    ]


def chart(counts: list[tuple[str, int]]) -> str:
    """A horizontal bar chart as inline SVG: one bar per category, its label left of it and its
    count right of it, so the chart reads without colour."""
    label_w, bar_w, row, bar_h = _BAR["label"], _BAR["width"], _BAR["row"], _BAR["height"]
    top = max((n for _, n in counts), default=1)
    width, height = label_w + bar_w + 60, row * len(counts) + 6
    svg = (f'<svg class="chart" viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img" '
           'aria-labelledby="chart-title"><title id="chart-title">Third parties by category</title>')
    parts = [svg]
    for i, (label, n) in enumerate(counts):
        y = i * row + 4
        w = max(2, round(bar_w * n / top))
        shown = label if len(label) <= 24 else label[:23] + "…"
        parts.append(
            f'<g><text x="{label_w - 10}" y="{y + 15}" text-anchor="end">{escape(shown)}</text>'
            f'<rect class="bar" x="{label_w}" y="{y}" width="{w}" height="{bar_h}" rx="3" '
            f'data-category="{escape(label)}" data-count="{n}"><title>{escape(label)}: {n}</title></rect>'
            f'<text class="count" x="{label_w + w + 8}" y="{y + 15}">{n}</text></g>'
        )
    parts.append("</svg>")
    return "\n".join(parts)


def _stats(inventory: dict, t: dict[str, int]) -> str:
    tiles = [
        (inventory.get("pages", 0), "pages scanned", ""),
        (t["third_parties"], "third parties", ""),
        (t["not_named"], NOT_NAMED.lower(), "red" if t["not_named"] else ""),
        (t["before"], "load before consent", "amber" if t["before"] else ""),
        (t["forms"], "forms collecting personal data", ""),
    ]
    items = "".join(f'<li class="{tone}"><b>{escape(count(n))}</b>{escape(label)}</li>'
                    for n, label, tone in tiles)
    return f'<ul class="stats">{items}</ul>'


def _headline(inventory: dict, t: dict[str, int]) -> str:
    found = plural(t["third_parties"], "third party", "third parties")
    parts = [f"{found} found on {plural(inventory.get('pages', 0), 'page')}"]
    if t["third_parties"]:
        parts.append(f"{count(t['not_named'])} not named in the privacy policy")
        parts.append(f"{count(t['before'])} {'loads' if t['before'] == 1 else 'load'} before consent")
    parts.append(f"{plural(t['forms'], 'form')} collecting personal data")
    return escape(", ".join(parts) + ".")


def render(inventory: dict) -> str:
    tps = inventory.get("third_parties") or []
    forms = inventory.get("forms") or []
    site = esc(inventory.get("site")) or "site"
    tool = inventory.get("tool") or {}
    made_by = f" · made by {esc(tool.get('name'))} {esc(tool.get('version'))}" if tool else ""
    t = tally(inventory)
    managers = inventory.get("consent_managers") or []
    manager_text = ", ".join(f"{esc(m.get('name'))} (on {escape(plural(m.get('pages', 0), 'page'))})"
                             for m in managers) or "none found"

    out = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; style-src \'unsafe-inline\'">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>Data-collection inventory: {site}</title>",
        f"<style>{_CSS}</style></head><body><main>",
        f"<h1>Data-collection inventory: {site}</h1>",
        f'<p class="meta">What the site collects and who receives it, for checking the privacy policy{made_by}</p>',
        f'<p class="lead">{_headline(inventory, t)}</p>',
        "<h2>Summary</h2>",
        _stats(inventory, t),
        # The details under the tiles; the first line (pages scanned) is a tile already.
        "<ul>" + "".join(f"<li>{escape(line)}</li>" for line in summary(inventory)[1:]),
        f"<li>Consent manager: {manager_text}</li></ul>",
        "<h2>Third parties by category</h2>",
    ]
    if tps:
        out.append(chart(categories(tps)))
    else:
        out.append('<p class="none">No third parties found: nothing to chart.</p>')

    out.append("<h2>Third parties</h2>")
    if tps:
        columns = [("Vendor", 15), ("Owner", 13), ("Category", 12), ("Pages", 17),
                   ("In the privacy policy", 15), ("Consent", 14), ("Account IDs", 14)]
        out.append(_table(columns, map(_third_party, tps)))
    else:
        out.append('<p class="none">No third parties found: the site loads nothing from other companies '
                   "that privlint knows of.</p>")

    out.append("<h2>Forms that collect personal data</h2>")
    if forms:
        columns = [("Form", 17), ("Collects", 15), ("Sent to", 14), ("Connection", 13), ("Method", 8),
                   ("Address", 17), ("Pages", 16)]
        out.append(_table(columns, map(_form, forms)))
    else:
        out.append('<p class="none">No forms that collect personal data were found.</p>')

    hosted = inventory.get("hosted_card_fields") or []
    if hosted:
        out.append("<h2>Card fields hosted by the payment processor</h2>")
        out.append(f"<p>{escape(HOSTED_NOTE)}</p>")
        out.append(_table([("Card fields", 25), ("Company", 25), ("First at", 25), ("Pages", 25)], map(_hosted, hosted)))

    out.append("<h2>Privacy policy</h2>")
    sentences, unused = policy_lines(inventory.get("policy"), _code, esc)
    out.append(f"<p>{' '.join(sentences)}</p>")
    if unused:
        out.append("<ul>" + "".join(f"<li>{name}</li>" for name in unused) + "</ul>")
    out.append("</main></body></html>")
    return "\n".join(out) + "\n"
