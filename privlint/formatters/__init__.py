"""Output formats. Each takes the run's result and writes it; none knows about rules' logic."""

from __future__ import annotations

import importlib

# Format name -> module; modules load only when their format is asked for (sarif-om is not
# imported for a pre-commit run).
FORMATS = {"text": "text", "json": "json_format", "sarif": "sarif", "github": "github"}


def get(name: str):
    return importlib.import_module(f"privlint.formatters.{FORMATS[name]}").write
