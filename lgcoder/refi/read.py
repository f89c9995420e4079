"""Read a REFI-QDA project (.qdpx archive or bare .qde) into a new lgcoder project.

Everything keeps its guid, so a project that goes out to NVivo or ATLAS.ti and comes back can
still be merged with the copies that stayed here. The file is untrusted: XML is parsed with
defusedxml (no DTDs, no entities), archive members are size-limited, and every selection is
range-checked against its text. Anything lgcoder cannot hold (pictures, audio, video) is skipped
and listed in the report rather than silently dropped.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path, PurePosixPath
from xml.etree.ElementTree import Element

from defusedxml import ElementTree as SafeET
from defusedxml.common import DefusedXmlException
from sqlalchemy.orm import Session

from lgcoder.core.atomic_create import create_project_file
from lgcoder.core.check import check_project
from lgcoder.core.db import Project
from lgcoder.core.errors import ImportFailedError, LgcoderError, ProjectExistsError
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
    new_guid,
    utcnow,
)
from lgcoder.core.ops import project as project_ops
from lgcoder.core.ops.colors import check_color, palette_color
from lgcoder.core.ops.documents import sha256_text
from lgcoder.core.safe_archive import MAX_MEMBER, SafeZip, basename_index, check_depth
from lgcoder.core.textnorm import normalise_with_offsets
from lgcoder.refi.export import CODEBOOK_NS, PROJECT_NS, derived_guid

#: A source's plain text is held several times over while its offsets are mapped.
MAX_TEXT = 64 * 1024 * 1024
_Q = f"{{{PROJECT_NS}}}"
_TYPES = {
    "Text": "text",
    "Boolean": "boolean",
    "Integer": "number",
    "Float": "number",
    "Date": "date",
    "DateTime": "date",
}


@dataclass
class RefiReport:
    """What an import brought in, and what it had to leave out (with reasons)."""

    documents: int = 0
    codes: int = 0
    codings: int = 0
    memos: int = 0
    cases: int = 0
    skipped: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        out = [
            f"{self.documents} documents, {self.codes} codes, {self.codings} codings, "
            f"{self.memos} memos, {self.cases} cases"
        ]
        out += [f"skipped: {s}" for s in self.skipped]
        return out


class _Archive:
    """The sources of a .qdpx, looked up case-insensitively (NVivo writes Sources/, others sources/).

    Every member is read through :class:`SafeZip`, so caps hold whatever the headers claim.
    """

    def __init__(self, zf: SafeZip | None) -> None:
        self.zf = zf
        self.names: dict[str, str] = basename_index(zf) if zf is not None else {}

    def member(self, ref: str) -> str | None:
        """The archive member a source path (``internal://x.txt``, ``sources/x``...) names."""
        name = PurePosixPath(ref.replace("internal://", "").replace("\\", "/")).name.lower()
        return self.names.get(name)

    def read(self, ref: str, cap: int | None = None) -> bytes | None:
        member = self.member(ref)
        if member is None or self.zf is None:
            return None
        return self.zf.read(member, cap)

    def close(self) -> None:
        if self.zf is not None:
            self.zf.close()


def _load(path: Path) -> tuple[Element, _Archive]:
    with path.open("rb") as fh:
        head = fh.read(4)
    archive = _Archive(None)
    try:
        if head.startswith(b"PK"):
            archive = _Archive(SafeZip(path, path.name))
            assert archive.zf is not None
            qde = next((n for n in archive.zf.names() if n.lower().endswith(".qde")), None)
            if qde is None:
                raise ImportFailedError(
                    f"{path.name}: no project.qde inside; not a REFI-QDA project"
                )
            xml = archive.zf.read(qde)
        else:
            if path.stat().st_size > MAX_MEMBER:
                raise ImportFailedError(f"{path.name}: too large to be a REFI-QDA project")
            xml = path.read_bytes()
        root = SafeET.fromstring(xml)
        check_depth(root, path.name)
    except OSError as exc:
        archive.close()
        raise ImportFailedError(f"{path.name}: cannot read the file ({exc.strerror})") from exc
    except DefusedXmlException as exc:
        archive.close()
        raise ImportFailedError(f"{path.name}: refused unsafe XML ({type(exc).__name__})") from exc
    except SafeET.ParseError as exc:
        archive.close()
        raise ImportFailedError(f"{path.name}: project.qde is not well-formed XML ({exc})") from exc
    except BaseException:
        archive.close()
        raise
    if root.tag == f"{{{CODEBOOK_NS}}}CodeBook":
        # a codebook alone (.qdc): read it as a project that has only its codebook
        for el in root.iter():
            el.tag = el.tag.replace(CODEBOOK_NS, PROJECT_NS)
        project = Element(f"{_Q}Project", {"name": path.stem})
        project.append(root)
        root = project
    if root.tag != f"{_Q}Project":
        archive.close()
        raise ImportFailedError(f"{path.name}: not a REFI-QDA project (root is {root.tag})")
    return root, archive


def _when(value: str | None) -> datetime:
    if not value:
        return utcnow()
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return utcnow()
    if parsed.tzinfo is not None:
        parsed = parsed.astimezone(tz=None).replace(tzinfo=None)
    return parsed


def _guid(value: str | None) -> str:
    return (value or new_guid()).strip("{}").lower()


def _children(el: Element, tag: str) -> Iterator[Element]:
    return iter(el.findall(f"{_Q}{tag}"))


class _Reader:
    def __init__(
        self, session: Session, root: Element, archive: _Archive, report: RefiReport
    ) -> None:
        self.s = session
        self.root = root
        self.archive = archive
        self.report = report
        self.coders: dict[str, Coder] = {}
        self.codes: dict[str, Code] = {}
        self.attrs: dict[str, Attribute] = {}
        self.docs: dict[str, Document] = {}
        self.note_targets: dict[str, tuple[str, str]] = {}
        self.codings: dict[str, Coding] = {}

    def coder(self, guid: str | None) -> Coder:
        key = _guid(guid) if guid else "unknown"
        if key not in self.coders:
            coder = Coder(
                guid=key if guid else new_guid(),
                name=self._free_coder_name("Imported coder"),
                color=palette_color(len(self.coders) + 3),
            )
            self.s.add(coder)
            self.coders[key] = coder
        return self.coders[key]

    def _free_coder_name(self, name: str) -> str:
        taken = {c.name.lower() for c in self.coders.values()}
        candidate, n = name, 2
        while candidate.lower() in taken:
            candidate, n = f"{name} ({n})", n + 1
        return candidate

    def users(self) -> None:
        for holder in _children(self.root, "Users"):
            for user in _children(holder, "User"):
                guid = _guid(user.get("guid"))
                name = " ".join((user.get("name") or "").split()) or "Unnamed coder"
                coder = Coder(
                    guid=guid,
                    name=self._free_coder_name(name),
                    color=palette_color(len(self.coders) + 3),
                )
                self.s.add(coder)
                self.coders[guid] = coder
        self.s.flush()

    def codebook(self) -> None:
        for book in _children(self.root, "CodeBook"):
            for holder in _children(book, "Codes"):
                self._codes(holder, None)
        self.s.flush()

    def _codes(self, holder: Element, parent: Code | None) -> None:
        taken: set[str] = set()
        for order, el in enumerate(_children(holder, "Code")):
            base = " ".join((el.get("name") or "Unnamed").replace("/", "∕").split()) or "Unnamed"
            name, n = base, 2
            while name.lower() in taken:
                name, n = f"{base} ({n})", n + 1
            taken.add(name.lower())
            try:
                color = check_color(el.get("color") or "")
            except LgcoderError:
                color = palette_color(len(self.codes))
            code = Code(
                guid=_guid(el.get("guid")),
                name=name[:200],
                parent=parent,
                color=color,
                description=(el.findtext(f"{_Q}Description") or "").strip(),
                sort_order=order,
            )
            self.s.add(code)
            self.codes[code.guid] = code
            self.report.codes += 1
            for ref in _children(el, "NoteRef"):
                self.note_targets[_guid(ref.get("targetGUID"))] = ("code", code.guid)
            self._codes(el, code)

    def variables(self) -> None:
        for holder in _children(self.root, "Variables"):
            for el in _children(holder, "Variable"):
                attr = Attribute(
                    guid=_guid(el.get("guid")),
                    name=(el.get("name") or "variable")[:200],
                    value_type=_TYPES.get(el.get("typeOfVariable") or "", "text"),
                )
                if any(a.name == attr.name for a in self.attrs.values()):
                    continue
                self.s.add(attr)
                self.attrs[attr.guid] = attr
        self.s.flush()

    def sources(self) -> None:
        names: set[str] = set()
        for holder in _children(self.root, "Sources"):
            for el in holder:
                kind = el.tag.removeprefix(_Q)
                if kind == "TextSource":
                    self._text_source(el, el, names)
                elif kind == "PDFSource":
                    rep = el.find(f"{_Q}Representation")
                    if rep is None:
                        self.report.skipped.append(
                            f"PDF '{el.get('name')}' has no text representation"
                        )
                    else:
                        self._text_source(el, rep, names)
                else:
                    self.report.skipped.append(
                        f"{kind.removesuffix('Source').lower()} source '{el.get('name')}' "
                        "(lgcoder codes text only)"
                    )

    def _text_source(self, el: Element, textual: Element, names: set[str]) -> None:
        path_name = (textual.get("plainTextPath") or el.get("richTextPath") or "").replace(
            "internal://", ""
        )
        label = el.get("name") or PurePosixPath(path_name).name or "source"
        raw = textual.findtext(f"{_Q}PlainTextContent")
        if raw is None and textual.get("plainTextPath"):
            data = self.archive.read(textual.get("plainTextPath") or "", MAX_TEXT)
            raw = data.decode("utf-8-sig", errors="replace") if data is not None else None
        if raw is None:
            self.report.skipped.append(f"'{label}': its text is not in the file")
            return
        text, mapping = normalise_with_offsets(raw)
        rich = el.get("richTextPath") or el.get("path")
        blob = self.archive.read(rich) if rich else None
        name, n = label, 2
        while name.lower() in names:
            name, n = f"{label} ({n})", n + 1
        names.add(name.lower())
        doc = Document(
            guid=_guid(el.get("guid")),
            name=name[:500],
            kind="text",
            text=text,
            text_sha256=sha256_text(text),
            text_length=len(text),
            source_blob=blob if blob is not None else raw.encode("utf-8"),
            source_filename=PurePosixPath((rich or label).replace("internal://", "")).name,
            source_mime="application/vnd.openxmlformats-officedocument.wordprocessingml.document"
            if blob is not None and (rich or "").lower().endswith(".docx")
            else "text/plain",
            created=_when(el.get("creationDateTime")),
            updated=_when(el.get("modifiedDateTime")),
            sort_order=self.report.documents + 1,
        )
        self.s.add(doc)
        self.s.flush()
        self.docs[doc.guid] = doc
        self.report.documents += 1
        for ref in _children(el, "NoteRef"):
            self.note_targets[_guid(ref.get("targetGUID"))] = ("document", doc.guid)
        self._values(
            el,
            lambda attr, value: self.s.add(
                DocumentAttribute(document_id=doc.id, attribute_id=attr.id, value=value)
            ),
        )
        seen: set[tuple[str, int, int, int]] = set()
        for sel in _children(textual, "PlainTextSelection"):
            self._selection(doc, sel, mapping, len(raw), seen)

    def _selection(
        self,
        doc: Document,
        sel: Element,
        mapping: list[int],
        raw_len: int,
        seen: set[tuple[str, int, int, int]],
    ) -> None:
        try:
            a, b = int(sel.get("startPosition") or -1), int(sel.get("endPosition") or -1)
        except ValueError:
            a = b = -1
        if not (0 <= a < b <= raw_len):
            self.report.skipped.append(f"selection {a}:{b} in '{doc.name}' is outside its text")
            return
        start, end = mapping[a], mapping[b]
        if end <= start:
            return
        described = (sel.findtext(f"{_Q}Description") or "").strip()
        codings = list(_children(sel, "Coding"))
        if described and not codings:
            self.s.add(
                Memo(
                    guid=_guid(sel.get("guid")),
                    target_type="document",
                    target_guid=doc.guid,
                    kind="memo",
                    title=sel.get("name") or "",
                    text=described,
                    start=start,
                    end=end,
                )
            )
            self.report.memos += 1
        for c in codings:
            ref = c.find(f"{_Q}CodeRef")
            code = self.codes.get(_guid(ref.get("targetGUID"))) if ref is not None else None
            if code is None:
                self.report.skipped.append(
                    f"a coding in '{doc.name}' names a code that is not in the codebook"
                )
                continue
            coder = self.coder(c.get("creatingUser") or sel.get("creatingUser"))
            self.s.flush()
            key = (code.guid, coder.id, start, end)
            if key in seen:
                continue
            seen.add(key)
            coding = Coding(
                guid=_guid(c.get("guid")),
                document_id=doc.id,
                code_id=code.id,
                coder_id=coder.id,
                start=start,
                end=end,
                memo=described,
                created=_when(c.get("creationDateTime") or sel.get("creationDateTime")),
                updated=_when(sel.get("modifiedDateTime") or c.get("creationDateTime")),
            )
            self.s.add(coding)
            self.codings[coding.guid] = coding
            self.report.codings += 1
            for note in list(_children(c, "NoteRef")) + list(_children(sel, "NoteRef")):
                self.note_targets[_guid(note.get("targetGUID"))] = ("coding", coding.guid)

    def _values(self, el: Element, store: object) -> None:
        for vv in _children(el, "VariableValue"):
            ref = vv.find(f"{_Q}VariableRef")
            attr = self.attrs.get(_guid(ref.get("targetGUID"))) if ref is not None else None
            value = next((child.text for child in vv if child is not ref), None)
            if attr is not None and value is not None:
                store(attr, value.strip())  # type: ignore[operator]

    def cases(self) -> None:
        for holder in _children(self.root, "Cases"):
            for el in _children(holder, "Case"):
                case = Case(
                    guid=_guid(el.get("guid")),
                    name=(el.get("name") or "Case")[:200],
                    description=(el.findtext(f"{_Q}Description") or "").strip(),
                )
                self.s.add(case)
                self.s.flush()
                self.report.cases += 1
                for ref in _children(el, "SourceRef"):
                    doc = self.docs.get(_guid(ref.get("targetGUID")))
                    if doc is not None:
                        self.s.add(CaseDocument(case_id=case.id, document_id=doc.id))
                self._values(
                    el,
                    lambda attr, value, cid=case.id: self.s.add(
                        CaseAttribute(case_id=cid, attribute_id=attr.id, value=value)
                    ),
                )

    def notes(self) -> None:
        for ref in _children(self.root, "NoteRef"):
            self.note_targets[_guid(ref.get("targetGUID"))] = ("project", "")
        for holder in _children(self.root, "Notes"):
            for el in _children(holder, "Note"):
                guid = _guid(el.get("guid"))
                body = el.findtext(f"{_Q}PlainTextContent")
                if body is None and el.get("plainTextPath"):
                    data = self.archive.read(el.get("plainTextPath") or "")
                    body = data.decode("utf-8-sig", errors="replace") if data else ""
                target_type, target = self.note_targets.get(guid, ("project", ""))
                if target_type == "coding" and guid == derived_guid("coding-memo", target):
                    self.codings[target].memo = (body or "").strip()  # our own coding memo
                    continue
                author = (
                    self.coders.get(_guid(el.get("creatingUser")))
                    if el.get("creatingUser")
                    else None
                )
                self.s.flush()
                self.s.add(
                    Memo(
                        guid=guid,
                        target_type=target_type,
                        target_guid=target,
                        title=(el.get("name") or "")[:500],
                        text=(body or "").strip(),
                        author_id=author.id if author else None,
                        created=_when(el.get("creationDateTime")),
                        updated=_when(el.get("modifiedDateTime")),
                    )
                )
                self.report.memos += 1


def import_refi(
    source: str | Path, target: str | Path, *, title: str | None = None, coder: str | None = None
) -> RefiReport:
    """Create *target* from the REFI-QDA file *source*, all or nothing.

    The project is built in memory and published only when everything was read and checked
    (:func:`lgcoder.core.atomic_create.create_project_file`), so a failure or a kill at any
    moment leaves no file behind.
    """
    source, target = Path(source), Path(target)
    if not source.is_file():
        raise ImportFailedError(f"{source}: no such file")
    if target.exists():
        raise ProjectExistsError(f"{target} already exists; choose another name")
    root, archive = _load(source)
    report = RefiReport()

    def fill(project: Project) -> None:
        with project.transaction() as session:
            reader = _Reader(session, root, archive, report)
            reader.users()
            reader.codebook()
            reader.variables()
            reader.sources()
            reader.cases()
            reader.notes()
            session.flush()
            if coder is None and root.get("creatingUserGUID"):
                owner = reader.coders.get(_guid(root.get("creatingUserGUID")))
                if owner is not None:
                    project_ops.set_default_coder(session, owner.guid)
            findings = check_project(session)
            if findings:
                raise ImportFailedError(
                    f"{source.name}: the imported project is inconsistent: {findings[0]}"
                )

    try:
        create_project_file(target, title or root.get("name") or target.stem, coder, fill)
    finally:
        archive.close()
    return report
