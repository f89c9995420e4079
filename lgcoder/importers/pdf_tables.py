"""Tables on PDF pages, read row by row: one line per row, its cells separated by tabs.

The reading-order layer (:mod:`.pdf_layout`) sees a table's columns as text columns and reads
them one after the other, so a row's cells end up far apart ("Shared Benefit reported ..."),
and a passage coded in the table mixes rows. pdfplumber's table finder is the reference for
where a table is and how it divides into rows and cells, but run as it is (pdfminer parsing
the page again, then a search over every pair of rule crossings) it costs tens to hundreds of
milliseconds a page, while the whole import of a page may spend about three. So:

1. :func:`table_blocks` takes a cheap look at the pieces the fast path has already extracted,
   on every page: runs of baselines whose text falls into two or more columns with clear
   gutters between them, where the cells are short (a few words) and most columns *ragged*
   (cells that do not fill their column). Columns of prose fill their width line after line
   with longer lines, which is what tells a three-column page from a three-column table.
   Formulas (sub- and superscripts) and diagram labels (single letters) are turned away here.
2. Only for such a block, :func:`read_tables` runs pdfplumber's own edge finding
   (``TableFinder.get_edges``) on the page as pdfium already sees it: ruling lines from
   pdfium's path objects (:mod:`.pdf_rules`) for a ruled table, else the alignment of the
   block's pieces for an unruled one. Rows and columns follow from the edges directly. A
   header run across the columns is cut at the gutters first.
3. :func:`_replace` checks the grid against the text: two rows and two columns with text at
   least (three for an unruled table, as two columns of short lines are more often a list or
   an index), mostly filled, and no piece of text cut by a column border (beyond a centred
   header line in a big table), which is what a false table of prose looks like. It then
   replaces the table's pieces by one :class:`TableRow` piece per row, so the rest of the
   pipeline orders the table with the page and keeps each row a paragraph of its own. Cell
   text is pdfium's, so it matches the rest of the document character for character.

A block where no table is accepted keeps its pieces exactly as they were.
"""

from __future__ import annotations

import bisect
import itertools
import math
from operator import attrgetter
from typing import Any, NamedTuple

from lgcoder.importers.pdf_pieces import Piece, Rect, split_piece
from lgcoder.importers.pdf_rules import ruling_edges

_TOP = attrgetter("top")
_X0 = attrgetter("x0")

MIN_ROWS = 3  # baselines spread over two or more columns that make a table candidate
_FILL = 0.15  # a cell within this share of its column's width of both edges fills it
_FILLED = 0.6  # a column whose cells fill it this often is a column of prose
_NARROW = 3.0  # columns narrower than this many line heights do not count on their own
_WORDS = 4  # cells of a table hold this many words or fewer (the median cell)
_UNRULED_COLUMNS = 3  # two unruled columns of short lines are more often a list or an index
_FULL = 0.6  # the share of a table's cells (rows and columns with text) that hold text
_SMALL = 0.25  # more of a table's pieces set smaller than its text are a formula's indices
_EDGE = 0.06  # the share of the page height at the top and bottom kept for heads and footers
_STRADDLE = 0.02  # the share of a table's pieces that may cross a column border (headers)
_SKIP = 4  # other lines allowed between two lines of a run of short cells (wrapped cells)
_GAP = 2.5  # a vertical gap of this many line heights ends a block


class TableRow(Piece):
    """One row of a table as one piece: its cells' text joined by tabs, its box the row's.

    ``group`` tells the rows of one table from those of the next.
    """

    __slots__ = ("group",)
    table = True

    def __init__(self, cells: list[str], box: Rect, first: int, last: int, group: int) -> None:
        super().__init__("\t".join(cells), *box, first, last)
        self.group = group


_groups = itertools.count()


