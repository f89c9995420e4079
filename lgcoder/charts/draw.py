"""Draw the four charts with matplotlib's Agg renderer (no Qt, no pyplot, no display).

matplotlib is imported inside the functions here, never at module level, so the CLI and the
workbench start without it (about 0.2 s and 40 MB); it loads the first time a chart is drawn.
Figures are built on :class:`matplotlib.figure.Figure` with an Agg canvas rather than through
``pyplot``: no global state, no backend selection, safe on a worker thread.

Every drawing also returns *regions*: the pixel box of each bar, segment, dot or cell with the
:class:`~lgcoder.analysis.chart_data.Target` it counts, which is how a click in the workbench
becomes a list of passages.
"""

from __future__ import annotations

import io
import math
import textwrap
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from lgcoder.analysis.chart_data import (
    ChartData,
    CoderComparison,
    HeatMap,
    Network,
    Prevalence,
    Target,
)
from lgcoder.charts.palette import DARK, LIGHT, OKABE_ITO, Style, distinguishable, text_on
from lgcoder.core.errors import ValidationError

FORMATS = (".png", ".svg")
#: Width of a chart on its own (CLI, workbench); the Word summary draws at its text width.
DEFAULT_WIDTH_IN = 7.0
LABEL_CHARS = 38


@dataclass
class Region:
    """A clickable box in image pixels (origin top left) and what it counts."""

    x0: float
    y0: float
    x1: float
    y1: float
    target: Target
    tip: str = ""

    def contains(self, x: float, y: float) -> bool:
        return self.x0 <= x <= self.x1 and self.y0 <= y <= self.y1


@dataclass
class Rendered:
    png: bytes
    width: int
    height: int
    regions: list[Region] = field(default_factory=list)

    def hit(self, x: float, y: float) -> Region | None:
        """The region under pixel (x, y); the smallest wins where boxes nest."""
        found = [r for r in self.regions if r.contains(x, y)]
        return min(found, key=lambda r: (r.x1 - r.x0) * (r.y1 - r.y0), default=None)


#: a theme's name under its circle in the network is cut after this many characters
NETWORK_LABEL_CHARS = 30
#: the network's drawing area grows with its themes up to this height (inches; a Word page's)
MAX_NETWORK_IN = 8.5
#: left, right, top, bottom margins of the network's drawing area (inches)
NETWORK_MARGINS = (0.3, 0.3, 0.1, 0.1)


def _label(text: str, limit: int = LABEL_CHARS) -> str:
    """A name as drawn: shortened with an ellipsis, and "$" escaped (names are the user's:
    "$5m and $10m" is text, and matplotlib would otherwise read it as math)."""
    short = text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
    return short.replace("$", "\\$")


def _text_in(chars: int, size_pt: float = 8.5) -> float:
    """Rough width in inches of *chars* characters of DejaVu Sans at *size_pt*."""
    return chars * size_pt * 0.6 / 72


def _theme_boxes(data: Network, areas: list[float]) -> tuple[Any, Any]:
    """Half the width and height (inches) of each network theme's circle with its name under
    it, and how far below the circle's centre that box's centre lies."""
    import numpy as np

    radius = np.sqrt(np.array(areas, dtype=np.float64)) / 2 / 72
    name_w = np.array([_text_in(len(_label(n.name, NETWORK_LABEL_CHARS)), 8) for n in data.nodes])
    name_h = 8 * 1.35 / 72 + 2 / 72  # a line of 8-point text and its gap under the circle
    half = np.column_stack([np.maximum(radius, name_w / 2), radius + name_h / 2])
    return half, half[:, 1] - radius


def _number_spot(
    a: tuple[float, float],
    b: tuple[float, float],
    digits: int,
    boxes: list[tuple[float, float, float, float]],
) -> tuple[float, float] | None:
    """Where on the line from *a* to *b* a number of *digits* is readable: its middle, or the
    nearest point to it that no theme's circle or name covers (None: nowhere; a number half
    under a name reads as part of it, "leadership/aspect 325")."""
    w, h = _text_in(digits, 7) / 2 + 0.06, 7 * 1.3 / 72 / 2 + 0.03
    for t in (0.5, 0.42, 0.58, 0.34, 0.66, 0.26, 0.74, 0.18, 0.82):
        x, y = a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1])
        if all(abs(x - bx) >= w + bw or abs(y - by) >= h + bh for bx, by, bw, bh in boxes):
            return x, y
    return None


