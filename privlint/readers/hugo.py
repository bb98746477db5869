"""Hugo's built-in templates, read as the markup they render with the site's settings.

``{{ template "_internal/google_analytics.html" . }}`` writes Google's tag when the site's
configuration gives a Google Analytics ID (``services.googleAnalytics.ID``, or the older
``googleAnalytics``) and ``privacy.googleAnalytics.disable`` is not set; ``_internal/disqus.html``
writes Disqus's embed when a shortname is set and ``privacy.disqus.disable`` is not. With no such
setting they render nothing, and stay template code. ``services`` reads the settings from the
project's configuration files (TOML and JSON; YAML as far as its plain keys go).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from . import ReadOptions, Reading
from ._helpers import ElementWriter, read_template_helpers

# {{ template "_internal/google_analytics.html" . }}, and since Hugo 0.146 {{ partial "google_analytics.html" . }}
BUILTIN_CALL = re.compile(
    r"\{\{-?\s*(?:template\s+\"_internal/|partial\s+\"(?:_internal/)?)(google_analytics(?:_async)?|disqus)\.html\"[^}]{0,80}-?\}\}"
)
_CONFIG_NAMES = ("hugo", "config")
_YAML_LINE = re.compile(r"^(?P<indent>[ ]*)(?P<key>[A-Za-z_][\w-]*)[ \t]*:(?:[ \t]+(?P<value>.*?))?[ \t]*$")


def is_site(root: Path) -> bool:
    """A folder with a Hugo configuration of its own (hugo.toml, config.toml, config/_default/)."""
    try:
        return any((root / f"{name}{suffix}").is_file() for name in _CONFIG_NAMES for suffix in (".toml", ".yaml", ".yml", ".json")) or (
            root / "config" / "_default"
        ).is_dir()
    except OSError:
        return False


def services(root: Path) -> tuple[tuple[str, str], ...]:
    """What Hugo's built-in templates render on this site: ("google_analytics", ID) and
    ("disqus", shortname), as its configuration sets them; () for no Hugo site or no service."""
    try:
        return _services(root)
    except RecursionError:  # a configuration nested deeper than any site's: read as none
        return ()


def _services(root: Path) -> tuple[tuple[str, str], ...]:
    settings: dict = {}
    for folder in (root, root / "config" / "_default"):
        for name in _CONFIG_NAMES + ("services", "privacy"):
            if folder == root and name in ("services", "privacy"):
                continue
            for suffix in (".toml", ".json", ".yaml", ".yml"):
                path = folder / (name + suffix)
                try:
                    if not path.is_file():
                        continue
                    text = path.read_text(encoding="utf-8", errors="replace")
                except OSError:
                    continue
                table = _parse(text, suffix)
                if name in ("services", "privacy"):
                    table = {name: table}
                _merge(settings, table)
    if not settings:
        return ()
    lowered = _lower(settings)
    found = []
    ga = _get(lowered, "services", "googleanalytics", "id") or _get(lowered, "googleanalytics")
    if isinstance(ga, str) and ga.strip() and not _get(lowered, "privacy", "googleanalytics", "disable"):
        found.append(("google_analytics", ga.strip()))
    disqus = _get(lowered, "services", "disqus", "shortname") or _get(lowered, "disqusshortname")
    if isinstance(disqus, str) and disqus.strip() and not _get(lowered, "privacy", "disqus", "disable"):
        found.append(("disqus", disqus.strip()))
    # The embedded youtube and vimeo shortcodes of content files (off when disabled).
    if not _get(lowered, "privacy", "youtube", "disable"):
        enhanced = _get(lowered, "privacy", "youtube", "privacyenhanced") is True
        found.append(("youtube", "www.youtube-nocookie.com" if enhanced else "www.youtube.com"))
    if not _get(lowered, "privacy", "vimeo", "disable") and not _get(lowered, "privacy", "vimeo", "simple"):
        found.append(("vimeo", "1" if _get(lowered, "privacy", "vimeo", "enablednt") is True else "0"))
    return tuple(found)


def _parse(text: str, suffix: str) -> dict:
    try:
        if suffix == ".toml":
            import tomllib

            return tomllib.loads(text)
        if suffix == ".json":
            value = json.loads(text)
            return value if isinstance(value, dict) else {}
    except (ValueError, RecursionError):
        return {}
    return _plain_yaml(text)


def _plain_yaml(text: str) -> dict:
    """The mappings of a YAML file written as plain ``key: value`` lines (no flow style)."""
    top: dict = {}
    stack: list[tuple[int, dict]] = [(-1, top)]
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith(("#", "-")):
            continue
        m = _YAML_LINE.match(line)
        if m is None:
            continue
        indent = len(m.group("indent"))
        while stack[-1][0] >= indent:
            stack.pop()
        value = (m.group("value") or "").split(" #", 1)[0].strip()
        if not value:
            child: dict = {}
            stack[-1][1][m.group("key")] = child
            stack.append((indent, child))
        else:
            if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
                value = value[1:-1]
            stack[-1][1][m.group("key")] = {"true": True, "false": False}.get(value.lower(), value)
    return top


def _merge(into: dict, table: dict) -> None:
    for key, value in table.items():
        if isinstance(value, dict) and isinstance(into.get(key), dict):
            _merge(into[key], value)
        else:
            into[key] = value


def _lower(table: dict) -> dict:
    """Hugo's keys are case-insensitive."""
    return {str(k).lower(): (_lower(v) if isinstance(v, dict) else v) for k, v in table.items()}


