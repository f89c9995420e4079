"""Batch import on a pool of reader processes: the same documents as one at a time, in the order
the user chose; a bad or stalled file costs only itself; Cancel stops the readers."""

from __future__ import annotations

import multiprocessing
import os
from contextlib import closing
from pathlib import Path

import pytest

from lgcoder.core.errors import ImportCancelledError, PasswordRequiredError
from lgcoder.importers.batch import parse_files, pool_size
from lgcoder.importers.registry import parse_file

MIXED = [
    "vtt/zoom-real-two-person-meeting.vtt",
    "pdf/scotus-transcript-p1.pdf",
    "docx/docx2python-apple-pages.docx",
    "txt/utf8-crlf-spanish-bible.txt",
    "txt/qualcoder-focus-group-transcript.txt",
    "pdf/two-column-latex-lorem.pdf",
    "vtt/teams-style-fixture-synthetic.vtt",
    "docx/docx2python-curly-quotes.docx",
]


def _helpers() -> list[multiprocessing.Process]:
    return [p for p in multiprocessing.active_children() if p.name == "lgcoder-import-pool"]


def test_pool_reads_the_same_documents_as_one_at_a_time_in_the_order_given(
    corpus: Path,
) -> None:
    paths = [str(corpus / rel) for rel in MIXED]
    results = list(parse_files(paths, workers=2))
    assert [r.path for r in results] == paths  # the user's order, whatever finished first
    assert [r.index for r in results] == list(range(len(paths)))
    for parsed in results:
        alone = parse_file(parsed.path)
        doc = parsed.unwrap()
        assert doc.text == alone.text, parsed.name
        assert doc.segments == alone.segments, parsed.name
        assert (doc.kind, doc.speakers, doc.attributes) == (
            alone.kind,
            alone.speakers,
            alone.attributes,
        )
        assert doc.source_bytes == Path(parsed.path).read_bytes()
    assert not _helpers()  # the readers quit when the batch is done


def test_bad_files_get_one_line_each_and_the_others_are_read(tmp_path: Path, corpus: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    binary = tmp_path / "photo.txt"
    binary.write_bytes(bytes(range(256)) * 40)
    paths = [
        str(corpus / "txt/cp1252-german.txt"),
        str(empty),
        str(tmp_path / "missing.docx"),
        str(corpus / "pdf/zen-of-python-corrupted.pdf"),
        str(binary),
        str(corpus / "pdf/password-example.pdf"),
        str(corpus / "vtt/vttjs-garbage-signature.vtt"),
        str(corpus / "docx/docx2python-curly-quotes.docx"),
    ]
    results = list(parse_files(paths, workers=2))
    assert [r.path for r in results] == paths
    failed = {r.name: str(r.error) for r in results if r.error is not None}
    assert set(failed) == {
        "empty.txt",
        "missing.docx",
        "photo.txt",
        "password-example.pdf",
        "vttjs-garbage-signature.vtt",
    }
    for name, line in failed.items():
        assert name in line and "\n" not in line and "Traceback" not in line
    assert "empty" in failed["empty.txt"] and "no such file" in failed["missing.docx"]
    assert isinstance(results[5].error, PasswordRequiredError)  # the GUI asks for it
    assert results[0].unwrap().text.startswith(parse_file(paths[0]).text[:40])
    assert results[7].document is not None and results[3].document is not None


def test_a_password_reaches_its_file(corpus: Path) -> None:
    pdf = str(corpus / "pdf/password-example.pdf")
    txt = str(corpus / "txt/cp1252-german.txt")
    results = list(parse_files([txt, pdf], workers=2, passwords={pdf: "test"}))
    assert all(r.error is None for r in results)


@pytest.mark.slow
def test_cancel_stops_the_readers_and_hands_out_nothing_more(corpus: Path) -> None:
    paths = [
        str(corpus / "txt/cp1252-german.txt"),
        str(corpus / "pdf/long-117p-german-math-lecture-notes.pdf"),
        str(corpus / "pdf/irs-instructions-1040nr-50p.pdf"),
        str(corpus / "txt/cp1252-french-moliere.txt"),
    ]
    pressed = False
    seen = []
    results = parse_files(paths, workers=2, cancelled=lambda: pressed)
    with closing(results):
        for parsed in results:
            seen.append(parsed)
            pressed = True  # Cancel right after the first file arrives, mid-PDF
    assert seen[0].document is not None
    assert len(seen) == 2 and isinstance(seen[1].error, ImportCancelledError)
    assert "you pressed Cancel" in str(seen[1].error)
    assert not _helpers()  # killed, not left reading the long PDFs


@pytest.mark.slow
@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs a named pipe")
def test_a_stalled_file_is_stopped_at_the_time_limit_and_the_rest_are_read(
    tmp_path: Path, corpus: Path
) -> None:
    stalled = tmp_path / "on-a-dead-share.txt"
    os.mkfifo(stalled)  # opening it for reading waits for a writer that never comes
    paths = [
        str(stalled),
        str(corpus / "txt/cp1252-german.txt"),
        str(corpus / "txt/cp1252-french-moliere.txt"),
        str(corpus / "vtt/teams-style-fixture-synthetic.vtt"),
    ]
    results = list(parse_files(paths, workers=2, seconds=3.0))
    assert [r.path for r in results] == paths
    assert "took longer than 3 seconds and was stopped" in str(results[0].error)
    assert all(r.document is not None for r in results[1:])
    assert not _helpers()


def test_one_file_is_read_here_and_the_pool_is_sized_to_the_cores(
    corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = str(corpus / "txt/cp1252-german.txt")
    [only] = list(parse_files([path]))
    assert only.document is not None and not _helpers()
    assert pool_size(60) == len(os.sched_getaffinity(0))
    assert pool_size(1) == 1
    monkeypatch.setenv("LGCODER_IMPORT_WORKERS", "3")
    assert pool_size(60) == 3
