"""The data-collection inventory's Markdown and HTML reports: content, escaping of untrusted
values, the category chart, no external resources, scale, and what a reader sees when the
HTML report is printed by a real browser (Chromium, text read back with pdftotext)."""

from __future__ import annotations

import copy
import json
import os
import re
import shutil
import signal
import subprocess
import time

import lxml.etree
import lxml.html
import pytest
from conftest import ROOT

from privlint.formatters import inventory_html, inventory_markdown

SAMPLE = json.loads((ROOT / "tests" / "data" / "inventory-sample.json").read_text(encoding="utf-8"))
EVIL = "<script>alert(1)</script> \"q\" 'a' & b"
EMPTY = {"version": 1, "site": "public", "pages": 0, "policy": None, "consent_managers": [],
         "third_parties": [], "forms": []}
INSTALL = "install them with: apt-get update && apt-get install -y chromium poppler-utils"


def sample() -> dict:
    return copy.deepcopy(SAMPLE)


def hostile() -> dict:
    """Every value that comes from the site carries markup, quotes, ampersands and URLs."""
    inv = sample()
    inv["site"] = f"site {EVIL}"
    inv["consent_managers"][0]["name"] = f"CMP {EVIL}"
    inv["policy"]["pages"] = [f"privacy/{EVIL}.html"]
    inv["policy"]["names_unused"][0].update(vendor=f"Old {EVIL}", named_as=f"named {EVIL}")
    tp = inv["third_parties"][1]
    tp.update(vendor=f"Vendor {EVIL}", company=f"Co {EVIL}", category=f"cat {EVIL}",
              examples=[f"p/{EVIL}.html", "https://evil.example/x.js"], accounts=[f"ID-{EVIL}"],
              how=[f"how {EVIL}"])
    form = inv["forms"][0]
    form.update(page=f"f/{EVIL}.html", action=f"https://evil.example/post?{EVIL}",
                receiver=f"evil{EVIL}.example", collects=[f"kind {EVIL}"], method=f"post{EVIL}")
    return inv


def many(n: int) -> dict:
    inv = sample()
    inv["third_parties"] = [
        dict(SAMPLE["third_parties"][i % 4], vendor=f"Vendor {i}", category=f"category {i % 7}")
        for i in range(n)
    ]
    inv["forms"] = [dict(SAMPLE["forms"][i % 3], page=f"page-{i}.html") for i in range(n)]
    return inv


# Markdown --------------------------------------------------------------------------------


def table_cells(row: str) -> list[str]:
    """A GFM table row split the way GitHub splits it: a backslash escapes the next character."""
    cells, cell, chars = [], "", iter(row.strip()[1:-1])
    for ch in chars:
        if ch == "\\":
            cell += ch + next(chars, "")
        elif ch == "|":
            cells.append(cell.strip())
            cell = ""
        else:
            cell += ch
    return [*cells, cell.strip()]


def rows_of(md: str, header_start: str) -> list[list[str]]:
    lines = md.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(f"| {header_start} |"))
    block = []
    for line in lines[start:]:
        if not line.startswith("|"):
            break
        block.append(table_cells(line))
    return block


def test_markdown_sample_says_what_a_shop_owner_needs():
    md = inventory_markdown.render(sample())
    assert md.startswith("# Data-collection inventory: public\n")
    for line in ("- Pages scanned: 1,243", "- Third parties: 4 (1 self-hosted)",
                 "- Not named in the policy: 1 (and 1 unknown)",
                 "- Loads before consent: 1 (and 1 on some pages)",
                 "- Forms collecting personal data: 3 (2 sent to another company)",
                 "- Consent manager: Cookiebot (on 1,243 pages)"):
        assert line in md.splitlines()
    vendors = {row[0]: row for row in rows_of(md, "Vendor")[2:]}
    assert list(vendors) == ["**Google Analytics**", "**Meta Pixel**", "**YouTube**", "**Matomo**"]
    meta = vendors["**Meta Pixel**"]
    assert meta[1:4] == ["Meta Platforms, Inc.", "Advertising", "Third party"]
    assert meta[5:7] == ["**Not named in the policy**", "**Loads before consent**"]
    assert vendors["**Google Analytics**"][5:8] == ["Named in the policy", "Held until consent", "`G-ABC123DEF4`"]
    assert vendors["**YouTube**"][5:7] == ["Unknown", "Held on some pages only"]
    assert vendors["**Matomo**"][3] == "First party (self-hosted)"
    forms = rows_of(md, "Form")[2:]
    assert [row[2] for row in forms] == ["Another company: `list-manage.com`", "This site",
                                         "Another company: `example-crm.com`"]
    assert forms[2][1] == "name, email, free text" and forms[2][3] == "**Unencrypted (HTTP)**"
    assert forms[0][0] == "`index.html:210`" and forms[0][6].startswith("1,243 (e.g. `index.html`")
    policy = md.split("## Privacy policy", 1)[1]
    assert "Found at `privacy/index.html`" in policy and "- Hotjar (Hotjar Ltd.)" in policy


