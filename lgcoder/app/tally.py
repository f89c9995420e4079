"""Live codings per (code, document, coder), kept current instead of counted again.

The workbench shows counts in three places: the codebook (codings and documents per code), the
documents list (codings per document) and the status bar (codings in the project). Counting
100,000 codings after every click costs more than a frame, so the tally is read once when the
project opens and then adjusted by each op's ``Changes.coding_delta``. An op that cannot say
exactly what it changed (delete a code, merge, autocode, import) leaves the delta out, and the
tally is read again for what it touched.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

Key = tuple[str, str, str]  # (code guid, document guid, coder guid)


class CodingTally:
    def __init__(self, rows: Iterable[tuple[str, str, str, int]] = ()) -> None:
        self._by_code: dict[str, dict[tuple[str, str], int]] = {}
        self._by_document: dict[str, int] = {}
        self.total = 0
        for code, document, coder, n in rows:
            self._add((code, document, coder), n)

    def _add(self, key: Key, n: int) -> None:
        code, document, coder = key
        cells = self._by_code.setdefault(code, {})
        now = cells.get((document, coder), 0) + n
        if now > 0:
            cells[(document, coder)] = now
        else:
            cells.pop((document, coder), None)
            n -= now  # never below zero, whatever a stale delta says
        self._by_document[document] = self._by_document.get(document, 0) + n
        self.total += n

    def apply(self, delta: Mapping[Key, int]) -> None:
        """Adjust by an op's ``coding_delta``."""
        for key, n in delta.items():
            self._add(key, n)

    def replace_codes(
        self, code_guids: Iterable[str], rows: Iterable[tuple[str, str, str, int]]
    ) -> None:
        """Forget what is known about these codes and take *rows* (a fresh read of them)."""
        for code in set(code_guids):
            for (document, _coder), n in self._by_code.pop(code, {}).items():
                self._by_document[document] -= n
                self.total -= n
        for code, document, coder, n in rows:
            self._add((code, document, coder), n)

    def code_counts(
        self, code_guids: Iterable[str] | None = None, coders: Iterable[str] | None = None
    ) -> dict[str, tuple[int, int]]:
        """(codings, distinct documents) per code, counting only *coders* when given."""
        scope = set(coders) if coders is not None else None
        wanted = self._by_code.keys() if code_guids is None else code_guids
        out: dict[str, tuple[int, int]] = {}
        for code in wanted:
            codings, documents = 0, set()
            for (document, coder), n in self._by_code.get(code, {}).items():
                if scope is None or coder in scope:
                    codings += n
                    documents.add(document)
            out[code] = (codings, len(documents))
        return out

    def document_count(self, document_guid: str) -> int:
        return self._by_document.get(document_guid, 0)

    def codings(self, coders: Iterable[str] | None = None) -> int:
        """Live codings in the project (only *coders*' when given)."""
        if coders is None:
            return self.total
        scope = set(coders)
        return sum(
            n for cells in self._by_code.values() for (_d, c), n in cells.items() if c in scope
        )
