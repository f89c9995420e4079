"""REFI-QDA exchange: a whole project as .qdpx, or the codebook alone as .qdc.

REFI-QDA 1.5 is the format NVivo, ATLAS.ti, MAXQDA and QualCoder read, so a team is never locked
in. Text selections are counted in Unicode code points from 0 with an exclusive end, exactly our
own offsets, so no conversion is needed (and none can drift). Each document travels as a UTF-8
plain-text source, with the original Word file alongside as its rich-text form.

The output is deterministic (stable order, no wall-clock timestamps beyond the stored ones), so
exporting the same project twice gives the same bytes.
"""

from __future__ import annotations

import uuid
import zipfile
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path
from xml.etree import ElementTree as ET

from sqlalchemy import select
from sqlalchemy.orm import Session

from lgcoder import __version__
from lgcoder.core.db import Project
from lgcoder.core.errors import LgcoderError
from lgcoder.core.models import (
    Attribute,
    Case,
    CaseAttribute,
    CaseDocument,
    Code,
    Coder,
    Coding,
    Document,
    DocumentAttribute,
    Memo,
)
from lgcoder.core.ops import project as project_ops
from lgcoder.core.queries import document_text
from lgcoder.exporters.files import save_atomically

PROJECT_NS = "urn:QDA-XML:project:1.0"
CODEBOOK_NS = "urn:QDA-XML:codebook:1.0"
ORIGIN = f"lgcoder {__version__}"
_TYPES = {
    "text": "Text",
    "boolean": "Boolean",
    "number": "Float",
    "integer": "Integer",
    "date": "Date",
    "datetime": "DateTime",
}
#: Namespace for guids we derive (selections, notes) so re-exports give the same ids.
_DERIVED = uuid.UUID("5b1c7e7a-3d1e-4f47-9a53-6c6f64657221")


def derived_guid(kind: str, guid: str) -> str:
    return str(uuid.uuid5(_DERIVED, f"{kind}:{guid}"))


def _when(value: datetime) -> str:
    return value.replace(microsecond=0).isoformat() + "Z"


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    el = ET.SubElement(parent, tag, {k: _xml_safe(v) for k, v in attrs.items() if v is not None})
    if text is not None:
        el.text = _xml_safe(text)
    return el


def _xml_safe(text: str) -> str:
    """XML 1.0 cannot carry most control characters; drop them rather than write a broken file."""
    return "".join(
        ch
        for ch in text
        if ch in "\t\n\r"
        or ("\x20" <= ch <= "\ud7ff")
        or ("\ue000" <= ch <= "\ufffd")
        or ch >= "\U00010000"
    )


def _codes_xml(parent: ET.Element, session: Session, memo_refs: dict[str, list[str]]) -> None:
    codes = list(
        session.scalars(
            select(Code).where(Code.deleted.is_(False)).order_by(Code.sort_order, Code.id)
        )
    )
    kids: dict[int | None, list[Code]] = {}
    for c in codes:
        kids.setdefault(c.parent_id, []).append(c)
    live_ids = {c.id for c in codes}

    def add(into: ET.Element, code: Code) -> None:
        el = _sub(
            into, "Code", guid=code.guid, name=code.name, isCodable="true", color=code.color.upper()
        )
        if code.description:
            _sub(el, "Description", code.description)
        for note in memo_refs.get(code.guid, []):
            _sub(el, "NoteRef", targetGUID=note)
        for child in kids.get(code.id, []):
            add(el, child)

    holder = _sub(parent, "Codes")
    roots = [c for c in codes if c.parent_id is None or c.parent_id not in live_ids]
    for code in roots:
        add(holder, code)


def _check_out(out: Path) -> None:
    if out.is_dir():
        raise LgcoderError(f"{out} is a folder; give a file name ending in .qdpx or .qdc")
    if not out.parent.is_dir():
        raise LgcoderError(f"cannot write {out}: folder {out.parent} does not exist")


def export_codebook(project: Project, out: str | Path) -> Path:
    """Write the codebook as a REFI-QDA .qdc file."""
    out = Path(out)
    _check_out(out)
    ET.register_namespace("", CODEBOOK_NS)
    root = ET.Element(f"{{{CODEBOOK_NS}}}CodeBook", {"origin": ORIGIN})
    with project.reading() as session:
        _codes_xml(root, session, {})
    _qualify(root, CODEBOOK_NS)
    data = _serialise(root)
    save_atomically(out, lambda tmp: Path(tmp).write_bytes(data))
    return out


