"""Read a REFI-QDA project (.qdpx archive or bare .qde) into a new lgcoder project.

Everything keeps its guid, so a project that goes out to NVivo or ATLAS.ti and comes back can
still be merged with the copies that stayed here. The file is untrusted: XML is parsed with
defusedxml (no DTDs, no entities) and checked for depth, archive members are read through
:mod:`lgcoder.core.safe_archive`, and every selection is range-checked against its text.

What arrives, and how:

* positions are read in the unit their writer used (:mod:`lgcoder.refi.offsets`);
* a source whose original file is in the archive (a Word file, a PDF, or anything lgcoder put
  there) is re-read with lgcoder's own importer; when that gives exactly the stored text, the
  document gets back its kind and its pages, speakers and cues, so citations survive a round trip;
* memos come from ``Note`` elements and from the ``Description`` of a selection, source, code or
  project (QualCoder writes them there), without doubling the ones written both ways;
* anything lgcoder cannot hold (pictures, audio, video, links, sets, graphs, categories'
  codings) is counted and listed in the report, never dropped silently.

The project is built in memory and published only when complete and checked, so a failure or a
kill leaves no file behind (:func:`lgcoder.core.atomic_create.create_project_file`).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath
from xml.etree.ElementTree import Element

from sqlalchemy.orm import Session

from lgcoder.core.check import check_project
from lgcoder.core.db import Project, create_project_file
from lgcoder.core.errors import ImportFailedError, LgcoderError, ProjectExistsError
from lgcoder.core.imported import ImportedDocument
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
from lgcoder.core.ops.documents import add_segments, sha256_text
from lgcoder.core.words import counted
from lgcoder.refi.archive import (
    MAX_TEXT,
    Archive,
    SourceText,
    load,
    read_texts,
    selection_spans,
)
from lgcoder.refi.export import (
    CASE_SCOPE_NOTE,
    DOCX_MIME,
    ORIGINAL_TAG,
    PDF_MIME,
    PROJECT_NS,
    derived_guid,
    join_texts,
)
from lgcoder.refi.offsets import AUTO, OffsetUnit, choose_unit
from lgcoder.refi.report import REPORT_TITLE, RefiReport

__all__ = ["RefiReport", "import_refi"]

_Q = f"{{{PROJECT_NS}}}"
_TYPES = {
    "Text": "text",
    "Boolean": "boolean",
    "Integer": "number",
    "Float": "number",
    "Date": "date",
    "DateTime": "date",
}


def _when(value: str | None) -> datetime:
    """Naive UTC (the model's rule) from an xsd:dateTime; a missing or bad one is "now"."""
    if not value:
        return utcnow()
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return utcnow()
    if parsed.tzinfo is not None:
        parsed = parsed.astimezone(UTC).replace(tzinfo=None)
    return parsed


#: Kinds a document may have without its original being re-read (the comment is untrusted).
_KNOWN_KINDS = frozenset(
    {"text", "transcript", "pdf", "scanned-pdf", "docx", "html", "markdown", "odt", "rtf"}
)


def _kind(recorded: str | None, source_kind: str, original: bytes | None) -> str:
    if recorded in _KNOWN_KINDS:
        return recorded
    return source_kind if original is not None else "text"


def _guid(value: str | None) -> str:
    return (value or new_guid()).strip("{}").lower()


def _children(el: Element, tag: str) -> Iterator[Element]:
    return iter(el.findall(f"{_Q}{tag}"))


def _own_text(described: str, note_texts: list[str]) -> str:
    """A Description without the memo texts we appended to it on export (see join_texts)."""
    tail = join_texts("", note_texts)
    if tail and described.endswith(tail):
        own = described[: len(described) - len(tail)]
        return own.removesuffix("\n\n")
    return described


class _Reader:
    def __init__(
        self,
        session: Session,
        root: Element,
        archive: Archive,
        report: RefiReport,
        unit: OffsetUnit,
        texts: dict[int, str],
    ) -> None:
        self.s = session
        self.root = root
        self.archive = archive
        self.report = report
        self.unit = unit
        self.raw_texts = texts
        self.coders: dict[str, Coder] = {}
        self.codes: dict[str, Code] = {}
        self.uncodable: set[str] = set()
        self.variables: dict[str, Element] = {}
        self.attrs: dict[tuple[str, str], Attribute] = {}
        self.docs: dict[str, Document] = {}
        self.doc_texts: dict[str, SourceText] = {}
        self.comments: set[tuple[str, int, int, str]] = set()
        self.note_targets: dict[str, tuple[str, str]] = {}
        self.note_anchor: dict[str, tuple[str, int, int]] = {}
        self.coding_memo_notes: dict[str, Coding] = {}
        self.notes: dict[str, Element] = {
            _guid(el.get("guid")): el
            for holder in _children(root, "Notes")
            for el in _children(holder, "Note")
        }

    # -- helpers ------------------------------------------------------------------------------

    def note_text(self, guid: str) -> str | None:
        el = self.notes.get(guid)
        if el is None:
            return None
        body = el.findtext(f"{_Q}PlainTextContent")
        if body is None and el.get("plainTextPath"):
            data = self.archive.read(el.get("plainTextPath") or "", MAX_TEXT)
            body = data.decode("utf-8-sig", errors="replace") if data is not None else ""
        return body or ""

    def ref_texts(self, el: Element) -> list[str]:
        """Texts of the Notes that *el*'s NoteRefs point at (in order)."""
        out = []
        for ref in _children(el, "NoteRef"):
            text = self.note_text(_guid(ref.get("targetGUID")))
            if text is not None:
                out.append(text)
        return out

    def coder(self, guid: str | None) -> Coder:
        key = _guid(guid) if guid else "unknown"
        if key not in self.coders:
            coder = Coder(
                guid=key if guid else new_guid(),
                name=self._free_coder_name("Imported coder"),
                color=palette_color(len(self.coders) + 3),
            )
            self.s.add(coder)
            self.s.flush()
            self.coders[key] = coder
        return self.coders[key]

    def author(self, guid: str | None) -> Coder | None:
        return self.coders.get(_guid(guid)) if guid else None

    def _free_coder_name(self, name: str) -> str:
        taken = {c.name.lower() for c in self.coders.values()}
        candidate, n = name, 2
        while candidate.lower() in taken:
            candidate, n = f"{name} ({n})", n + 1
        return candidate

    # -- users, codes, variables --------------------------------------------------------------

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
        if self.uncodable:
            self.report.notes.append(
                f"{counted(len(self.uncodable), 'code')} marked as categories in the file "
                '(isCodable="false"): '
                "kept to hold their sub-codes; codings on them are skipped"
            )

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
            guid = _guid(el.get("guid"))
            described = el.findtext(f"{_Q}Description") or ""
            code = Code(
                guid=guid,
                name=name[:200],
                parent=parent,
                color=color,
                description=_own_text(described, self.ref_texts(el)),
                sort_order=order,
            )
            self.s.add(code)
            self.codes[code.guid] = code
            if (el.get("isCodable") or "true").strip().lower() in ("false", "0"):
                self.uncodable.add(code.guid)
            self.report.codes += 1
            for ref in _children(el, "NoteRef"):
                self.note_targets[_guid(ref.get("targetGUID"))] = ("code", code.guid)
            self._codes(el, code)

    def read_variables(self) -> None:
        for holder in _children(self.root, "Variables"):
            for el in _children(holder, "Variable"):
                self.variables[_guid(el.get("guid"))] = el

    def attribute(self, guid: str, scope: str) -> Attribute | None:
        """The attribute a Variable becomes in *scope* (REFI variables have no scope)."""
        if (guid, scope) in self.attrs:
            return self.attrs[(guid, scope)]
        el = self.variables.get(guid)
        if el is None:
            return None
        taken = {a.name.lower() for (_g, sc), a in self.attrs.items() if sc == scope}
        base = " ".join((el.get("name") or "variable").split())[:190] or "variable"
        name, n = base, 2
        while name.lower() in taken:
            name, n = f"{base} ({n})", n + 1
        used_elsewhere = any(g == guid for g, _sc in self.attrs)
        attr = Attribute(
            guid=derived_guid(f"{scope}-attribute", guid) if used_elsewhere else guid,
            name=name,
            scope=scope,
            value_type=_TYPES.get(el.get("typeOfVariable") or "", "text"),
        )
        self.s.add(attr)
        self.s.flush()
        self.attrs[(guid, scope)] = attr
        self.report.attributes += 1
        return attr

    def unused_variables(self) -> None:
        used = {g for g, _sc in self.attrs}
        for guid, el in self.variables.items():
            if guid not in used:
                case = (el.findtext(f"{_Q}Description") or "") == CASE_SCOPE_NOTE
                self.attribute(guid, "case" if case else "document")

    def _values(self, el: Element, scope: str, store: Callable[[Attribute, str], None]) -> None:
        for vv in _children(el, "VariableValue"):
            ref = vv.find(f"{_Q}VariableRef")
            attr = self.attribute(_guid(ref.get("targetGUID")), scope) if ref is not None else None
            value = next((child.text for child in vv if child is not ref), None)
            if attr is not None and value is not None and value.strip():
                store(attr, value.strip())
                self.report.values += 1

    # -- sources ------------------------------------------------------------------------------

    def sources(self) -> None:
        names: set[str] = set()
        for holder in _children(self.root, "Sources"):
            for el in holder:
                kind = el.tag.removeprefix(_Q)
                label = el.get("name") or "source"
                if kind == "TextSource":
                    self._text_source(el, el, names, "text")
                elif kind == "PDFSource":
                    rep = el.find(f"{_Q}Representation")
                    if rep is None:
                        self.report.skip("PDF sources without a text representation", label)
                    else:
                        self._text_source(el, rep, names, "pdf")
                    for _sel in _children(el, "PDFSelection"):
                        self.report.skip("PDF area selections (lgcoder codes text)", label)
                else:
                    what = kind.removesuffix("Source").lower()
                    self.report.skip(f"{what} sources (lgcoder codes text only)", label)

    def _original(self, el: Element, textual: Element) -> tuple[bytes | None, dict[str, str]]:
        """The source's original file and what lgcoder recorded about it (name, type, kind)."""
        guid = _guid(el.get("guid"))
        candidates = [el.get("path"), el.get("richTextPath")]
        member = next((m for m in (self.archive.member(c) for c in candidates if c) if m), None)
        if member is None:
            member = self.archive.find_prefix(f"{guid}.original")
        if member is None and textual.get("plainTextPath"):
            member = self.archive.member(textual.get("plainTextPath") or "")
            if member is not None and not self.archive.comment(member):
                member = None
        if member is None:
            return None, {}
        meta: dict[str, str] = {}
        comment = self.archive.comment(member)
        if comment.startswith(ORIGINAL_TAG):
            try:
                loaded = json.loads(comment[len(ORIGINAL_TAG) :].decode("utf-8"))
                meta = {k: str(v) for k, v in loaded.items()} if isinstance(loaded, dict) else {}
            except (ValueError, UnicodeDecodeError):
                meta = {}
        meta.setdefault("filename", PurePosixPath(member).name)
        return self.archive.zf.read(member) if self.archive.zf else None, meta

    def _rebuild(self, data: bytes, filename: str, text: str) -> ImportedDocument | None:
        from lgcoder.importers.registry import parse_bytes

        try:
            imported = parse_bytes(data, filename)
        except LgcoderError:
            return None
        return imported if imported.text == text else None

    def _text_source(self, el: Element, textual: Element, names: set[str], kind: str) -> None:
        path_name = (textual.get("plainTextPath") or el.get("richTextPath") or "").replace(
            "internal://", ""
        )
        label = el.get("name") or PurePosixPath(path_name).name or "source"
        raw = self.raw_texts.get(id(textual))
        if raw is None:
            self.report.skip("sources whose text is not in the file", label)
            return
        held = SourceText(raw, self.unit)
        text = held.text
        original, meta = self._original(el, textual)
        # Only originals lgcoder wrote are re-read: their text is ours by construction, while a
        # foreign rich-text file (NVivo's .docx) rarely reads to the same plain text and can
        # take many seconds to parse.
        imported = (
            self._rebuild(original, meta["filename"], text)
            if original is not None and meta.get("kind")
            else None
        )
        if imported is not None:
            self.report.rebuilt += 1
        elif original is not None and meta.get("kind"):
            self.report.skip(
                "documents kept as plain text (their original no longer reads to the same "
                "text, so pages and speakers were not rebuilt)",
                label,
            )
        name, n = label, 2
        while name.lower() in names:
            name, n = f"{label} ({n})", n + 1
        names.add(name.lower())
        suffix = PurePosixPath(meta.get("filename", "")).suffix.lower()
        mime = meta.get("mime") or (
            PDF_MIME if kind == "pdf" and original else DOCX_MIME if suffix == ".docx" else ""
        )
        doc = Document(
            guid=_guid(el.get("guid")),
            name=name[:500],
            kind=imported.kind if imported else _kind(meta.get("kind"), kind, original),
            text=text,
            text_sha256=sha256_text(text),
            text_length=len(text),
            source_blob=original if original is not None else raw.encode("utf-8"),
            source_filename=meta.get("filename") or label,
            source_mime=mime or "text/plain",
            created=_when(el.get("creationDateTime")),
            updated=_when(el.get("modifiedDateTime")),
            sort_order=self.report.documents + 1,
        )
        self.s.add(doc)
        self.s.flush()
        self.docs[doc.guid] = doc
        self.doc_texts[doc.guid] = held
        self.report.documents += 1
        if imported is not None:
            self._segments(doc, imported)
        for ref in _children(el, "NoteRef"):
            self.note_targets[_guid(ref.get("targetGUID"))] = ("document", doc.guid)
        own = _own_text(el.findtext(f"{_Q}Description") or "", self.ref_texts(el))
        if own.strip():
            self._memo(
                derived_guid("source-description", doc.guid),
                "document",
                doc.guid,
                own,
                title="",
                author=None,
                when=(doc.created, doc.updated),
            )
        self._values(
            el,
            "document",
            lambda attr, value: self.s.add(
                DocumentAttribute(document_id=doc.id, attribute_id=attr.id, value=value)
            ),
        )
        for _coding in _children(textual, "Coding"):
            self.report.skip("codings of a whole source (no selection)", label)
        seen: set[tuple[str, int, int, int]] = set()
        for sel in _children(textual, "PlainTextSelection"):
            self._selection(doc, held, sel, seen)

    def _segments(self, doc: Document, imported: ImportedDocument) -> None:
        add_segments(self.s, doc, imported.segments)
        for note in imported.notes:
            self.comments.add((doc.guid, note.start, note.end, note.text))

    def _memo(
        self,
        guid: str,
        target_type: str,
        target: str,
        text: str,
        *,
        title: str,
        author: Coder | None,
        when: tuple[datetime, datetime],
        span: tuple[int, int] | None = None,
    ) -> None:
        kind = "memo"
        if span is not None and (target, span[0], span[1], text) in self.comments:
            kind = "comment"  # a Word comment the original's importer also finds
        self.s.add(
            Memo(
                guid=guid,
                target_type=target_type,
                target_guid=target,
                kind=kind,
                title=title[:500],
                text=text,
                start=span[0] if span else None,
                end=span[1] if span else None,
                author_id=author.id if author else None,
                created=when[0],
                updated=when[1],
            )
        )
        self.report.memos += 1

    def _selection(
        self, doc: Document, held: SourceText, sel: Element, seen: set[tuple[str, int, int, int]]
    ) -> None:
        span = held.span(sel)
        if span is None:
            where = f"{sel.get('startPosition')}:{sel.get('endPosition')} in {doc.name}"
            self.report.skip("selections outside their text", where)
            return
        start, end = span
        described = sel.findtext(f"{_Q}Description") or ""
        codings = list(_children(sel, "Coding"))
        created = _when(sel.get("creationDateTime"))
        modified = _when(sel.get("modifiedDateTime") or sel.get("creationDateTime"))
        if not codings:
            refs = [_guid(r.get("targetGUID")) for r in _children(sel, "NoteRef")]
            anchored = [g for g in refs if g in self.notes]
            for note in anchored:  # the Note is the memo; this selection is where it sits
                self.note_anchor[note] = (doc.guid, start, end)
            if not anchored and described.strip():
                self._memo(
                    _guid(sel.get("guid")),
                    "document",
                    doc.guid,
                    described,
                    title=sel.get("name") or "",
                    author=self.author(sel.get("creatingUser")),
                    when=(created, modified),
                    span=(start, end),
                )
            return
        for c in codings:
            ref = c.find(f"{_Q}CodeRef")
            code = self.codes.get(_guid(ref.get("targetGUID"))) if ref is not None else None
            if code is None:
                self.report.skip("codings that name a code not in the codebook", doc.name)
                continue
            if code.guid in self.uncodable:
                self.report.skip('codings on categories (isCodable="false")', code.name)
                continue
            coder = self.coder(c.get("creatingUser") or sel.get("creatingUser"))
            key = (code.guid, coder.id, start, end)
            if key in seen:
                continue
            seen.add(key)
            guid = _guid(c.get("guid"))
            refs = [
                _guid(r.get("targetGUID"))
                for r in (*_children(c, "NoteRef"), *_children(sel, "NoteRef"))
            ]
            own_note = derived_guid("coding-memo", guid)
            others = [g for g in refs if g != own_note and g in self.notes]
            memo = _own_text(described, [self.note_text(g) or "" for g in others])
            ours = own_note in refs and own_note in self.notes  # lgcoder's own coding-memo Note
            coding = Coding(
                guid=guid,
                document_id=doc.id,
                code_id=code.id,
                coder_id=coder.id,
                start=start,
                end=end,
                memo="" if ours or not memo.strip() else memo,
                created=_when(c.get("creationDateTime") or sel.get("creationDateTime")),
                updated=modified,
            )
            self.s.add(coding)
            self.report.codings += 1
            if ours:
                self.coding_memo_notes[own_note] = coding
            for note in others:
                self.note_targets[note] = ("coding", guid)

    # -- cases, notes, project ----------------------------------------------------------------

    def cases(self) -> None:
        for holder in _children(self.root, "Cases"):
            for el in _children(holder, "Case"):
                case = Case(
                    guid=_guid(el.get("guid")),
                    name=(el.get("name") or "Case")[:200],
                    description=el.findtext(f"{_Q}Description") or "",
                )
                self.s.add(case)
                self.s.flush()
                self.report.cases += 1
                for ref in _children(el, "SourceRef"):
                    doc = self.docs.get(_guid(ref.get("targetGUID")))
                    if doc is not None:
                        self.s.add(CaseDocument(case_id=case.id, document_id=doc.id))
                for _ref in _children(el, "SelectionRef"):
                    self.report.skip(
                        "case links to parts of documents (cases hold whole documents)", case.name
                    )
                for _ref in _children(el, "CodeRef"):
                    self.report.skip("case links to codes", case.name)
                self._values(el, "case", self._case_value(case.id))

    def _case_value(self, case_id: int) -> Callable[[Attribute, str], None]:
        def store(attr: Attribute, value: str) -> None:
            self.s.add(CaseAttribute(case_id=case_id, attribute_id=attr.id, value=value))

        return store

    def read_notes(self) -> None:
        for ref in _children(self.root, "NoteRef"):
            self.note_targets[_guid(ref.get("targetGUID"))] = ("project", "")
        for guid, el in self.notes.items():
            body = self.note_text(guid) or ""
            if guid in self.coding_memo_notes:
                self.coding_memo_notes[guid].memo = body  # our own coding memo
                continue
            target_type, target = self.note_targets.get(guid, ("project", ""))
            span: tuple[int, int] | None = None
            if guid in self.note_anchor:
                target, start, end = self.note_anchor[guid]
                target_type, span = "document", (start, end)
            for sel in _children(el, "PlainTextSelection"):
                held = self.doc_texts.get(target) if target_type == "document" else None
                found = held.span(sel) if held is not None else None
                if found is not None and span is None:
                    span = found
                else:
                    self.report.skip(
                        "selections inside notes with no source to anchor them to",
                        el.get("name") or guid,
                    )
            self._memo(
                guid,
                target_type,
                target,
                body,
                title=el.get("name") or "",
                author=self.author(el.get("creatingUser")),
                when=(
                    _when(el.get("creationDateTime")),
                    _when(el.get("modifiedDateTime") or el.get("creationDateTime")),
                ),
                span=span,
            )
        own = _own_text(self.root.findtext(f"{_Q}Description") or "", self.ref_texts(self.root))
        if own.strip():
            self._memo(
                derived_guid("project-description", _guid(self.root.get("name") or "")),
                "project",
                "",
                own,
                title="",
                author=None,
                when=(utcnow(), utcnow()),
            )
        for tag, why in (("Links", "links"), ("Sets", "sets"), ("Graphs", "graphs")):
            for holder in _children(self.root, tag):
                for item in holder:
                    self.report.skip(
                        f"{why} (lgcoder has no place for them yet)", item.get("name") or ""
                    )


def import_refi(
    source: str | Path,
    target: str | Path,
    *,
    title: str | None = None,
    coder: str | None = None,
    offsets: str = AUTO,
) -> RefiReport:
    """Create *target* from the REFI-QDA file *source*, all or nothing.

    ``offsets`` is ``auto`` (decide from the file), ``utf16`` or ``codepoints``.
    """
    source, target = Path(source), Path(target)
    if not source.is_file():
        raise ImportFailedError(f"{source}: no such file")
    if target.exists():
        raise ProjectExistsError(f"{target} already exists; choose another name")
    root, archive = load(source)
    report = RefiReport(source_name=source.name)

    def fill(project: Project) -> None:
        texts = read_texts(root, archive)
        unit = choose_unit(offsets, root.get("origin") or "", selection_spans(root, texts))
        report.offsets = unit
        with project.transaction() as session:
            reader = _Reader(session, root, archive, report, unit, texts)
            reader.users()
            reader.codebook()
            reader.read_variables()
            reader.sources()
            reader.cases()
            reader.unused_variables()
            reader.read_notes()
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
            session.add(
                Memo(
                    target_type="project",
                    title=REPORT_TITLE,
                    text=f"Imported from {source.name}\n" + "\n".join(report.lines()),
                )
            )

    try:
        create_project_file(target, title or root.get("name") or target.stem, coder, fill)
    finally:
        archive.close()
    return report
