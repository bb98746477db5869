"""The data-collection inventory as Markdown (GitHub-flavoured tables), for a shop owner.

Values that come from the site (paths, URLs, names read from the policy) are untrusted:
they are flattened to one line, cleared of control and bidi characters, and escaped, names
with backslashes and paths/URLs/ids as code spans. The wording helpers here are shared with
the HTML report so that both say the same thing.
"""

from __future__ import annotations

import re
from collections import Counter

from .text import clean

EXAMPLES_SHOWN = 3

CONSENT = {
    "held": "Held until consent",
    "not-held": "Loads before consent",
    "partly": "Held on some pages only",
    "auto-blocked": "Left to auto-blocking (not verifiable)",
    "no-consent-manager": "No consent manager",
}
TRANSPORT = {
    "https": "Encrypted (HTTPS)",
    "http": "Unencrypted (HTTP)",
    "relative": "Same as the page",
    "unknown": "Unknown",
}
NOT_NAMED = "Not named in the policy"
UNKNOWN_DISCLOSURE = "Unknown"

OUT_OF_DATE = "Named in the policy but no longer loaded by the site (the policy may be out of date):"

_SPACE = re.compile(r"\s+")
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>~&])")
_BACKTICKS = re.compile(r"`+")


def flat(value) -> str:
    """One line of printable text."""
    return clean(_SPACE.sub(" ", str(value))).strip() if value is not None else ""


def plural(n: int, word: str, many: str | None = None) -> str:
    return f"{count(n)} {word if n == 1 else many or word + 's'}"


def count(n) -> str:
    return f"{n:,}" if isinstance(n, int) else flat(n)


def category_label(category) -> str:
    text = flat(category) or "uncategorised"
    return text[:1].upper() + text[1:]


def party_text(party) -> str:
    return "First party (self-hosted)" if party == "first" else "Third party"


def disclosed_text(entry: dict) -> str:
    disclosed = entry.get("disclosed")
    if disclosed is None:
        return UNKNOWN_DISCLOSURE
    if not disclosed:
        return NOT_NAMED
    named_as = flat(entry.get("named_as"))
    if named_as and named_as != flat(entry.get("vendor")):
        return f"Named in the policy as “{named_as}”"
    return "Named in the policy"


def consent_text(consent) -> str:
    return CONSENT.get(consent, flat(consent) or "Unknown")


def destination_text(form: dict) -> str:
    """Who receives the form, without the receiver's name (each format adds it)."""
    destination = form.get("destination")
    if destination == "same-site":
        return "This site"
    if destination == "third-party":
        return "Another company"
    return "Unknown"


def categories(third_parties: list) -> list[tuple[str, int]]:
    """(category label, number of third parties), most first."""
    counts = Counter(category_label(tp.get("category")) for tp in third_parties)
    return sorted(counts.items(), key=lambda item: (-item[1], item[0].casefold()))


def tally(inventory: dict) -> dict[str, int]:
    """The counts both reports lead with, in one pass over the third parties and the forms."""
    tps = inventory.get("third_parties") or []
    forms = inventory.get("forms") or []
    return {
        "third_parties": len(tps),
        "first": sum(tp.get("party") == "first" for tp in tps),
        "not_named": sum(tp.get("disclosed") is False for tp in tps),
        "unknown": sum(tp.get("disclosed") is None for tp in tps),
        "before": sum(tp.get("consent") == "not-held" for tp in tps),
        "partly": sum(tp.get("consent") == "partly" for tp in tps),
        "forms": len(forms),
        "to_others": sum(f.get("destination") == "third-party" for f in forms),
    }


def summary(inventory: dict) -> list[str]:
    """The headline facts as plain sentences: counts only, nothing taken from the site."""
    t = tally(inventory)
    lines = [f"Pages scanned: {count(inventory.get('pages', 0))}"]
    if t["third_parties"]:
        line = f"Third parties: {count(t['third_parties'])}"
        lines.append(line + (f" ({count(t['first'])} self-hosted)" if t["first"] else ""))
        line = f"{NOT_NAMED}: {count(t['not_named'])}"
        lines.append(line + (f" (and {count(t['unknown'])} unknown)" if t["unknown"] else ""))
        line = f"Loads before consent: {count(t['before'])}"
        lines.append(line + (f" (and {count(t['partly'])} on some pages)" if t["partly"] else ""))
    else:
        lines.append("Third parties: none found")
    if t["forms"]:
        line = f"Forms collecting personal data: {count(t['forms'])}"
        lines.append(line + (f" ({count(t['to_others'])} sent to another company)" if t["to_others"] else ""))
    else:
        lines.append("Forms collecting personal data: none found")
    return lines


# Markdown ------------------------------------------------------------------------------


def text(value) -> str:
    """Site text as inert Markdown."""
    return _MD_SPECIAL.sub(r"\\\1", flat(value))


def code(value) -> str:
    """Site text as a code span (paths, URLs, ids): nothing in it is Markdown."""
    value = flat(value)
    if not value:
        return "—"
    fence = "`" * (max((len(m) for m in _BACKTICKS.findall(value)), default=0) + 1)
    pad = " " if value.startswith("`") or value.endswith("`") or value[0] == value[-1] == " " else ""
    return f"{fence}{pad}{value}{pad}{fence}"


def _row(cells: list[str]) -> str:
    # GFM splits cells before parsing inlines, so `\|` is a literal pipe even in code spans.
    return "| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |"


