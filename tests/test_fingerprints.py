"""primaryLocationLineHash against the test vectors GitHub publishes in codeql-action."""

from __future__ import annotations

import pytest

from privlint.fingerprints import line_hashes

HELLO = [
    "e9496ae3ebfced30:1", "fb7c023a8b9ccb3f:1", "ce8ba1a563dcdaca:1", "e20e36e16fcb0cc8:1",
    "b3edc88f2938467e:1", "c8e28b0b4002a3a0:1", "c129715d7a2bc9a3:1",
]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("", ["c129715d7a2bc9a3:1"]),
        (" a\nb\n  \t\tc\n d", ["271789c17abda88f:1", "54703d4cd895b18:1", "180aee12dab6264:1", "a23a3dc5e078b07b:1"]),
        (
            " hello; \t\nworld!!!\n\n\n  \t\tGreetings\n End",
            ["8b7cf3e952e7aeb2:1", "b1ae1287ec4718d9:1", "bff680108adb0fcc:1", "c6805c5e1288b612:1",
             "b86d3392aea1be30:1", "e6ceba753e1a442:1"],
        ),
        (" hello; \t\nworld!!!\n\n\n  \t\tGreetings\n End\n", HELLO),
        (" hello; \t\nworld!!!\r\r\r  \t\tGreetings\r End\r", HELLO),
        (" hello; \t\r\nworld!!!\r\n\r\n\r\n  \t\tGreetings\r\n End\r\n", HELLO),
        (" hello; \t\nworld!!!\r\n\n\r  \t\tGreetings\r End\r\n", HELLO),
        (
            "Lorem ipsum dolor sit amet.\n" * 10,
            ["a7f2ff13bc495cf2:1", "a7f2ff13bc495cf2:2", "a7f2ff13bc495cf2:3", "a7f2ff13bc495cf2:4",
             "a7f2ff13bc495cf2:5", "a7f2ff13bc495cf2:6", "a7f2ff1481e87703:1", "a9cf91f7bbf1862b:1",
             "55ec222b86bcae53:1", "cc97dc7b1d7d8f7b:1", "c129715d7a2bc9a3:1"],
        ),
    ],
)
def test_githubs_published_vectors(text, expected):
    assert line_hashes(text) == expected


def test_edits_above_a_line_do_not_change_its_hash():
    before = line_hashes('<p>intro</p>\n<form action="http://x/">\n</form>\n')
    after = line_hashes('<h1>New heading</h1>\n<p>intro, reworded</p>\n<form action="http://x/">\n</form>\n')
    assert before[1] == after[2]
    indented = line_hashes('<p>intro</p>\n    <form   action="http://x/">\n</form>\n')
    assert indented[1] == before[1]  # whitespace does not count


def test_text_outside_the_basic_plane_counts_as_two_code_units():
    assert line_hashes("😀\nx") != line_hashes("x\nx")
    assert len(line_hashes("😀\nx")) == 2
