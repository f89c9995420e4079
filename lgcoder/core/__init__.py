"""The Qt-free heart of lgcoder: models, the project file, operations and queries.

Nothing in this package may import Qt; a test imports every module with PySide6 blocked.
"""