def _rows(pieces: list[Piece]) -> list[list[Piece]]:
    """Pieces grouped by baseline (vertical overlap of their middles), top to bottom."""
    rows: list[list[Piece]] = []
    low = high = 0.0
    for p in sorted(pieces, key=_TOP, reverse=True):
        mid = (p.top + p.bottom) / 2
        if rows and low <= mid <= high:
            rows[-1].append(p)
            if p.bottom < low:
                low = p.bottom
            if p.top > high:
                high = p.top
            continue
        rows.append([p])
        low, high = p.bottom, p.top
    return rows


def _cells(row: list[Piece], height: float) -> list[tuple[float, float, int]]:
    """The row's text runs (x0, x1, words) separated by gaps wider than *height*."""
    if len(row) > 1:
        row.sort(key=_X0)
    first = row[0]
    cells = [(first.x0, first.x1, first.text.count(" ") + 1)]
    for p in row[1:]:
        x0, x1, words = cells[-1]
        if p.x0 - x1 > height:
            cells.append((p.x0, p.x1, p.text.count(" ") + 1))
        else:
            cells[-1] = (x0, p.x1 if p.x1 > x1 else x1, words + p.text.count(" ") + 1)
    return cells


def _split_short(row: list[Piece]) -> bool:
    """Whether two short pieces of the line stand apart: a gap wider than the line's height
    between two pieces, both sides of it short (at most :data:`_WORDS` words)."""
    short = [p for p in row if p.text.count(" ") < _WORDS]
    if len(short) < 2:
        return False
    ordered = sorted(row, key=_X0)
    height = max(p.height for p in row)
    return any(
        b.x0 - a.x1 > height and a.text.count(" ") < _WORDS and b.text.count(" ") < _WORDS
        for a, b in itertools.pairwise(ordered)
    )


def _merge(spans: list[list[float]], cells: list[tuple[float, float, int]]) -> list[list[float]]:
    """Column spans after adding a row's cells: overlapping intervals become one."""
    out: list[list[float]] = []
    for x0, x1 in sorted([*[(s[0], s[1]) for s in spans], *[(c[0], c[1]) for c in cells]]):
        if out and x0 <= out[-1][1]:
            if x1 > out[-1][1]:
                out[-1][1] = x1
        else:
            out.append([x0, x1])
    return out


