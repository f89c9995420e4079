"""The merge report: what a merge added, matched and skipped, and every conflict it met.

The same report is printed by the CLI, shown as the GUI's preview, and stored in the target's
MergeLog, so "what did that merge do?" always has an answer.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from typing import Any

from lgcoder.core.words import counted
from lgcoder.team.identity import Final, Version, field_key, lww


@dataclass
class Conflict:
    kind: str
    message: str


@dataclass
class MergeReport:
    target: str = ""
    sources: list[str] = field(default_factory=list)
    dry_run: bool = False
    backup: str | None = None
    #: one dict per source: entity -> {added, matched, updated, skipped}
    per_source: list[dict[str, dict[str, int]]] = field(default_factory=list)
    #: entity -> {before, after}
    totals: dict[str, dict[str, int]] = field(default_factory=dict)
    conflicts: list[Conflict] = field(default_factory=list)

    def __post_init__(self) -> None:
        if not self.per_source:
            self.per_source = [{} for _ in self.sources]

    def to_json(self) -> dict[str, Any]:
        return {
            "target": self.target,
            "dry_run": self.dry_run,
            "backup": self.backup,
            "sources": [
                {"path": path, "counts": counts}
                for path, counts in zip(self.sources, self.per_source, strict=True)
            ],
            "totals": self.totals,
            "conflicts": [asdict(c) for c in self.conflicts],
        }

    def dumps(self) -> str:
        return json.dumps(self.to_json(), ensure_ascii=False, indent=2)

    def to_text(self) -> str:
        """A plain-language summary for the terminal and the preview dialog."""
        verb = "would merge" if self.dry_run else "merged"
        lines = [f"{verb} {counted(len(self.sources), 'file')} into {self.target}"]
        for path, counts in zip(self.sources, self.per_source, strict=True):
            lines.append(f"  from {path}:")
            for entity, c in counts.items():
                lines.append(
                    f"    {entity:<10} {c['added']:>7} added  {c['matched']:>7} matched "
                    f"({c['updated']} newer here, {c['skipped']} skipped as not newer)"
                )
        lines.append("  result:")
        for entity, t in self.totals.items():
            lines.append(f"    {entity:<15} {t['before']:>7} -> {t['after']}")
        if self.conflicts:
            lines.append(f"  {counted(len(self.conflicts), 'conflict')}, nothing dropped:")
            lines += [f"    - [{c.kind}] {c.message}" for c in self.conflicts]
        else:
            lines.append("  no conflicts")
        if self.backup:
            lines.append(f"  backup of the target before merging: {self.backup}")
        if self.dry_run:
            lines.append("  dry run: nothing was written")
        return "\n".join(lines)


def _brought_news(version: Version, target: Version, final: Final) -> bool:
    """Whether *version* gave the merged row something newer than the target had.

    Per field where the entity has per-field times: a copy that only recoloured a code updated
    it even when another copy's rename is newer as a whole row.
    """
    layout = final.layout
    if layout is None:
        return lww(version) > lww(target) and version.values == final.values
    return any(
        field_key(version, layout, i) == final.field_key(i) > field_key(target, layout, i)
        for i in range(len(layout.groups))
    )


def count_entity(report: MergeReport, entity: str, finals: list[Final], n_inputs: int) -> None:
    """Per source: added (new to the target), matched, and of those updated/skipped."""
    per = {i: {"added": 0, "matched": 0, "updated": 0} for i in range(1, n_inputs)}
    before = 0
    for final in finals:
        mine = final.by_source()
        in_target = 0 in mine
        before += in_target
        for i, version in mine.items():
            if i == 0:
                continue
            if not in_target:
                per[i]["added"] += 1
                continue
            per[i]["matched"] += 1
            if _brought_news(version, mine[0], final):
                per[i]["updated"] += 1
    for i, counts in per.items():
        counts["skipped"] = counts["matched"] - counts["updated"]
        report.per_source[i - 1][entity] = counts
    report.totals[entity] = {"before": before, "after": len(finals)}