def test_markdown_escapes_site_values():
    inv = hostile()
    inv["third_parties"][1].update(vendor="A | B *bold* [x](javascript:alert(1)) \\", company="a\\|b")
    inv["forms"][0].update(page="a|b`c.html", collects=["e|mail"])
    md = inventory_markdown.render(inv)
    for header in ("Vendor", "Form"):
        block = rows_of(md, header)
        assert {len(row) for row in block} == {len(block[0])}, block
    # Markup is inert inside code spans (paths, URLs, ids); everywhere else it is escaped.
    assert "<script>" in md and "<script>" not in re.sub(r"(`+).+?\1", "", md)
    assert "- Consent manager: CMP \\<script\\>alert(1)\\</script\\> \"q\" 'a' \\& b (on 1,243 pages)" in md
    assert "[x](" not in md and "\\*bold\\*" in md
    assert "**A \\| B \\*bold\\* \\[x\\](javascript:alert(1)) \\\\**" in md
    assert "| a\\\\\\|b |" in md  # a literal backslash, then an escaped pipe
    assert "``a\\|b`c.html:210``" in md  # a code span longer than the backtick inside it
    assert "e\\|mail" in md


def test_markdown_empty_site():
    md = inventory_markdown.render(EMPTY)
    assert "- Third parties: none found" in md
    assert "- Forms collecting personal data: none found" in md
    assert "No third parties found" in md and "No forms that collect personal data were found." in md
    assert "No privacy policy page was found" in md
    assert "| Vendor |" not in md and "| Form |" not in md


@pytest.mark.parametrize("render", [inventory_markdown.render, inventory_html.render])
def test_policy_unreadable_and_missing(render):
    inv = sample()
    inv["policy"] = {"pages": ["privacy.html"], "readable": False, "names_unused": []}
    out = render(inv)
    assert "could not be read" in out and "template code" in out
    assert "Hotjar" not in out
    inv["policy"] = None
    out = render(inv)
    assert "No privacy policy page was found" in out and "could not be read" not in out


@pytest.mark.parametrize("render", [inventory_markdown.render, inventory_html.render])
def test_non_ascii_names_kept(render):
    inv = sample()
    inv["site"] = "boutique-élodie"
    inv["third_parties"][0].update(vendor="Zählpixel", company="株式会社テスト")
    inv["forms"][1]["page"] = "über-uns/index.html"
    out = render(inv)
    for text in ("boutique-élodie", "Zählpixel", "株式会社テスト", "über-uns/index.html"):
        assert text in out


@pytest.mark.parametrize("render", [inventory_markdown.render, inventory_html.render])
def test_thousands_of_entries_render_in_linear_time(render):
    start = time.perf_counter()
    out = render(many(20_000))
    elapsed = time.perf_counter() - start
    assert elapsed < 5, f"{elapsed:.1f} s for 20,000 third parties and forms"
    assert out.count("Vendor 19999") == 1 and out.count("page-19999.html") >= 1
    assert "Third parties: 20,000" in out


# HTML ------------------------------------------------------------------------------------

URL_ATTRIBUTES = {"src", "href", "srcset", "action", "formaction", "poster", "data", "background",
                  "xlink:href", "ping", "cite", "manifest", "codebase", "longdesc"}


def elements(doc):
    return doc.iter(lxml.etree.Element)


def test_html_parses_and_has_the_content():
    doc = lxml.html.document_fromstring(inventory_html.render(sample()))
    assert doc.findtext(".//title") == "Data-collection inventory: public"
    assert doc.findtext(".//h1") == "Data-collection inventory: public"
    lead = doc.find_class("lead")[0].text_content()
    assert lead == ("4 third parties found on 1,243 pages, 1 not named in the privacy policy, "
                    "1 loads before consent, 3 forms collecting personal data.")
    tables = doc.findall(".//table")
    assert len(tables) == 3
    assert [td.text_content() for td in tables[2].findall("./tbody/tr/td")][:2] == ["Stripe Elements", "Stripe, Inc."]
    rows = tables[0].findall("./tbody/tr")
    assert [r.find("./td/strong").text for r in rows] == ["Google Analytics", "Meta Pixel", "YouTube", "Matomo"]
    meta = rows[1]
    assert [b.text for b in meta.find_class("badge")] == ["Not named in the policy", "Loads before consent"]
    assert [b.get("class") for b in meta.find_class("badge")] == ["badge red", "badge red"]
    assert len(tables[1].findall("./tbody/tr")) == 3
    assert "list-manage.com" in tables[1].text_content()
    policy = doc.findall(".//h2")[-1]
    assert policy.text == "Privacy policy"
    assert [li.text for li in policy.getparent().findall("./ul/li")][-1:] == ["Hotjar (Hotjar Ltd.)"]
    assert "@media print" in doc.findtext(".//style")


