"""Collect everything a Word summary shows into plain values, in one read-only session.

Separating "what the report says" from "how Word lays it out" keeps the writer free of SQL and
lets tests check the evidence (which quotes, which counts) without parsing a .docx.
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from lgcoder.core.models import Coder, Document, Memo, Segment
from lgcoder.core.ops.project import title as project_title
from lgcoder.core.queries import Citation, CodeNode, CodingRow, code_tree
from lgcoder.exporters.cleaning import clean_quote, context_after, context_before
from lgcoder.exporters.options import Scope, SummaryOptions
from lgcoder.exporters.scope import (
    attributes_by_document,
    describe_scope,
    documents_in_scope,
    passages_in_scope,
)

#: Document kinds whose text keeps the printed layout's line breaks (reflowed on export).
REFLOW_KINDS = frozenset({"pdf", "scanned-pdf"})


@dataclass
class Note:
    """A memo shown in the report: who wrote it and what it says."""

    text: str
    author: str = ""
    title: str = ""


#: The document attribute a report cites a document by ("Roundtable 1, 12 March"); without
#: one, the file name without its extension stands in.
TITLE_ATTRIBUTE = "Title"


def document_title(name: str, attributes: dict[str, str]) -> str:
    """The title to cite *name* by: its Title attribute, else the file name without extension."""
    for key, value in attributes.items():
        if key.casefold() == TITLE_ATTRIBUTE.casefold() and value.strip():
            return " ".join(value.split())
    stem = name.rsplit(".", 1)[0] if "." in name.strip(".") else name
    return stem or name


@dataclass
class Quote:
    """One passage as the report prints it (identical passages by several coders merged)."""

    text: str
    document: str
    source_id: str
    citation: Citation
    coders: list[str]
    start: int
    end: int
    before: str = ""
    after: str = ""
    notes: list[Note] = field(default_factory=list)
    #: The document's title (see :func:`document_title`): what citations print.
    title: str = ""


@dataclass
class Theme:
    """A code as a report section: its own quotes, and the rolled-up counts incl. sub-themes."""

    guid: str
    name: str
    path: str
    depth: int
    description: str
    quotes: list[Quote] = field(default_factory=list)
    #: Passages coded with this code itself, before any ``max_quotes`` cut.
    own_total: int = 0
    notes: list[Note] = field(default_factory=list)
    children: list[Theme] = field(default_factory=list)
    passages: int = 0
    documents: set[str] = field(default_factory=set)
    speakers: set[str] = field(default_factory=set)
    per_document: dict[str, int] = field(default_factory=dict)

    def walk(self) -> list[Theme]:
        out = [self]
        for child in self.children:
            out.extend(child.walk())
        return out


@dataclass
class Source:
    source_id: str
    name: str
    title: str
    guid: str
    kind: str
    chars: int
    pages: int
    speakers: int
    passages: int
    attributes: dict[str, str]
    notes: list[Note] = field(default_factory=list)


@dataclass
class Evidence:
    title: str
    made_on: date
    scope_lines: list[str]
    themes: list[Theme]
    sources: list[Source]
    #: Every code in scope, depth-first: (node, passages with that code itself, documents).
    codebook: list[tuple[CodeNode, int, int]]
    project_notes: list[Note]
    total_passages: int
    options: SummaryOptions


def _memos(session: Session, target_type: str) -> dict[str, list[Note]]:
    rows = session.execute(
        select(Memo.target_guid, Memo.text, Memo.title, Coder.name)
        .outerjoin(Coder, Coder.id == Memo.author_id)
        .where(Memo.target_type == target_type, Memo.deleted.is_(False), Memo.kind == "memo")
        .order_by(Memo.created, Memo.id)
    ).all()
    out: dict[str, list[Note]] = defaultdict(list)
    for guid, text, title, author in rows:
        if text.strip():
            out[guid].append(Note(text=clean_quote(text), author=author or "", title=title))
    return out


def _in_scope_nodes(roots: list[CodeNode], wanted: set[str]) -> list[CodeNode]:
    """Prune the tree to codes with passages in scope, keeping their ancestors as headings."""
    out = []
    for node in roots:
        kids = _in_scope_nodes(node.children, wanted)
        if node.guid in wanted or kids:
            copy = CodeNode(**{**node.__dict__, "children": kids})
            out.append(copy)
    return out


def _document_facts(session: Session, ids: list[int]) -> dict[int, tuple[int, int]]:
    """Document id -> (pages, distinct speakers)."""
    rows = session.execute(
        select(
            Segment.document_id,
            Segment.kind,
            func.count(),
            func.count(func.distinct(Segment.label)),
        )
        .where(Segment.document_id.in_(ids), Segment.kind.in_(("page", "turn")))
        .group_by(Segment.document_id, Segment.kind)
    ).all()
    facts: dict[int, list[int]] = {i: [0, 0] for i in ids}
    for did, kind, n, distinct in rows:
        facts[did][0 if kind == "page" else 1] = n if kind == "page" else distinct
    return {k: (v[0], v[1]) for k, v in facts.items()}


def _turn_bounds(text: str, turns: list[tuple[int, int, str]], offset: int) -> tuple[int, int]:
    """The words of the speaker turn holding *offset*, after the speaker's name when the text
    carries it ("Name:" or a "Name  00:02:23" line); the whole text when in no turn."""
    i = bisect.bisect_right([t[0] for t in turns], offset) - 1
    if i < 0 or not (turns[i][0] <= offset < turns[i][1]):
        return 0, len(text)
    start, end, label = turns[i]
    if label and text.startswith(label, start):
        newline = text.find("\n", start, offset)
        if 0 <= newline - start <= len(label) + 15:  # a heading line: "Name  00:02:23"
            start = newline + 1
        elif text.startswith(f"{label}:", start):  # inline: "Name: words"
            start += len(label) + 1
    return start, end


def _quotes(
    session: Session,
    rows: list[CodingRow],
    options: SummaryOptions,
    source_ids: dict[str, str],
    kinds: dict[str, str],
    titles: dict[str, str],
) -> dict[str, list[Quote]]:
    """Code guid -> its quotes, identical passages merged across coders."""
    coding_notes = _memos(session, "coding") if options.include_memos else {}
    texts: dict[str, str] = {}
    turns: dict[str, list[tuple[int, int, str]]] = defaultdict(list)
    if options.include_context:
        wanted = list({r.document_guid for r in rows})
        texts = dict(
            session.execute(
                select(Document.guid, Document.text).where(Document.guid.in_(wanted))
            ).all()
        )
        # context stays inside the speaker's turn: the next speaker's words are not context
        for guid, start, end, label in session.execute(
            select(Document.guid, Segment.start, Segment.end, Segment.label)
            .join(Segment, Segment.document_id == Document.id)
            .where(Document.guid.in_(wanted), Segment.kind == "turn")
            .order_by(Segment.start)
        ).all():
            turns[guid].append((start, end, label))
    by_code: dict[str, list[Quote]] = defaultdict(list)
    seen: dict[tuple[str, str, int, int], Quote] = {}
    for row in rows:
        key = (row.code_guid, row.document_guid, row.start, row.end)
        notes = []
        if options.include_memos:
            if row.memo:
                notes.append(Note(text=clean_quote(row.memo), author=row.coder))
            notes.extend(coding_notes.get(row.guid, ()))
        found = seen.get(key)
        if found is not None:
            if row.coder not in found.coders:
                found.coders.append(row.coder)
            found.notes.extend(notes)
            continue
        reflow = kinds.get(row.document_guid, "") in REFLOW_KINDS
        quote = Quote(
            text=clean_quote(row.text, reflow=reflow),
            document=row.document,
            title=titles.get(row.document_guid, row.document),
            source_id=source_ids.get(row.document_guid, ""),
            citation=row.citation,
            coders=[row.coder],
            start=row.start,
            end=row.end,
            notes=notes,
        )
        if options.include_context:
            full = texts.get(row.document_guid, "")
            floor, ceiling = _turn_bounds(full, turns.get(row.document_guid, []), row.start)
            quote.before = context_before(full, row.start, reflow=reflow, floor=floor)
            quote.after = context_after(full, row.end, reflow=reflow, ceiling=ceiling)
        seen[key] = quote
        by_code[row.code_guid].append(quote)
    return by_code


def _build_theme(
    node: CodeNode,
    depth: int,
    quotes: dict[str, list[Quote]],
    rows_by_code: dict[str, list[CodingRow]],
    code_notes: dict[str, list[Note]],
    options: SummaryOptions,
) -> Theme:
    own = quotes.get(node.guid, [])  # already in document order, then position
    theme = Theme(
        guid=node.guid,
        name=node.name,
        path=node.path,
        depth=depth,
        description=node.description,
        quotes=own if options.max_quotes is None else own[: options.max_quotes],
        own_total=len(own),
        notes=code_notes.get(node.guid, []),
        children=[
            _build_theme(c, depth + 1, quotes, rows_by_code, code_notes, options)
            for c in node.children
        ],
    )
    for row in rows_by_code.get(node.guid, ()):
        theme.passages += 1
        theme.documents.add(row.document)
        theme.per_document[row.document] = theme.per_document.get(row.document, 0) + 1
        if row.citation.speaker:
            theme.speakers.add(row.citation.speaker)
    for child in theme.children:
        theme.passages += child.passages
        theme.documents |= child.documents
        theme.speakers |= child.speakers
        for doc, n in child.per_document.items():
            theme.per_document[doc] = theme.per_document.get(doc, 0) + n
    return theme


def gather_evidence(session: Session, options: SummaryOptions) -> Evidence:
    """Everything the summary shows, for the options' scope."""
    scope = options.scope
    rows = passages_in_scope(session, scope)
    docs = documents_in_scope(session, scope)
    source_ids = {d.guid: f"S{i}" for i, d in enumerate(docs, start=1)}
    kinds = {d.guid: d.kind for d in docs}
    rows_by_code: dict[str, list[CodingRow]] = defaultdict(list)
    for row in rows:
        rows_by_code[row.code_guid].append(row)
    attrs = attributes_by_document(session, [d.guid for d in docs])
    titles = {d.guid: document_title(d.name, attrs.get(d.guid, {})) for d in docs}
    quotes = _quotes(session, rows, options, source_ids, kinds, titles)
    code_notes = _memos(session, "code") if options.include_memos else {}
    roots = _in_scope_nodes(code_tree(session), set(rows_by_code) | _named_guids(session, scope))
    themes = [_build_theme(n, 0, quotes, rows_by_code, code_notes, options) for n in roots]

    facts = _document_facts(session, [d.id for d in docs])
    doc_notes = _memos(session, "document") if options.include_memos else {}
    per_doc: dict[str, int] = defaultdict(int)
    for row in rows:
        per_doc[row.document_guid] += 1
    sources = [
        Source(
            source_id=source_ids[d.guid],
            name=d.name,
            title=titles[d.guid],
            guid=d.guid,
            kind=d.kind,
            chars=d.text_length,
            pages=facts[d.id][0],
            speakers=facts[d.id][1],
            passages=per_doc.get(d.guid, 0),
            attributes=attrs.get(d.guid, {}),
            notes=doc_notes.get(d.guid, []),
        )
        for d in docs
    ]
    codebook = []
    for root in roots:
        for node in root.walk():
            own = rows_by_code.get(node.guid, [])
            codebook.append((node, len(own), len({r.document_guid for r in own})))
    project_notes = _memos(session, "project").get("", []) if options.include_memos else []
    return Evidence(
        title=options.title or project_title(session) or "Evidence summary",
        made_on=date.today(),
        scope_lines=describe_scope(session, scope),
        themes=themes,
        sources=sources,
        codebook=codebook,
        project_notes=project_notes,
        total_passages=len(rows),
        options=options,
    )


def _named_guids(session: Session, scope: Scope) -> set[str]:
    """Codes the user named explicitly stay in the report even with no passages in scope."""
    from lgcoder.core.ops.codes import get_code

    return {get_code(session, p).guid for p in scope.codes}
