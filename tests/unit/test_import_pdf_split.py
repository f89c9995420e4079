"""A long PDF read by two processes gives exactly the text one process gives.

pytest loads Qt (pytest-qt), and a process with Qt never forks, so each check runs in a fresh
interpreter, as the PDF reader's helper process does.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

_READ = """
import json, sys
import lgcoder.importers.pdf_split as split
from lgcoder.importers.registry import parse_file
forks = []
original = split.Split.__init__
def counting(self, *args):
    original(self, *args)
    forks.append(self._pid > 0)
split.Split.__init__ = counting
{patch}
from lgcoder.importers.base import ImportOptions
seen = []
doc = parse_file(sys.argv[1], ImportOptions(progress=lambda done, total: seen.append(done)))
pages = int(doc.attributes["pages"])
print(json.dumps({{
    "progress in order": seen == list(range(1, pages + 1)),
    "text": doc.text,
    "segments": [[s.kind, s.start, s.end, s.label, s.level] for s in doc.segments],
    "warnings": doc.warnings,
    "forks": forks,
}}))
"""


def _read(path: Path, split: str, patch: str = "") -> dict[str, object]:
    result = subprocess.run(
        [sys.executable, "-c", _READ.format(patch=patch), str(path)],
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
        env={**os.environ, "LGCODER_IMPORT_SANDBOX": "0", "LGCODER_PDF_SPLIT": split},
    )
    read: dict[str, object] = json.loads(result.stdout)
    return read


@pytest.mark.slow
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the split forks (Linux)")
@pytest.mark.parametrize(
    "name", ["irs-instructions-1040nr-50p.pdf", "long-117p-german-math-lecture-notes.pdf"]
)
def test_two_processes_read_the_same_text_as_one(corpus: Path, name: str) -> None:
    """Text, pages, headings, paragraphs and warnings are identical with and without the split
    (the IRS file has tables and running footers, the notes 117 pages of headings), and
    progress still arrives once for every page, in order."""
    path = corpus / "pdf" / name
    one = _read(path, "0")
    two = _read(path, "1")
    assert one.pop("forks") == []
    assert two.pop("forks") == [True]
    assert two == one
    assert two["progress in order"] is True


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the split forks (Linux)")
def test_pages_of_a_failed_copy_are_read_here(corpus: Path) -> None:
    """When the forked copy fails, or cannot be started, the helper reads its pages itself:
    nothing is lost."""
    path = corpus / "pdf" / "federal-register-2020-17221.pdf"
    one = _read(path, "0")
    broken = _read(
        path, "1", patch="def fail(page):\n    raise RuntimeError('copy broke')\nsplit._pack = fail"
    )
    assert broken.pop("forks") == [True]
    no_fork = _read(
        path, "1", patch="def fail():\n    raise OSError('no fork')\nsplit.os.fork = fail"
    )
    assert no_fork.pop("forks") == [False]  # the helper reads every page itself
    one.pop("forks")
    assert broken == one
    assert no_fork == one
    assert "Federal Register" in str(one["text"])


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the split forks (Linux)")
def test_copy_dies_with_the_helper() -> None:
    """A timeout or Cancel kills the helper; the copy reading pages for it must die too."""
    code = (
        "import os, time\n"
        "from lgcoder.importers.pdf_split import Split\n"
        "def slow(page):\n"
        "    time.sleep(60)\n"
        "split = Split(slow, 20)\n"
        "print(split._pid, flush=True)\n"
        "os._exit(0)  # killed: no clean-up runs\n"
    )
    helper = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    assert helper.stdout is not None
    copy = int(helper.stdout.readline())
    helper.stdout.close()
    helper.wait(60)
    assert copy > 0
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and _running(copy):
        time.sleep(0.05)
    left_behind = _running(copy)
    if left_behind:
        os.kill(copy, signal.SIGKILL)  # leave nothing running, even when failing
    assert not left_behind


def _running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().split(") ", 1)[1][0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the split forks (Linux)")
def test_only_the_pdf_helper_splits_not_a_batch_worker() -> None:
    """A batch import's pool already keeps every core busy with other files: its workers read
    a long PDF in one process; the PDF helper (and a plain in-process read) may use two."""
    code = (
        "import multiprocessing as mp\n"
        "from lgcoder.importers import pdf_split, sandbox\n"
        "def ask(conn):\n"
        "    conn.send(pdf_split.worth_splitting(50))\n"
        "ctx = mp.get_context('fork')\n"
        "answers = [pdf_split.worth_splitting(50)]\n"
        "for name in (sandbox.HELPER_NAME, 'lgcoder-import-pool'):\n"
        "    here, there = ctx.Pipe()\n"
        "    proc = ctx.Process(target=ask, args=(there,), name=name)\n"
        "    proc.start()\n"
        "    answers.append(here.recv())\n"
        "    proc.join()\n"
        "print(answers)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
        env={**os.environ, "LGCODER_PDF_SPLIT": "1"},
    )
    assert result.stdout.strip() == "[True, True, False]"
