"""Copy the top-level ``resources/`` (samples, icons) into the wheel as ``lgcoder/resources``.

Everything else is declared in pyproject.toml. A checkout keeps ``resources/`` beside the
package so the sample generator and the packaging recipes share one copy; an installed wheel
(and the frozen app) find them inside the package, where ``lgcoder.samples.samples_dir`` and
``lgcoder.resources_path`` look second.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from setuptools import Extension, setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).resolve().parent
#: Only what the app uses; the generator scripts in resources/samples stay in the checkout.
SHIPPED = {
    "samples": ("*.pdf", "*.docx", "*.vtt"),
    "icons": ("*.svg", "hicolor/*/apps/*.png"),
}


class BuildWithResources(build_py):
    def run(self) -> None:
        super().run()
        if self.editable_mode:  # an editable install reads resources/ from the checkout
            return
        for folder, patterns in SHIPPED.items():
            source = HERE / "resources" / folder
            target = Path(self.build_lib) / "lgcoder" / "resources" / folder
            for pattern in patterns:
                for path in source.glob(pattern):
                    dest = target / path.relative_to(source)
                    dest.parent.mkdir(parents=True, exist_ok=True)
                    shutil.copy2(path, dest)


#: The PDF reader's loops over pdfium in C (lgcoder/importers/_pdfscan.c). Optional: where it
#: cannot be compiled, the same loops run in Python and give the same pieces, only slower.
#: No fused multiply-add: Python rounds every product and sum, and so must the C.
SCAN = Extension(
    "lgcoder.importers._pdfscan",
    ["lgcoder/importers/_pdfscan.c"],
    extra_compile_args=[] if os.name == "nt" else ["-ffp-contract=off"],
    optional=True,
)

setup(cmdclass={"build_py": BuildWithResources}, ext_modules=[SCAN])