def _is_table(
    spans: list[list[float]], cells: list[tuple[float, float, int]], height: float
) -> bool:
    """Whether a block's columns look like a table's rather than like columns of prose.

    Prose fills its column line after line with six words or more; table cells hold a few
    words, numbers or labels, and leave most columns ragged.
    """
    wide = sum(1 for x0, x1 in spans if x1 - x0 >= _NARROW * height)
    if len(spans) < 3 and wide < 2:
        return False  # a column of line numbers or bullets beside text is no table
    words = sorted(c[2] for c in cells)
    if words[len(words) // 2] > _WORDS:
        return False
    filled = 0
    for left, right in spans:
        slack = _FILL * (right - left)
        inside = [(x0, x1) for x0, x1, _ in cells if left <= x0 and x1 <= right]
        full = sum(1 for x0, x1 in inside if x0 <= left + slack and x1 >= right - slack)
        if inside and full >= _FILLED * len(inside):
            filled += 1
    return 2 * filled < len(spans)


class Block(NamedTuple):
    """A candidate for a table: its box, and how many columns its text falls into."""

    box: Rect
    columns: int


def table_blocks(pieces: list[Piece], page_height: float) -> list[Block]:
    """Boxes (left, bottom, right, top) of the page's runs of lines that look like a table.

    A block is a run of baselines whose text, taken together, leaves at least two columns with
    whitespace between them; it ends at a line that bridges the gutters (a paragraph across
    the page) or at a wide vertical gap. A block becomes a candidate when at least
    :data:`MIN_ROWS` of its baselines have text in two or more columns and :func:`_is_table`
    accepts its columns. Lines in the page's top and bottom margins are left out: running
    heads and footers must stay lines of their own, to be recognised and removed.
    """
    if len(pieces) < 2 * MIN_ROWS:
        return []
    found: list[Block] = []
    spans: list[list[float]] = []
    block_cells: list[tuple[float, float, int]] = []
    block_pieces: list[Piece] = []
    multi = 0
    bottom = top = 0.0
    height = 0.0

    def close() -> None:
        if (
            multi >= MIN_ROWS
            and len(spans) >= 2
            and _is_table(spans, block_cells, height)
            and _not_formula(block_pieces)
        ):
            found.append(Block((spans[0][0], bottom, spans[-1][1], top), len(spans)))

    low, high = _EDGE * page_height, (1 - _EDGE) * page_height
    body = [p for p in pieces if p.bottom >= low and p.top <= high]
    rows = _rows(body)
    # Most pages end here: a table needs a run of MIN_ROWS lines with two short pieces or more
    # (a cell's pieces are never longer than the cell) with a gap wider than the line's height
    # between two of them (runs of a formula sit close), at most _SKIP other lines apart.
    run, last = 0, -_SKIP - 2
    for n, row in enumerate(rows):
        if len(row) > 1 and _split_short(row):
            run = run + 1 if n - last <= _SKIP + 1 else 1
            last = n
            if run >= MIN_ROWS:
                break
    else:
        return []
    for row in rows:
        if len(row) == 1:  # most lines: one piece, which ends a block or joins a column
            p = row[0]
            h, row_top = p.height, p.top
            if not spans:
                continue
            if bottom - row_top <= _GAP * max(h, height):
                x0, x1 = p.x0, p.x1
                hit = [s for s in spans if s[0] <= x1 and x0 <= s[1]]
                if len(spans) - len(hit) + 1 >= 2:  # still two columns or more
                    if hit:
                        hit[0][0] = min(x0, hit[0][0])
                        hit[0][1] = max(x1, hit[-1][1])
                        spans = [s for s in spans if s is hit[0] or s not in hit]
                    else:
                        spans = _merge(spans, [(x0, x1, 0)])
                    block_cells.append((x0, x1, p.text.count(" ") + 1))
                    block_pieces.append(p)
                    if p.bottom < bottom:
                        bottom = p.bottom
                    if h > height:
                        height = h
                    continue
            close()
            spans, block_cells, block_pieces, multi = [], [], [], 0
            continue
        h = max(p.height for p in row)
        cells = _cells(row, h)
        row_top = max(p.top for p in row)
        merged = _merge(spans, cells) if spans else []
        if spans and len(merged) >= 2 and bottom - row_top <= _GAP * max(h, height):
            spans = merged
            block_cells += cells
            block_pieces += row
            multi += len(cells) >= 2
            bottom = min(bottom, *(p.bottom for p in row))
            height = max(height, h)
            continue
        close()
        if len(cells) >= 2:
            spans = [[c[0], c[1]] for c in cells]
            block_cells = list(cells)
            block_pieces = list(row)
            multi = 1
            top = row_top
            bottom = min(p.bottom for p in row)
            height = h
        else:
            spans, block_cells, block_pieces, multi = [], [], [], 0
    close()
    return found


def _not_formula(pieces: list[Piece]) -> bool:
    """False for a formula or a diagram's labels, which line up in "cells" as tables do.

    A formula is set in runs with sub- and superscripts, smaller than its text; a diagram's
    labels are single letters.
    """
    heights = sorted(p.height for p in pieces)
    small = 0.8 * heights[len(heights) // 2]
    if sum(1 for h in heights if h < small) > _SMALL * len(heights):
        return False
    return 2 * sum(1 for p in pieces if len(p.text) <= 1) < len(pieces)


def read_tables(page: Any, textpage: Any, blocks: list[Block], pieces: list[Piece]) -> list[Piece]:
    """*pieces* of the pdfium *page* with each table found in *blocks* replaced by its rows.

    pdfplumber's table finder does the finding, but it is handed the page as pdfium already
    sees it (:class:`_PageView`) rather than parsing the page again with pdfminer, which would
    cost more than importing the rest of the file. A block where no table is accepted keeps
    its pieces exactly as they were, and so does a page where anything goes wrong: a table
    read by columns is a worse reading, never lost text.
    """
    try:
        view = _PageView(page)
        view.near = [_around(block.box) for block in blocks]
        ruled = _grids(_edges(view, "lines"), view.top, 2)
        for block, wide in blocks:
            trial, block = _with_header(textpage, block, pieces)
            grids = [g for g in ruled if _overlaps(g[0], block)]
            if not grids and wide >= _UNRULED_COLUMNS:  # two unruled columns make no table
                grids = _unruled(view, block, trial)
            found = trial
            for box, columns, rows, fewest in grids:
                found = _replace(found, box, columns, rows, fewest)
            if found is not trial:
                pieces = found
    except Exception:  # a damaged path or an odd matrix: what was read so far stands
        return pieces
    return pieces


def splice(lines: list[list[Piece]], before: list[Piece], after: list[Piece]) -> list[list[Piece]]:
    """The page's reading-order *lines* (made from *before*) with its tables read by rows.

    Each table's rows go, one line each, where the first of its pieces was in reading order;
    every other line stays exactly as the fast path ordered it, so reading a table never moves
    the text around it. *after* is what :func:`read_tables` made of *before*: pieces kept,
    table rows, and parts of a header line that was cut but fell outside the table (these go
    just before its rows).
    """
    old = {id(p) for p in before}
    new = {id(p) for p in after}
    tables: list[list[Piece]] = []
    for p in after:
        if p.table:
            if tables and tables[-1][0].group == p.group:  # type: ignore[attr-defined]
                tables[-1].append(p)
            else:
                tables.append([p])
    if not tables:
        return lines
    boxes = [
        (
            min(r.x0 for r in t),
            min(r.bottom for r in t),
            max(r.x1 for r in t),
            max(r.top for r in t),
        )
        for t in tables
    ]
    extra = [[p] for p in after if not p.table and id(p) not in old]

    def owner(p: Piece) -> int:
        mx, my = (p.x0 + p.x1) / 2, (p.top + p.bottom) / 2
        for k, (x0, y0, x1, y1) in enumerate(boxes):
            if x0 <= mx <= x1 and y0 - p.height <= my <= y1 + p.height:
                return k
        return 0

    out: list[list[Piece]] = []
    placed: set[int] = set()
    for line in lines:
        kept = [p for p in line if id(p) in new]
        if len(kept) < len(line):
            for p in line:
                if id(p) not in new and (k := owner(p)) not in placed:
                    placed.add(k)
                    if len(placed) == 1:
                        out += extra
                    out += [[row] for row in tables[k]]
        if kept:
            out.append(kept)
    for k, table in enumerate(tables):  # cannot happen: every table took pieces of the page
        if k not in placed:
            out += [[row] for row in table]
    return out


def _around(block: Rect) -> Rect:
    """*block* with a margin, enough for the header rows and borders of its table."""
    x0, y0, x1, y1 = block
    margin = max(_MARGIN, 0.5 * (y1 - y0))
    return x0 - _MARGIN, y0 - margin, x1 + _MARGIN, y1 + margin


def _with_header(textpage: Any, block: Rect, pieces: list[Piece]) -> tuple[list[Piece], Rect]:
    """The header row above *block* taken into it, cut into its cells.

    A header is often one run of text in the PDF (or two, split at a superscript), so it reads
    as one or two wide cells that bridge the columns, and :func:`table_blocks` stops below it.
    The pieces of the line right above a block are cut at the widest space in each of the
    block's gutters they cross; when that gives cells, the block grows to include them.
    """
    x0, y0, x1, y1 = block
    near = [
        p
        for p in pieces
        if y1 - 0.5 * p.height <= p.bottom <= y1 + _GAP * p.height
        and x0 - p.height <= p.x0
        and p.x1 <= x1 + p.height
    ]
    if not near:
        return pieces, block
    lowest = min(p.bottom for p in near)
    row = [p for p in near if p.bottom - lowest < 0.5 * p.height]
    if sum(p.x1 - p.x0 for p in row) < 0.5 * (x1 - x0):
        return pieces, block
    body = [(p.x0, p.x1, 0) for p in pieces if x0 <= p.x0 and p.x1 <= x1 and y0 <= p.bottom <= y1]
    gutters = [(a[1], b[0]) for a, b in itertools.pairwise(_merge([], body))]
    cells: list[Piece] = []
    for p in _runs(row):
        crossed = [(g0, g1) for g0, g1 in gutters if p.x0 < g0 and g1 < p.x1]
        cells += split_piece(textpage, p, crossed) if crossed else [p]
    if len(cells) < 2 or len(cells) == len(row) == 1:
        return pieces, block
    kept = [q for q in pieces if not any(q is p for p in row)]
    return kept + cells, (x0, y0, x1, max(y1, *(p.top for p in row)))


def _runs(row: list[Piece]) -> list[Piece]:
    """A line's pieces with those closer than a line height joined into one (a superscript
    splits "Area (km²)" into two pieces that belong to one header cell)."""
    row = sorted(row, key=_X0)
    runs = [[row[0]]]
    for p in row[1:]:
        if p.x0 - max(q.x1 for q in runs[-1]) <= p.height and p.first > runs[-1][-1].last:
            runs[-1].append(p)
        else:
            runs.append([p])
    out = []
    for run in runs:
        if len(run) == 1:
            out.append(run[0])
            continue
        box = (
            min(q.x0 for q in run),
            min(q.bottom for q in run),
            max(q.x1 for q in run),
            max(q.top for q in run),
        )
        out.append(Piece(" ".join(q.text for q in run), *box, run[0].first, run[-1].last))
    return out


class _PageView:
    """What pdfplumber's ``TableFinder`` reads from a page, made from pdfium's objects.

    pdfplumber measures from the top of the page down; pdfium from the bottom up. ``top`` is
    the mediabox top, so ``y = top - t`` converts a pdfplumber *t* back.
    """

    def __init__(self, page: Any) -> None:
        left, bottom, right, top = page.get_mediabox()
        self.top = float(top)
        self.bbox = (float(left), 0.0, float(right), float(top - bottom))
        self.words: list[dict[str, Any]] = []
        self.near: list[Rect] = []  # where ruled tables may be: around the candidate blocks
        self._page = page
        self._edges: list[dict[str, Any]] | None = None

    @property
    def edges(self) -> list[dict[str, Any]]:
        if self._edges is None:
            self._edges = ruling_edges(self._page, self.top, self.near)
        return self._edges

    def extract_words(self, **_settings: Any) -> list[dict[str, Any]]:
        return self.words


_MARGIN = 36.0  # points around a candidate block where its table's rules may lie


# box, column cuts, row spans (bottom, top), and the fewest columns it may have
Grid = tuple[Rect, list[float], list[tuple[float, float]], int]
_TOLERANCE = 3.0  # pdfplumber's default intersection tolerance
_MAX_CROSSINGS = 250_000  # rule pairs to test; a page with more is a drawing


def _edges(view: _PageView, strategy: str) -> list[dict[str, Any]]:
    """pdfplumber's own edges for *strategy* ("lines" or "text"), snapped and joined.

    ``TableFinder.get_edges`` is pdfplumber's edge finding, used as it is; the finder's
    constructor is skipped because its cell search (every intersection against every other)
    costs hundreds of milliseconds on a page of tax tables, and the rows and columns of a
    table follow directly from its edges (:func:`_grids`).
    """
    from pdfplumber.table import TableFinder, TableSettings

    finder = TableFinder.__new__(TableFinder)
    finder.page = view  # type: ignore[assignment]
    finder.settings = TableSettings.resolve(
        {"vertical_strategy": strategy, "horizontal_strategy": strategy}
    )
    return list(finder.get_edges())


def _grids(edges: list[dict[str, Any]], top: float, columns: int) -> list[Grid]:
    """Tables made by the edges that cross each other, in PDF coordinates (y up).

    Edges that touch (within pdfplumber's tolerance) form one table; a table needs two rules
    each way. Its columns are cut at its inner vertical rules and its rows lie between its
    horizontal ones.
    """
    vertical = [e for e in edges if e["orientation"] == "v"]
    horizontal = [e for e in edges if e["orientation"] == "h"]
    if len(vertical) < 2 or len(horizontal) < 2:
        return []
    if len(vertical) * len(horizontal) > _MAX_CROSSINGS:
        return []
    parent = list(range(len(vertical) + len(horizontal)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    tol = _TOLERANCE
    base = len(vertical)
    for i, v in enumerate(vertical):
        x, v_top, v_bottom = v["x0"], v["top"] - tol, v["bottom"] + tol
        for j, h in enumerate(horizontal):
            if h["x0"] - tol <= x <= h["x1"] + tol and v_top <= h["top"] <= v_bottom:
                a, b = root(i), root(base + j)
                if a != b:
                    parent[a] = b
    groups: dict[int, tuple[list[float], list[float], list[float]]] = {}
    for i, v in enumerate(vertical):
        xs, ys, box = groups.setdefault(
            root(i), ([], [], [math.inf, math.inf, -math.inf, -math.inf])
        )
        xs.append(v["x0"])
        box[1], box[3] = min(box[1], v["top"]), max(box[3], v["bottom"])
    for j, h in enumerate(horizontal):
        xs, ys, box = groups.setdefault(
            root(base + j), ([], [], [math.inf, math.inf, -math.inf, -math.inf])
        )
        ys.append(h["top"])
        box[0], box[2] = min(box[0], h["x0"]), max(box[2], h["x1"])
    grids: list[Grid] = []
    for xs, ys, box in groups.values():
        cols = sorted(set(round(x, 1) for x in xs))
        rows = sorted(set(round(y, 1) for y in ys))
        if len(cols) < 2 or len(rows) < 2:
            continue
        left, right = min(box[0], cols[0]), max(box[2], cols[-1])
        upper, lower = min(box[1], rows[0]), max(box[3], rows[-1])
        cuts = [x for x in cols if left + tol < x < right - tol]  # not the borders
        spans = [(top - b, top - a) for a, b in itertools.pairwise(rows)]
        grids.append(((left, top - lower, right, top - upper), cuts, spans, columns))
    return grids


def _unruled(view: _PageView, block: Rect, pieces: list[Piece]) -> list[Grid]:
    """Tables by text alignment among the pieces inside *block*, in PDF coordinates.

    The text strategy sees only the block's pieces, as words: given the whole page, it makes
    a "table" of every column of prose.
    """
    top = view.top
    x0, y0, x1, y1 = block
    view.words = [
        {"x0": p.x0, "x1": p.x1, "top": top - p.top, "bottom": top - p.bottom, "text": p.text}
        for p in pieces
        if x0 <= p.x0 and p.x1 <= x1 and y0 <= p.bottom and p.top <= y1
    ]
    return _grids(_edges(view, "text"), top, _UNRULED_COLUMNS)


def _overlaps(a: Rect, b: Rect) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _replace(
    pieces: list[Piece],
    box: Rect,
    columns: list[float],
    rows: list[tuple[float, float]],
    fewest: int,
) -> list[Piece]:
    """Swap the pieces inside *box* for one :class:`TableRow` per row, or keep them all.

    A piece belongs to the row and column its middle falls in. The table is refused (pieces
    kept as they are) when it has fewer than two rows or columns with text, or when pieces
    cross a column border by more than a fifth of their width, beyond the odd one in a big
    table (a header line centred over two columns): cells cut through words are prose, not a
    table.
    """
    x0, y0, x1, y1 = box
    inside: list[Piece] = []
    outside: list[Piece] = []
    middles: list[tuple[float, float]] = []
    for p in pieces:
        mx, my = (p.x0 + p.x1) / 2, (p.top + p.bottom) / 2
        if x0 <= mx <= x1 and y0 <= my <= y1:
            inside.append(p)
            middles.append((mx, my))
        else:
            outside.append(p)
    if len(inside) < 4 or not columns or not _not_formula(inside):
        return pieces
    bounds = [x0, *columns, x1]
    tops = [-t for _, t in rows]  # rows run top to bottom: negated tops ascend
    straddling = 0
    allowed = _STRADDLE * len(inside)
    grid: dict[tuple[int, int], list[Piece]] = {}
    right_of = bisect.bisect_right
    for p, (mx, my) in zip(inside, middles, strict=True):
        col = right_of(columns, mx)
        r = right_of(tops, -my) - 1  # the lowest row whose top is at or above the middle
        if r < 0 or rows[r][0] > my:
            r = _row_of(rows, tops, my)
        if (p.x0 < bounds[col] or p.x1 > bounds[col + 1]) and r:
            overhang = max(0.0, bounds[col] - p.x0) + max(0.0, p.x1 - bounds[col + 1])
            if overhang > 0.2 * (p.x1 - p.x0):  # a header may be wider than its column
                straddling += 1
                if straddling > allowed:
                    return pieces
        key = (r, col)
        if key in grid:
            grid[key].append(p)
        else:
            grid[key] = [p]
    used_rows = {r for r, _ in grid}
    used_cols = {c for _, c in grid}
    full_rows = sum(1 for r in used_rows if sum(1 for c in used_cols if (r, c) in grid) >= 2)
    if (
        full_rows < 2
        or len(used_cols) < fewest
        or len(grid) < _FULL * len(used_rows) * len(used_cols)
    ):
        return pieces  # too few columns, or a sparse scatter (a formula, a drawing's labels)
    if 2 * sum(1 for part in grid.values() if len("".join(p.text for p in part)) > 1) < len(grid):
        return pieces  # single letters spread on a grid are a diagram's labels
    out = outside
    group = next(_groups)
    kept_cols = sorted(used_cols)  # a column no row has text in is a rule's artefact
    for r in sorted(used_rows):
        cells: list[str] = []
        members: list[Piece] = []
        for c in kept_cols:
            part = grid.get((r, c))
            if not part:
                cells.append("")
                continue
            members += part
            if len(part) > 1:  # lines top down, each left to right
                part = [p for ln in _rows(part) for p in sorted(ln, key=_X0)]
            cells.append(_cell_text(part))
        while cells and not cells[-1]:
            cells.pop()
        bottom, top = rows[r]
        first = min(p.first for p in members)
        last = max(p.last for p in members)
        out.append(TableRow(cells, (x0, bottom, x1, top), first, last, group))
    return out


def _row_of(rows: list[tuple[float, float]], tops: list[float], y: float) -> int:
    """Index of the row (bottom, top) holding *y*, else of the nearest one."""
    r = bisect.bisect_right(tops, -y) - 1  # the lowest row whose top is at or above y
    if r >= 0 and rows[r][0] <= y:
        return r
    candidates = [k for k in (r, r + 1) if 0 <= k < len(rows)]
    return min(candidates, key=lambda k: min(abs(y - rows[k][0]), abs(y - rows[k][1])))


def _cell_text(pieces: list[Piece]) -> str:
    """A cell's lines joined with spaces, a hyphen at a line end joined up, spaces collapsed."""
    text = ""
    for p in pieces:
        t = " ".join(p.text.split())
        if not t:
            continue
        if text.endswith(("\ufffe", "\x02", "\u00ad")):
            text = text.rstrip("\ufffe\x02\u00ad") + t
        else:
            text = f"{text} {t}" if text else t
    return text
