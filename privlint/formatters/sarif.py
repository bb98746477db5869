"""SARIF 2.1.0 for GitHub code scanning.

Built with sarif-om's object model; sarif-om cannot write JSON itself, so ``to_json_dict``
walks its attrs classes (JSON names from ``schema_property_name``, defaults left out).
What GitHub reads is all here: rules with help generated from the rule docs, levels, tags,
precision and security-severity; results with one repository-relative location and
GitHub's own line hash, so alerts survive edits above them.
"""

from __future__ import annotations

import gzip
import os
import re
from pathlib import Path
from typing import Any, TextIO
from urllib.parse import quote

import attr
import sarif_om as om

from .. import __version__
from ..docs import render
from ..fingerprints import line_hashes
from ..model import Finding, OutputOptions, RunResult
from .json_format import dumps

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://github.com/privlint/privlint"
LEVELS = {"error": "error", "warning": "warning", "info": "note"}
PROBLEM_SEVERITY = {"error": "error", "warning": "warning", "info": "recommendation"}
# GitHub's limits for one upload (docs: "SARIF support for code scanning").
MAX_RESULTS = 25_000
MAX_GZIPPED_BYTES = 10 * 1024 * 1024
MAX_TAGS = 20
_MOST_SEVERE_FIRST = {"error": 0, "warning": 1, "info": 2, "note": 2}
MAX_DESCRIPTION = 1024


# Written even when equal to the schema's default: required, or read by GitHub.
_ALWAYS = {"schema_uri", "version", "level"}


