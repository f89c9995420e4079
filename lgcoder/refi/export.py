"""REFI-QDA exchange: a whole project as .qdpx, or the codebook alone as .qdc.

REFI-QDA 1.5 is the format NVivo, ATLAS.ti, MAXQDA and QualCoder read, so a team is never locked
in. Text selections are counted in Unicode code points from 0 with an exclusive end, exactly our
own offsets, as the standard says; ``offsets="utf16"`` writes UTF-16 code units instead, which is
how NVivo counts (otherwise NVivo misplaces every coding after an emoji).

Nothing a colleague or a later re-import needs is left out:

* every document travels as UTF-8 plain text with its original file in ``sources/``: a PDF as a
  ``PDFSource`` whose ``Representation`` is the text, a Word file as the ``richTextPath``, any
  other original beside the text (``<guid>.original.<ext>``); each original's ZIP entry carries
  its file name and type in its comment, so re-importing it rebuilds pages, speakers and cues;
* memos are written both ways other programs read them: as ``Note`` elements with ``NoteRef``
  (NVivo, ATLAS.ti) and as the ``Description`` of what they are about (QualCoder reads those):
  a coding's memo on its ``PlainTextSelection``, a document's on its source, the project's on
  the project; a memo on a passage is a ``Note`` with a selection of its own;
* authors, attribute scope (case or document) and full timestamps (microseconds) are kept.

The output is deterministic (stable order, no wall-clock timestamps beyond the stored ones), so
exporting the same project twice gives the same bytes.
"""

from __future__ import annotations

import json
import uuid
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path, PurePosixPath
from xml.etree import ElementTree as ET

from sqlalchemy import select
from sqlalchemy.orm import Session

from lgcoder import __version__
from lgcoder.core.db import Project
from lgcoder.core.errors import LgcoderError, ValidationError
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
from lgcoder.refi.offsets import CODEPOINTS, UTF16, UTF16_ORIGIN_NOTE, Utf16Index

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
#: Variable/Description of a case attribute: REFI has no scope, so an unused one says it here.
CASE_SCOPE_NOTE = "Describes cases (lgcoder case attribute)."
#: ZIP entry comments of originals start with this, then JSON (file name, type).
ORIGINAL_TAG = b"lgcoder-original:"
PDF_MIME = "application/pdf"
DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
#: Namespace for guids we derive (selections, notes) so re-exports give the same ids.
_DERIVED = uuid.UUID("5b1c7e7a-3d1e-4f47-9a53-6c6f64657221")


def derived_guid(kind: str, guid: str) -> str:
    return str(uuid.uuid5(_DERIVED, f"{kind}:{guid}"))


def when(value: datetime) -> str:
    """xsd:dateTime in UTC with the stored microseconds (dropped only when they are zero)."""
    return value.isoformat() + "Z"


def join_texts(own: str, notes: Iterable[str]) -> str:
    """A Description that carries an element's own text and then its memos (for QualCoder)."""
    return "\n\n".join(t for t in (own, *notes) if t)


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str | None) -> ET.Element:
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


@dataclass
class _Memos:
    """The project's live memos, grouped by what they are about."""

    by_target: dict[str, list[Memo]] = field(default_factory=dict)
    anchored: dict[str, list[Memo]] = field(default_factory=dict)
    coder_guid: dict[int, str] = field(default_factory=dict)

    def texts(self, target: str) -> list[str]:
        return [m.text for m in self.by_target.get(target, [])]

    def refs(self, parent: ET.Element, target: str) -> None:
        for memo in self.by_target.get(target, []):
            _sub(parent, "NoteRef", targetGUID=memo.guid)


def _load_memos(session: Session) -> _Memos:
    memos = _Memos(coder_guid={c.id: c.guid for c in session.scalars(select(Coder))})
    for memo in session.scalars(
        select(Memo).where(Memo.deleted.is_(False)).order_by(Memo.created, Memo.guid)
    ):
        if memo.target_type == "document" and memo.start is not None:
            memos.anchored.setdefault(memo.target_guid, []).append(memo)
        else:
            key = memo.target_guid if memo.target_type != "project" else "project"
            memos.by_target.setdefault(key or "project", []).append(memo)
    return memos


