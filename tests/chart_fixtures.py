"""A small project every chart has something to say about (unit, CLI, Word and GUI tests).

A roundtable transcript with two speakers and a preamble outside any turn, a report without
speakers, a codebook with a sub-theme, two coders whose codings partly overlap, a case and a
document attribute, so each scope filter changes the numbers.
"""

from __future__ import annotations

from pathlib import Path

from lgcoder.core.db import Project
from lgcoder.core.imported import SegmentSpec
from lgcoder.core.ops import coders, codes, codings, documents
from lgcoder.core.ops.attributes import set_document_value
from lgcoder.core.ops.cases import assign_documents, create_case
from tests.helpers import add_text

PREAMBLE = "Roundtable on digital services, 12 March.\n"
PRIYA = "Priya: Legacy contracts are a barrier and funding stops every March.\n"
TOM = "Tom: Leadership matters more; our members gave officers permission to try.\n"
TRANSCRIPT = PREAMBLE + PRIYA + TOM
REPORT = (
    "Funding is the main barrier to joint working. Leadership from members helped.\n"
    "Shared budgets produced savings in both organisations.\n"
)


def span(text: str, words: str) -> tuple[int, int]:
    start = text.index(words)
    return start, start + len(words)


def build_chart_project(path: Path) -> Path:
    """Create the project at *path* (an .lgc file) and return the path."""
    p0, p1 = len(PREAMBLE), len(PREAMBLE) + len(PRIYA)
    turns = [
        SegmentSpec("turn", p0, p1 - 1, "Priya", time_start=0.0),
        SegmentSpec("turn", p1, len(TRANSCRIPT) - 1, "Tom", time_start=20.0),
        SegmentSpec("paragraph", p0, p1 - 1),
        SegmentSpec("paragraph", p1, len(TRANSCRIPT) - 1),
    ]
    with Project.create(path, title="Chart test", coder="Ann") as project:
        rt = add_text(project, TRANSCRIPT, "roundtable.txt", turns)
        rep = add_text(project, REPORT, "report.txt")
        with project.transaction() as s:
            for name, colour in (
                ("Barriers", "#cc6677"),
                ("Barriers/Funding", "#cc6677"),
                ("Leadership", "#332288"),
                ("Synergy", "#117733"),
            ):
                codes.add_code(s, name, color=colour)
            ann, ben = coders.ensure_coder(s, "Ann"), coders.ensure_coder(s, "Ben")
            d_rt = documents.document_by_guid(s, rt)
            d_rep = documents.document_by_guid(s, rep)
            get = lambda p: codes.get_code(s, p)  # noqa: E731
            plan = [
                (d_rt, "Barriers", ann, span(TRANSCRIPT, "Legacy contracts are a barrier")),
                (d_rt, "Barriers", ben, span(TRANSCRIPT, "Legacy contracts are a barrier and")),
                (d_rt, "Barriers/Funding", ann, span(TRANSCRIPT, "funding stops every March")),
                (d_rt, "Leadership", ann, span(TRANSCRIPT, "Leadership matters more")),
                (d_rt, "Leadership", ben, span(TRANSCRIPT, "our members gave officers")),
                (d_rt, "Synergy", ben, span(TRANSCRIPT, "Roundtable on digital services")),
                (d_rep, "Barriers/Funding", ann, span(REPORT, "Funding is the main barrier")),
                (d_rep, "Barriers", ben, span(REPORT, "main barrier to joint working")),
                (d_rep, "Leadership", ann, span(REPORT, "Leadership from members helped")),
                (d_rep, "Synergy", ann, span(REPORT, "Shared budgets produced savings")),
            ]
            for doc, code, coder, (start, end) in plan:
                codings.apply_coding(s, doc, get(code), coder, start, end)
            case = create_case(s, "North").created[0]
            assign_documents(s, case, [rt])
            set_document_value(s, d_rep, "Kind", "report")
            set_document_value(s, d_rt, "Kind", "roundtable")
    return path
