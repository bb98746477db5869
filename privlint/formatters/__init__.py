"""Output formats. Each takes the run's result and writes it; none knows about rules."""

FORMATS = ("text", "json")


def get(name: str):
    if name == "json":
        from . import json_format

        return json_format.write
    from . import text

    return text.write
