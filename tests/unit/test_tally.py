"""The workbench's tally of codings stays equal to a fresh count through every kind of change.

Exact deltas (apply, remove, restore) are added up; changes that cannot say what they did to the
codings (delete or merge a code, remove a document) make the tally read again what they touched.
After each step the kept tally must equal one read from scratch.
"""

from __future__ import annotations

from lgcoder.app.project_service import ProjectService
from lgcoder.app.tally import CodingTally
from lgcoder.core import queries_view
from lgcoder.core.db import Project
from lgcoder.core.ops.changes import Changes
from tests.helpers import add_text

TEXT = "Priya: our biggest barrier is legacy contracts and forms. Tom: leadership matters."


def _fresh(project: Project) -> dict[str, tuple[int, int]]:
    with project.reading() as s:
        return CodingTally(queries_view.coding_tally(s)).code_counts()


def _check(service: ProjectService, changes: Changes) -> None:
    service.settle(changes)
    kept = service.tally.code_counts()
    fresh = _fresh(service.project)
    assert {k: v for k, v in kept.items() if v != (0, 0)} == fresh
    assert service.tally.total == sum(n for n, _d in fresh.values())


def test_tally_follows_applies_removals_restores_and_bulk_changes(project: Project) -> None:
    service = ProjectService(project)
    doc = add_text(project, TEXT, "a.txt")
    other = add_text(project, "A second document about barriers.", "b.txt")
    coder = service.ensure_coder("Ann").guid
    ben = service.ensure_coder("Ben").guid
    barriers = service.add_code("barriers").created[0]
    leadership = service.add_code("leadership").created[0]
    assert service.tally.total == 0

    applied = []
    for code, who, (start, end), where in (
        (barriers, coder, (7, 20), doc),
        (barriers, ben, (7, 20), doc),
        (barriers, coder, (21, 40), doc),
        (leadership, coder, (62, 72), doc),
        (barriers, coder, (2, 10), other),
    ):
        changes = service.apply_coding(where, code, who, start, end)
        assert changes.coding_delta == {(code, where, who): 1}
        applied.append(changes.created[0])
        _check(service, changes)
    assert service.tally.code_counts([barriers]) == {barriers: (4, 2)}
    assert service.tally.code_counts([barriers], [ben]) == {barriers: (1, 1)}
    assert service.tally.document_count(doc) == 4

    _check(service, service.remove_coding(applied[0]))
    _check(service, service.restore_coding(applied[0]))
    _check(service, service.remove_coding(applied[3]))
    merged = service.merge_code(leadership, barriers)[1]
    assert merged.coding_delta is None
    _check(service, merged)
    _check(service, service.delete_document(other))
    _check(service, service.delete_code(barriers))
    assert service.tally.total == 0


def test_deltas_add_up_and_unknown_wins() -> None:
    key = ("code", "doc", "coder")
    a = Changes(codings=True, coding_delta={key: 1})
    b = Changes(codings=True, coding_delta={key: -1})
    assert (a | b).coding_delta == {}
    assert (a | Changes(codes=True)).coding_delta == {key: 1}  # no codings: nothing to add
    assert (a | Changes(codings=True)).coding_delta is None  # codings changed, amount unknown