def _codes_xml(parent: ET.Element, session: Session, memos: _Memos | None) -> None:
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
        notes = memos.texts(code.guid) if memos is not None else []
        described = join_texts(code.description, notes)
        if described:
            _sub(el, "Description", described)
        if memos is not None:
            memos.refs(el, code.guid)
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
        _codes_xml(root, session, None)
    _qualify(root, CODEBOOK_NS)
    data = _serialise(root)

    def write(path: str) -> None:
        Path(path).write_bytes(data)

    save_atomically(out, write)
    return out


def _qualify(root: ET.Element, ns: str) -> None:
    for el in root.iter():
        if not el.tag.startswith("{"):
            el.tag = f"{{{ns}}}{el.tag}"


def _serialise(root: ET.Element) -> bytes:
    ET.indent(root)
    data: bytes = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    return data


def _variables(session: Session, root: ET.Element) -> dict[int, Attribute]:
    attrs = {
        a.id: a
        for a in session.scalars(
            select(Attribute)
            .where(Attribute.deleted.is_(False))
            .order_by(Attribute.scope, Attribute.name)
        )
    }
    if attrs:
        holder = _sub(root, "Variables")
        for a in attrs.values():
            el = _sub(
                holder,
                "Variable",
                guid=a.guid,
                name=a.name,
                typeOfVariable=_TYPES.get(a.value_type, "Text"),
            )
            if a.scope == "case":
                _sub(el, "Description", CASE_SCOPE_NOTE)
    return attrs


def _variable_values(parent: ET.Element, values: Iterable[tuple[Attribute, str]]) -> None:
    for attr, value in values:
        vv = _sub(parent, "VariableValue")
        _sub(vv, "VariableRef", targetGUID=attr.guid)
        kind = _TYPES.get(attr.value_type, "Text")
        _sub(vv, f"{kind}Value", value)


@dataclass
class _Files:
    """The members of ``sources/``: name -> (bytes, ZIP entry comment)."""

    members: dict[str, tuple[bytes, bytes]] = field(default_factory=dict)

    def add(self, name: str, data: bytes, comment: bytes = b"") -> str:
        self.members[name] = (data, comment)
        return f"internal://{name}"


def original_comment(doc: Document) -> bytes:
    meta = {"filename": doc.source_filename, "mime": doc.source_mime, "kind": doc.kind}
    return ORIGINAL_TAG + json.dumps(meta, ensure_ascii=False, sort_keys=True).encode("utf-8")


