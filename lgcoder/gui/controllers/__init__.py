"""What the researcher's actions do: each controller turns clicks and keys into commands.

Controllers depend on :class:`~lgcoder.gui.workbench.Workbench` (a protocol), never on the
concrete main window, so no controller imports the window and the window imports them all.
"""
