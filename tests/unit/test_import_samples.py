"""The sample roundtable that ships with lgcoder imports with its speakers and structure."""

from __future__ import annotations

import itertools
from pathlib import Path

from tests.unit.import_helpers import labels, load

SAMPLES = Path(__file__).resolve().parents[2] / "resources" / "samples"
CAST = [
    "Amara Okonkwo",
    "Gareth Pryce",
    "Sunita Mehra",
    "Tom Ashdown",
    "Leanne Fairbrother",
    "Rhys Calloway",
]


def test_word_transcript_sample() -> None:
    doc = load(SAMPLES / "harrowfield-roundtable-session1.docx")
    assert doc.speakers == CAST
    assert "Participants" in labels(doc, "heading")
    turns = [s for s in doc.segments if s.kind == "turn"]
    assert len(turns) == 54 and turns[0].time_start == 4.0
    assert "If you measure the phone, you get the phone." in doc.text
    assert "Consistency beats brilliance." in doc.text
    assert 2300 <= len(doc.text.split()) <= 2800  # issue 3: about 2,500 words


def test_teams_vtt_sample() -> None:
    doc = load(SAMPLES / "harrowfield-roundtable-session2.vtt")
    assert set(doc.speakers) == set(CAST)
    assert "channel duplication" in doc.text
    assert "you automate the confusion" in doc.text
    turns = labels(doc, "turn")
    assert len(turns) == 59
    assert all(a != b for a, b in itertools.pairwise(turns))
    assert 2300 <= len(doc.text.split()) <= 2800  # issue 3: about 2,500 words