@pytest.mark.parametrize("inventory", [sample(), hostile(), EMPTY], ids=["sample", "hostile", "empty"])
def test_html_references_no_external_resource(inventory):
    page = inventory_html.render(inventory)
    doc = lxml.html.document_fromstring(page)
    assert not doc.xpath("//script | //img | //link | //iframe | //object | //embed | //base | //image")
    for el in elements(doc):
        for name, value in el.attrib.items():
            assert name not in URL_ATTRIBUTES, (el.tag, name, value)
            assert "://" not in value and not value.strip().startswith("//"), (el.tag, name, value)
            assert "url(" not in value.lower(), (el.tag, name, value)
    css = "".join(s.text or "" for s in doc.iter("style")).lower()
    assert css and "url(" not in css and "@import" not in css and "://" not in css
    csp = doc.xpath("//meta[@http-equiv='Content-Security-Policy']/@content")
    assert csp and "default-src 'none'" in csp[0]


def test_html_escapes_every_site_value():
    inv = hostile()
    page = inventory_html.render(inv)
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&quot;q&quot;" in page and "&#x27;a&#x27;" in page and "&amp; b" in page
    assert " & b" not in page
    doc = lxml.html.document_fromstring(page)
    assert not doc.xpath("//script")
    text = doc.text_content()
    # The reader sees the values as they were, markup and all, as text.
    for value in (f"site {EVIL}", f"Vendor {EVIL}", f"Co {EVIL}", f"ID-{EVIL}", f"kind {EVIL}",
                  f"CMP {EVIL}", f"Old {EVIL}", f"privacy/{EVIL}.html", "https://evil.example/x.js"):
        assert value in text, value
    bars = doc.xpath("//rect[@class='bar']")
    assert f"Cat {EVIL}" in [b.get("data-category") for b in bars]


def chart_bars(doc) -> list[tuple[str, str, int, str]]:
    """(label text, data-category, data-count, count text) for each bar of the chart."""
    svg = doc.find(".//svg")
    out = []
    for g in svg.findall("g"):
        label, rect, number = g.findall("text")[0], g.find("rect"), g.findall("text")[1]
        out.append((label.text, rect.get("data-category"), int(rect.get("data-count")), number.text))
    return out


def test_chart_has_one_bar_per_category_with_its_count():
    doc = lxml.html.document_fromstring(inventory_html.render(sample()))
    assert chart_bars(doc) == [("Analytics", "Analytics", 2, "2"), ("Advertising", "Advertising", 1, "1"),
                               ("Embed", "Embed", 1, "1")]
    svg = doc.find(".//svg")
    assert svg.findtext("title") == "Third parties by category"
    widths = [float(r.get("width")) for r in svg.iter("rect")]
    assert widths[0] == 2 * widths[1] == 2 * widths[2]


def test_chart_with_many_categories():
    inv = many(70)  # categories 0..6, ten third parties each
    inv["third_parties"].append(dict(inv["third_parties"][0], category="category 3"))
    doc = lxml.html.document_fromstring(inventory_html.render(inv))
    bars = chart_bars(doc)
    assert len(bars) == 7 == len(doc.findall(".//svg/g/rect"))
    assert bars[0] == ("Category 3", "Category 3", 11, "11")
    assert sorted(b[2] for b in bars[1:]) == [10] * 6
    assert sum(b[2] for b in bars) == 71


def test_html_empty_site():
    doc = lxml.html.document_fromstring(inventory_html.render(EMPTY))
    text = " ".join(doc.text_content().split())
    assert doc.find(".//svg") is None and doc.find(".//table") is None
    assert "No third parties found" in text and "No forms that collect personal data were found." in text
    assert "No privacy policy page was found" in text
    assert "0 third parties found on 0 pages, 0 forms collecting personal data." in text


# In a real browser -----------------------------------------------------------------------


