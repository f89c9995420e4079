"""Plain text, Markdown and HTML: encodings a council's archive really contains."""

from __future__ import annotations

from pathlib import Path

import pytest

from lgcoder.core.errors import ImportFailedError, UnsupportedFormatError
from lgcoder.importers.registry import parse_bytes
from tests.unit.import_helpers import kinds, labels, load

OWN = Path(__file__).resolve().parent.parent / "data" / "import"


def test_cp1252_cr_only_transcript_reads_with_speakers() -> None:
    doc = load(OWN / "cp1252-cr-only-interview.txt")
    assert "\r" not in doc.text
    assert "Mostly the forms time out… I share my phone." in doc.text
    assert doc.speakers == ["Interviewer", "Resident"]
    assert labels(doc, "turn") == ["Interviewer", "Resident", "Interviewer", "Resident"]


def test_utf16_without_bom_is_not_read_as_latin1() -> None:
    doc = load(OWN / "utf16le-nobom-notes.txt")
    assert "\x00" not in doc.text
    assert "Barriers: data allowance, shared phones." in doc.text


def test_nel_line_ends_become_newlines() -> None:
    doc = load(OWN / "nel-lines.txt")
    assert doc.text.split("\n") == ["first line", "second line", "third line"]


def test_markdown_front_matter_and_headings() -> None:
    doc = load(OWN / "front-matter.md")
    assert doc.attributes["title"] == "Roundtable notes"
    assert doc.attributes["tags"] == "barriers, leadership"
    assert not doc.text.startswith("---")
    assert [(s.label, s.level) for s in doc.segments if s.kind == "heading"] == [
        ("Barriers", 1),
        ("Leadership", 2),
    ]


def test_html_charset_from_meta_scripts_hidden_entities_decoded() -> None:
    doc = load(OWN / "page.html")
    assert "Первый абзац & текст." in doc.text
    assert "var x" not in doc.text
    assert kinds(doc, "heading") == ["Заголовок"]
    assert "A\tB" in doc.text
    assert doc.attributes["title"] == "Новости"


def test_empty_and_blank_files_are_refused() -> None:
    with pytest.raises(ImportFailedError, match="empty"):
        parse_bytes(b"", "notes.txt")
    with pytest.raises(ImportFailedError, match="empty"):
        parse_bytes(b"  \n\n", "notes.txt")


def test_unknown_binary_is_refused_with_supported_list() -> None:
    with pytest.raises(UnsupportedFormatError, match="supported"):
        parse_bytes(b"\x89PNG\r\n\x1a\n\x00\x00", "photo.png")


def test_binary_named_txt_is_refused() -> None:
    with pytest.raises(ImportFailedError, match="not text"):
        parse_bytes(b"\x00\x01\x02\x03\xff\xfe\x00\x00" * 100, "data.txt")


@pytest.mark.parametrize(
    ("name", "phrase"),
    [
        ("cp1253-greek.txt", "Η ελληνική αποτελεί τη μητρική γλώσσα"),
        ("cp1254-turkish.txt", "İstanbul, Türkiye'nin en kalabalık"),
        ("cp1255-hebrew.txt", "אין כמעט ניבים אזוריים עבריים"),
        ("cp1256-arabic.txt", "بالموازاة مع ذلك"),
        ("big5-chinese.txt", "維基大典（Wikipedia）者"),
        ("cp949-korean.txt", "역사적 예수 연구자들은"),
        ("cp1252-french-moliere.txt", "JEAN-BAPTISTE POQUELIN MOLIÈRE"),
        ("cp1252-german.txt", "Die Deutsche Schule gehört zum Netzwerk"),
        ("latin1-portuguese.txt", "acha-se tão bem determinada"),
        ("cp1252-curly-quotes-dashes.txt", "Spam, beans, spam – served every day"),
        ("russian-ambiguous-codepage.txt", "В гимназии он не был в числе первых учеников"),
        ("utf8-bom-japanese.txt", "コンソ"),
    ],
)
def test_code_pages_decode_to_known_phrases(corpus: Path, name: str, phrase: str) -> None:
    doc = load(corpus / "txt" / name)
    assert phrase in doc.text
    assert "\ufffd" not in doc.text


