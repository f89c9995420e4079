"""Team work: merging coder copies of a project and measuring inter-coder agreement (DESIGN §4).

Everything here is Qt-free; the GUI reaches it through :mod:`lgcoder.gui.actions_team`.
"""
