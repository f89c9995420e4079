"""The PDF reader's helper process: started only for a PDF, cheaply, and never left behind.

Each test runs a fresh interpreter, because what matters is what a one-shot command pays:
which modules the parent loads, how the helper starts, and what happens when the parent dies.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest


def _python(code: str, **env: str) -> str:
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, **env},
        check=True,
    )
    return result.stdout.strip()


def test_importing_a_text_file_loads_no_pdf_reader(tmp_path: Path) -> None:
    """A text import (every importer registered) never loads pdfium or the PDF layout code."""
    text = tmp_path / "six.txt"
    text.write_bytes(b"hello\n")
    out = _python(
        "import sys\n"
        "from lgcoder.importers.registry import parse_file\n"
        f"doc = parse_file({str(text)!r})\n"
        "print(doc.text.strip(), 'lgcoder.importers.pdf_engine' in sys.modules,"
        " 'pypdfium2' in sys.modules, 'lgcoder.importers.pdf_layout' in sys.modules)"
    )
    assert out == "hello False False False"


def test_sandboxed_pdf_is_read_in_a_forked_helper_only(corpus: Path) -> None:
    """With the sandbox on, the parent gets the text but loads neither pdfium nor our reader;
    a process without threads or Qt forks its helper instead of starting an interpreter."""
    pdf = corpus / "pdf" / "two-column-latex-lorem.pdf"
    out = _python(
        "import sys\n"
        "from lgcoder.importers import sandbox\n"
        "from lgcoder.importers.registry import parse_file\n"
        f"doc = parse_file({str(pdf)!r})\n"
        "print(doc.attributes['pages'], 'Belgium\\t11.5' in doc.text,"
        " sandbox._helper._proc._popen.method,"
        " 'lgcoder.importers.pdf_engine' in sys.modules, 'pypdfium2' in sys.modules)",
        LGCODER_IMPORT_SANDBOX="1",
    )
    expected = "fork" if sys.platform.startswith("linux") else "forkserver"
    assert out == f"3 True {expected} False False"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the forked helper is Linux's")
def test_forked_helper_exits_when_its_parent_dies(corpus: Path) -> None:
    """A parent killed without cleaning up (no atexit) must not leave its helper waiting."""
    pdf = corpus / "pdf" / "two-column-latex-lorem.pdf"
    code = (
        "import os\n"
        "from lgcoder.importers import sandbox\n"
        "from lgcoder.importers.registry import parse_file\n"
        f"parse_file({str(pdf)!r})\n"
        "print(sandbox._helper._proc.pid, flush=True)\n"
        "os._exit(0)"
    )
    parent = subprocess.Popen(
        [sys.executable, "-c", code],
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "LGCODER_IMPORT_SANDBOX": "1"},
    )
    assert parent.stdout is not None
    helper = int(parent.stdout.readline())
    parent.stdout.close()  # the helper shares this pipe: do not wait for it to close
    parent.wait(60)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and _alive(helper):
        time.sleep(0.05)
    left_behind = _alive(helper)
    if left_behind:
        os.kill(helper, signal.SIGKILL)  # leave nothing running, even when failing
    assert not left_behind


def _alive(pid: int) -> bool:
    """Whether *pid* runs (a zombie, or a reused pid of another program, counts as gone)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return False
    return stat.split(") ", 1)[1][0] != "Z" and b"python" in cmdline
