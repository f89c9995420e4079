"""The numbers behind the four charts, computed by the matrix, co-occurrence and agreement code.

A chart must never count differently from the table a reader can check it against, so nothing
here counts passages itself: prevalence and "who raised what" are rows of
:func:`~lgcoder.analysis.matrix.code_matrix`, the co-occurrence heat map is
:func:`~lgcoder.analysis.cooccurrence.cooccurrence` (its overlap rule, its pairs) and the coder
comparison is :func:`~lgcoder.team.agreement.compute_agreement` next to the matrix by coder.
This module chooses what to show (codes in scope, the busiest speakers) and caps heat maps to a
size a reader can take in; what it leaves out is said in the chart's ``note``.

Every bar or cell carries a :class:`Target` so the workbench can list exactly the passages it
counts (:func:`passages_for`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from lgcoder.analysis.cooccurrence import cooccurrence
from lgcoder.analysis.matrix import (
    NO_CASE,
    NO_SPEAKER,
    CodeMatrix,
    code_matrix,
    speaker_at,
    speaker_turns,
)
from lgcoder.core.errors import ValidationError
from lgcoder.core.models import Case, CaseDocument, Document
from lgcoder.core.queries import CodeNode, CodingRow, flat_code_tree, retrieve_codings
from lgcoder.core.words import counted
from lgcoder.team.agreement import LOW_AGREEMENT, compute_agreement

#: prevalence: passages per theme; speakers: speaker x theme; cooccurrence: theme x theme;
#: coders: agreement per theme with each coder's passages.
KINDS: tuple[str, ...] = (
    "prevalence",
    "speakers",
    "cooccurrence",
    "cooccurrence-network",
    "coders",
)
KIND_TITLES = {
    "prevalence": "Passages per theme",
    "speakers": "Who raised what: passages per speaker and theme",
    "cooccurrence": "Themes coded on the same passages",
    "cooccurrence-network": "Themes coded on the same passages: network",
    "coders": "Coder comparison: agreement per theme",
}
SPLITS: tuple[str, ...] = ("document", "case", "speaker")
#: Caps that keep a figure legible (and fast): more bars or cells than this are not read.
MAX_BARS = 40
MAX_SERIES = 8
MAX_SPEAKERS = 30
MAX_THEMES = 30
#: Theme x theme is square: beyond this many themes its numbers no longer fit a page.
MAX_PAIRED = 16
#: The network draws the strongest links only: a line per pair of 30 themes is a hairball.
MAX_LINKS = 40
#: ... and writes the number on the strongest of those only; the rest show it by their width
MAX_NUMBERED_LINKS = 15


@dataclass(frozen=True)
class ChartFilter:
    """A resolved scope: document ids and code guids (``None``: all) and coder names."""

    documents: frozenset[int] | None = None
    codes: frozenset[str] | None = None
    coders: tuple[str, ...] = ()


@dataclass(frozen=True)
class Target:
    """What a bar, segment or cell counts, so its passages can be listed.

    ``code`` is a code path (with its sub-codes when ``rollup``); ``by``/``columns`` narrow it to
    documents, cases, speakers or coders; ``partner`` is the other code of a co-occurrence cell.
    """

    code: str
    rollup: bool = True
    by: str | None = None
    columns: tuple[str, ...] = ()
    partner: str | None = None
    label: str = ""


@dataclass
class Bar:
    """One horizontal bar: a theme (nested by ``depth``) and its passages, maybe split."""

    path: str
    name: str
    depth: int
    color: str
    value: int
    target: Target
    #: (column, passages, target) per split series; empty when not split.
    parts: list[tuple[str, int, Target]] = field(default_factory=list)


@dataclass
class Prevalence:
    kind: str
    title: str
    bars: list[Bar]
    split_by: str | None = None
    series: list[str] = field(default_factory=list)
    note: str = ""


@dataclass
class HeatMap:
    kind: str
    title: str
    row_title: str
    column_title: str
    rows: list[str]
    columns: list[str]
    #: values[i][j]; None where a cell has no meaning (a theme with itself).
    values: list[list[int | None]]
    targets: list[list[Target | None]]
    column_colors: list[str] = field(default_factory=list)
    note: str = ""

    def peak(self) -> int:
        return max((v for row in self.values for v in row if v is not None), default=0)


@dataclass
class CoderRow:
    path: str
    name: str
    value: float | None
    low: bool
    counts: dict[str, int]
    target: Target


@dataclass
class CoderComparison:
    kind: str
    title: str
    coders: list[str]
    statistic: str  # "kappa" or "alpha"
    unit: str
    threshold: float
    rows: list[CoderRow]
    pooled: float | None
    note: str = ""


@dataclass
class Node:
    """A theme in the co-occurrence network, sized by its own passages (sub-themes apart)."""

    path: str
    name: str
    color: str
    passages: int
    target: Target


@dataclass
class Link:
    """Two themes joined by their overlapping pairs of codings (as ``lgcoder cooccurrence``)."""

    a: str
    b: str
    weight: int
    target: Target
    #: its number is written on the line (the strongest links only, or numbers pile up)
    numbered: bool = True


@dataclass
class Network:
    kind: str
    title: str
    nodes: list[Node]
    links: list[Link]
    note: str = ""


ChartData = Prevalence | HeatMap | CoderComparison | Network


def _short(path: str) -> str:
    return path.rsplit("/", 1)[-1]


def distinct_names(paths: list[str]) -> dict[str, str]:
    """Each theme's shortest name that no other theme drawn shares: its own name, or as much
    of its path as tells it apart ("Leadership/aspect 1" beside "Synergy/aspect 1"). A network
    labels circles by name, so two circles both called "aspect 1" could not be told apart."""
    parts = {p: p.split("/") for p in paths}
    depth = dict.fromkeys(paths, 1)
    while True:
        names = {p: "/".join(parts[p][-depth[p] :]) for p in paths}
        seen: dict[str, list[str]] = {}
        for p, name in names.items():
            seen.setdefault(name, []).append(p)
        clashes = [p for same in seen.values() if len(same) > 1 for p in same]
        grow = [p for p in clashes if depth[p] < len(parts[p])]
        if not grow:
            return names
        for p in grow:
            depth[p] += 1


def _in_scope(nodes: list[CodeNode], codes: frozenset[str] | None) -> list[CodeNode]:
    """Codes in scope with their ancestors (as headings), in codebook order."""
    if codes is None:
        return nodes
    by_guid = {n.guid: n for n in nodes}
    keep: set[str] = set()
    for guid in codes:
        while guid in by_guid and guid not in keep:
            keep.add(guid)
            guid = by_guid[guid].parent_guid or ""
    return [n for n in nodes if n.guid in keep]


def _cap_depth(nodes: list[CodeNode], limit: int) -> tuple[list[CodeNode], int]:
    """Drop the deepest levels until at most *limit* remain (they still count in parents)."""
    depth = max((n.path.count("/") for n in nodes), default=0)
    shown = nodes
    while len(shown) > limit and depth > 0:
        depth -= 1
        shown = [n for n in nodes if n.path.count("/") <= depth]
    return shown, len(nodes) - len(shown)


def prevalence(session: Session, scope: ChartFilter, split_by: str | None = None) -> Prevalence:
    """Passages per theme, sub-themes nested under their parent (and counted in it)."""
    if split_by is not None and split_by not in SPLITS:
        raise ValidationError(f"split by one of {', '.join(SPLITS)}; not {split_by}")
    nodes = _in_scope(flat_code_tree(session, with_counts=False), scope.codes)
    split = None
    if split_by is not None:
        split = code_matrix(
            session, split_by, coders=scope.coders, documents=scope.documents, codes=scope.codes
        )
    # a passage is in exactly one document and starts in one turn (or none: "(no speaker)"),
    # so those splits' row totals are the passages; by case it may count in several cases
    totals = (
        split
        if split is not None and split_by in ("document", "speaker")
        else code_matrix(
            session, "coder", coders=scope.coders, documents=scope.documents, codes=scope.codes
        )
    )
    shown, hidden = _cap_depth(nodes, MAX_BARS)
    if len(shown) > MAX_BARS:
        keep = {n.guid for n in sorted(shown, key=lambda n: -totals.row_total(n.path))[:MAX_BARS]}
        hidden += len(shown) - len(keep)
        shown = [n for n in shown if n.guid in keep]
    bars = [
        Bar(
            path=n.path,
            name=n.name,
            depth=n.path.count("/"),
            color=n.color,
            value=totals.row_total(n.path),
            target=Target(n.path, label=n.path),
        )
        for n in shown
    ]
    notes = []
    if hidden:
        notes.append(
            f"{counted(hidden, 'deeper theme')} not drawn; their passages count in their parents."
        )
    series: list[str] = []
    if split is not None:
        ranked = sorted(
            split.columns, key=lambda c: (-sum(split.count(r, c) for r in split.rows), c)
        )
        series = ranked[:MAX_SERIES]
        rest = tuple(ranked[MAX_SERIES:])
        for bar in bars:
            for column in series:
                n = split.count(bar.path, column)
                bar.parts.append(
                    (column, n, Target(bar.path, by=split_by, columns=(column,), label=column))
                )
            if rest:
                n = sum(split.count(bar.path, c) for c in rest)
                bar.parts.append(
                    (
                        "others",
                        n,
                        Target(bar.path, by=split_by, columns=rest, label=f"{len(rest)} others"),
                    )
                )
        if rest:
            series.append(f"{len(rest)} other {split_by}s")
            notes.append(f"The {MAX_SERIES} {split_by}s with most passages are shown by name.")
        if split_by == "case":
            notes.append("A passage counts for every case its document belongs to.")
    return Prevalence(
        kind="prevalence",
        title=KIND_TITLES["prevalence"] + (f" and {split_by}" if split_by else ""),
        bars=bars,
        split_by=split_by,
        series=series,
        note=" ".join(notes),
    )


def _theme_columns(
    nodes: list[CodeNode], all_levels: bool, limit: int
) -> tuple[list[CodeNode], int]:
    shown = nodes if all_levels else [n for n in nodes if n.parent_guid is None]
    if not all_levels and not shown:
        shown = nodes
    shown, hidden = _cap_depth(shown, limit)
    return shown[:limit], hidden + max(0, len(shown) - limit)


def speakers(session: Session, scope: ChartFilter, *, all_levels: bool = False) -> HeatMap:
    """Speaker x theme passages (themes include their sub-themes), with a "(no speaker)" row.

    Rows are the busiest speakers (at most :data:`MAX_SPEAKERS`), then "(no speaker)" for
    passages outside any turn, which a report's passages all are.
    """
    m = code_matrix(
        session, "speaker", coders=scope.coders, documents=scope.documents, codes=scope.codes
    )
    themes, hidden = _theme_columns(
        _in_scope(flat_code_tree(session, with_counts=False), scope.codes), all_levels, MAX_THEMES
    )
    people = [c for c in m.columns if c != NO_SPEAKER]
    # a speaker's passages: each coding once, i.e. summed over the top-level themes
    tops = [r for r in m.rows if "/" not in r]
    load = {p: sum(m.count(r, p) for r in tops) for p in people}
    people.sort(key=lambda p: (-load[p], p.casefold()))
    cut = len(people) - MAX_SPEAKERS
    people = [*people[:MAX_SPEAKERS], NO_SPEAKER]
    values: list[list[int | None]] = []
    targets: list[list[Target | None]] = []
    for person in people:
        values.append([m.count(t.path, person) for t in themes])
        targets.append(
            [
                Target(t.path, by="speaker", columns=(person,), label=f"{person} on {t.name}")
                for t in themes
            ]
        )
    notes = []
    if cut > 0:
        notes.append(f"The {MAX_SPEAKERS} speakers with most passages; {cut} more not shown.")
    if hidden:
        notes.append(f"{counted(hidden, 'theme')} not shown.")
    notes.append(f"{NO_SPEAKER}: passages outside any speaker turn (reports, preambles).")
    return HeatMap(
        kind="speakers",
        title=KIND_TITLES["speakers"],
        row_title="Speaker",
        column_title="Theme (with its sub-themes)",
        rows=people,
        columns=[t.path if all_levels else t.name for t in themes],
        values=values,
        targets=targets,
        column_colors=[t.color for t in themes],
        note=" ".join(notes),
    )


def cooccurring(session: Session, scope: ChartFilter) -> HeatMap:
    """Theme x theme: overlapping pairs of codings, exactly as ``lgcoder cooccurrence`` counts."""
    table = cooccurrence(session, coders=scope.coders, documents=scope.documents, codes=scope.codes)
    involved: dict[str, int] = {}
    for (a, b), n in table.counts.items():
        involved[a] = involved.get(a, 0) + n
        involved[b] = involved.get(b, 0) + n
    order = {n.path: i for i, n in enumerate(flat_code_tree(session, with_counts=False))}
    busiest = sorted(involved, key=lambda p: (-involved[p], p))[:MAX_PAIRED]
    codes = sorted(busiest, key=lambda p: order.get(p, len(order)))
    # each pair once: the lower triangle, rows from the second theme, columns up to the
    # second last (a theme with itself has no meaning, the upper half would repeat it)
    rows, columns = codes[1:], codes[:-1]
    values: list[list[int | None]] = []
    targets: list[list[Target | None]] = []
    for i, a in enumerate(rows):
        values.append([table.count(a, b) if j <= i else None for j, b in enumerate(columns)])
        targets.append(
            [
                Target(a, rollup=False, partner=b, label=f"{_short(a)} + {_short(b)}")
                if j <= i
                else None
                for j, b in enumerate(columns)
            ]
        )
    notes = [
        "Each cell counts pairs of codings of the two themes that overlap by at least one "
        "character in the same document; each pair of themes is shown once."
    ]
    if len(involved) > len(codes):
        notes.append(f"The {len(codes)} most overlapping of {len(involved)} themes are shown.")
    return HeatMap(
        kind="cooccurrence",
        title=KIND_TITLES["cooccurrence"],
        row_title="Theme",
        column_title="Theme",
        rows=rows,
        columns=columns,
        values=values,
        targets=targets,
        note=" ".join(notes),
    )


def _passages_by_coder(session: Session, scope: ChartFilter) -> CodeMatrix:
    """Each theme's own passages (sub-themes not rolled up) per coder, in scope: the circles
    of the network and the coder comparison's counts."""
    return code_matrix(
        session,
        "coder",
        coders=scope.coders,
        rollup=False,
        documents=scope.documents,
        codes=scope.codes,
    )


