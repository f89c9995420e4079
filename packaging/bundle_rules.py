"""What the frozen app leaves out, and why each is safe: read by lgcoder.spec and by the tests.

The app folder has a size budget (250 MB unpacked, 110 MB download; ``python -m benchmarks
bench_package``). Everything listed here is something lgcoder never imports at run time, or
imports only inside a ``try`` that has a fallback. ``tests/packaging/test_bundle_rules.py``
runs the features (every chart, the Word export with charts, PDF import through the helper
process and the pdfminer reader, all importers, REFI-QDA, the tables, keyring, the PostgreSQL
dialect) in a Python where these modules cannot be imported, as in the frozen app, and
``tests/packaging/test_frozen.py`` runs the same features in the built app.

Kept deliberately (they look optional but are not): ``ssl`` and OpenSSL (psycopg's binary
libpq wrapper imports ``ssl`` to set up libcrypto), ``cryptography`` (pdfminer's decryption
of AES-encrypted PDFs, and the Secret Service keyring on Linux), pdfminer's CMaps (CJK text in
PDFs that only pdfminer can open), ``mpl_toolkits.mplot3d`` (``matplotlib.projections``
imports it and warns without it), ``numpy.random`` (networkx seeds the network layout with it),
the CJK codecs (charset detection of legacy text files), ``asyncio`` (psycopg imports it),
``unittest`` (pyparsing, which matplotlib needs, imports it at start-up).
"""

from __future__ import annotations

#: Top-level packages and modules left out, with the reason each is safe. A name covers its
#: submodules too.
EXCLUDED_MODULES: dict[str, str] = {
    # --- tools that were never part of the app (from before issue 16's size work) ---
    "tkinter": "another GUI toolkit; lgcoder is Qt",
    "_tkinter": "another GUI toolkit; lgcoder is Qt",
    "turtle": "tkinter demo",
    "idlelib": "the IDLE editor",
    "pydoc_data": "pydoc's topic index, for help() in a REPL",
    "pytest": "test tool",
    "_pytest": "test tool",
    "pytestqt": "test tool",
    "hypothesis": "test tool",
    "sklearn": "test-only reference for the agreement statistics",
    "scipy": "optional for networkx/matplotlib; the layout lgcoder uses is numpy-only",
    "mypy": "type checker",
    "ruff": "linter",
    "krippendorff": "test-only reference for Krippendorff's alpha",
    "IPython": "interactive shell",
    "pandas": "optional for networkx/openpyxl; lgcoder never builds a DataFrame",
    "PyInstaller": "the packager itself",
    "readline": "line editing for an interactive Python prompt",
    # --- debugging and test harnesses of the standard library and of numpy (issue 16) ---
    "doctest": "tests only: lxml.doctestcompare, fontTools' self-tests import it",
    "pdb": "the debugger (doctest's and numpy.testing's import)",
    "pydoc": "help() text; numpy imports it only inside np.info()",
    "numpy.testing": "numpy's test helpers, loaded only on first use of np.testing",
    "numpy.f2py": "a build tool (Fortran wrappers), loaded only on first use of np.f2py",
    "numpy.distutils": "a build tool, gone from numpy 2",
    "numpy.fft": "Fourier transforms, loaded on first use of np.fft: only matplotlib.mlab's "
    "spectra (psd, specgram) call it, and no chart draws one",
    "numpy._core._multiarray_tests": "numpy's C test helpers (its conftest imports them)",
    "numpy.polynomial": "polynomial classes, loaded on first use of np.polynomial; matplotlib "
    "and networkx do not use them (np.polyfit is numpy.lib)",
    "_pydecimal": "decimal's pure-Python twin, imported only when the C _decimal is missing",
    "psutil": "imported only by numpy.testing",
    "threadpoolctl": "imported only inside np.show_runtime()",
    # --- optional parts of libraries, never reached from lgcoder (issue 16) ---
    "pygments": "only mako.ext.pygmentplugin imports it (syntax colouring of template "
    "tracebacks as HTML); lgcoder renders no Mako templates, Alembic needs Mako only to write "
    "new revision files, a developer command",
    "mako.ext": "Mako's plugins (Babel, Pygments, Turbogears); mako.exceptions tries the "
    "Pygments one at import and falls back to plain escaping",
    "sqlalchemy.dialects.mysql": "lgcoder opens only sqlite:// and postgresql:// URLs; "
    "SQLAlchemy imports a dialect by name when an engine for it is made",
    "sqlalchemy.dialects.mssql": "as sqlalchemy.dialects.mysql",
    "sqlalchemy.dialects.oracle": "as sqlalchemy.dialects.mysql",
    "sqlalchemy.ext.mypy": "SQLAlchemy's plugin for the mypy type checker",
    "sqlalchemy.testing": "SQLAlchemy's own test suite support",
    "lxml.html": "lxml's HTML tools; the HTML importer uses the standard library's html.parser "
    "and python-docx only lxml.etree",
    "lxml.objectify": "not used by python-docx or lgcoder",
    "lxml.sax": "SAX bridge; python-docx and lgcoder build trees with lxml.etree",
    "lxml.builder": "E-factory; python-docx and lgcoder build trees with lxml.etree",
    "lxml.isoschematron": "not used by python-docx or lgcoder",
    "xmlrpc": "XML-RPC client/server (defusedxml.xmlrpc patches it only when asked)",
    "mpl_toolkits.axes_grid1": "matplotlib add-on for image grids; charts use plain axes",
    "mpl_toolkits.axisartist": "matplotlib add-on for curvilinear axes; charts use plain axes",
    # --- matplotlib: charts are drawn with the Agg renderer (PNG) and the SVG writer only ---
    "matplotlib.pyplot": "the interactive state machine; charts build Figure objects directly",
    "matplotlib.pylab": "pyplot plus numpy in one namespace",
    "matplotlib.testing": "matplotlib's test helpers",
    "matplotlib.tests": "matplotlib's tests",
    "matplotlib.sphinxext": "documentation build plugins",
    "matplotlib._qhull": "Delaunay triangulation, imported inside Triangulation only when it "
    "must compute triangles (tricontour, triplot); no chart draws one",
    **{
        f"matplotlib.backends.{m}": "an interactive or other-format backend; charts use Agg/SVG"
        for m in (
            "backend_qtagg", "backend_qtcairo", "backend_qt", "backend_qt5", "backend_qt5agg",
            "backend_qt5cairo", "qt_compat", "qt_editor", "backend_tkagg", "backend_tkcairo",
            "_backend_tk", "backend_gtk3", "backend_gtk3agg", "backend_gtk3cairo",
            "backend_gtk4", "backend_gtk4agg", "backend_gtk4cairo", "_backend_gtk",
            "backend_wx", "backend_wxagg", "backend_wxcairo", "backend_macosx",
            "backend_webagg", "backend_webagg_core", "backend_nbagg", "backend_cairo",
            "backend_pgf", "backend_template", "backend_pdf", "backend_ps", "_backend_pdf_ps",
        )
    },  # fmt: skip
    # --- Pillow: matplotlib hands it finished RGBA pixels to write a PNG ---
    "PIL.ImageQt": "Pillow's bridge to Qt; charts reach Qt as PNG bytes",
    "PIL.ImageTk": "Pillow's bridge to tkinter",
    "PIL.ImageShow": "opens images in an external viewer",
    "PIL._avif": "AVIF codec; matplotlib writes PNG only",
    "PIL.AvifImagePlugin": "AVIF codec; matplotlib writes PNG only",
    "PIL._webp": "WebP codec; matplotlib writes PNG only",
    "PIL.WebPImagePlugin": "WebP codec; matplotlib writes PNG only",
    "PIL._imagingcms": "colour management; matplotlib writes PNG only",
    "PIL.ImageCms": "colour management; matplotlib writes PNG only",
    "PIL._imagingft": "Pillow's FreeType text drawing (with its own FreeType, HarfBuzz and "
    "Brotli, 3.5 MB); matplotlib renders text with its own ft2font. PIL.ImageFont, imported "
    "by pdfplumber's page-image debugging only, defers the missing module until a font is used",
    # --- Qt modules lgcoder never imports (QtWebEngine alone is ~200 MB) ---
    **{
        f"PySide6.{m}": "a Qt module lgcoder never imports (it uses QtCore, QtGui, QtWidgets)"
        for m in (
            "QtNetwork", "QtQml", "QtQuick", "QtQuickWidgets", "QtQuick3D",
            "QtWebEngineCore", "QtWebEngineWidgets", "QtWebChannel", "QtWebSockets",
            "Qt3DCore", "QtMultimedia", "QtOpenGL", "QtOpenGLWidgets", "QtSql", "QtTest",
            "QtDesigner", "QtHelp", "QtUiTools", "QtXml", "QtPdf", "QtPdfWidgets", "QtCharts",
            "QtDataVisualization", "QtConcurrent", "QtDBus", "QtStateMachine", "QtSvgWidgets",
        )
    },  # fmt: skip
}

