"""The small value every op returns, so views know what to refresh (DESIGN §1, Anki's model)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Changes:
    """What an op touched. Views refresh only what they show; guids name the rows affected."""

    project: bool = False
    coders: bool = False
    documents: bool = False
    codes: bool = False
    codings: bool = False
    memos: bool = False
    cases: bool = False
    document_guids: set[str] = field(default_factory=set)
    code_guids: set[str] = field(default_factory=set)
    coding_guids: set[str] = field(default_factory=set)
    memo_guids: set[str] = field(default_factory=set)
    #: guids of rows this op created, in order, so callers can refer to them (undo, CLI output).
    created: list[str] = field(default_factory=list)
    #: How many live codings each (code guid, document guid, coder guid) gained or lost, when
    #: the op knows exactly (apply, remove, restore one coding). ``None`` with ``codings`` set
    #: means "not known": a view that keeps counts must recount. Lets the workbench keep its
    #: counts up to date without counting 100,000 codings again after every click.
    coding_delta: dict[tuple[str, str, str], int] | None = None
    #: The project was rewritten underneath every view (a team merge, a restored backup): no
    #: list of rows can say what changed, so every view reads everything again.
    rewritten: bool = False

    def _delta(self) -> dict[tuple[str, str, str], int] | None:
        if not self.codings:
            return {}
        return self.coding_delta

    def __or__(self, other: Changes) -> Changes:
        return Changes(
            project=self.project or other.project,
            coders=self.coders or other.coders,
            documents=self.documents or other.documents,
            codes=self.codes or other.codes,
            codings=self.codings or other.codings,
            memos=self.memos or other.memos,
            cases=self.cases or other.cases,
            document_guids=self.document_guids | other.document_guids,
            code_guids=self.code_guids | other.code_guids,
            coding_guids=self.coding_guids | other.coding_guids,
            memo_guids=self.memo_guids | other.memo_guids,
            created=self.created + other.created,
            coding_delta=_sum_deltas(self._delta(), other._delta()),
            rewritten=self.rewritten or other.rewritten,
        )

    def any(self) -> bool:
        return any(
            (
                self.project,
                self.coders,
                self.documents,
                self.codes,
                self.codings,
                self.memos,
                self.cases,
                self.rewritten,
            )
        )


def _sum_deltas(
    a: dict[tuple[str, str, str], int] | None, b: dict[tuple[str, str, str], int] | None
) -> dict[tuple[str, str, str], int] | None:
    if a is None or b is None:
        return None
    out = dict(a)
    for key, n in b.items():
        out[key] = out.get(key, 0) + n
    return {key: n for key, n in out.items() if n}
