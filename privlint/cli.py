"""Command line: ``privlint check | rules | rule``.

Exit status (as ruff): 0 no findings, 1 findings, 2 usage, configuration or internal error.
Imports stay lazy: listing rules or printing one never loads lxml.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from typing import NoReturn

import click

from . import __version__

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


def _fail(message: str) -> NoReturn:
    click.echo(f"privlint: error: {message}", err=True)
    sys.exit(EXIT_ERROR)


def _split(values: tuple[str, ...]) -> list[str] | None:
    if not values:
        return None
    return [part.strip() for value in values for part in value.split(",") if part.strip()]


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="privlint")
def main() -> None:
    """privlint: find privacy promises broken by markup, before deploy."""
    # A terminal or pipe that cannot show a character of a page (PYTHONIOENCODING=ascii, an old
    # Windows console) gets "?" for it, never a traceback halfway through the findings.
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="replace")


@main.command()
@click.argument("paths", nargs=-1)
@click.option(
    "--format", "output_format", type=click.Choice(["text", "json", "sarif", "github"]), default="text",
    show_default=True, help="Output format: text, json, sarif (GitHub code scanning), github (workflow annotations).",
)
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True, path_type=Path), help="Write the output to this file instead of standard output.")
@click.option("--category", default="privlint", show_default=True, help="SARIF: the analysis category, when a repository uploads several privlint runs.")
@click.option("--select", multiple=True, metavar="RULES", help="Rules to run: codes, code prefixes (PRV4) or names; comma-separated. Replaces the configured selection.")
@click.option("--extend-select", multiple=True, metavar="RULES", help="Rules to run in addition to the selected ones (rules that are off by default).")
@click.option("--ignore", multiple=True, metavar="RULES", help="Rules not to run, added to the configured ones.")
@click.option("--preset", type=click.Choice(["default", "strict"]), help="default: the rules on by default; strict: every rule. Replaces the configured preset.")
@click.option("--config", "config_file", type=click.Path(dir_okay=False, path_type=Path), help="Configuration file (instead of discovering pyproject.toml or privlint.toml).")
@click.option("--all-occurrences", is_flag=True, help="Report a finding on every page it occurs on, instead of once for identical findings across a build.")
@click.option("--baseline", "baseline_file", type=click.Path(dir_okay=False, path_type=Path), metavar="FILE", help="Report only the findings this baseline file does not record.")
@click.option("--write-baseline", type=click.Path(dir_okay=False, path_type=Path), metavar="FILE", help="Record today's findings in this baseline file, print none, and exit 0.")
@click.option("-j", "--jobs", type=click.IntRange(min=1), metavar="N", help="Processes to lint with (default: one per core; 1: no worker processes). Small runs never start any.")
@click.option("--show-suppressed", is_flag=True, help="Also list the findings inline directives turned off, with their reasons.")
@click.option("--exit-zero", is_flag=True, help="Exit with 0 even when there are findings.")
@click.option("-q", "--quiet", is_flag=True, help="Print findings only: no excerpts, no summary.")
@click.option("--color/--no-color", default=None, help="Colour the output (default: when printing to a terminal).")
def check(
    paths: tuple[str, ...],
    output_format: str,
    output: Path | None,
    category: str,
    select: tuple[str, ...],
    extend_select: tuple[str, ...],
    ignore: tuple[str, ...],
    preset: str | None,
    config_file: Path | None,
    all_occurrences: bool,
    baseline_file: Path | None,
    write_baseline: Path | None,
    jobs: int | None,
    show_suppressed: bool,
    exit_zero: bool,
    quiet: bool,
    color: bool | None,
) -> None:
    """Lint templates, HTML files and built site directories (default: the current directory)."""
    from . import baseline as baseline_mod
    from . import config as config_mod
    from . import formatters, registry
    from .engine import Linter, UsageError, WorkerDied, default_jobs
    from .model import OutputOptions

    if baseline_file is not None and write_baseline is not None:
        _fail("--baseline and --write-baseline cannot be used together")
    checked = list(paths) or ["."]
    try:
        # Read before linting: a bad baseline file is told at once, not after the whole site.
        known = baseline_mod.read(baseline_file) if baseline_file is not None else None
        previous = baseline_mod.to_update(write_baseline) if write_baseline is not None else None
        if config_file is not None and not config_file.is_file():
            raise config_mod.ConfigError(f"{config_file}: no such configuration file")
        path = config_file or config_mod.discover(Path.cwd())
        config = config_mod.load(path)
        linter = Linter(
            config,
            select=_split(select),
            ignore=_split(ignore),
            extend_select=_split(extend_select),
            preset=preset,
            all_occurrences=all_occurrences,
            jobs=jobs or default_jobs(),
        )
        progress = Progress(sys.stderr) if not quiet and Progress.wanted(sys.stderr) else None
        try:
            result = linter.run(checked, progress)
        finally:
            if progress is not None:
                progress.clear()
    except (config_mod.ConfigError, UsageError, registry.SelectorError, WorkerDied, baseline_mod.BaselineError) as exc:
        _fail(str(exc))
    if previous is not None:
        _write_baseline(previous, result, checked, quiet)
    if known is not None:
        baseline_mod.apply(known, result, checked)
    if color is None:
        color = output_format == "text" and output is None and sys.stdout.isatty() and "NO_COLOR" not in os.environ
    options = OutputOptions(color=color, quiet=quiet, category=category, show_suppressed=show_suppressed)
    write = formatters.get(output_format)
    if output is None:
        write(result, sys.stdout, sys.stderr, options)
    else:
        try:
            with output.open("w", encoding="utf-8", newline="\n") as stream:
                write(result, stream, sys.stderr, options)
        except OSError as exc:
            _fail(f"{output}: cannot write: {exc.strerror or exc}")
    if result.internal_errors:
        sys.exit(EXIT_ERROR)
    sys.exit(EXIT_FINDINGS if result.findings and not exit_zero else EXIT_OK)


def _write_baseline(previous, result, checked: list[str], quiet: bool) -> NoReturn:
    """--write-baseline: record the findings instead of printing them; files that could not
    be read are still named, as their findings are not recorded."""
    from . import baseline as baseline_mod
    from .formatters.text import clean

    for notice in result.notices:
        click.echo(f"privlint: {clean(notice.path)}: {clean(notice.message)}", err=True)
    try:
        recorded = baseline_mod.write(baseline_mod.record(previous, result, checked))
    except baseline_mod.BaselineError as exc:
        _fail(str(exc))
    if not quiet:
        noun = "finding" if recorded == 1 else "findings"
        click.echo(f"privlint: wrote {recorded:,} {noun} to {clean(str(previous.file))}", err=True)
    sys.exit(EXIT_ERROR if result.internal_errors else EXIT_OK)


@main.command(name="inventory")
@click.argument("path", default=".")
@click.option("--format", "output_format", type=click.Choice(["markdown", "json", "html"]), default="markdown", show_default=True, help="Markdown, JSON, or one self-contained HTML file.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True, path_type=Path), help="Write the report to this file instead of standard output.")
@click.option("--config", "config_file", type=click.Path(dir_okay=False, path_type=Path), help="Configuration file (instead of discovering pyproject.toml or privlint.toml).")
def inventory(path: str, output_format: str, output: Path | None, config_file: Path | None) -> None:
    """What a site collects and who receives it: third parties, forms, the privacy policy."""
    import json

    from . import config as config_mod
    from . import inventory as inventory_mod
    from .engine import Linter, UsageError
    from .formatters.text import clean

    try:
        if config_file is not None and not config_file.is_file():
            raise config_mod.ConfigError(f"{config_file}: no such configuration file")
        config = config_mod.load(config_file or config_mod.discover(Path.cwd()))
        if not Path(path).is_dir():
            raise UsageError(f"{path}: not a directory (the inventory is of a whole site)")
        linter = Linter(config, select=[], collect_forms=True)
        result = linter.run([path])
    except (config_mod.ConfigError, UsageError) as exc:
        _fail(str(exc))
    for notice in result.notices:
        click.echo(f"privlint: {clean(notice.path)}: {clean(notice.message)}", err=True)
    data = inventory_mod.build(linter.sites[0], Path(path).as_posix()) if linter.sites else None
    if data is None:
        _fail(f"{path}: no HTML files to take an inventory of")
    if output_format == "json":
        text = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    elif output_format == "html":
        from .formatters.inventory_html import render

        text = render(data)
    else:
        from .formatters.inventory_markdown import render

        text = render(data)
    if output is None:
        click.echo(text, nl=False)
        return
    try:
        output.write_text(text, encoding="utf-8", newline="\n")
    except OSError as exc:
        _fail(f"{output}: cannot write: {exc.strerror or exc}")


@main.command(name="rules")
def list_rules() -> None:
    """List the rules by category: code, name, default severity, whether on by default, what they flag."""
    from .registry import all_rules, by_category

    width = max(len(r.name) for r in all_rules())
    for n, (category, rules) in enumerate(by_category().items()):
        if n:
            click.echo("")
        click.echo(f"{category}:")
        for rule in rules:
            state = "on " if rule.enabled_by_default else "off"
            click.echo(f"  {rule.code}  {rule.name:<{width}}  {rule.severity:<7}  {state}  {rule.summary}")
    click.echo('\nRules marked off run with `preset = "strict"`, `extend-select` or `--select`.')


@main.command(name="rule")
@click.argument("rule")
def show_rule(rule: str) -> None:
    """Explain a rule, by code (PRV401) or name (card-autocomplete)."""
    from .docs import render
    from .registry import by_code_or_name

    found = by_code_or_name(rule)
    if found is None:
        _fail(f'unknown rule "{rule}" (see `privlint rules`)')
    click.echo(render(found), nl=False)


@main.command(name="docs", hidden=True)
@click.option("--readme", type=click.Path(exists=True, dir_okay=False, path_type=Path), required=True)
@click.option("--check", "check_only", is_flag=True, help="Fail if the README's rule table is out of date.")
def docs_command(readme: Path, check_only: bool) -> None:
    """Regenerate the README's rule table from the rules' metadata (for developers)."""
    from .docs import update_readme

    try:
        current = update_readme(readme, check_only)
    except ValueError as exc:
        _fail(str(exc))
    if check_only and not current:
        _fail(f"{readme}: the rule table is out of date; run `privlint docs --readme {readme}`")


class Progress:
    """A one-line progress report on a terminal's stderr for long runs: files done, files/s,
    time left. It appears after a second and is erased before the results are printed."""

    DELAY = 1.0  # seconds before the line appears: short runs never show it
    INTERVAL = 0.1  # seconds between redraws

    def __init__(self, stream, clock=None) -> None:
        import time

        self.stream = stream
        self.clock = clock or time.monotonic
        self.started = self.clock()
        self.drawn_at = 0.0
        self.shown = False

    @staticmethod
    def wanted(stream) -> bool:
        return stream.isatty() and os.environ.get("TERM") != "dumb"

    def __call__(self, done: int, total: int) -> None:
        now = self.clock()
        elapsed = now - self.started
        if elapsed < self.DELAY or (now - self.drawn_at < self.INTERVAL and done < total):
            return
        self.drawn_at = now
        rate = done / elapsed if elapsed > 0 else 0.0
        left = f", {(total - done) / rate:.0f} s left" if rate and done < total else ""
        self.stream.write(f"\rprivlint: {done}/{total} files, {rate:.0f} files/s{left}\x1b[K")
        self.stream.flush()
        self.shown = True

    def clear(self) -> None:
        if self.shown:
            self.stream.write("\r\x1b[K")
            self.stream.flush()


def entry() -> None:
    """The console script: never a traceback for the user (PRIVLINT_DEBUG=1 shows one)."""
    try:
        main(prog_name="privlint")
    except Exception as exc:
        if os.environ.get("PRIVLINT_DEBUG"):
            raise
        click.echo(
            f"privlint: internal error: {type(exc).__name__}: {exc} (PRIVLINT_DEBUG=1 shows a traceback)",
            err=True,
        )
        sys.exit(EXIT_ERROR)