def shown(text: str, phrase: str) -> bool:
    """Whether a reader sees the phrase in `pdftotext -layout` output: on one line, or wrapped
    inside one table cell (its pieces on the next lines, starting in the same column). A cell's
    lines can have one line between them that is blank in that column (pdftotext's spacing for
    a smaller font); rows and paragraphs are two or more apart."""
    lines = text.splitlines()
    pieces = [p for p in re.split(r"(?<=[- ])", phrase) if p]  # a line may break after these

    def starts(i: int, column: int, rest: list[str]) -> bool:
        if i >= len(lines):
            return False
        line = lines[i]
        for col in (column - 1, column, column + 1):
            for cut in range(len(rest), 0, -1):
                head = "".join(rest[:cut]).rstrip()
                end = col + len(head)
                if col < 0 or not head or line[col:end] != head or line[end:end + 1].strip():
                    continue
                if cut == len(rest):
                    return True
                gap = i + 1 < len(lines) and not lines[i + 1][col:col + 3].strip()
                if starts(i + 1, col, rest[cut:]) or (gap and starts(i + 2, col, rest[cut:])):
                    return True
        return False

    first = re.compile(re.escape(pieces[0].rstrip()))
    return any(starts(i, m.start(), pieces) for i, line in enumerate(lines) for m in first.finditer(line))


def test_shown_follows_wrapped_cells():
    text = ("Vendor      Consent    Sent to\n\nGoogle      Held       list-\nAnalytics   until\n"
            "            consent    manage.com\n\n\nMeta Pixel  Loads      This site\n")
    for phrase in ("Google Analytics", "Held until consent", "list-manage.com", "Meta Pixel"):
        assert shown(text, phrase), phrase
    wrong = ("Google Held", "Analytics Meta", "Google Analytics until", "list-manage", "Consent Google",
             "Held until consent Loads", "Pixel Loads")
    for phrase in wrong:
        assert not shown(text, phrase), phrase


def run_browser(args: list[str], timeout: float = 120) -> subprocess.CompletedProcess:
    proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=True)
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        out, err = proc.communicate()
        pytest.fail(f"{args[0]} did not finish in {timeout} s: {err[-2000:]}")
    return subprocess.CompletedProcess(args, proc.returncode, out, err)


@pytest.mark.slow
def test_printed_by_chromium_reads_right(tmp_path):
    chromium, pdftotext = shutil.which("chromium"), shutil.which("pdftotext")
    if not chromium or not pdftotext:
        pytest.fail(f"this test needs Chromium and pdftotext (poppler-utils); {INSTALL}")
    inv = sample()
    inv["third_parties"].append(dict(inv["third_parties"][1], vendor="Café Zählwerk",
                                     company="Müller & Söhne GmbH", category="analytics"))
    html_path, pdf_path = tmp_path / "report.html", tmp_path / "report.pdf"
    html_path.write_text(inventory_html.render(inv), encoding="utf-8")
    browser = run_browser([
        chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        # No page header or footer: the title printed there would hide a missing heading.
        "--no-pdf-header-footer",
        f"--user-data-dir={tmp_path / 'profile'}", f"--print-to-pdf={pdf_path}", html_path.as_uri(),
    ])
    assert pdf_path.is_file() and pdf_path.stat().st_size > 0, (browser.returncode, browser.stderr[-3000:])
    text = run_browser([pdftotext, "-layout", str(pdf_path), "-"], timeout=60).stdout

    assert text.lstrip().startswith("Data-collection inventory: public")
    lead = " ".join(text.split())
    assert ("5 third parties found on 1,243 pages, 2 not named in the privacy policy, "
            "2 load before consent, 3 forms collecting personal data.") in lead
    for phrase in ("Third parties: 5 (1 self-hosted)", "Not named in the policy: 2 (and 1 unknown)",
                   "Loads before consent: 2 (and 1 on some pages)", "Consent manager: Cookiebot (on 1,243 pages)",
                   "Google Analytics", "Meta Pixel", "YouTube", "Matomo", "Café Zählwerk",
                   "Müller & Söhne GmbH", "Not named in the policy", "Loads before consent",
                   "Held until consent", "list-manage.com", "Unencrypted (HTTP)", "Hotjar (Hotjar Ltd.)"):
        assert shown(text, phrase), phrase
    # The chart: each category's label and its count on one line.
    chart = text.split("Third parties by category", 1)[1].split("Third parties", 1)[0]
    found = re.findall(r"^\s*(\w+)\s+(\d+)\s*$", chart, re.MULTILINE)
    assert found == [("Analytics", "3"), ("Advertising", "1"), ("Embed", "1")], chart