def _integers(bins: int | Literal["auto"] = "auto") -> Any:
    """Tick marks on whole numbers only: counts of passages have no halves."""
    from matplotlib.ticker import MaxNLocator

    return MaxNLocator(nbins=bins, integer=True, min_n_ticks=1)


def _wrap(text: str, width_in: float) -> str:
    return "\n".join(textwrap.wrap(text, max(40, int(width_in * 15)))) if text else ""


class _Chart:
    """Builds one figure and remembers which artist counts what."""

    def __init__(
        self, data: ChartData, style: Style, width_in: float, annotate: bool, note: bool = True
    ) -> None:
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure

        self.data = data
        self.style = style
        self.width_in = width_in
        self.annotate = annotate
        self.hits: list[tuple[Any, Target, str]] = []  # (artist or box fn, target, tooltip)
        self.figure = Figure(figsize=(width_in, 3.0))
        #: inches kept free above and below the plot for the title and the note
        self.top_in = 0.45 if annotate else 0.12
        self.note = _wrap(data.note, width_in) if annotate and note else ""
        self.bottom_in = 0.12 + (0.14 * (self.note.count("\n") + 1) + 0.1 if self.note else 0)
        self.figure.set_facecolor(style.background)
        FigureCanvasAgg(self.figure)
        if isinstance(data, Prevalence):
            self._prevalence(data)
        elif isinstance(data, HeatMap):
            self._heat_map(data)
        elif isinstance(data, Network):
            self._network(data)
        else:
            self._coders(data)
        if annotate:
            h = self.figure.get_figheight()
            self.figure.text(
                0.5,
                1 - 0.12 / h,
                data.title,
                color=style.text,
                fontsize=11,
                fontweight="bold",
                ha="center",
                va="top",
            )
            if self.note:
                self.figure.text(
                    0.5,
                    0.08 / h,
                    self.note,
                    color=style.muted,
                    fontsize=7.5,
                    ha="center",
                    va="bottom",
                    linespacing=1.3,
                )

    # -- helpers ----------------------------------------------------------------------------

    def _axes(self, ax: Any) -> None:
        s = self.style
        ax.set_facecolor(s.background)
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)
        for side in ("left", "bottom"):
            ax.spines[side].set_color(s.grid)
        ax.tick_params(colors=s.text, labelsize=8.5)
        ax.xaxis.label.set_color(s.text)
        ax.yaxis.label.set_color(s.text)

    def _row_labels(
        self,
        ax: Any,
        ys: list[int],
        labels: list[str],
        bold: list[bool] | None = None,
        indent_from: float | None = None,
    ) -> None:
        """Category names left of the axes as plain texts: a matplotlib tick per bar builds a
        line and two texts each, the slowest part of a 40-bar chart. With *indent_from* (the
        left margin in inches) names start at the figure's edge, so sub-themes can be indented;
        otherwise they end at the axes."""
        from matplotlib.transforms import blended_transform_factory, offset_copy

        ax.set_yticks([])
        shift = -4.0 if indent_from is None else -(indent_from * 72 - 8)
        place = offset_copy(
            blended_transform_factory(ax.transAxes, ax.transData),
            self.figure,
            x=shift,
            units="points",
        )
        for i, (y, text) in enumerate(zip(ys, labels, strict=True)):
            ax.text(
                0,
                y,
                text,
                transform=place,
                ha="right" if indent_from is None else "left",
                va="center",
                fontsize=8.5,
                color=self.style.text,
                fontweight="bold" if bold and bold[i] else "normal",
            )

    def _column_labels(
        self, ax: Any, xs: list[int], labels: list[str], *, turned: bool = True
    ) -> None:
        """Column names under a heat map, turned 40 degrees when long (see :meth:`_row_labels`)."""
        from matplotlib.transforms import blended_transform_factory, offset_copy

        ax.set_xticks([])
        place = offset_copy(
            blended_transform_factory(ax.transData, ax.transAxes),
            self.figure,
            y=-4,
            units="points",
        )
        for x, text in zip(xs, labels, strict=True):
            ax.text(
                x,
                0,
                text,
                transform=place,
                ha="right" if turned else "center",
                va="top",
                rotation=40 if turned else 0,
                rotation_mode="anchor",
                fontsize=8.5,
                color=self.style.text,
            )

    def _height(self, rows: int, per_row: float, extra: float) -> float:
        """Size the figure for *rows* rows plus *extra* inches of axes labels; returns it."""
        h = min(30.0, max(2.2, extra + self.top_in + self.bottom_in + per_row * rows))
        self.figure.set_figheight(h)
        return h

    def _place(self, ax: Any, left: float, right: float, top: float, bottom: float) -> None:
        """Put *ax* with these margins in inches (a fixed layout: no layout engine passes)."""
        w, h = self.figure.get_figwidth(), self.figure.get_figheight()
        top += self.top_in
        bottom += self.bottom_in
        ax.set_position(
            (
                left / w,
                bottom / h,
                max(0.05, 1 - (left + right) / w),
                max(0.05, 1 - (top + bottom) / h),
            )
        )

    def _bars(
        self,
        ax: Any,
        boxes: list[tuple[float, float, float, float]],
        colours: list[str],
        alphas: list[float] | None = None,
    ) -> None:
        """Rectangles ``(x0, y0, x1, y1)`` in data units as one collection. ``barh`` adds a
        patch per bar, and matplotlib works out each patch's data limits from its Bezier path:
        a fifth of the drawing time of a split 30-bar chart. The axes' limits are set by the
        caller, so nothing is lost."""
        from matplotlib.collections import PolyCollection
        from matplotlib.colors import to_rgba

        fills = [
            to_rgba(c, alphas[i] if alphas is not None else 1.0) for i, c in enumerate(colours)
        ]
        ax.add_collection(
            PolyCollection(
                [[(x0, y0), (x1, y0), (x1, y1), (x0, y1)] for x0, y0, x1, y1 in boxes],
                facecolors=fills,
                edgecolors="none",
                linewidths=0,
            )
        )

    def _after(self, ax: Any, points: float) -> Any:
        """Data coordinates shifted right by *points*: where a bar's value is written."""
        from matplotlib.transforms import offset_copy

        return offset_copy(ax.transData, self.figure, x=points, units="points")

    # -- prevalence -------------------------------------------------------------------------

    def _prevalence(self, data: Prevalence) -> None:
        s = self.style
        bars = data.bars
        boxes: list[tuple[float, float, float, float]] = []
        fills: list[str] = []
        self._height(len(bars), 0.27, 0.7)
        ax = self.figure.add_subplot()
        self._axes(ax)
        ys = list(range(len(bars)))
        labels = ["\u2003" * b.depth + _label(b.name) for b in bars]
        left = max((_text_in(len(b.name[:LABEL_CHARS]) + 2 * b.depth) for b in bars), default=1)
        right = 0.45
        if data.split_by is not None:
            right += _text_in(max((len(_label(n, 28)) for n in data.series), default=6), 7.5)
        self._place(ax, left + 0.2, right, 0.1, 0.5)
        if not bars:
            ax.text(0.5, 0.5, "No themes in scope", ha="center", color=s.muted)
            ax.set_axis_off()
            return
        if data.split_by is None:
            roots = [b for b in bars if b.depth == 0]
            colours = dict(
                zip(
                    [b.path for b in roots],
                    distinguishable([b.color for b in roots], s.background),
                    strict=True,
                )
            )
            alphas: list[float] = []
            top = ""
            for b in bars:
                top = b.path if b.depth == 0 else top
                fills.append(colours.get(top, OKABE_ITO[0]))
                alphas.append(1.0 if b.depth == 0 else 0.55)
            boxes += [
                (0.0, y - 0.36, float(b.value), y + 0.36) for y, b in zip(ys, bars, strict=True)
            ]
            self._bars(ax, boxes, fills, alphas)
            after = self._after(ax, 3)
            for box, b in zip(boxes, bars, strict=True):
                self.hits.append((("box", ax, *box), b.target, f"{b.path}: {b.value}"))
                ax.text(
                    b.value,
                    (box[1] + box[3]) / 2,
                    str(b.value),
                    transform=after,
                    ha="left",
                    va="center",
                    color=s.text,
                    fontsize=8,
                )
        else:
            series = data.series
            tints = distinguishable(["#"] * len(series), s.background)
            start = [0] * len(bars)
            peak = max((b.value for b in bars), default=1) or 1
            for k in range(len(series)):
                values = [b.parts[k][1] if k < len(b.parts) else 0 for b in bars]
                for y, b, x, v in zip(ys, bars, start, values, strict=True):
                    if not v:
                        continue
                    box = (float(x), y - 0.36, float(x + v), y + 0.36)
                    boxes.append(box)
                    fills.append(tints[k])
                    column, n, target = b.parts[k]
                    self.hits.append((("box", ax, *box), target, f"{b.path}, {column}: {n}"))
                    if v / peak > 0.06:
                        ax.text(
                            x + v / 2,
                            y,
                            str(v),
                            ha="center",
                            va="center",
                            fontsize=7,
                            color=text_on(tints[k]),
                        )
                start = [a + v for a, v in zip(start, values, strict=True)]
            self._bars(ax, boxes, fills)
            after = self._after(ax, 3)
            for y, b, width in zip(ys, bars, start, strict=True):
                ax.text(
                    width,
                    y,
                    str(b.value),
                    transform=after,
                    ha="left",
                    va="center",
                    fontsize=8,
                    color=s.text,
                )
            from matplotlib.patches import Patch

            handles = [
                Patch(facecolor=tint, label=_label(name, 28))
                for tint, name in zip(tints, series, strict=True)
            ]
            legend = ax.legend(
                handles=handles,
                fontsize=7.5,
                frameon=False,
                labelcolor=s.text,
                loc="upper left",
                bbox_to_anchor=(1.0, 1.0),
                title=data.split_by.capitalize(),
                title_fontsize=7.5,
                alignment="left",
            )
            legend.get_title().set_color(s.text)
        ax.set_ylim(len(bars) - 0.5, -0.5)
        self._row_labels(ax, ys, labels, [b.depth == 0 for b in bars], indent_from=left + 0.2)
        ax.set_xlabel("Coded passages (sub-themes included)")
        longest = max((sum(n for _c, n, _t in b.parts) or b.value for b in bars), default=0)
        ax.set_xlim(0, max(1, longest) * 1.1)  # room for the value after the longest bar
        ax.xaxis.set_major_locator(_integers())
        ax.xaxis.grid(True, color=s.grid, linewidth=0.6)
        ax.set_axisbelow(True)

    # -- heat maps --------------------------------------------------------------------------

    def _heat_map(self, data: HeatMap) -> None:
        import numpy as np

        s = self.style
        rows, cols = len(data.rows), len(data.columns)
        longest = max((len(_label(c, 30)) for c in data.columns), default=4)
        left = _text_in(max((len(_label(r, 30)) for r in data.rows), default=4)) + 0.45
        cell_in = (self.width_in - left - 1.0) / max(1, cols)
        # names turn only when they would not fit side by side under their columns
        turned = _text_in(longest) > 0.92 * cell_in
        names_in = _text_in(longest) * 0.66 if turned else 0.16
        bottom = names_in + 0.4
        self._height(rows, 0.3, bottom + 0.15)
        ax = self.figure.add_subplot()
        self._axes(ax)
        self._place(ax, left, 1.0, 0.1, bottom)
        if not rows or not cols:
            ax.text(0.5, 0.5, "Nothing to show in this scope", ha="center", color=s.muted)
            ax.set_axis_off()
            return
        grid = np.array([[np.nan if v is None else float(v) for v in row] for row in data.values])
        peak = max(1, data.peak())
        # cells without meaning: blank in the co-occurrence triangle, greyed elsewhere (one
        # colour of the image, not a patch per cell)
        cmap = self._cmap().with_extremes(
            bad=s.background if data.kind == "cooccurrence" else s.empty
        )
        image = ax.imshow(np.ma.masked_invalid(grid), cmap=cmap, vmin=0, vmax=peak, aspect="auto")
        self._row_labels(ax, list(range(rows)), [_label(r, 30) for r in data.rows])
        self._column_labels(
            ax, list(range(cols)), [_label(c, 30) for c in data.columns], turned=turned
        )
        for spine in ax.spines.values():
            spine.set_visible(False)
        cell_pt = ax.get_position().width * self.figure.get_figwidth() * 72 / cols
        digits = max(1, len(str(peak)))
        small = max(4.5, min(8.0, cell_pt / (0.62 * digits + 0.8)))
        for i in range(rows):
            for j in range(cols):
                v = data.values[i][j]
                if v is None:
                    continue
                colour = cmap(v / peak)
                hexa = "#{:02x}{:02x}{:02x}".format(*(round(255 * c) for c in colour[:3]))
                ax.text(j, i, str(v), ha="center", va="center", fontsize=small, color=text_on(hexa))
                target = data.targets[i][j]
                if target is not None:
                    self.hits.append((("cell", ax, i, j), target, f"{target.label}: {v}"))
        box = ax.get_position()
        w = self.figure.get_figwidth()
        cax = self.figure.add_axes((box.x1 + 0.15 / w, box.y0, 0.12 / w, box.height))
        bar = self.figure.colorbar(image, cax=cax)
        bar.set_label(
            "Coded passages" if data.kind != "cooccurrence" else "Overlapping pairs",
            color=s.text,
            fontsize=8,
        )
        bar.ax.tick_params(colors=s.text, labelsize=7)
        bar.ax.yaxis.set_major_locator(_integers())
        bar.outline.set_visible(False)
        # the names are plain texts, not tick labels: keep the axis titles clear of them
        row_chars = max((len(_label(r, 30)) for r in data.rows), default=4)
        ax.set_xlabel(data.column_title, labelpad=names_in * 72 + 4)
        ax.set_ylabel(data.row_title, labelpad=_text_in(row_chars) * 0.9 * 72 + 8)

    def _cmap(self) -> Any:
        import matplotlib

        return matplotlib.colormaps[self.style.heat_map]

    # -- co-occurrence network --------------------------------------------------------------

    def _network(self, data: Network) -> None:
        """Themes as circles (area: their passages), lines between themes coded on the same
        passages (width: overlapping pairs), placed by a force-directed layout (networkx's
        Fruchterman-Reingold, seeded: the same project draws the same picture), so themes that
        keep coming up together sit together."""
        import networkx as nx
        from matplotlib.collections import LineCollection

        s = self.style
        most = max((node.passages for node in data.nodes), default=1) or 1
        areas = [140 + 1000 * node.passages / most for node in data.nodes]  # points squared
        half, drop = _theme_boxes(data, areas)
        # a crowded network gets a taller picture: circles and names need about twice their
        # own area to be laid out without overlapping
        room = self.width_in - 0.6
        height = max(
            min(7.0, self.width_in * 0.55),
            min(MAX_NETWORK_IN, 2.2 * float((4 * half.prod(axis=1)).sum()) / room),
        )
        self.figure.set_figheight(height + self.top_in + self.bottom_in)
        ax = self.figure.add_subplot()
        ax.set_facecolor(s.background)
        ax.set_axis_off()
        self._place(ax, *NETWORK_MARGINS)
        if not data.links:
            ax.text(0.5, 0.5, "No themes share a passage in this scope", ha="center", color=s.muted)
            return
        graph = nx.Graph()
        heaviest = max(link.weight for link in data.links)
        graph.add_nodes_from(node.path for node in data.nodes)
        for link in data.links:
            graph.add_edge(link.a, link.b, strength=link.weight / heaviest)
        spread = 3.5 / math.sqrt(max(1, len(data.nodes)))
        layout = nx.spring_layout(graph, weight="strength", k=spread, seed=14, iterations=120)
        pos = self._spread_out(ax, data, layout, half, drop)

        widths = [0.8 + 5.2 * link.weight / heaviest for link in data.links]
        lines = LineCollection(
            [(pos[link.a], pos[link.b]) for link in data.links],
            linewidths=widths,
            colors=s.muted,
            alpha=0.5,
            zorder=1,
        )
        ax.add_collection(lines)
        boxes = [(x, y - d, w, h) for (x, y), (w, h), d in zip(
            (pos[node.path] for node in data.nodes), half, drop, strict=True
        )]  # fmt: skip
        for link in data.links:
            (xa, ya), (xb, yb) = pos[link.a], pos[link.b]
            tip = f"{link.target.label}: {link.weight} overlapping pairs"
            self.hits.append((("disc", ax, (xa + xb) / 2, (ya + yb) / 2, 7.0), link.target, tip))
            spot = _number_spot((xa, ya), (xb, yb), len(str(link.weight)), boxes)
            if not link.numbered or spot is None:
                continue
            mx, my = spot
            ax.text(
                mx,
                my,
                str(link.weight),
                ha="center",
                va="center",
                fontsize=7,
                color=s.text,
                zorder=2,
                bbox={"boxstyle": "round,pad=0.15", "fc": s.background, "ec": "none", "alpha": 0.8},
            )

        roots = list(dict.fromkeys(node.path.split("/")[0] for node in data.nodes))
        first: dict[str, str] = {}
        for node in data.nodes:
            first.setdefault(node.path.split("/")[0], node.color)
        colours = dict(
            zip(roots, distinguishable([first[r] for r in roots], s.background), strict=True)
        )
        fills = [colours[node.path.split("/")[0]] for node in data.nodes]
        ax.scatter(
            [pos[node.path][0] for node in data.nodes],
            [pos[node.path][1] for node in data.nodes],
            s=areas,
            color=fills,
            edgecolors=s.background,
            zorder=3,
        )
        for node, area, fill in zip(data.nodes, areas, fills, strict=True):
            x, y = pos[node.path]
            ax.text(
                x,
                y,
                str(node.passages),
                ha="center",
                va="center",
                fontsize=7,
                color=text_on(fill),
                zorder=4,
            )
            radius = math.sqrt(area) / 2
            ax.annotate(  # the theme's own name: its colour is its top-level theme's
                _label(node.name, NETWORK_LABEL_CHARS),
                (x, y),
                xytext=(0, -(radius + 2)),
                textcoords="offset points",
                ha="center",
                va="top",
                fontsize=8,
                color=s.text,
                zorder=5,
                bbox={"boxstyle": "square,pad=0.1", "fc": s.background, "ec": "none", "alpha": 0.7},
            )
            self.hits.append(
                (("disc", ax, x, y, radius), node.target, f"{node.path}: {node.passages} passages")
            )
        width, height = self._inches(ax)
        ax.set_xlim(0, width)  # positions are in inches: circles and names keep their room
        ax.set_ylim(0, height)

    def _inches(self, ax: Any) -> tuple[float, float]:
        box = ax.get_position()
        return box.width * self.figure.get_figwidth(), box.height * self.figure.get_figheight()

    def _spread_out(
        self, ax: Any, data: Network, layout: dict[str, Any], half: Any, drop: Any
    ) -> dict[str, tuple[float, float]]:
        """The layout in inches, each theme's circle and name (under it) moved apart from the
        others just enough that none overlaps (:func:`~lgcoder.charts.spread.separate`)."""
        import numpy as np

        from lgcoder.charts.spread import overlapping_pairs, separate

        raw = np.array([layout[node.path] for node in data.nodes], dtype=np.float64)
        low, span = raw.min(axis=0), np.ptp(raw, axis=0)
        unit = (raw - low) / np.where(span > 0, span, 1.0)
        while True:
            width, height = self._inches(ax)
            boxes = separate(unit * [width, height], half, (width, height))
            if not overlapping_pairs(boxes, half) or height >= MAX_NETWORK_IN:
                break
            # still crowded: a little taller, and lay out again
            self.figure.set_figheight(self.figure.get_figheight() + 0.5)
            self._place(ax, *NETWORK_MARGINS)
        return {
            node.path: (float(x), float(y + d))
            for node, (x, y), d in zip(data.nodes, boxes, drop, strict=True)
        }

    # -- coder comparison -------------------------------------------------------------------

    def _coders(self, data: CoderComparison) -> None:
        s = self.style
        rows = data.rows
        self._height(len(rows), 0.3, 1.0)
        dots, counts = self.figure.subplots(1, 2, sharey=True)
        for ax in (dots, counts):
            self._axes(ax)
        left = (
            _text_in(max((len(_label(r.name)) + 2 * r.path.count("/") for r in rows), default=6))
            + 0.2
        )
        room = self.width_in - left - 0.35
        gap = 0.2
        first = (room - gap) * 0.55
        self._place(dots, left, self.width_in - left - first, 0.35, 0.5)
        self._place(counts, left + first + gap, 0.35, 0.35, 0.5)
        ys = list(range(len(rows)))
        symbol = "κ" if data.statistic == "kappa" else "α"
        if not rows:
            dots.text(0.5, 0.5, "No themes coded in scope", ha="center", color=s.muted)
            return
        values = [r.value for r in rows]
        lo = min([0.0, *(v for v in values if v is not None)]) - 0.05
        dots.axvline(data.threshold, color=s.low, linestyle="--", linewidth=1)
        dots.text(
            data.threshold,
            -0.9,
            f"low below {data.threshold}",
            color=s.low,
            fontsize=7,
            ha="center",
            va="bottom",
        )
        dots.hlines(ys, lo, 1.0, color=s.grid, linewidth=0.6, zorder=0)
        for low, marker, colour in ((False, "o", s.good), (True, "X", s.low)):
            chosen = [
                (r.value, y)
                for y, r in zip(ys, rows, strict=True)
                if r.value is not None and r.low == low
            ]
            if chosen:
                dots.scatter(
                    [v for v, _ in chosen],
                    [y for _, y in chosen],
                    marker=marker,
                    s=46,
                    color=colour,
                    zorder=3,
                )
        for y, r in zip(ys, rows, strict=True):
            if r.value is None:
                dots.text(0.0, y, "n/a", va="center", fontsize=7.5, color=s.muted)
                continue
            tip = f"{r.path}: {symbol} = {r.value:.2f}" + (" (low)" if r.low else "")
            self.hits.append((("point", dots, r.value, y), r.target, tip))
            dots.annotate(
                f"{r.value:.2f}" + (" low" if r.low else ""),
                (r.value, y),
                xytext=(6, 0),
                textcoords="offset points",
                va="center",
                fontsize=7.5,
                color=s.low if r.low else s.text,
                fontweight="bold" if r.low else "normal",
            )
        dots.set_xlim(lo, 1.18)
        self._row_labels(
            dots,
            ys,
            ["\u2003" * r.path.count("/") + _label(r.name) for r in rows],
            [("/" not in r.path) for r in rows],
            indent_from=left,
        )
        dots.set_ylim(len(rows) - 0.5, -1)
        pooled = "n/a" if data.pooled is None else f"{data.pooled:.2f}"
        dots.set_xlabel(f"Agreement ({symbol}); pooled {pooled}")
        colours = distinguishable(["#"] * len(data.coders), s.background)
        height = 0.8 / max(1, len(data.coders))
        boxes: list[tuple[float, float, float, float]] = []
        fills: list[str] = []
        after = self._after(counts, 2)
        for k, coder in enumerate(data.coders):
            for y, r in zip(ys, rows, strict=True):
                v = r.counts.get(coder, 0)
                base = y - 0.4 + height * k
                box = (0.0, base, float(v), base + height)
                boxes.append(box)
                fills.append(colours[k])
                target = Target(
                    r.path, rollup=False, by="coder", columns=(coder,), label=f"{coder} on {r.path}"
                )
                self.hits.append((("box", counts, *box), target, f"{coder}, {r.path}: {v}"))
                counts.text(
                    v,
                    base + height / 2,
                    str(v),
                    transform=after,
                    ha="left",
                    va="center",
                    fontsize=7,
                    color=s.text,
                )
        self._bars(counts, boxes, fills)
        most = max((b[2] for b in boxes), default=0.0)
        counts.set_xlim(0, max(1.0, most) * 1.18)  # room for the number after the longest bar
        counts.xaxis.set_major_locator(_integers(4))
        counts.set_xlabel("Coded passages per coder")
        from matplotlib.patches import Patch

        counts.legend(
            handles=[
                Patch(facecolor=colours[k], label=_label(coder, 20))
                for k, coder in enumerate(data.coders)
            ],
            fontsize=7.5,
            frameon=False,
            labelcolor=s.text,
            loc="lower right",
            bbox_to_anchor=(1.0, 1.0),
            ncols=min(4, len(data.coders)),
        )
        counts.tick_params(left=False, labelleft=False)

    # -- output -----------------------------------------------------------------------------

    def regions(self, dpi: float) -> list[Region]:
        """Pixel boxes of every clickable artist, after the figure has been drawn at *dpi*."""
        fig = self.figure
        height = fig.get_figheight() * dpi
        renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]
        out = []
        for artist, target, tip in self.hits:
            if isinstance(artist, tuple) and artist[0] == "box":
                _box, ax, bx0, by0, bx1, by1 = artist
                (x0, y0), (x1, y1) = ax.transData.transform([(bx0, by0), (bx1, by1)])
                x0, x1 = sorted((x0, x1))
                if x1 - x0 < 6:  # a sliver: give the pointer something to hit
                    mid = (x0 + x1) / 2
                    x0, x1 = mid - 5, mid + 5
            elif isinstance(artist, tuple) and artist[0] == "disc":
                _disc, ax, px, py, radius_pt = artist
                ((cx, cy),) = ax.transData.transform([(px, py)])
                r = (radius_pt + 1) * dpi / 72
                x0, y0, x1, y1 = cx - r, cy - r, cx + r, cy + r
            elif isinstance(artist, tuple) and artist[0] == "point":
                _point, ax, px, py = artist
                ((cx, cy),) = ax.transData.transform([(px, py)])
                r = 6 * dpi / 100  # a dot's radius and a little more, in pixels
                x0, y0, x1, y1 = cx - r, cy - r, cx + r, cy + r
            elif isinstance(artist, tuple):
                _cell, ax, i, j = artist
                (x0, y0), (x1, y1) = ax.transData.transform(
                    [(j - 0.5, i + 0.5), (j + 0.5, i - 0.5)]
                )
            else:
                box = artist.get_window_extent(renderer)
                x0, y0, x1, y1 = box.x0, box.y0, box.x1, box.y1
                if not all(map(math.isfinite, (x0, y0, x1, y1))):
                    continue
                if x1 - x0 < 6:  # a dot or a sliver: give the pointer something to hit
                    mid = (x0 + x1) / 2
                    x0, x1 = mid - 5, mid + 5
            lo_y, hi_y = sorted((y0, y1))
            out.append(Region(min(x0, x1), height - hi_y, max(x0, x1), height - lo_y, target, tip))
        return out