def _qualify(root: ET.Element, ns: str) -> None:
    for el in root.iter():
        if not el.tag.startswith("{"):
            el.tag = f"{{{ns}}}{el.tag}"


def _serialise(root: ET.Element) -> bytes:
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def _notes(
    session: Session, root_notes: list[tuple[str, str, str, str | None, datetime]]
) -> dict[str, list[str]]:
    """Collect memos as REFI Notes; returns target guid -> note guids (for NoteRef)."""
    refs: dict[str, list[str]] = {}
    coders = {c.id: c.guid for c in session.scalars(select(Coder))}
    for memo in session.scalars(
        select(Memo).where(Memo.deleted.is_(False)).order_by(Memo.created, Memo.guid)
    ):
        if memo.target_type == "document" and memo.start is not None:
            continue  # anchored notes travel as selections on their source
        title = memo.title or ("Conflict kept by merge" if memo.kind == "conflict" else "Memo")
        root_notes.append(
            (memo.guid, title, memo.text, coders.get(memo.author_id or -1), memo.created)
        )
        refs.setdefault(memo.target_guid or "project", []).append(memo.guid)
    for coding in session.scalars(
        select(Coding).where(Coding.deleted.is_(False), Coding.memo != "")
    ):
        note = derived_guid("coding-memo", coding.guid)
        root_notes.append(
            (note, "Coding memo", coding.memo, coders.get(coding.coder_id), coding.updated)
        )
        refs.setdefault(coding.guid, []).append(note)
    return refs


def _variables(session: Session, root: ET.Element) -> dict[int, Attribute]:
    attrs = {
        a.id: a
        for a in session.scalars(
            select(Attribute).where(Attribute.deleted.is_(False)).order_by(Attribute.name)
        )
    }
    if attrs:
        holder = _sub(root, "Variables")
        for a in attrs.values():
            _sub(
                holder,
                "Variable",
                guid=a.guid,
                name=a.name,
                typeOfVariable=_TYPES.get(a.value_type, "Text"),
            )
    return attrs


def _variable_values(parent: ET.Element, values: Iterable[tuple[Attribute, str]]) -> None:
    for attr, value in values:
        vv = _sub(parent, "VariableValue")
        _sub(vv, "VariableRef", targetGUID=attr.guid)
        kind = _TYPES.get(attr.value_type, "Text")
        _sub(vv, f"{kind}Value" if kind != "Text" else "TextValue", value)


