"""WebVTT and SRT: Zoom, Teams and plain subtitles, in any encoding."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from lgcoder.core.errors import ImportFailedError
from lgcoder.importers.registry import parse_bytes, pick_importer
from tests.unit.import_helpers import kinds, labels, load

OWN = Path(__file__).resolve().parent.parent / "data" / "import"


def test_zoom_style_cues_merge_into_turns() -> None:
    doc = load(OWN / "zoom-style.vtt")
    assert doc.speakers == ["Anna Berg", "Omar Haddad"]
    turns = [(s.label, s.time_start) for s in doc.segments if s.kind == "turn"]
    assert turns == [("Anna Berg", 1.0), ("Omar Haddad", 7.5), ("Anna Berg", 9.5)]
    # the unlabelled cue continues Anna's turn, and no "Name:" is lost from the text
    first = kinds(doc, "turn")[0]
    assert first == "Anna Berg: We moved bins online first. It worked well for most people."
    assert len(kinds(doc, "cue")) == 4


def test_teams_voice_tags() -> None:
    doc = load(OWN / "teams-voices.vtt")
    assert doc.speakers == ["Priya Shah", "Daniel Wu"]
    assert kinds(doc, "turn") == [
        "Priya Shah: Leadership has to be visible. Otherwise nothing moves.",
        "Daniel Wu: Agreed & measured.",
    ]
    assert "0a1b" not in doc.text


def test_srt_cp1252_crlf_tags_stripped() -> None:
    doc = load(OWN / "subtitles-cp1252.srt")
    assert doc.text == "Café crème, s'il vous plaît.\nMerci…\n"
    assert labels(doc, "cue") == ["00:00:01", "00:00:03"]


def test_real_zoom_meeting(corpus: Path) -> None:
    doc = load(corpus / "vtt" / "zoom-real-two-person-meeting.vtt")
    assert doc.speakers == ["Ashlee Kupor (SL)", "Dora Demszky"]
    turns = labels(doc, "turn")
    assert len(turns) == 80
    assert all(a != b for a, b in itertools.pairwise(turns))  # merged runs


@pytest.mark.parametrize(
    ("name", "speakers"),
    [
        ("vttjs-mozilla-talk-voice-tags.vtt", ["Kyle Huey", "Chris Pearce"]),
        ("vttjs-spec-interview-voice-tags.vtt", ["Roger Bingham", "Neil deGrasse Tyson"]),
        ("teams-style-fixture-synthetic.vtt", ["Priya Shah", "Daniel Wu"]),
    ],
)
def test_voice_tagged_files(corpus: Path, name: str, speakers: list[str]) -> None:
    doc = load(corpus / "vtt" / name)
    assert doc.speakers == speakers
    assert "<v" not in doc.text and "</v>" not in doc.text


def test_film_subtitles_have_no_invented_speakers(corpus: Path) -> None:
    for path in (
        corpus / "srt" / "pysrt-french-cp1252-crlf.srt",
        corpus / "vtt" / "webvtt-py-netflix-spanish.vtt",
    ):
        doc = load(path)
        assert doc.speakers == []
        assert labels(doc, "turn") == []
    french = load(corpus / "srt" / "pysrt-french-cp1252-crlf.srt")
    assert "CE FILM RELATE DES ÉVÉNEMENTS QUI ONT EXISTÉ." in french.text


@pytest.mark.parametrize(
    "name",
    [
        "pysrt-utf8-bom.srt",
        "pysrt-utf16le-bom.srt",
        "pysrt-utf16be-bom.srt",
        "pysrt-utf32le-bom.srt",
        "pysrt-no-indexes.srt",
    ],
)
def test_srt_encodings_agree(corpus: Path, name: str) -> None:
    doc = load(corpus / "srt" / name)
    assert doc.text.startswith("About 2 months ago I found myself on the comment section")
    assert len(labels(doc, "cue")) == 7


def test_vtt_quirks(corpus: Path) -> None:
    assert "Caption text #1" in load(corpus / "vtt" / "webvtt-py-bom.vtt").text
    assert "Caption text #1" in load(corpus / "vtt" / "webvtt-py-missing-header.vtt").text
    styled = load(corpus / "vtt" / "webvtt-py-style-blocks.vtt")
    assert "::cue" not in styled.text
    notes = load(corpus / "vtt" / "webvtt-py-notes-swedish.vtt")
    assert "NOTE" not in notes.text
    yt = load(corpus / "vtt" / "webvtt-py-youtube-autocaptions.vtt")
    assert "-->" not in yt.text and "<c>" not in yt.text
    entities = load(corpus / "vtt" / "vttjs-escape-entities.vtt")
    assert "&lt;" not in entities.text and "<" in entities.text


def test_missing_timing_line_is_skipped_with_warning(corpus: Path) -> None:
    doc = load(corpus / "vtt" / "webvtt-py-missing-timeframe.vtt")
    assert "Caption text #2" not in doc.text
    assert doc.warnings


def test_empty_and_garbage_vtt_refused(corpus: Path) -> None:
    for name in ("zoom-empty-transcript.vtt", "webvtt-py-empty.vtt", "vttjs-garbage-signature.vtt"):
        with pytest.raises(ImportFailedError) as err:
            load(corpus / "vtt" / name)
        assert name in str(err.value) and "\n" not in str(err.value)


def test_vtt_sniffed_under_wrong_extension() -> None:
    data = (OWN / "teams-voices.vtt").read_bytes()
    assert pick_importer(data, "transcript.txt").name == "webvtt"
    assert parse_bytes(data, "transcript.txt").speakers == ["Priya Shah", "Daniel Wu"]
