"""The frozen app's entry point: one executable for the desktop app and the ``lgcoder`` CLI.

``freeze_support()`` must run before anything else: the PDF reader's helper process is started
by re-running this executable, and freeze_support turns that run into the helper (or the
forkserver) instead of a second copy of the app.
"""

import multiprocessing

if __name__ == "__main__":
    multiprocessing.freeze_support()

    from lgcoder.cli import main

    raise SystemExit(main())
