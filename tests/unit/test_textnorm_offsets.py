"""Mapping offsets of raw text onto its normalised form (used when files bring their own offsets)."""

from __future__ import annotations

import itertools

from hypothesis import given
from hypothesis import strategies as st

from lgcoder.core.textnorm import is_normalised, normalise_text, normalise_with_offsets


def test_crlf_bom_and_combining_accents_map_onto_the_normalised_text() -> None:
    raw = "\ufeffab\r\ncafe\u0301 x\ry"
    text, mapping = normalise_with_offsets(raw)
    assert text == "ab\ncafé x\ny"
    start, end = raw.index("cafe"), raw.index(" x")
    assert text[mapping[start] : mapping[end]] == "café"
    assert mapping[len(raw)] == len(text)


@given(
    st.text(
        alphabet=st.sampled_from(
            list("ab \r\n\u0301e😀\ufeff\u0085\u1100\u1161\u11a8\u0344\u2126")
        ),
        max_size=60,
    )
)
def test_mapping_is_monotonic_and_the_text_is_canonical(raw: str) -> None:
    text, mapping = normalise_with_offsets(raw)
    assert text == normalise_text(raw)
    assert is_normalised(text)
    assert len(mapping) == len(raw) + 1
    assert all(a <= b for a, b in itertools.pairwise(mapping))
    assert mapping[-1] == len(text)


def test_mapping_memory_grows_with_the_text_not_with_each_character() -> None:
    """Issue 10: mapping cost about 100 MB per MiB of text. Now the peak stays under 10x the
    text (in UTF-8 bytes) for a CRLF transcript with a BOM, accents and emoji."""
    import tracemalloc

    turn = "\ufeffInterviewer: Hogyan látja? 😀\r\nPriya: Legacy café contracts block us.\r\n"
    raw = turn * (1024 * 1024 // len(turn.encode("utf-8")))
    size = len(raw.encode("utf-8"))
    tracemalloc.start()
    try:
        text, mapping = normalise_with_offsets(raw)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 10 * size, peak / size
    # and it is still exact: the second turn of the last block starts where it should
    at = raw.rindex("Priya")
    assert text[mapping[at] :].startswith("Priya: Legacy café")
