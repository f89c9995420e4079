"""The quick reader (plain sqlite3, for ``lgcoder docs``/``codes``) answers as the ORM queries do."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from lgcoder.core import quick_read
from lgcoder.core.code_tree import CodeNode
from lgcoder.core.db import Project
from lgcoder.core.errors import ForeignSchemaError, NotAProjectError
from lgcoder.core.imported import SegmentSpec
from lgcoder.core.ops import coders as coder_ops
from lgcoder.core.ops import codes as code_ops
from lgcoder.core.ops.codings import apply_coding, remove_coding
from lgcoder.core.ops.documents import get_document, list_documents
from lgcoder.core.queries import code_tree
from tests.helpers import add_text


def _tree(nodes: list[CodeNode]) -> list[tuple[object, ...]]:
    return [
        (
            n.guid, n.name, n.path, n.parent_guid, n.color, n.description, n.sort_order,
            n.codings, n.documents, n.total_codings, n.total_documents, _tree(n.children),
        )
        for n in nodes
    ]  # fmt: skip


@pytest.fixture
def project_path(tmp_path: Path) -> Path:
    path = tmp_path / "p.lgc"
    with Project.create(path, coder="Ann") as project:
        pages = [SegmentSpec("page", 0, 10, "1"), SegmentSpec("page", 10, 20, "2")]
        add_text(project, "0123456789abcdefghij", "paged.txt", pages)
        add_text(project, "plain text here", "plain.txt")
        with project.transaction() as s:
            for path_ in ("A", "A/B", "A/B/C", "D", "Gone"):
                code_ops.add_code(s, path_)
            ann = coder_ops.ensure_coder(s, "Ann")
            ben = coder_ops.ensure_coder(s, "Ben")
            paged, plain = get_document(s, "paged.txt"), get_document(s, "plain.txt")
            c = code_ops.get_code(s, "A/B/C")
            a = code_ops.get_code(s, "A")
            apply_coding(s, paged, c, ann, 0, 4)
            apply_coding(s, plain, c, ben, 0, 5)
            apply_coding(s, paged, a, ann, 2, 6)
            dropped = apply_coding(s, plain, a, ann, 1, 3).created[0]
            remove_coding(s, dropped)
            code_ops.delete_code(s, code_ops.get_code(s, "Gone").guid)
    return path


@pytest.mark.parametrize("subtree_documents", [False, True])
def test_code_tree_matches_the_orm_query(project_path: Path, subtree_documents: bool) -> None:
    with Project.open(project_path, readonly=True) as project, project.reading() as s:
        expected = code_tree(s, subtree_documents=subtree_documents)
    with quick_read.reading(project_path) as conn:
        got = quick_read.code_tree(conn, subtree_documents=subtree_documents)
    assert _tree(got) == _tree(expected)
    assert [n.path for root in got for n in root.walk()] == ["A", "A/B", "A/B/C", "D"]


def test_documents_match_the_orm_with_page_counts(project_path: Path) -> None:
    with Project.open(project_path, readonly=True) as project, project.reading() as s:
        expected = [
            (d.name, d.guid, d.kind, d.text_length, d.text_sha256) for d in list_documents(s)
        ]
    with quick_read.reading(project_path) as conn:
        rows = quick_read.documents(conn)
    assert [(r.name, r.guid, r.kind, r.chars, r.sha256) for r in rows] == expected
    assert [r.pages for r in rows] == [2, 0]


def test_the_quick_reader_refuses_what_project_open_refuses(tmp_path: Path) -> None:
    not_ours = tmp_path / "x.lgc"
    not_ours.write_text("hello", encoding="utf-8")
    with pytest.raises(NotAProjectError), quick_read.reading(not_ours):
        pass
    planted = tmp_path / "planted.lgc"
    Project.create(planted).close()
    import sqlite3

    con = sqlite3.connect(planted)
    con.execute("CREATE VIEW spy AS SELECT 1")
    con.commit()
    con.close()
    with pytest.raises(ForeignSchemaError), quick_read.reading(planted):
        pass


def test_the_quick_reader_imports_no_sqlalchemy(project_path: Path) -> None:
    code = (
        "import sys\n"
        "from lgcoder.core import quick_read\n"
        f"with quick_read.reading({str(project_path)!r}) as conn:\n"
        "    quick_read.flat_code_tree(conn, subtree_documents=True)\n"
        "    quick_read.documents(conn)\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('sqlalchemy', 'alembic')))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