def network(session: Session, scope: ChartFilter) -> Network:
    """The co-occurrence table as a network: a line per pair of themes with overlapping
    passages, its weight the pairs :func:`~lgcoder.analysis.cooccurrence.cooccurrence` counts;
    the :data:`MAX_LINKS` strongest are drawn, with the themes they join."""
    table = cooccurrence(session, coders=scope.coders, documents=scope.documents, codes=scope.codes)
    ranked = sorted(table.counts.items(), key=lambda item: (-item[1], item[0]))
    chosen = [(a, b, n) for (a, b), n in ranked if n > 0][:MAX_LINKS]
    themes = {p for a, b, _n in chosen for p in (a, b)}
    tree = flat_code_tree(session, with_counts=False)
    own = _passages_by_coder(session, scope)
    names = distinct_names(sorted(themes))
    nodes = [
        Node(
            n.path,
            names[n.path],
            n.color,
            own.row_total(n.path),
            Target(n.path, rollup=False, label=n.path),
        )
        for n in tree
        if n.path in themes
    ]
    links = [
        Link(
            a,
            b,
            n,
            Target(a, rollup=False, partner=b, label=f"{names[a]} + {names[b]}"),
            numbered=rank < MAX_NUMBERED_LINKS,
        )
        for rank, (a, b, n) in enumerate(chosen)
    ]
    which = (
        f"the {MAX_NUMBERED_LINKS} strongest lines show"
        if len(links) > MAX_NUMBERED_LINKS
        else "each line shows"
    )
    numbers = (
        f"a line's width counts the overlapping pairs, and {which} the number where there is room"
    )
    notes = [
        "Lines join themes coded on overlapping passages (at least one character in the same "
        f"document); {numbers}, a circle's number the theme's own passages."
    ]
    linked = len([n for n in table.counts.values() if n > 0])
    if linked > len(links):
        notes.append(f"The {len(links)} strongest of {linked} links are drawn.")
    return Network(
        kind="cooccurrence-network",
        title=KIND_TITLES["cooccurrence-network"],
        nodes=nodes,
        links=links,
        note=" ".join(notes),
    )


