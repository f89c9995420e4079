"""qtmodeltester on every item model, filled with real project data."""

from __future__ import annotations

from typing import Any

from lgcoder.gui.main_window import MainWindow
from lgcoder.gui.models.code_tree_model import CodeTreeModel
from lgcoder.gui.models.documents_model import DocumentsModel
from lgcoder.gui.models.segments_model import SegmentsModel
from lgcoder.gui.views.codebook_view import CodeFilterProxy
from tests.gui.conftest import TEXT, add_codes, select


def _fill(window: MainWindow) -> dict[str, str]:
    guids = add_codes(window, "barriers", "leadership")
    window.codebook_ctl.add_named("funding", guids["barriers"])
    window.codebook_ctl.add_named("skills", guids["barriers"])
    for code, needle in (("barriers", "legacy contracts"), ("leadership", "Leadership")):
        start = TEXT.index(needle)
        select(window.view, TEXT, start, start + len(needle))
        window.coding.apply_code(guids[code])
    return guids


def test_code_tree_model(qtmodeltester: Any, window: MainWindow) -> None:
    _fill(window)
    assert window.service is not None
    model = CodeTreeModel()
    model.set_tree(window.service.code_tree())
    qtmodeltester.check(model, force_py=True)
    qtmodeltester.check(model)


def test_code_filter_proxy(qtmodeltester: Any, window: MainWindow) -> None:
    _fill(window)
    assert window.service is not None
    model = CodeTreeModel()
    model.set_tree(window.service.code_tree())
    proxy = CodeFilterProxy()
    proxy.setSourceModel(model)
    proxy.setFilterFixedString("fund")
    qtmodeltester.check(proxy, force_py=True)


def test_documents_model(qtmodeltester: Any, window: MainWindow) -> None:
    _fill(window)
    assert window.service is not None
    model = DocumentsModel()
    model.set_documents(window.service.documents())
    qtmodeltester.check(model, force_py=True)
    qtmodeltester.check(model)


def test_segments_model(qtmodeltester: Any, window: MainWindow) -> None:
    guids = _fill(window)
    assert window.service is not None
    model = SegmentsModel()
    model.set_rows(window.service.retrieve(list(guids.values())))
    assert model.rowCount() == 2
    qtmodeltester.check(model, force_py=True)
    qtmodeltester.check(model)


def test_window_models_after_live_updates(qtmodeltester: Any, window: MainWindow) -> None:
    """The models the window actually uses stay valid through incremental updates."""
    guids = _fill(window)
    window.codebook.select_guids([guids["barriers"]])
    qtmodeltester.check(window.code_model, force_py=True)
    qtmodeltester.check(window.documents.model, force_py=True)
    qtmodeltester.check(window.segments.model, force_py=True)
