"""What the researcher's actions do: each controller turns clicks and keys into commands.

Each controller depends on its own narrow protocol in :mod:`lgcoder.gui.workbench` (what it
really uses), never on the concrete main window, so no controller imports the window.
"""
