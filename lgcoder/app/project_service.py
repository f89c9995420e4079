"""The only door to an open project: one method per question or action, and its services.

Widgets never hold a Session (DESIGN §1). Each method here opens ``project.transaction()`` or
``project.reading()``, calls one core op or query and hands back plain data (dataclasses,
``Changes``). A single change goes through ``project.run()``: one transaction, which on a
server is run again when PostgreSQL refused it for meeting a concurrent one (a serialisation
failure, a deadlock, the same unique row made at the same moment); on a file it runs once.
Commands in :mod:`lgcoder.gui.commands` call the writing methods; views call the reading ones.
Nothing here imports Qt, so the same facade also serves the import worker thread.

One ``ProjectService`` is made when a project opens, and it owns the project's other services
(``cases``, ``analysis``, ``team``) and the ``tally`` of codings, so nobody builds a service of
their own from a bare Project.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from lgcoder.app.tally import CodingTally
from lgcoder.core import queries, queries_view
from lgcoder.core.db import Project
from lgcoder.core.errors import ValidationError
from lgcoder.core.imported import ImportedDocument
from lgcoder.core.ops import coders as coder_ops
from lgcoder.core.ops import codes as code_ops
from lgcoder.core.ops import codings as coding_ops
from lgcoder.core.ops import documents as document_ops
from lgcoder.core.ops import memos as memo_ops
from lgcoder.core.ops import project as project_ops
from lgcoder.core.ops.changes import Changes
from lgcoder.core.queries import CodeNode, CodingRow
from lgcoder.core.queries_view import (
    CoderInfo,
    CodingSpan,
    DocumentContent,
    DocumentSummary,
    MemoInfo,
    ProjectCounts,
)

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from lgcoder.app.analysis_service import AnalysisService
    from lgcoder.app.cases_service import CasesService
    from lgcoder.app.team_service import TeamService


#: What ``code apply`` says when neither it nor the project names a coder.
NO_CODER = (
    "no coder given and the project has no default coder; "
    "pass --coder NAME (or create the project with new --coder NAME)"
)


@dataclass(frozen=True)
class CodedPassage:
    """A coding made by name (:meth:`ProjectService.code_passage`), as a script reports it."""

    changes: Changes
    document: str
    code_path: str
    coder: str
    text: str


class ProjectService:
    """Plain-data facade over one open :class:`Project`."""

    def __init__(self, project: Project) -> None:
        self.project = project
        #: document text and structure never change, so their citation indexes are kept
        self._retrieval_cache = queries.RetrievalCache()
        self._tally: CodingTally | None = None
        #: changes settled so far, and the rows last read for one change (see touched_rows)
        self._settled = 0
        self._touched: tuple[tuple[int, frozenset[str]], list[CodingRow]] | None = None

    # -- the project's other services, each made once, on first use ------------------------
    # (on first use because each pulls in its feature package: a one-line CLI command that
    # lists codings should not pay for loading team merge and the analysis code)

    @cached_property
    def cases(self) -> CasesService:
        from lgcoder.app.cases_service import CasesService

        return CasesService(self.project)

    @cached_property
    def analysis(self) -> AnalysisService:
        from lgcoder.app.analysis_service import AnalysisService

        return AnalysisService(self.project)

    @cached_property
    def team(self) -> TeamService:
        from lgcoder.app.team_service import TeamService

        return TeamService(self.project)

    # -- counts kept current ---------------------------------------------------------------

    @property
    def tally(self) -> CodingTally:
        """Live codings per (code, document, coder), read on first use, then kept current."""
        if self._tally is None:
            with self.project.reading() as s:
                self._tally = CodingTally(queries_view.coding_tally(s))
        return self._tally

    def settle(self, changes: Changes) -> None:
        """Bring the tally up to date with *changes* (call once per change, on one thread).

        Exact deltas are applied; a change that could not say what it did to the codings is
        read again for the codes it names, or as a whole when it names none.
        """
        self._settled += 1
        if changes.rewritten:  # nothing read before can be trusted: read again on demand
            self._tally = None
            self._retrieval_cache = queries.RetrievalCache()
            return
        if self._tally is None or not changes.codings:
            return
        if changes.coding_delta is not None:
            self._tally.apply(changes.coding_delta)
        elif changes.code_guids and not changes.documents and not changes.coders:
            with self.project.reading() as s:
                rows = queries_view.coding_tally(s, changes.code_guids)
            self._tally.replace_codes(changes.code_guids, rows)
        else:
            self._tally = None

    @property
    def path(self) -> Path:
        return self.project.path

    # -- reading ---------------------------------------------------------------------------

    def title(self) -> str:
        with self.project.reading() as s:
            return project_ops.title(s) or self.project.path.stem

    def project_guid(self) -> str:
        with self.project.reading() as s:
            return project_ops.get_info(s, project_ops.PROJECT_GUID) or str(self.project.path)

    def documents(self, *, shares: bool = True) -> list[DocumentSummary]:
        """The documents list. Without *shares*: no share coded (0) and codings from the tally,
        for a list shown at once whose shares are read in the background."""
        with self.project.reading() as s:
            docs = queries_view.document_summaries(s, shares=shares)
        if shares:
            return docs
        tally = self.tally
        return [replace(d, codings=tally.document_count(d.guid)) for d in docs]

    def document(self, guid: str) -> DocumentContent | None:
        with self.project.reading() as s:
            return queries_view.document_content(s, guid)

    def document_guid(self, name: str) -> str:
        """The guid of the document called *name*; a NotFoundError says there is none."""
        with self.project.reading() as s:
            return document_ops.get_document(s, name).guid

    def document_name(self, guid: str) -> str | None:
        """The document's name, or None when it is not (or no longer) in the project."""
        with self.project.reading() as s:
            return queries_view.document_name(s, guid)

    def spans(self, document_guid: str) -> list[CodingSpan]:
        with self.project.reading() as s:
            return queries_view.coding_spans(s, document_guid)

    def spans_by_guid(self, guids: Iterable[str]) -> list[CodingSpan]:
        with self.project.reading() as s:
            return queries_view.codings_by_guid(s, guids)

    def code_tree(self, coder_guids: Sequence[str] | None = None) -> list[CodeNode]:
        """The codebook with counts (from the tally: no coding is counted here)."""
        with self.project.reading() as s:
            roots = queries.code_tree(s, with_counts=False)
        counts = self.tally.code_counts(coders=coder_guids)

        def fill(node: CodeNode) -> int:
            node.codings, node.documents = counts.get(node.guid, (0, 0))
            node.total_codings = node.codings + sum(fill(child) for child in node.children)
            return node.total_codings

        for root in roots:
            fill(root)
        return roots

    def code_outline(self) -> list[queries_view.CodeOutline]:
        with self.project.reading() as s:
            return queries_view.code_outline(s)

    def flat_codes(self) -> list[CodeNode]:
        with self.project.reading() as s:
            return queries.flat_code_tree(s)

    def code_counts(
        self, code_guids: Iterable[str], coder_guids: Sequence[str] | None = None
    ) -> dict[str, tuple[int, int]]:
        """(codings, documents) per code, from the tally."""
        return self.tally.code_counts(code_guids, coder_guids)

    def shares(self, document_guids: Sequence[str] | None) -> dict[str, tuple[float, int]]:
        """(share coded, codings) per document: these, or all with None. Safe on a worker."""
        with self.project.reading() as s:
            return queries_view.coded_shares(s, document_guids)

    def counts(self, coder_guids: Sequence[str] | None = None) -> ProjectCounts:
        """Documents, live codes and codings (only *coder_guids*' when given)."""
        with self.project.reading() as s:
            outline = queries_view.code_outline(s)
            documents = queries_view.document_count(s)
        return ProjectCounts(
            documents=documents, codes=len(outline), codings=self.tally.codings(coder_guids)
        )

    def coders(self) -> list[CoderInfo]:
        with self.project.reading() as s:
            return queries_view.coders(s)

    def login_role(self) -> str | None:
        """On a server: the login's role (lead, coder, viewer), which the server enforces."""
        with self.project.reading() as s:
            return project_ops.login_role(s)

    def default_coder_guid(self) -> str | None:
        with self.project.reading() as s:
            coder = project_ops.default_coder(s)
            return coder.guid if coder else None

    def retrieve(
        self,
        code_guids: Sequence[str],
        *,
        include_subcodes: bool = False,
        coder_guids: Sequence[str] = (),
        document_guids: Sequence[str] = (),
    ) -> list[CodingRow]:
        """Coded passages of these codes (with sub-codes), coders and documents."""
        if not code_guids:
            return []
        with self.project.reading() as s:
            return queries.retrieve_codings(
                s,
                code_guids=code_guids,
                coder_guids=coder_guids,
                document_guids=document_guids,
                include_subcodes=include_subcodes,
                cache=self._retrieval_cache,
            )

    def find_codings(
        self,
        *,
        codes: Sequence[str] = (),
        documents: Sequence[str] = (),
        coders: Sequence[str] = (),
    ) -> list[CodingRow]:
        """Coded passages by code paths, document names and coder names (none = all): what a
        script asks for by name (``lgcoder codings``), where the workbench has guids."""
        with self.project.reading() as s:
            return queries.retrieve_codings(
                s, codes=codes, documents=documents, coders=coders, cache=self._retrieval_cache
            )

    def coded_rows(self, coding_guids: Sequence[str]) -> list[CodingRow]:
        """The coded passages of these codings that are live, with text and citation: what
        the segments list shows for them (it filters them itself)."""
        if not coding_guids:
            return []
        with self.project.reading() as s:
            return queries.retrieve_codings(
                s, coding_guids=coding_guids, cache=self._retrieval_cache
            )

    def touched_rows(self, coding_guids: Iterable[str]) -> list[CodingRow]:
        """:meth:`coded_rows` of the codings a change touched, read once per change however
        many views ask (the document view and the segments list both need them)."""
        key = (self._settled, frozenset(coding_guids))
        if self._touched is None or self._touched[0] != key:
            self._touched = (key, self.coded_rows(sorted(key[1])))
        return self._touched[1]

    def memos(self, target_type: str, target_guid: str = "") -> list[MemoInfo]:
        with self.project.reading() as s:
            return queries_view.memos(s, target_type, target_guid)

    def code_position(self, guid: str) -> tuple[str | None, int]:
        """(parent guid, index among its siblings): what a move must restore on undo."""
        with self.project.reading() as s:
            code = code_ops.code_by_guid(s, guid)
            parent = code.parent
            siblings = code_ops.children(s, code.parent_id)
            index = next(i for i, c in enumerate(siblings) if c.id == code.id)
            return (parent.guid if parent else None), index

    def coding_memo(self, guid: str) -> str:
        with self.project.reading() as s:
            return coding_ops.coding_by_guid(s, guid).memo

    # -- codes -----------------------------------------------------------------------------

    def add_code(
        self,
        name: str,
        parent_guid: str | None = None,
        color: str | None = None,
        description: str = "",
    ) -> Changes:
        """Create one code (a name, not a path: slashes are refused by the core)."""
        return self.project.run(
            lambda s: code_ops.add_code(
                s,
                code_ops.clean_name(name),
                color=color,
                description=description,
                parent_guid=parent_guid,
            )
        )

    def rename_code(self, guid: str, name: str) -> Changes:
        return self.project.run(lambda s: code_ops.rename_code(s, guid, name))

    def recolour_code(self, guid: str, color: str) -> Changes:
        return self.project.run(lambda s: code_ops.recolour_code(s, guid, color))

    def describe_code(self, guid: str, description: str) -> Changes:
        return self.project.run(lambda s: code_ops.describe_code(s, guid, description))

    def move_code(self, guid: str, parent_guid: str | None, position: int | None) -> Changes:
        return self.project.run(lambda s: code_ops.move_code(s, guid, parent_guid, position))

    def delete_code(self, guid: str) -> Changes:
        return self.project.run(lambda s: code_ops.delete_code(s, guid))

    def restore_code(self, code_guids: set[str], coding_guids: set[str]) -> Changes:
        return self.project.run(lambda s: code_ops.restore_code(s, code_guids, coding_guids))

    def merge_code(
        self, source_guid: str, target_guid: str
    ) -> tuple[code_ops.MergeRecord, Changes]:
        return self.project.run(lambda s: code_ops.merge_code(s, source_guid, target_guid))

    def unmerge_code(self, record: code_ops.MergeRecord) -> Changes:
        return self.project.run(lambda s: code_ops.unmerge_code(s, record))

    # -- codings ---------------------------------------------------------------------------

    def apply_coding(
        self,
        document_guid: str,
        code_guid: str,
        coder_guid: str,
        start: int,
        end: int,
        memo: str = "",
    ) -> Changes:
        def apply(s: Session) -> Changes:
            doc = document_ops.document_by_guid(s, document_guid)
            code = code_ops.code_by_guid(s, code_guid)
            coder = coder_ops.coder_by_guid(s, coder_guid)
            return coding_ops.apply_coding(s, doc, code, coder, start, end, memo)

        return self.project.run(apply)

    def remove_coding(self, guid: str) -> Changes:
        return self.project.run(lambda s: coding_ops.remove_coding(s, guid))

    def restore_coding(self, guid: str) -> Changes:
        return self.project.run(lambda s: coding_ops.restore_coding(s, guid))

    def set_coding_memo(self, guid: str, memo: str) -> Changes:
        return self.project.run(lambda s: coding_ops.set_coding_memo(s, guid, memo))

    # -- memos -----------------------------------------------------------------------------

    def add_memo(
        self,
        target_type: str,
        target_guid: str,
        text: str,
        author_guid: str | None,
        start: int | None = None,
        end: int | None = None,
        title: str = "",
    ) -> Changes:
        def add(s: Session) -> Changes:
            author = coder_ops.coder_by_guid(s, author_guid) if author_guid else None
            return memo_ops.add_memo(
                s, target_type, target_guid, text, author=author, start=start, end=end, title=title
            )

        return self.project.run(add)

    def edit_memo(self, guid: str, text: str) -> Changes:
        return self.project.run(lambda s: memo_ops.edit_memo(s, guid, text))

    def delete_memo(self, guid: str) -> Changes:
        return self.project.run(lambda s: memo_ops.delete_memo(s, guid))

    def restore_memo(self, guid: str) -> Changes:
        return self.project.run(lambda s: memo_ops.restore_memo(s, guid))

    # -- documents, coders -----------------------------------------------------------------

    def import_document(
        self, imported: ImportedDocument, *, allow_duplicate_text: bool = False
    ) -> Changes:
        """Store one parsed file; safe to call from the import worker thread."""
        with self.project.transaction() as s:
            return document_ops.add_document(s, imported, allow_duplicate_text=allow_duplicate_text)

    def set_title(self, title: str) -> Changes:
        """The project's title: the Word summary's title page and the window's title bar."""
        return self.project.run(lambda s: project_ops.set_title(s, title))

    def rename_document(self, guid: str, name: str) -> Changes:
        return self.project.run(lambda s: document_ops.rename_document(s, guid, name))

    def delete_document(self, guid: str) -> Changes:
        self._retrieval_cache = queries.RetrievalCache()  # ids may be reused after a delete
        return self.project.run(lambda s: document_ops.delete_document(s, guid))

    def ensure_coder(self, name: str) -> CoderInfo:
        def ensure(s: Session) -> CoderInfo:
            coder = coder_ops.ensure_coder(s, name)
            if project_ops.default_coder(s) is None:
                project_ops.set_default_coder(s, coder.guid)
            return CoderInfo(guid=coder.guid, name=coder.name, color=coder.color)

        return self.project.run(ensure)

    # -- by name: what a script asks for (the workbench has guids) -------------------------

    def add_coder(self, name: str) -> CoderInfo:
        """The coder called *name*, added if new; unlike :meth:`ensure_coder` the project's
        default coder is left as it is (naming a coder on the command line adds them, no more)."""

        def add(s: Session) -> CoderInfo:
            coder = coder_ops.ensure_coder(s, name)
            return CoderInfo(guid=coder.guid, name=coder.name, color=coder.color)

        return self.project.run(add)

    def add_code_path(
        self, path: str, *, color: str | None = None, description: str = ""
    ) -> list[tuple[str, str]]:
        """Create the code at *path* and any missing parents: (path, guid) of each one made."""

        def add(s: Session) -> list[tuple[str, str]]:
            changes = code_ops.add_code(s, path, color=color, description=description)
            return [
                (code_ops.code_path(s, code_ops.code_by_guid(s, g)), g) for g in changes.created
            ]

        return self.project.run(add)

    def code_passage(
        self,
        document: str,
        code: str,
        *,
        span: tuple[int, int] | None = None,
        match: str = "",
        occurrence: int = 1,
        coder: str | None = None,
        memo: str = "",
    ) -> CodedPassage:
        """Code a passage named by document name, code path and either *span* or the
        *occurrence*-th *match* of a text, as *coder* (added if new) or the default coder.

        One transaction: the lookups, the coding and what is reported back (inside
        ``lgcoder batch``, one savepoint per line rather than one per lookup).
        """

        def apply(s: Session) -> CodedPassage:
            doc = document_ops.get_document(s, document)
            found = code_ops.get_code(s, code)
            text = queries.document_text(s, doc)
            start, end = (
                span if span is not None else coding_ops.find_occurrence(text, match, occurrence)
            )
            who = coder_ops.ensure_coder(s, coder) if coder else project_ops.default_coder(s)
            if who is None:
                raise ValidationError(NO_CODER)
            changes = coding_ops.apply_coding(s, doc, found, who, start, end, memo)
            return CodedPassage(
                changes, doc.name, code_ops.code_path(s, found), who.name, text[start:end]
            )

        return self.project.run(apply)