def _table(headers: list[str], rows) -> list[str]:
    return [_row(headers), "|" + "|".join(" --- " for _ in headers) + "|", *map(_row, rows)]


def _pages(entry: dict) -> str:
    examples = [code(p) for p in (entry.get("examples") or [])[:EXAMPLES_SHOWN]]
    shown = count(entry.get("pages", 0))
    found = f"{shown} (e.g. {', '.join(examples)})" if examples else shown
    declared = entry.get("declared_by") or []
    if declared:
        found += "; declared by " + ", ".join(code(d) for d in declared[:EXAMPLES_SHOWN])
    return found


def _third_party_row(tp: dict) -> list[str]:
    disclosed = disclosed_text(tp)
    consent = consent_text(tp.get("consent"))
    return [
        f"**{text(tp.get('vendor') or tp.get('service'))}**",
        text(tp.get("company")) or "—",
        text(category_label(tp.get("category"))),
        party_text(tp.get("party")),
        _pages(tp),
        f"**{disclosed}**" if tp.get("disclosed") is False else text(disclosed),
        f"**{consent}**" if tp.get("consent") == "not-held" else text(consent),
        ", ".join(code(a) for a in tp.get("accounts") or []) or "—",
    ]


def _form_row(form: dict) -> list[str]:
    where = code(f"{flat(form.get('page'))}:{flat(form.get('line'))}")
    receiver = destination_text(form)
    if form.get("receiver"):
        receiver += f": {code(form.get('receiver'))}"
    transport = TRANSPORT.get(form.get("transport"), text(form.get("transport")) or "Unknown")
    return [
        where,
        text(", ".join(flat(c) for c in form.get("collects") or [])) or "—",
        receiver,
        f"**{transport}**" if form.get("transport") == "http" else transport,
        text(flat(form.get("method")).upper()) or "—",
        code(form.get("action")),
        _pages(form),
    ]


HOSTED_NOTE = ("Card details are typed into the processor's own frame: the site's pages never hold "
               "them, and the processor is a recipient to name in the privacy policy.")


def _hosted_row(hosted: dict) -> list[str]:
    return [
        text(hosted.get("provider")),
        text(hosted.get("company")) or "—",
        code(f"{flat(hosted.get('page'))}:{flat(hosted.get('line'))}"),
        _pages(hosted),
    ]


def policy_lines(policy, fmt_code, fmt_text) -> tuple[list[str], list[str]]:
    """The policy section: sentences, and the vendors named but no longer loaded, with site
    values passed through the format's escapers."""
    if policy is None:
        return ["No privacy policy page was found, so no vendor could be checked against one."], []
    where = ", ".join(fmt_code(p) for p in policy.get("pages") or []) or "an unnamed page"
    if not policy.get("readable", True):
        unreadable = (f"Found at {where}, but it could not be read: its text is template code that "
                      "privlint cannot read, so whether it names each vendor is unknown.")
        return [unreadable], []
    unused = []
    for entry in policy.get("names_unused") or []:
        name = fmt_text(entry.get("vendor") or entry.get("service"))
        if entry.get("company"):
            name += f" ({fmt_text(entry.get('company'))})"
        named_as = flat(entry.get("named_as"))
        if named_as and named_as != flat(entry.get("vendor")):
            name += f", named as “{fmt_text(named_as)}”"
        unused.append(name)
    if unused:
        return [f"Found at {where}.", OUT_OF_DATE], unused
    return [f"Found at {where}.", "Every vendor the policy names is still loaded by the site."], []


def render(inventory: dict) -> str:
    tps = inventory.get("third_parties") or []
    forms = inventory.get("forms") or []
    out = [f"# Data-collection inventory: {text(inventory.get('site')) or 'site'}", ""]
    tool = inventory.get("tool") or {}
    if tool:
        out += [f"Made by {text(tool.get('name'))} {text(tool.get('version'))}.", ""]
    out += ["## Summary", ""]
    out += [f"- {line}" for line in summary(inventory)]
    managers = inventory.get("consent_managers") or []
    if managers:
        names = ", ".join(f"{text(m.get('name'))} (on {plural(m.get('pages', 0), 'page')})" for m in managers)
        out.append(f"- Consent manager: {names}")
    else:
        out.append("- Consent manager: none found")

    out += ["", "## Third parties", ""]
    if tps:
        headers = ["Vendor", "Owner", "Category", "Party", "Pages", "In the privacy policy",
                   "Consent", "Account IDs"]
        out += _table(headers, map(_third_party_row, tps))
    else:
        out.append("No third parties found: the site loads nothing from other companies that privlint knows of.")

    out += ["", "## Forms that collect personal data", ""]
    if forms:
        headers = ["Form", "Collects", "Sent to", "Connection", "Method", "Address", "Pages"]
        out += _table(headers, map(_form_row, forms))
    else:
        out.append("No forms that collect personal data were found.")

    hosted = inventory.get("hosted_card_fields") or []
    if hosted:
        out += ["", "## Card fields hosted by the payment processor", "", HOSTED_NOTE, ""]
        out += _table(["Card fields", "Company", "First at", "Pages"], map(_hosted_row, hosted))

    out += ["", "## Privacy policy", ""]
    sentences, unused = policy_lines(inventory.get("policy"), code, text)
    out += [" ".join(sentences)]
    if unused:
        out += [""] + [f"- {name}" for name in unused]
    return "\n".join(out).rstrip() + "\n"