#: Excluded modules that lgcoder's libraries do try to import, inside a ``try`` with a fallback
#: (the guard test allows these attempts; any other attempt fails it).
TRIED_WITH_FALLBACK: dict[str, str] = {
    "PIL._imagingft": "PIL.ImageFont: DeferredError until a font is used",
    "mako.ext": "mako.exceptions: without the Pygments plugin, plain HTML escaping",
    "pygments": "as mako.ext",
}

#: Charts are drawn in DejaVu Sans, regular and bold, never italic, and without math text:
#: matplotlib's other fonts (the oblique faces, STIX, Computer Modern, Serif, Mono, the
#: PostScript metrics), its toolbar icons (interactive backends only) and its sample data are
#: not needed. LastResort draws a box for a glyph no font has.
MPL_FONTS = "matplotlib/mpl-data/fonts/"
MPL_FONTS_KEPT = ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "LastResort", "LICENSE")
MPL_FOLDERS_DROPPED = ("matplotlib/mpl-data/sample_data/", "matplotlib/mpl-data/images/")


def wanted_matplotlib_data(dest: str) -> bool:
    """Whether a matplotlib data file (its path inside the app folder) is bundled."""
    if any(folder in dest for folder in MPL_FOLDERS_DROPPED):
        return False
    if MPL_FONTS in dest:
        return dest.rsplit("/", 1)[-1].startswith(MPL_FONTS_KEPT)
    return True


def is_excluded(module: str) -> bool:
    """Whether *module* (a dotted name) is one of EXCLUDED_MODULES or inside one."""
    return any(module == name or module.startswith(name + ".") for name in EXCLUDED_MODULES)