class _Builder:
    """Builds project.qde and its sources; one instance per export."""

    def __init__(self, session: Session, offsets: str) -> None:
        self.s = session
        self.offsets = offsets
        self.files = _Files()
        self.memos = _load_memos(session)
        self.coder_guid = self.memos.coder_guid

    def build(self) -> ET.Element:
        s = self.s
        coders = list(s.scalars(select(Coder).order_by(Coder.name)))
        default = project_ops.default_coder(s)
        # the origin says when positions are UTF-16, so a re-import needs no guessing
        origin = f"{ORIGIN} ({UTF16_ORIGIN_NOTE})" if self.offsets == UTF16 else ORIGIN
        root = ET.Element(
            "Project", {"name": project_ops.title(s) or "lgcoder project", "origin": origin}
        )
        if default is not None:
            root.set("creatingUserGUID", default.guid)
        if coders:
            users = _sub(root, "Users")
            for c in coders:
                _sub(users, "User", guid=c.guid, name=c.name)
        if s.scalar(select(Code.id).where(Code.deleted.is_(False)).limit(1)) is not None:
            _codes_xml(_sub(root, "CodeBook"), s, self.memos)  # the schema needs one Code
        attrs = _variables(s, root)
        docs = list(s.scalars(select(Document).order_by(Document.sort_order, Document.id)))
        self._cases(root, attrs, {d.id: d.guid for d in docs})
        if docs:
            sources = _sub(root, "Sources")
            for doc in docs:
                self._source(sources, doc, attrs)
        self._notes(root)
        project_text = join_texts("", self.memos.texts("project"))
        if project_text:
            _sub(root, "Description", project_text)
        self.memos.refs(root, "project")
        return root

    def _cases(
        self, root: ET.Element, attrs: dict[int, Attribute], doc_guid: dict[int, str]
    ) -> None:
        s = self.s
        cases = list(s.scalars(select(Case).where(Case.deleted.is_(False)).order_by(Case.name)))
        if not cases:
            return
        holder = _sub(root, "Cases")
        for case in cases:
            el = _sub(holder, "Case", guid=case.guid, name=case.name)
            if case.description:
                _sub(el, "Description", case.description)
            values = s.execute(
                select(CaseAttribute.attribute_id, CaseAttribute.value).where(
                    CaseAttribute.case_id == case.id, CaseAttribute.value != ""
                )
            ).all()
            _variable_values(
                el,
                sorted(((attrs[a], v) for a, v in values if a in attrs), key=lambda p: p[0].name),
            )
            # members as SourceRef inside the Case, the way NVivo writes them (QualCoder reads it)
            for cd in s.scalars(
                select(CaseDocument)
                .where(CaseDocument.case_id == case.id, CaseDocument.deleted.is_(False))
                .order_by(CaseDocument.document_id)
            ):
                _sub(el, "SourceRef", targetGUID=doc_guid[cd.document_id])

    def _positions(self, index: Utf16Index | None, start: int, end: int) -> tuple[str, str]:
        if index is None:
            return str(start), str(end)
        return str(index.to_units(start)), str(index.to_units(end))

    def _source(self, sources: ET.Element, doc: Document, attrs: dict[int, Attribute]) -> None:
        s = self.s
        body = document_text(s, doc)
        index = Utf16Index(body) if self.offsets == UTF16 else None
        text_ref = self.files.add(f"{doc.guid}.txt", body.encode("utf-8"))
        blob = s.scalar(select(Document.source_blob).where(Document.id == doc.id)) or b""
        suffix = PurePosixPath(doc.source_filename).suffix.lower()
        times = {"creationDateTime": when(doc.created), "modifiedDateTime": when(doc.updated)}
        is_pdf = doc.source_mime == PDF_MIME or suffix == ".pdf"
        if is_pdf and blob:
            el = _sub(sources, "PDFSource", guid=doc.guid, name=doc.name, **times)
            el.set("path", self.files.add(f"{doc.guid}.pdf", blob, original_comment(doc)))
            textual = ET.Element(
                "Representation",
                {"guid": derived_guid("representation", doc.guid), "plainTextPath": text_ref},
            )
        else:
            el = _sub(
                sources, "TextSource", guid=doc.guid, name=doc.name, plainTextPath=text_ref, **times
            )
            textual = el
            if blob and (doc.source_mime == DOCX_MIME or suffix == ".docx"):
                el.set(
                    "richTextPath", self.files.add(f"{doc.guid}.docx", blob, original_comment(doc))
                )
            elif blob and blob != body.encode("utf-8"):
                self.files.add(
                    f"{doc.guid}.original{suffix or '.bin'}", blob, original_comment(doc)
                )
            elif blob:  # the original is the text itself: only its name and type travel
                self.files.members[f"{doc.guid}.txt"] = (blob, original_comment(doc))
        described = join_texts("", self.memos.texts(doc.guid))
        if described:
            _sub(el, "Description", described)
        self._selections(textual, doc, body, index)
        if textual is not el:
            el.append(textual)
        self.memos.refs(el, doc.guid)
        values = s.execute(
            select(DocumentAttribute.attribute_id, DocumentAttribute.value).where(
                DocumentAttribute.document_id == doc.id, DocumentAttribute.value != ""
            )
        ).all()
        _variable_values(
            el, sorted(((attrs[a], v) for a, v in values if a in attrs), key=lambda p: p[0].name)
        )

    def _selections(
        self, textual: ET.Element, doc: Document, body: str, index: Utf16Index | None
    ) -> None:
        s = self.s
        live_codes = set(s.scalars(select(Code.id).where(Code.deleted.is_(False))))
        code_guid = {cid: guid for cid, guid in s.execute(select(Code.id, Code.guid)).all()}
        codings = s.scalars(
            select(Coding)
            .where(Coding.document_id == doc.id, Coding.deleted.is_(False))
            .order_by(Coding.start, Coding.end, Coding.guid)
        )
        for coding in codings:
            if coding.code_id not in live_codes:
                continue
            author = self.coder_guid.get(coding.coder_id)
            start, end = self._positions(index, coding.start, coding.end)
            sel = _sub(
                textual,
                "PlainTextSelection",
                guid=derived_guid("selection", coding.guid),
                name=" ".join(body[coding.start : coding.end].split())[:80],
                startPosition=start,
                endPosition=end,
                creatingUser=author,
                creationDateTime=when(coding.created),
                modifiedDateTime=when(coding.updated),
            )
            described = join_texts(coding.memo, self.memos.texts(coding.guid))
            if described:
                _sub(sel, "Description", described)  # what QualCoder reads as the coding memo
            c_el = _sub(
                sel,
                "Coding",
                guid=coding.guid,
                creatingUser=author,
                creationDateTime=when(coding.created),
            )
            _sub(c_el, "CodeRef", targetGUID=code_guid[coding.code_id])
            if coding.memo:
                _sub(c_el, "NoteRef", targetGUID=derived_guid("coding-memo", coding.guid))
            self.memos.refs(c_el, coding.guid)
        for memo in self.memos.anchored.get(doc.guid, []):
            assert memo.start is not None and memo.end is not None
            start, end = self._positions(index, memo.start, memo.end)
            sel = _sub(
                textual,
                "PlainTextSelection",
                guid=derived_guid("anchor", memo.guid),
                name=memo.title or None,
                startPosition=start,
                endPosition=end,
                creatingUser=self.coder_guid.get(memo.author_id or -1),
                creationDateTime=when(memo.created),
                modifiedDateTime=when(memo.updated),
            )
            _sub(sel, "Description", memo.text)
            _sub(sel, "NoteRef", targetGUID=memo.guid)

    def _notes(self, root: ET.Element) -> None:
        rows: list[tuple[str, str, str, str | None, datetime, datetime]] = []
        for group in (*self.memos.by_target.values(), *self.memos.anchored.values()):
            for memo in group:
                title = memo.title or ("Conflict kept by merge" if memo.kind == "conflict" else "")
                rows.append(
                    (
                        memo.guid,
                        title,
                        memo.text,
                        self.coder_guid.get(memo.author_id or -1),
                        memo.created,
                        memo.updated,
                    )
                )
        for coding in self.s.scalars(
            select(Coding).where(Coding.deleted.is_(False), Coding.memo != "").order_by(Coding.guid)
        ):
            rows.append(
                (
                    derived_guid("coding-memo", coding.guid),
                    "Coding memo",
                    coding.memo,
                    self.coder_guid.get(coding.coder_id),
                    coding.created,
                    coding.updated,
                )
            )
        if not rows:
            return
        notes = _sub(root, "Notes")
        for guid, title, text, author, created, updated in sorted(rows, key=lambda r: r[0]):
            note = _sub(
                notes,
                "Note",
                guid=guid,
                name=title or None,
                creatingUser=author,
                creationDateTime=when(created),
                modifiedDateTime=when(updated),
            )
            _sub(note, "PlainTextContent", text)


