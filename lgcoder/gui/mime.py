"""Drag-and-drop payloads shared by views and item models (so models never import views).

A passage dragged from the document view carries its document and code-point span (and the
text, for dropping into other programs); a code dragged in the codebook carries its guid.
"""

from __future__ import annotations

import json

from PySide6.QtCore import QByteArray, QMimeData

PASSAGE_MIME = "application/x-lgcoder-passage"
CODE_MIME = "application/x-lgcoder-code"


def passage_mime(document_guid: str, start: int, end: int, text: str) -> QMimeData:
    """The drag payload for a selected passage: code-point span plus the text itself."""
    mime = QMimeData()
    payload = json.dumps({"document": document_guid, "start": start, "end": end})
    mime.setData(PASSAGE_MIME, QByteArray(payload.encode("utf-8")))
    mime.setText(text)
    return mime


def read_passage_mime(mime: QMimeData) -> tuple[str, int, int] | None:
    """(document guid, start, end) of a dragged passage, or None when it is something else."""
    if not mime.hasFormat(PASSAGE_MIME):
        return None
    data = json.loads(bytes(mime.data(PASSAGE_MIME).data()).decode("utf-8"))
    return str(data["document"]), int(data["start"]), int(data["end"])
