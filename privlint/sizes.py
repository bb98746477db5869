"""Sizes of files for people, and the units `max-file-size` is written in."""

from __future__ import annotations

# Units in the order a size is described: the first that divides it exactly names a limit.
SIZE_UNITS = {"GB": 1000**3, "GiB": 1024**3, "MB": 1000**2, "MiB": 1024**2, "kB": 1000, "KiB": 1024}


def describe_size(size: int, exact: bool = False) -> str:
    """A number of bytes for people: "52.4 MB"; ``exact``: as a limit is written, "2 MiB"."""
    if exact:
        for unit, factor in SIZE_UNITS.items():
            if size >= factor and size % factor == 0:
                return f"{size // factor} {unit}"
    for unit in ("GB", "MB", "kB"):
        if size >= SIZE_UNITS[unit]:
            return f"{size / SIZE_UNITS[unit]:.1f} {unit}"
    return f"{size} bytes"
