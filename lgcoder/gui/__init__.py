"""The PySide6 desktop app. Widgets never hold a Session or SQL: they call core ops via commands."""