def coder_comparison(
    session: Session, scope: ChartFilter, *, statistic: str = "auto", unit: str = "char"
) -> CoderComparison:
    """Agreement per theme (kappa for two coders, else Krippendorff's alpha) and each coder's
    passages of it; values below :data:`LOW_AGREEMENT` are marked low."""
    # each coder's passages per theme; its columns are the coders with passages in scope
    counts = _passages_by_coder(session, scope)
    coders = list(scope.coders) or counts.columns
    if len(coders) < 2:
        raise ValidationError(
            "the coder comparison needs at least two coders with passages in scope"
            + (f" (only {coders[0]} has any)" if coders else "")
        )
    if statistic == "auto":
        statistic = "kappa" if len(coders) == 2 else "alpha"
    if statistic not in ("kappa", "alpha"):
        raise ValidationError(f"the statistic must be kappa or alpha, not {statistic}")
    if statistic == "kappa" and len(coders) != 2:
        raise ValidationError("kappa compares two coders; choose two, or use alpha")
    coded = [r for r in counts.rows if counts.row_total(r)]
    coded = sorted(coded, key=lambda r: -counts.row_total(r))[:MAX_THEMES]
    order = {r: i for i, r in enumerate(counts.rows)}
    coded.sort(key=order.__getitem__)
    result = compute_agreement(session, coders, codes=coded, unit=unit, documents=scope.documents)

    def value(stats: object) -> float | None:
        if statistic == "alpha":
            return stats.alpha  # type: ignore[attr-defined, no-any-return]
        return stats.kappa[0][2]  # type: ignore[attr-defined, no-any-return]

    rows = []
    for path, stats in result.codes:
        v = value(stats)
        rows.append(
            CoderRow(
                path=path,
                name=_short(path),
                value=v,
                low=v is not None and v < LOW_AGREEMENT,
                counts={c: counts.count(path, c) for c in coders},
                target=Target(path, rollup=False, by="coder", columns=tuple(coders), label=path),
            )
        )
    symbol = "κ" if statistic == "kappa" else "α"
    notes = [
        f"{'Cohen' if statistic == 'kappa' else 'Krippendorff'}'s {symbol} per theme over "
        f"{'characters' if unit == 'char' else 'paragraphs and speaker turns'}; below "
        f"{LOW_AGREEMENT} is marked low; n/a where it is undefined."
    ]
    untested = len([r for r in counts.rows if counts.row_total(r)]) - len(coded)
    if untested > 0:
        notes.append(f"{counted(untested, 'theme')} with fewer passages not shown.")
    return CoderComparison(
        kind="coders",
        title=KIND_TITLES["coders"],
        coders=coders,
        statistic=statistic,
        unit=unit,
        threshold=LOW_AGREEMENT,
        rows=rows,
        pooled=value(result.pooled),
        note=" ".join(notes),
    )


