"""No import cycles among the workbench's modules, the app layer or core, by grimp's measure.

A cycle is a module that imports, directly or through others, a module that imports it. Imports
made only for type checking count too: they are what kept every controller tied to the concrete
main window before controllers depended on the ``Workbench`` protocol. Imports made inside a
function count as well: a lazy import hides a cycle from Python, not from a reader (core had
``db`` <-> ``atomic_create``/``schema``, ``pg`` <-> ``live`` and ``ops.cases`` <-> ``ops.attributes``).
"""

from __future__ import annotations

import grimp
import pytest


@pytest.fixture(scope="module")
def graph() -> grimp.ImportGraph:
    return grimp.build_graph("lgcoder", cache_dir=None)


@pytest.mark.parametrize("package", ["lgcoder.gui", "lgcoder.app", "lgcoder.core"])
def test_no_import_cycles(graph: grimp.ImportGraph, package: str) -> None:
    modules = {m for m in graph.modules if m == package or m.startswith(package + ".")}
    cycles = []
    for module in sorted(modules):
        for imported in sorted(graph.find_modules_directly_imported_by(module) & modules):
            if graph.chain_exists(importer=imported, imported=module):
                cycles.append(f"{module} -> {imported} -> ... -> {module}")
    assert cycles == []
