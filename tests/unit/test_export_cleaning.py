"""Quote text is cleaned for reading, and only for reading (issue 5 "Quote text must read well")."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from lgcoder.exporters.cleaning import (
    clean_quote,
    context_after,
    context_before,
    one_line,
    xml_safe,
)


def test_pdf_line_breaks_are_reflowed_and_hyphens_joined() -> None:
    raw = "short-term fund-\ning settlements make it hard-\ner to retain\nspecialist staff."
    assert clean_quote(raw, reflow=True) == (
        "short-term funding settlements make it harder to retain specialist staff."
    )


def test_real_hyphens_survive_a_line_end() -> None:
    assert clean_quote("the post-\nCOVID recovery, 2019-\n2020", reflow=True) == (
        "the post-COVID recovery, 2019-2020"
    )


def test_soft_hyphen_at_line_end_joins_the_word() -> None:
    assert clean_quote("commis\u00ad\nsioning", reflow=True) == "commissioning"


def test_blank_lines_stay_paragraph_breaks_when_reflowing() -> None:
    assert clean_quote("one\ntwo\n\n\nthree", reflow=True) == "one two\nthree"


def test_transcript_lines_are_kept_but_whitespace_collapses() -> None:
    raw = "Jane:   we  tried\t\tthat\nBob:  it   failed  "
    assert clean_quote(raw) == "Jane: we tried that\nBob: it failed"


def test_xml_forbidden_characters_are_dropped() -> None:
    raw = "page one\x0cpage two\x00\x01\x1b ok\ud800"
    cleaned = clean_quote(raw)
    assert cleaned == "page one page two ok"
    assert all(ord(c) >= 0x20 or c == "\n" for c in cleaned)


def test_cjk_rtl_and_emoji_survive_exactly() -> None:
    samples = [
        "我们需要更多的社区资金。",
        "نحتاج إلى دعم رقمي لكبار السن 👵🏽",
        "שלום \u200fעולם",
        "family 👨\u200d👩\u200d👧 and flags 🇬🇧",
        "e\u0301 combining",
    ]
    for text in samples:
        assert clean_quote(text) == text
        assert clean_quote(text, reflow=True) == text


@given(st.text())
def test_cleaning_is_idempotent_and_xml_safe(text: str) -> None:
    once = clean_quote(text)
    assert clean_quote(once) == once
    assert xml_safe(once) == once
    reflowed = clean_quote(text, reflow=True)
    assert clean_quote(reflowed) == reflowed  # final: one line per paragraph
    assert xml_safe(reflowed) == reflowed


@given(st.text())
def test_cleaning_never_invents_visible_characters(text: str) -> None:
    cleaned = clean_quote(text)
    for ch in set(cleaned) - {" ", "\n", "-"}:
        assert ch in text


def test_context_is_the_neighbouring_sentence() -> None:
    text = (
        "We met in March. The council said funding was short and staff were tired. "
        "Nobody could plan ahead. After that we tried pooling budgets with health partners."
    )
    start = text.index("Nobody")
    end = start + len("Nobody could plan ahead.")
    assert context_before(text, start) == "The council said funding was short and staff were tired."
    assert context_after(text, end) == "After that we tried pooling budgets with health partners."


def test_context_for_a_quote_inside_a_sentence() -> None:
    text = "First point here. The main problem is that grants end after a year, which hurts."
    start = text.index("grants")
    end = text.index(", which")
    assert context_before(text, start).endswith("The main problem is that")
    assert context_after(text, end) == ", which hurts."


def test_one_line_flattens_and_shortens() -> None:
    assert one_line("a\nb\n\nc", limit=4) == "a b…"


def test_context_stays_inside_the_speakers_turn() -> None:
    text = "Priya: We tried twice. It failed badly.\nTom: I disagree entirely. Budgets matter."
    start = text.index("It failed")
    end = start + len("It failed badly.")
    turn_end = text.index("\n")
    assert "Tom" in context_after(text, end)  # without a bound, the next speaker leaks in
    assert context_after(text, end, ceiling=turn_end) == ""
    tom = text.index("Tom:")
    quote = text.index("Budgets")
    assert "failed" in context_before(text, quote)
    assert "failed" not in context_before(text, quote, floor=tom)


def test_turn_bounds_skip_the_speakers_name_line_or_label() -> None:
    from lgcoder.exporters.evidence import _turn_bounds

    text = "Sunita Mehra 00:02:23\nI'd add that. Systems are old.\nTom: Fine. We agree."
    turns = [(0, text.index("\nTom")), (text.index("Tom"), len(text))]
    named = [(a, b, label) for (a, b), label in zip(turns, ("Sunita Mehra", "Tom"), strict=True)]
    assert _turn_bounds(text, named, text.index("Systems")) == (text.index("I'd"), turns[0][1])
    assert _turn_bounds(text, named, text.index("We agree")) == (text.index(" Fine"), len(text))
    assert _turn_bounds("no turns here", [], 3) == (0, 13)