def compute(
    session: Session,
    kind: str,
    scope: ChartFilter,
    *,
    split_by: str | None = None,
    all_levels: bool = False,
    statistic: str = "auto",
    unit: str = "char",
) -> ChartData:
    """The numbers of chart *kind* (one of :data:`KINDS`) for *scope*."""
    if kind == "prevalence":
        return prevalence(session, scope, split_by)
    if kind == "speakers":
        return speakers(session, scope, all_levels=all_levels)
    if kind == "cooccurrence":
        return cooccurring(session, scope)
    if kind == "cooccurrence-network":
        return network(session, scope)
    if kind == "coders":
        return coder_comparison(session, scope, statistic=statistic, unit=unit)
    raise ValidationError(f"unknown chart '{kind}'; choose one of {', '.join(KINDS)}")


# -- the passages behind a bar or cell ----------------------------------------------------------


def _document_ids(session: Session) -> dict[str, int]:
    return {g: i for g, i in session.execute(select(Document.guid, Document.id)).all()}


def _overlapping(rows: Sequence[CodingRow], others: Sequence[CodingRow]) -> list[CodingRow]:
    by_doc: dict[str, list[CodingRow]] = {}
    for o in others:
        by_doc.setdefault(o.document_guid, []).append(o)
    return [
        r
        for r in rows
        if any(
            o.start < r.end and r.start < o.end and o.guid != r.guid
            for o in by_doc.get(r.document_guid, ())
        )
    ]