def figure_for(
    data: ChartData,
    *,
    dark: bool = False,
    width_in: float = DEFAULT_WIDTH_IN,
    annotate: bool = True,
) -> Any:
    """The matplotlib Figure of *data* (light or dark)."""
    return _Chart(data, DARK if dark else LIGHT, width_in, annotate).figure


def render(
    data: ChartData,
    *,
    dark: bool = False,
    width_in: float = DEFAULT_WIDTH_IN,
    dpi: float = 100,
    annotate: bool = True,
    note: bool = True,
) -> Rendered:
    """A PNG of the chart with its clickable regions in that PNG's pixels.

    Without *annotate* there is no title and no note (the Word summary has its caption and
    source note); without *note* only the note is left out (the Charts window shows it in its
    status line, in the interface's font)."""
    chart = _Chart(data, DARK if dark else LIGHT, width_in, annotate, note)
    fig = chart.figure
    fig.set_dpi(dpi)
    buffer = io.BytesIO()
    # a picture for the screen is shown once: the fastest compression (a tenth of the drawing
    # time at level 6) costs a few kilobytes; a print picture keeps the default
    quick = {"compress_level": 1} if dpi < 150 else None
    fig.savefig(buffer, format="png", dpi=dpi, facecolor=fig.get_facecolor(), pil_kwargs=quick)
    regions = chart.regions(dpi)  # the transforms of the draw savefig just made
    width, height = fig.canvas.get_width_height()
    return Rendered(buffer.getvalue(), int(width), int(height), regions)


def check_format(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix not in FORMATS:
        raise ValidationError(
            f"{path.name}: a chart is saved as .png or .svg, not '{path.suffix or 'no extension'}'"
        )
    return suffix[1:]


def save(
    data: ChartData,
    path: str | Path,
    *,
    dark: bool = False,
    dpi: float = 300,
    width_in: float = DEFAULT_WIDTH_IN,
    annotate: bool = True,
) -> Path:
    """Write the chart as PNG (at *dpi*, 300 for print) or SVG, atomically."""
    from lgcoder.exporters.files import check_output, save_atomically

    path = Path(path)
    fmt = check_format(path)
    check_output(path, FORMATS)
    fig = figure_for(data, dark=dark, width_in=width_in, annotate=annotate)

    def write(target: Path) -> None:
        fig.savefig(
            target,
            format=fmt,
            dpi=dpi,
            facecolor=fig.get_facecolor(),
            metadata={"Software": "lgcoder"} if fmt == "png" else {"Creator": "lgcoder"},
        )

    save_atomically(path, write)
    return path