def to_json_dict(obj: Any) -> Any:
    """sarif-om objects as JSON-ready values: schema names, None and defaults left out."""
    if attr.has(type(obj)):
        out = {}
        for field in attr.fields(type(obj)):
            value = getattr(obj, field.name)
            if value is None:
                continue
            default = field.default
            if isinstance(default, attr.Factory):
                default = default.factory()
            if default is not attr.NOTHING and value == default and field.name not in _ALWAYS:
                continue
            out[field.metadata.get("schema_property_name", field.name)] = to_json_dict(value)
        return out
    if isinstance(obj, dict):
        return {str(k): to_json_dict(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [to_json_dict(v) for v in obj]
    return obj


def source_root(cwd: Path) -> Path:
    """The repository root (the nearest folder with .git), else the current directory:
    GitHub wants paths relative to the checkout."""
    for folder in (cwd, *cwd.parents):
        if (folder / ".git").exists():
            return folder
    return cwd


def _artifact(path: str, cwd: Path, root: Path) -> om.ArtifactLocation:
    absolute = Path(os.path.abspath(cwd / path))  # as linted: "..", not symlinks, resolved
    try:
        rel = absolute.relative_to(os.path.abspath(root))
    except ValueError:
        return om.ArtifactLocation(uri=absolute.as_uri())  # outside the repository
    # A name's bytes that are not UTF-8 are escaped as the bytes they are.
    return om.ArtifactLocation(uri=quote(rel.as_posix(), errors="surrogateescape"), uri_base_id="%SRCROOT%")


def _descriptor(rule, severity: str) -> om.ReportingDescriptor:
    what = rule.docs["what"].strip().split("\n\n")[0]
    full = " ".join(what.split())
    if len(full) > MAX_DESCRIPTION:
        full = full[: MAX_DESCRIPTION - 1] + "…"
    page = render(rule)
    tags = list(dict.fromkeys([*rule.tags, rule.category]))
    tags += [f"external/cwe/cwe-{m.group(1)}" for m in (re.match(r"CWE-(\d+)", c) for c in rule.cwe) if m]
    properties: dict[str, Any] = {"tags": tags[:MAX_TAGS], "precision": rule.confidence}
    if "security" in rule.tags and rule.security_severity:
        properties["security-severity"] = rule.security_severity
    else:
        properties["problem.severity"] = PROBLEM_SEVERITY[severity]
    return om.ReportingDescriptor(
        id=rule.code,
        name=rule.name,
        short_description=om.MultiformatMessageString(text=rule.summary),
        full_description=om.MultiformatMessageString(text=full),
        help=om.MultiformatMessageString(text=page, markdown=page),
        default_configuration=om.ReportingConfiguration(level=LEVELS[rule.severity]),
        properties=properties,
    )


def _fit(findings: list[Finding]) -> tuple[list[Finding], str | None]:
    """At most GitHub's number of results, the most severe first; says what was cut."""
    if len(findings) <= MAX_RESULTS:
        return findings, None
    kept = sorted(findings, key=lambda f: _MOST_SEVERE_FIRST[f.severity])[:MAX_RESULTS]
    kept.sort(key=Finding.sort_key)
    return kept, (
        f"{len(findings)} results exceed GitHub's limit of {MAX_RESULTS:,} per run:"
        f" kept the {MAX_RESULTS:,} most severe, left out {len(findings) - MAX_RESULTS:,}"
    )


MAX_RELATED = 1000  # GitHub reads at most 1,000 related locations per result


def build(result: RunResult, options: OutputOptions) -> tuple[dict, list[str]]:
    """The SARIF log as a JSON-ready dict, and warnings about what GitHub's limits cut."""
    warnings: list[str] = []
    cwd = result.cwd
    root = source_root(cwd)
    index = {ran.rule.code: i for i, ran in enumerate(result.rules)}
    findings, cut = _fit(result.findings)
    if cut:
        warnings.append(cut)
    hashes: dict[str, list[str]] = {}
    results = []
    for f in findings:
        if f.path not in hashes:
            hashes[f.path] = _file_hashes(cwd / f.path)
        line_hash = hashes[f.path][f.region.line - 1] if f.region.line <= len(hashes[f.path]) else None
        r = f.region
        message = f.message + f.also_text()
        message = message if message.endswith((".", "!", "?")) else message + "."
        results.append(
            om.Result(
                rule_id=f.code,
                rule_index=index[f.code],
                level=LEVELS[f.severity],
                message=om.Message(text=message),
                locations=[
                    om.Location(
                        physical_location=om.PhysicalLocation(
                            artifact_location=_artifact(f.path, cwd, root),
                            region=om.Region(
                                start_line=r.line, start_column=r.column, end_line=r.end_line, end_column=r.end_column
                            ),
                        )
                    )
                ],
                partial_fingerprints={"primaryLocationLineHash": line_hash} if line_hash else None,
                # The other pages of a grouped finding: GitHub shows them, and its alert
                # stays one (the fingerprint is the first page's).
                related_locations=[
                    om.Location(
                        id=i,
                        physical_location=om.PhysicalLocation(
                            artifact_location=_artifact(o.path, cwd, root),
                            region=om.Region(start_line=o.region.line, start_column=o.region.column),
                        ),
                    )
                    for i, o in enumerate(f.also[:MAX_RELATED], start=1)
                ]
                or None,
            )
        )
    notifications = [
        om.Notification(
            level="error" if n.message.startswith("internal error") else "warning",
            message=om.Message(text=f"{n.path}: {n.message}"),
            locations=[om.Location(physical_location=om.PhysicalLocation(artifact_location=_artifact(n.path, cwd, root)))],
        )
        for n in result.notices
    ]
    notifications += [om.Notification(level="warning", message=om.Message(text=w)) for w in warnings]
    notifications += [
        om.Notification(level="note", message=om.Message(text=f"Tracker list used: {t}.")) for t in result.tracker_lists
    ]
    if result.baseline is not None and result.baseline.stale:
        notifications.append(om.Notification(level="note", message=om.Message(text=f"{result.baseline.stale_text()}.")))
    run = om.Run(
        tool=om.Tool(
            driver=om.ToolComponent(
                name="privlint",
                semantic_version=__version__,
                information_uri=INFORMATION_URI,
                rules=[_descriptor(ran.rule, ran.severity) for ran in result.rules],
            )
        ),
        automation_details=om.RunAutomationDetails(id=f"{options.category.strip('/')}/"),
        original_uri_base_ids={"%SRCROOT%": om.ArtifactLocation(uri=Path(os.path.abspath(root)).as_uri() + "/")},
        invocations=[
            om.Invocation(
                execution_successful=result.internal_errors == 0,
                tool_execution_notifications=notifications or None,
            )
        ],
        results=results,
    )
    log = om.SarifLog(schema_uri=SCHEMA_URI, version="2.1.0", runs=[run])
    return to_json_dict(log), warnings


def _file_hashes(path: Path) -> list[str]:
    """Line hashes of a file as GitHub reads it (UTF-8, undecodable bytes replaced)."""
    try:
        return line_hashes(path.read_bytes().decode("utf-8", "replace"))
    except OSError:
        return []


def serialise(log: dict) -> str:
    return dumps(log) + "\n"


def write(result: RunResult, out: TextIO, err: TextIO, options: OutputOptions) -> None:
    log, warnings = build(result, options)
    text = serialise(log)
    results = log["runs"][0]["results"]
    while len(gzip.compress(text.encode("utf-8"))) > MAX_GZIPPED_BYTES and results:
        # Over GitHub's size limit: drop the least severe half until it fits.
        drop = max(1, len(results) // 2)
        warning = f"the SARIF file exceeds GitHub's 10 MB (gzipped) limit: left out {drop:,} results"
        warnings.append(warning)
        by_severity = sorted(results, key=lambda r: _MOST_SEVERE_FIRST[r.get("level", "warning")])
        kept = {id(r) for r in by_severity[: len(results) - drop]}
        results[:] = [r for r in results if id(r) in kept]
        invocation = log["runs"][0]["invocations"][0]
        invocation.setdefault("toolExecutionNotifications", []).append(
            {"level": "warning", "message": {"text": warning}}
        )
        text = serialise(log)
    for warning in warnings:
        err.write(f"privlint: SARIF: {warning}\n")
    out.write(text)