def build_project_xml(session: Session, offsets: str = CODEPOINTS) -> tuple[ET.Element, _Files]:
    """The project.qde tree and the members of its sources folder."""
    builder = _Builder(session, offsets)
    root = builder.build()
    _qualify(root, PROJECT_NS)
    return root, builder.files


def export_qdpx(project: Project, out: str | Path, *, offsets: str = CODEPOINTS) -> Path:
    """Write the whole project as a REFI-QDA .qdpx archive (project.qde + sources/).

    ``offsets="utf16"`` counts positions in UTF-16 code units, for NVivo; the default is the
    standard's code points.
    """
    if offsets not in (CODEPOINTS, UTF16):
        raise ValidationError(f"unknown offset unit '{offsets}' (use codepoints or utf16)")
    out = Path(out)
    _check_out(out)
    ET.register_namespace("", PROJECT_NS)
    with project.reading() as session:
        root, files = build_project_xml(session, offsets)
    qde = _serialise(root)

    def write(path: str) -> None:
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
            zf.writestr(_entry("project.qde"), qde)
            for name in sorted(files.members):
                data, comment = files.members[name]
                info = _entry(f"sources/{name}")
                info.comment = comment
                zf.writestr(info, data)

    save_atomically(out, write)
    return out


def _entry(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=(2020, 1, 1, 0, 0, 0))  # fixed: reproducible bytes
    info.compress_type = zipfile.ZIP_DEFLATED
    return info
