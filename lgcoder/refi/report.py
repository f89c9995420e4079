"""What a REFI-QDA import brought in and what it left out, in words a researcher can act on.

The same lines are printed by ``lgcoder new --from``, shown by the GUI after
*File ▸ New project from REFI-QDA…*, and kept in the new project as a memo, so a question months
later ("did the pictures come across?") has its answer inside the project.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from lgcoder.core.words import counted
from lgcoder.refi.offsets import OffsetUnit

#: Title of the project memo that keeps the report.
REPORT_TITLE = "REFI-QDA import report"


@dataclass
class RefiReport:
    """Counts, the offset unit used, and every skipped element grouped by reason."""

    source_name: str = ""
    documents: int = 0
    codes: int = 0
    codings: int = 0
    memos: int = 0
    cases: int = 0
    attributes: int = 0
    values: int = 0
    offsets: OffsetUnit | None = None
    rebuilt: int = 0
    #: reason -> names of what was skipped for it
    skips: dict[str, list[str]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def skip(self, reason: str, what: str) -> None:
        self.skips.setdefault(reason, []).append(what)

    @property
    def skipped(self) -> list[str]:
        """One line per reason: how many, which (the first few), and why."""
        out = []
        for reason, names in self.skips.items():
            shown = ", ".join(f"'{n}'" for n in names[:3]) + (", ..." if len(names) > 3 else "")
            out.append(f"{len(names)} {reason}" + (f": {shown}" if any(names) else ""))
        return out

    def lines(self) -> list[str]:
        out = [
            f"{counted(self.documents, 'document')}, {counted(self.codes, 'code')}, "
            f"{counted(self.codings, 'coding')}, {counted(self.memos, 'memo')}, "
            f"{counted(self.cases, 'case')}, {counted(self.attributes, 'attribute')} "
            f"({counted(self.values, 'value')})"
        ]
        if self.offsets is not None:
            out.append(self.offsets.line())
        if self.rebuilt:
            out.append(
                f"{counted(self.rebuilt, 'document')} rebuilt from their original files "
                "(pages, speakers and cues for citations)"
            )
        out += self.notes
        out += [f"skipped {line}" for line in self.skipped]
        if not self.skips:
            out.append("nothing was skipped")
        return out
