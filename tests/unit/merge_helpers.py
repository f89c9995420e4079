"""Builders shared by the merge tests: a base project, coder copies, merged dumps."""

from __future__ import annotations

import itertools
import shutil
from pathlib import Path

from lgcoder.core.db import Project
from lgcoder.core.dump import dump_json
from lgcoder.core.imported import SegmentSpec
from lgcoder.core.ops import attributes as attribute_ops
from lgcoder.core.ops import cases as case_ops
from lgcoder.core.ops import coders as coder_ops
from lgcoder.core.ops import codes as code_ops
from lgcoder.core.ops import codings as coding_ops
from lgcoder.core.ops import memos as memo_ops
from lgcoder.core.ops.documents import list_documents
from lgcoder.team.merge import merge_files
from tests.helpers import add_text

TEXTS = {
    "roundtable.txt": "Mayor: We lack funding.\n\nClerk: Leadership matters.\n\nMayor: Synergy!",
    "report.txt": "Barriers to shared services include funding and trust between councils.",
}
_counter = itertools.count()


def make_base(path: Path) -> Path:
    """A small coded project: two documents, a code tree, three coders."""
    with Project.create(path, title="Roundtable", coder="Lead") as project:
        for name, text in TEXTS.items():
            segs = [SegmentSpec("paragraph", s, s + len(p)) for s, p in _paragraphs(text)]
            add_text(project, text, name, segs)
        with project.transaction() as s:
            code_ops.add_code(s, "barriers/funding", description="money")
            code_ops.add_code(s, "leadership")
            funding = code_ops.get_code(s, "barriers/funding")
            docs = list_documents(s)
            for i, name in enumerate(("Ann", "Ben", "Cat")):
                coder = coder_ops.ensure_coder(s, name)
                for doc in docs:
                    coding_ops.apply_coding(s, doc, funding, coder, i, 10 + 3 * i, memo="base")
            memo_ops.add_memo(s, "project", "", "project note")
            case_ops.create_case(s, "North", "coastal councils")
            north = case_ops.get_case(s, "North")
            case_ops.assign_documents(s, north.guid, [docs[0].guid])
            attribute_ops.set_document_value(s, docs[1], "region", "north")
            attribute_ops.set_case_value(s, north, "population", "1200", "number")
    return path


def _paragraphs(text: str) -> list[tuple[int, str]]:
    out, pos = [], 0
    for para in text.split("\n\n"):
        out.append((pos, para))
        pos += len(para) + 2
    return out


def copy(src: Path, dest: Path) -> Path:
    shutil.copyfile(src, dest)
    return dest


def dump_of(path: Path) -> str:
    with Project.open(path, readonly=True) as project, project.reading() as session:
        return dump_json(session)


def merged(folder: Path, target: Path, *sources: Path) -> Path:
    """Merge *sources* into a fresh copy of *target*; returns the new file."""
    out = folder / f"m{next(_counter)}.lgc"
    copy(target, out)
    merge_files(out, list(sources))
    shutil.rmtree(folder / f"{out.name}-backups", ignore_errors=True)
    return out