def test_shift_jis_cr_only(corpus: Path) -> None:
    doc = load(corpus / "txt" / "shift-jis-cr-only-rashomon.txt")
    assert "\r" not in doc.text
    assert "羅生門" in doc.text
    assert doc.text.count("\n") > 700


def test_cp1252_ellipsis_byte_is_not_a_line_break(corpus: Path) -> None:
    doc = load(corpus / "txt" / "cp1252-dutch-with-nel-0x85.txt")
    assert "…" in doc.text
    assert len(kinds(doc, "paragraph")) == 1


def test_stray_bom_mid_file_removed(corpus: Path) -> None:
    doc = load(corpus / "txt" / "utf8-crlf-polish-stray-bom.txt")
    assert "\ufeff" not in doc.text
    assert '"REF.-2";"POLISH"' in doc.text


def test_text_transcript_styles(corpus: Path) -> None:
    doc = load(corpus / "txt" / "teams-copilot-style-transcript-synthetic.txt")
    assert doc.speakers == ["Priya Shah", "Daniel Wu"]
    turns = [(s.label, s.time_start) for s in doc.segments if s.kind == "turn"]
    assert turns == [("Priya Shah", 5.0), ("Daniel Wu", 12.0), ("Priya Shah", 19.0)]
    chat = load(corpus / "txt" / "zoom-chat-export.txt")
    assert chat.speakers == ["Ashlee Kupor", "Dora Demszky"]


def test_long_mission_transcript_turns(corpus: Path) -> None:
    doc = load(corpus / "txt" / "apollo13-air-to-ground-transcript.txt")
    assert {"CDR", "CC", "LMP", "CMP"} <= set(doc.speakers)
    assert len(labels(doc, "turn")) > 1000


def test_russian_radio_transcript_speakers(corpus: Path) -> None:
    doc = load(corpus / "txt" / "vostok1-russian-radio-transcript.txt")
    assert "Кедр" in doc.speakers
    assert "Заря 1 (Каманин)" in doc.speakers


def test_plain_prose_is_not_a_transcript(corpus: Path) -> None:
    doc = load(corpus / "txt" / "qualcoder-project-memo.txt")
    assert doc.speakers == []
    assert labels(doc, "turn") == []


def test_captions_with_preamble(corpus: Path) -> None:
    doc = load(corpus / "txt" / "ca-assembly-hearing-captions-with-preamble.txt")
    assert doc.attributes["File"] == "20250701-HS"
    assert "WEBVTT" not in doc.text
    assert "-->" not in doc.text


def test_markdown_meeting_notes(corpus: Path) -> None:
    doc = load(corpus / "md" / "w3c-publishingcg-minutes-2020-10-21.md")
    assert doc.attributes["layout"] == "document"
    assert "Publishing CG Telco — Minutes" in labels(doc, "heading")


@pytest.mark.parametrize(
    ("name", "phrase"),
    [
        ("russian-cp1251-no-charset.html", "МОСКВА, 9 янв - РИА Новости"),
        ("gb2312-table-layout.html", "搜狐在线"),
        ("bbc-forum-conversation-cp1252-no-charset.html", "if rangers draw"),
        ("utf16le-no-bom-astral-plane.html", "Unicode Plane 1 Example Usage"),
    ],
)
def test_html_charsets(corpus: Path, name: str, phrase: str) -> None:
    doc = load(corpus / "html" / name)
    assert phrase in doc.text
    assert "\x00" not in doc.text


def test_html_minutes_have_speakers(corpus: Path) -> None:
    doc = load(corpus / "html" / "w3c-publishingcg-minutes-2024-02-15.html")
    assert "George" in doc.speakers
    assert "<" not in doc.text.split("\n")[0]
