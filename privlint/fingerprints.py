"""GitHub's primaryLocationLineHash, so code-scanning alerts survive edits above them.

GitHub matches an alert across runs by rule, file and this hash of the line's content (the
algorithm of codeql-action's fingerprints.ts, re-expressed here): for each line, a
polynomial hash (base 37, modulo 2**64) of the 100 characters that start the line, counted
in UTF-16 code units, with spaces and tabs left out, every line ending read as LF, and an
end-of-file marker (65535) followed by zeros after the last character. Identical hashes in
a file are told apart by a counter: "<hex>:<n>".
"""

from __future__ import annotations

BLOCK = 100
_MOD = 1 << 64
_POWERS = [pow(37, BLOCK - 1 - j, _MOD) for j in range(BLOCK)]
_TAB, _SPACE, _LF, _CR, _EOF = 9, 32, 10, 13, 65535


def line_hashes(text: str) -> list[str]:
    """The hash of every line of a file's text, line 1 first."""
    units = memoryview(text.encode("utf-16-le")).cast("H")
    chars: list[int] = []
    starts: list[int] = []  # where each line's first counted character is in ``chars``
    line_start = True
    previous_cr = False
    for unit in units:
        if unit == _SPACE or unit == _TAB or (previous_cr and unit == _LF):
            previous_cr = False
            continue
        previous_cr = unit == _CR
        if previous_cr:
            unit = _LF
        if line_start:
            starts.append(len(chars))
            line_start = False
        if unit == _LF:
            line_start = True
        chars.append(unit)
    if line_start:
        starts.append(len(chars))  # the end-of-file marker starts the last line
    chars.append(_EOF)
    chars.extend([0] * BLOCK)

    seen: dict[str, int] = {}
    out = []
    for start in starts:
        window = chars[start : start + BLOCK]
        value = sum(c * p for c, p in zip(window, _POWERS, strict=True)) % _MOD
        key = format(value, "x")
        seen[key] = seen.get(key, 0) + 1
        out.append(f"{key}:{seen[key]}")
    return out
