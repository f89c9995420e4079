"""The codebook on its own, as a Word document or CSV: for team review and for methods sections.

The Word version reads like a methods appendix: a heading per theme following the tree, its
definition, and how often it was used. The CSV has one row per code with its path, so it can be
compared across projects or loaded into a spreadsheet.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from lgcoder.core.db import Project
from lgcoder.core.ops.coders import get_coder
from lgcoder.core.ops.project import title as project_title
from lgcoder.core.queries import CodeNode, flat_code_tree
from lgcoder.core.words import counted
from lgcoder.exporters.cleaning import clean_quote, xml_safe
from lgcoder.exporters.docx_styles import StyleSheet, open_base
from lgcoder.exporters.docx_xml import BodyWriter, para, rpr, run
from lgcoder.exporters.files import check_output, project_for_export, save_atomically
from lgcoder.exporters.tables import write_csv, write_xlsx

COLUMNS = [
    "path",
    "name",
    "level",
    "parent",
    "description",
    "color",
    "codings",
    "documents",
    "codings_with_subcodes",
    "documents_with_subcodes",
    "guid",
]


@dataclass
class CodebookResult:
    path: Path
    codes: int

    def describe(self) -> str:
        return f"wrote {self.path} ({counted(self.codes, 'code')})"


def _nodes(project: Project, coders: Sequence[str]) -> tuple[str, list[CodeNode]]:
    with project.reading() as session:
        guids = [get_coder(session, n).guid for n in coders] if coders else None
        return project_title(session), flat_code_tree(session, guids, subtree_documents=True)


def codebook_rows(nodes: list[CodeNode]) -> list[list[object]]:
    rows: list[list[object]] = []
    for n in nodes:
        parent = n.path.rsplit("/", 1)[0] if "/" in n.path else ""
        rows.append(
            [
                n.path,
                n.name,
                n.path.count("/") + 1,
                parent,
                n.description,
                n.color,
                n.codings,
                n.documents,
                n.total_codings,
                n.total_documents,
                n.guid,
            ]
        )
    return rows


def export_codebook(
    project: Project | str | Path,
    out: str | Path,
    *,
    coders: Sequence[str] = (),
    template: Path | None = None,
    title: str = "",
) -> CodebookResult:
    """Write the codebook; .docx, .csv or .xlsx by the suffix of *out*."""
    out = Path(out)
    check_output(out, (".docx", ".csv", ".xlsx"))
    with project_for_export(project) as opened:
        project_name, nodes = _nodes(opened, coders)
    suffix = out.suffix.lower()
    if suffix == ".csv":
        save_atomically(out, lambda tmp: write_csv(tmp, COLUMNS, codebook_rows(nodes)))
    elif suffix == ".xlsx":
        save_atomically(out, lambda tmp: write_xlsx(tmp, COLUMNS, codebook_rows(nodes), "Codebook"))
    else:
        _write_docx(
            out,
            nodes,
            title or f"Codebook \u2014 {project_name or 'lgcoder project'}",
            template,
            coders,
        )
    return CodebookResult(out, len(nodes))


def _write_docx(
    out: Path, nodes: list[CodeNode], title: str, template: Path | None, coders: Sequence[str]
) -> None:
    document = open_base(template)
    s = StyleSheet(document).ids
    body = BodyWriter(document.element.body)
    today = date.today()
    body.add(para(run(title), s["Title"]))
    who = f" by {', '.join(coders)}" if coders else ""
    body.add(
        para(
            run(
                f"{counted(len(nodes), 'code')} \u00b7 counts of codings{who} as of {today.day} {today:%B %Y}"
            ),
            s["Subtitle"],
        )
    )
    for node in nodes:
        depth = node.path.count("/")
        level = min(depth + 1, 4)
        body.add(para(run(node.name), s[f"heading {level}"]))
        if depth:
            body.add(
                para(
                    run(node.path.replace("/", " \u203a ")),
                    s["Table Text"],
                    extra='<w:spacing w:after="80"/>',
                )
            )
        if node.description:
            body.add(
                para(
                    run("Definition. ", rpr(bold=True)) + run(clean_quote(node.description)),
                    s["Definition"],
                )
            )
        else:
            body.add(
                para(run("No definition yet.", rpr(italic=True, color="7F7F7F")), s["Definition"])
            )
        uses = (
            f"Used in {counted(node.codings, 'coding')} across "
            f"{counted(node.documents, 'document')}"
        )
        if node.children:
            uses += (
                f"; with its sub-codes, {counted(node.total_codings, 'coding')} across "
                f"{counted(node.total_documents or 0, 'document')}"
            )
        uses += "."
        body.add(para(run(uses, rpr(color="595959"))))
    body.flush()
    document.core_properties.title = xml_safe(title)
    save_atomically(out, document.save)