def _get(table: dict, *keys: str):
    for key in keys:
        if not isinstance(table, dict):
            return None
        table = table.get(key)
    return table


def read_hugo(text: str, options: ReadOptions) -> Reading:
    rendered = dict(options.hugo_services)

    def render(writer, text: str, start: int, end: int, apart) -> int | None:
        m = BUILTIN_CALL.fullmatch(text, start, end)
        if m is None:
            return None
        service = "disqus" if m.group(1) == "disqus" else "google_analytics"
        setting = rendered.get(service)
        if setting is None:
            return None  # not configured, or switched off: it renders nothing
        out = ElementWriter(writer, start, end, text[start:end].strip("{}- \t"))
        if service == "google_analytics":
            out.start_tag("script", [("async", True), ("src", f"https://www.googletagmanager.com/gtag/js?id={setting}")])
            out.end_tag("script")
        else:
            out.start_tag("div", [("id", "disqus_thread")])
            out.end_tag("div")
            out.start_tag("script", [("src", f"https://{setting}.disqus.com/embed.js")])
            out.end_tag("script")
        return end

    return read_template_helpers(text, render)


# --- content files --------------------------------------------------------------------------

# {{< youtube abc >}}, {{< youtube id="abc" loading="lazy" >}}, {{% vimeo 123 %}}
SHORTCODE = re.compile(r"\{\{([<%])\s*(youtube|vimeo)\s+([^>%}\n]{0,300}?)\s*[>%]\}\}")
_SHORTCODE_ARG = re.compile(r"""(?:(\w+)\s*=\s*)?(?:"([^"\n]*)"|'([^'\n]*)'|`([^`\n]*)`|([^\s"'`]+))""")


def read_hugo_content(text: str, options: ReadOptions) -> Reading:
    """A Hugo content file (Markdown): only what its embedded shortcodes render reaches the
    markup. Its prose is no markup (Hugo leaves raw HTML out of Markdown by default), and a
    file with no shortcode renders nothing to judge."""
    from . import MarkupWriter

    rendered = dict(options.hugo_services)
    writer = MarkupWriter(text)
    for m in SHORTCODE.finditer(text):
        name = m.group(2)
        if name not in rendered:
            continue  # switched off: renders nothing
        video = _shortcode_id(m.group(3))
        start, end = m.start(), m.end()
        out = ElementWriter(writer, start, end, f"{name} shortcode")
        if name == "youtube":
            src = f"https://{rendered['youtube']}/embed/" + (video or "")
        else:
            src = f"https://player.vimeo.com/video/{video or ''}?dnt={rendered['vimeo']}"
        out.start_tag("iframe", [("src", src)])
        out.end_tag("iframe")
    return writer.finish()


def _shortcode_id(arguments: str) -> str | None:
    """The video id: the argument named id, else the first positional one."""
    first = None
    for m in _SHORTCODE_ARG.finditer(arguments):
        value = next((g for g in m.groups()[1:] if g is not None), "")
        if m.group(1) == "id":
            return value
        if m.group(1) is None and first is None:
            first = value
    return first