def build_project_xml(session: Session) -> tuple[ET.Element, dict[str, bytes]]:
    """The project.qde tree and the files for its sources folder (name -> bytes)."""
    files: dict[str, bytes] = {}
    coders = list(session.scalars(select(Coder).order_by(Coder.name)))
    coder_guid = {c.id: c.guid for c in coders}
    default = project_ops.default_coder(session)
    root = ET.Element(
        "Project", {"name": project_ops.title(session) or "lgcoder project", "origin": ORIGIN}
    )
    if default is not None:
        root.set("creatingUserGUID", default.guid)
    if coders:
        users = _sub(root, "Users")
        for c in coders:
            _sub(users, "User", guid=c.guid, name=c.name)
    note_rows: list[tuple[str, str, str, str | None, datetime]] = []
    refs = _notes(session, note_rows)
    if session.scalar(select(Code.id).where(Code.deleted.is_(False)).limit(1)) is not None:
        _codes_xml(_sub(root, "CodeBook"), session, refs)  # the schema needs at least one Code
    attrs = _variables(session, root)

    docs = list(session.scalars(select(Document).order_by(Document.sort_order, Document.id)))
    cases = list(session.scalars(select(Case).where(Case.deleted.is_(False)).order_by(Case.name)))
    if cases:
        holder = _sub(root, "Cases")
        doc_guid = {d.id: d.guid for d in docs}
        for case in cases:
            el = _sub(holder, "Case", guid=case.guid, name=case.name)
            if case.description:
                _sub(el, "Description", case.description)
            case_values = session.execute(
                select(CaseAttribute.attribute_id, CaseAttribute.value).where(
                    CaseAttribute.case_id == case.id, CaseAttribute.value != ""
                )
            ).all()
            _variable_values(
                el,
                sorted(
                    ((attrs[a], v) for a, v in case_values if a in attrs), key=lambda p: p[0].name
                ),
            )
            for cd in session.scalars(
                select(CaseDocument).where(
                    CaseDocument.case_id == case.id, CaseDocument.deleted.is_(False)
                )
            ):
                _sub(el, "SourceRef", targetGUID=doc_guid[cd.document_id])

    live_codes = set(session.scalars(select(Code.id).where(Code.deleted.is_(False))))
    code_guid = {cid: g for cid, g in session.execute(select(Code.id, Code.guid)).all()}
    if docs:
        sources = _sub(root, "Sources")
    for doc in docs:
        text_name = f"{doc.guid}.txt"
        body = document_text(session, doc)
        files[text_name] = body.encode("utf-8")
        el = _sub(
            sources,
            "TextSource",
            guid=doc.guid,
            name=doc.name,
            plainTextPath=f"internal://{text_name}",
            creationDateTime=_when(doc.created),
            modifiedDateTime=_when(doc.updated),
        )
        if doc.source_mime.endswith(
            "wordprocessingml.document"
        ) or doc.source_filename.lower().endswith(".docx"):
            blob = session.scalar(select(Document.source_blob).where(Document.id == doc.id))
            if blob:
                files[f"{doc.guid}.docx"] = blob
                el.set("richTextPath", f"internal://{doc.guid}.docx")
        codings = session.scalars(
            select(Coding)
            .where(Coding.document_id == doc.id, Coding.deleted.is_(False))
            .order_by(Coding.start, Coding.end, Coding.guid)
        )
        for coding in codings:
            if coding.code_id not in live_codes:
                continue
            sel = _sub(
                el,
                "PlainTextSelection",
                guid=derived_guid("selection", coding.guid),
                name=" ".join(body[coding.start : coding.end].split())[:80],
                startPosition=str(coding.start),
                endPosition=str(coding.end),
                creatingUser=coder_guid.get(coding.coder_id),
                creationDateTime=_when(coding.created),
            )
            c_el = _sub(
                sel,
                "Coding",
                guid=coding.guid,
                creatingUser=coder_guid.get(coding.coder_id),
                creationDateTime=_when(coding.created),
            )
            _sub(c_el, "CodeRef", targetGUID=code_guid[coding.code_id])
            for note in refs.get(coding.guid, []):
                _sub(c_el, "NoteRef", targetGUID=note)
        anchored = session.scalars(
            select(Memo)
            .where(
                Memo.target_type == "document",
                Memo.target_guid == doc.guid,
                Memo.start.is_not(None),
                Memo.deleted.is_(False),
            )
            .order_by(Memo.start, Memo.guid)
        )
        for memo in anchored:
            sel = _sub(
                el,
                "PlainTextSelection",
                guid=memo.guid,
                name=memo.title or None,
                startPosition=str(memo.start),
                endPosition=str(memo.end),
            )
            _sub(sel, "Description", memo.text)
        for note in refs.get(doc.guid, []):
            _sub(el, "NoteRef", targetGUID=note)
        values = session.execute(
            select(DocumentAttribute.attribute_id, DocumentAttribute.value).where(
                DocumentAttribute.document_id == doc.id, DocumentAttribute.value != ""
            )
        ).all()
        _variable_values(
            el, sorted(((attrs[a], v) for a, v in values if a in attrs), key=lambda p: p[0].name)
        )

    if note_rows:
        notes = _sub(root, "Notes")
        for guid, title, body, author, created in note_rows:
            _sub(
                _sub(
                    notes,
                    "Note",
                    guid=guid,
                    name=title,
                    creatingUser=author,
                    creationDateTime=_when(created),
                ),
                "PlainTextContent",
                body,
            )
    for note in refs.get("project", []):
        _sub(root, "NoteRef", targetGUID=note)
    _qualify(root, PROJECT_NS)
    return root, files


def export_qdpx(project: Project, out: str | Path) -> Path:
    """Write the whole project as a REFI-QDA .qdpx archive (project.qde + sources/)."""
    out = Path(out)
    _check_out(out)
    ET.register_namespace("", PROJECT_NS)
    with project.reading() as session:
        root, files = build_project_xml(session)

    def write(tmp: str) -> None:
        with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as zf:
            zf.writestr(_entry("project.qde"), _serialise(root))
            for name in sorted(files):
                zf.writestr(_entry(f"sources/{name}"), files[name])

    save_atomically(out, write)
    return out


def _entry(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=(2020, 1, 1, 0, 0, 0))  # fixed: reproducible bytes
    info.compress_type = zipfile.ZIP_DEFLATED
    return info