def passages_for(session: Session, scope: ChartFilter, target: Target) -> list[CodingRow]:
    """The coded passages a bar or cell counts, in document order.

    For a co-occurrence cell: the passages of either theme that overlap one of the other's.
    """
    ids = _document_ids(session)

    def fetch(path: str, rollup: bool) -> list[CodingRow]:
        rows = retrieve_codings(
            session, codes=(path,), coders=scope.coders, include_subcodes=rollup
        )
        if scope.documents is not None:
            rows = [r for r in rows if ids.get(r.document_guid) in scope.documents]
        if scope.codes is not None:
            rows = [r for r in rows if r.code_guid in scope.codes]
        return rows

    rows = fetch(target.code, target.rollup)
    if target.partner is not None:
        partner = fetch(target.partner, target.rollup)
        both = _overlapping(rows, partner) + _overlapping(partner, rows)
        return sorted(both, key=lambda r: (r.document, r.start, r.end, r.code))
    wanted = set(target.columns)
    if target.by == "document":
        rows = [r for r in rows if r.document in wanted]
    elif target.by == "coder":
        rows = [r for r in rows if r.coder in wanted]
    elif target.by == "speaker":
        turns = speaker_turns(session, {ids[r.document_guid] for r in rows})
        rows = [r for r in rows if speaker_at(turns, ids[r.document_guid], r.start) in wanted]
    elif target.by == "case":
        members: dict[int, set[str]] = {}
        for doc_id, name in session.execute(
            select(CaseDocument.document_id, Case.name)
            .join(Case, Case.id == CaseDocument.case_id)
            .where(Case.deleted.is_(False), CaseDocument.deleted.is_(False))
        ).all():
            members.setdefault(doc_id, set()).add(name)
        rows = [r for r in rows if members.get(ids[r.document_guid], {NO_CASE}) & wanted]
    return rows
