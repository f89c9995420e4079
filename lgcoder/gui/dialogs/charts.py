"""The Charts window (*Analysis ▸ Charts…*): the four charts, live for the chosen scope.

Passages per theme, who raised what, co-occurrence and the coder comparison are counted and
drawn on the window's task runner (matplotlib's Agg renderer, no Qt canvas), then shown as an
image. Clicking a bar, dot or cell lists the passages it counts in the Coded segments dock, the
way NVivo's and MAXQDA's charts open their coding. The chart follows the light/dark theme and
saves as PNG (300 dpi, for print) or SVG (for editing).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QMouseEvent, QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDockWidget,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from lgcoder.analysis.chart_data import KIND_TITLES, ChartData
from lgcoder.app.charts_service import ChartsService
from lgcoder.charts.draw import Rendered
from lgcoder.charts.scope import ChartOptions
from lgcoder.core.errors import LgcoderError
from lgcoder.core.words import counted
from lgcoder.exporters.options import Scope
from lgcoder.gui.dialogs.export_finished import export_finished
from lgcoder.gui.dialogs.export_scope import ScopePicker
from lgcoder.gui.dialogs.project_bound import ProjectBinding
from lgcoder.gui.dialogs.sizing import size_to_parent
from lgcoder.gui.tasks import Task, TaskContext

if TYPE_CHECKING:
    from lgcoder.gui.workbench import Workbench

KINDS = (
    ("Passages per theme", "prevalence"),
    ("Who raised what (speakers × themes)", "speakers"),
    ("Co-occurrence (themes × themes)", "cooccurrence"),
    ("Co-occurrence network", "cooccurrence-network"),
    ("Coder comparison (agreement)", "coders"),
)
#: Screen resolution of the drawing, in dots per inch at a device pixel ratio of 1.
SCREEN_DPI = 96


class ChartView(QLabel):
    """The drawn chart; reports clicks in image pixels and shows what is under the pointer."""

    clicked = Signal(float, float)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("chartImage")
        self.setAccessibleName("Chart")
        self.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.setMouseTracking(True)
        self.rendered: Rendered | None = None
        self.ratio = 1.0

    def show_rendered(self, rendered: Rendered, ratio: float) -> None:
        self.rendered, self.ratio = rendered, ratio
        pixmap = QPixmap()
        pixmap.loadFromData(rendered.png, "PNG")
        pixmap.setDevicePixelRatio(ratio)
        self.setPixmap(pixmap)
        self.setFixedSize(pixmap.deviceIndependentSize().toSize())

    def image_point(self, pos: QPoint) -> tuple[float, float]:
        return pos.x() * self.ratio, pos.y() * self.ratio

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        region = None
        if self.rendered is not None:
            region = self.rendered.hit(*self.image_point(event.position().toPoint()))
        self.setToolTip(region.tip + "\nClick to list the passages" if region else "")
        self.setCursor(Qt.CursorShape.PointingHandCursor if region else Qt.CursorShape.ArrowCursor)
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self.clicked.emit(*self.image_point(event.position().toPoint()))
        super().mouseReleaseEvent(event)


class ChartsWindow(QDialog):
    """Choose a chart and its scope; see it; click into it; save it."""

    def __init__(self, window: Workbench) -> None:
        super().__init__(window.as_widget())
        assert window.service is not None
        self.window_ = window
        self.service = ChartsService(window.service.project)
        self.data: ChartData | None = None
        self.task: Task | None = None
        self._pending = False
        self.setWindowTitle("Charts")
        self.setObjectName("chartsWindow")

        self.kind = QComboBox(self)
        self.kind.setAccessibleName("Chart")
        for label, key in KINDS:
            self.kind.addItem(label, key)
        self.split = QComboBox(self)
        self.split.setAccessibleName("Split bars by")
        splits: tuple[tuple[str, str | None], ...] = (
            ("No split", None),
            ("Split by document", "document"),
            ("Split by case", "case"),
            ("Split by speaker", "speaker"),
        )
        for text, split in splits:
            self.split.addItem(text, split)
        self.all_levels = QCheckBox("Sub-themes as columns", self)
        self.statistic = QComboBox(self)
        self.statistic.setAccessibleName("Agreement statistic")
        for label, key in (
            ("κ for two coders, else α", "auto"),
            ("Cohen's κ", "kappa"),
            ("Krippendorff's α", "alpha"),
        ):
            self.statistic.addItem(label, key)
        self.unit = QComboBox(self)
        self.unit.setAccessibleName("Agreement unit")
        self.unit.addItem("Characters", "char")
        self.unit.addItem("Paragraphs / turns", "segment")
        self.scope_button = QPushButton("Sco&pe…", self)
        self.scope_button.setCheckable(True)
        self.scope_button.setToolTip(
            "Choose the themes, documents, coders, cases and attributes the chart counts"
        )
        save_png = QPushButton("Save &PNG…", self)
        save_png.setToolTip("300 dpi, for reports and slides")
        save_svg = QPushButton("Save &SVG…", self)
        save_svg.setToolTip("Vector drawing, for editing in Inkscape or Illustrator")
        save_png.clicked.connect(lambda: self.save(suffix=".png"))
        save_svg.clicked.connect(lambda: self.save(suffix=".svg"))
        top = QHBoxLayout()
        caption = QLabel("&Chart:", self)
        caption.setBuddy(self.kind)
        top.addWidget(caption)
        controls: list[QWidget] = [self.kind, self.split, self.all_levels, self.statistic]
        for control in [*controls, self.unit]:
            top.addWidget(control)
        top.addStretch(1)
        for button in (self.scope_button, save_png, save_svg):
            top.addWidget(button)

        self.scope_picker = ScopePicker(self.service.choices(), self, narrowing=True)
        self.scope_picker.setVisible(False)
        self.scope_picker.setMaximumHeight(260)
        self.scope_button.toggled.connect(self.scope_picker.setVisible)

        self.view = ChartView(self)
        self.view.clicked.connect(self.open_region)
        self.scroller = QScrollArea(self)
        self.scroller.setWidget(self.view)
        self.scroller.setWidgetResizable(False)
        # a short figure sits in the middle of the pane, not on a band of empty background
        self.scroller.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.scroller.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.status = QLabel(self)
        self.status.setObjectName("chartStatus")
        self.status.setWordWrap(True)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.scope_picker)
        layout.addWidget(self.scroller, 1)
        layout.addWidget(self.status)
        size_to_parent(self, 980, 760)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(150)
        self._timer.timeout.connect(self.refresh)
        for box in (self.kind, self.split, self.statistic, self.unit):
            box.currentIndexChanged.connect(self._options_changed)
        self.all_levels.toggled.connect(self._options_changed)
        self.scope_picker.changed.connect(self.schedule)
        # redraw after every change to the project (coding, undo, redo, merge...); the project
        # closes: its charts, scope lists and passages go with it
        ProjectBinding(self, window.hub, self._forget, on_change=self.refresh)
        self._options_changed()

    # -- choices -----------------------------------------------------------------------------

    def options(self) -> ChartOptions:
        return ChartOptions(
            kind=str(self.kind.currentData()),
            split_by=self.split.currentData(),
            all_levels=self.all_levels.isChecked(),
            statistic=str(self.statistic.currentData()),
            unit=str(self.unit.currentData()),
        )

    def scope(self) -> Scope:
        return self.scope_picker.scope()

    def _options_changed(self, *_args: Any) -> None:
        kind = self.kind.currentData()
        self.split.setVisible(kind == "prevalence")
        self.all_levels.setVisible(kind == "speakers")
        self.statistic.setVisible(kind == "coders")
        self.unit.setVisible(kind == "coders")
        self.schedule()

    def schedule(self) -> None:
        """Redraw shortly (a burst of ticks in the scope lists draws once)."""
        self._timer.start()

    def _forget(self) -> None:
        """The project closed: stop a pending redraw, and let the next request open afresh."""
        self._timer.stop()
        if getattr(self.window_, "_charts", None) is self:
            self.window_._charts = None

    # -- drawing -----------------------------------------------------------------------------

    def _width_in(self) -> float:
        room = self.scroller.viewport().width() - 8
        return max(5.0, min(14.0, room / SCREEN_DPI))

    def refresh(self) -> None:
        service = self.window_.service
        if service is None or service.project is not self.service.project:
            self.status.setText("The project of this chart has been closed; close the window.")
            return
        problem = self.scope_picker.problem()
        if problem:
            self.status.setText(problem)
            return
        if self.task is not None and not self.task.finished:
            self._pending = True  # draw again with the newest choices when this one is done
            return
        ratio = self.devicePixelRatioF() or 1.0
        self.status.setText("Drawing…")
        self.task = self.window_.tasks.run(
            _draw_job,
            self.service,
            self.scope(),
            self.options(),
            bool(getattr(self.window_.as_widget(), "dark", False)),
            self._width_in(),
            SCREEN_DPI * ratio,
            on_done=lambda result: self._drawn(result, ratio),
            on_error=self._failed,
        )

    def _drawn(self, result: tuple[ChartData, Rendered], ratio: float) -> None:
        self.data, rendered = result
        self.view.show_rendered(rendered, ratio)
        what = {
            "cooccurrence-network": "a circle or the middle of a line",
            "coders": "a dot or a bar",
            "prevalence": "a bar",
        }.get(self.data.kind, "a cell")
        self.status.setText(
            (self.data.note + " " if self.data.note else "")
            + f"Click {what} to list its passages in Coded segments."
        )
        self._again()

    def _failed(self, exc: BaseException) -> None:
        self.data = None
        self.view.clear()
        self.view.rendered = None
        self.status.setText(
            str(exc) if isinstance(exc, LgcoderError) else f"Unexpected error: {exc!r}"
        )
        self._again()

    def _again(self) -> None:
        if self._pending:
            self._pending = False
            self.schedule()

    def changeEvent(self, event: QEvent) -> None:
        # the main window switched between light and dark: redraw in the new colours
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange):
            self.schedule()
        super().changeEvent(event)

    # -- clicks and saving -------------------------------------------------------------------

    def open_region(self, x: float, y: float) -> int | None:
        """List the passages behind the bar or cell at image pixel (x, y); returns how many."""
        rendered = self.view.rendered
        region = rendered.hit(x, y) if rendered is not None else None
        if region is None:
            return None
        try:
            rows = self.service.passages(self.scope(), region.target)
        except LgcoderError as exc:
            self.status.setText(str(exc))
            return None
        segments = self.window_.segments
        segments.set_rows(f"{counted(len(rows), 'passage')}: {region.target.label}", rows)
        dock = segments.parentWidget()
        while dock is not None and not isinstance(dock, QDockWidget):
            dock = dock.parentWidget()
        if dock is not None:  # the Coded segments dock: show it even if the user had hidden it
            dock.show()
            dock.raise_()
        self.status.setText(
            f"{counted(len(rows), 'passage')} of {region.tip} listed in Coded segments."
        )
        return len(rows)

    def save(self, path: str | None = None, *, suffix: str = ".png") -> Path | None:
        """Save the current chart as PNG (300 dpi) or SVG, on a light page like a report."""
        if self.data is None:
            return None
        if not path:
            name = KIND_TITLES.get(self.data.kind, "chart").split(":")[0].lower()
            suggested = str(self.window_.settings.export_folder() / f"{name}{suffix}")
            path, _ = QFileDialog.getSaveFileName(
                self, "Save the chart", suggested, "PNG image (*.png);;SVG drawing (*.svg)"
            )
        if not path:
            return None
        if not Path(path).suffix:
            path += suffix
        from lgcoder.charts.draw import save

        try:
            out = save(self.data, path)
        except LgcoderError as exc:
            self.status.setText(str(exc))
            return None
        self.window_.settings.remember_export(out)
        export_finished(self, out, f"Chart saved as {out.name}")
        return out


def _draw_job(
    _context: TaskContext,
    service: ChartsService,
    scope: Scope,
    options: ChartOptions,
    dark: bool,
    width_in: float,
    dpi: float,
) -> tuple[ChartData, Rendered]:
    return service.draw(scope, options, dark=dark, width_in=width_in, dpi=dpi)


def open_charts(window: Workbench) -> ChartsWindow | None:
    """*Analysis ▸ Charts…*: one window per main window, brought forward if already open."""
    if window.service is None:
        return None
    existing = getattr(window, "_charts", None)
    if isinstance(existing, ChartsWindow) and existing.service.project is window.service.project:
        existing.show()
        existing.raise_()
        existing.schedule()
        return existing
    dialog = ChartsWindow(window)
    window._charts = dialog  # type: ignore[attr-defined]
    dialog.show()
    return dialog
