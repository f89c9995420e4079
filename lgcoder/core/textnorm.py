"""The one text normalisation rule that makes offsets stable forever.

Every document's text is normalised exactly once, at import: byte-order marks are dropped,
CR/CRLF/NEL/LS/PS line ends become LF, and the result is NFC. After that the text never changes,
so code-point offsets stored in codings stay valid across machines, exports and merges.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from array import array
from collections.abc import Iterator

import numpy as np
import numpy.typing as npt

_LINE_ENDS = re.compile("\r\n|\r|\u0085|\u2028|\u2029")


def normalise_text(text: str) -> str:
    """Return *text* in lgcoder's canonical form (no BOM, LF line ends, NFC)."""
    # A BOM is only meaningful as the first character, but files glued together from several
    # sources carry stray ones mid-text (U+FEFF is invisible), so every one is dropped.
    text = text.replace("\ufeff", "")
    text = _LINE_ENDS.sub("\n", text)
    return unicodedata.normalize("NFC", text)


def is_normalised(text: str) -> bool:
    """True when *text* is already in canonical form, so storing it keeps offsets meaningful."""
    return normalise_text(text) == text


class OffsetMap:
    """Raw offset -> normalised offset, stored as the edits normalisation made, not per character.

    Each step (BOMs, line ends, NFC) is a sorted list of replacements ``raw[a:b] -> L chars``.
    An offset before, between or after replacements moves by the change in length of those
    before it; an offset strictly inside one goes to the start of what it became. Memory is
    proportional to the number of edits (a CRLF file: one per line), not to the text, and a
    lookup is a binary search per step.
    """

    def __init__(self, raw_length: int) -> None:
        self.raw_length = raw_length
        self._steps: list[
            tuple[npt.NDArray[np.int64], npt.NDArray[np.int64], npt.NDArray[np.int64]]
        ] = []

    def add_step(self, starts: npt.ArrayLike, ends: npt.ArrayLike, lengths: npt.ArrayLike) -> None:
        """Record one step's replacements ``raw[starts[k]:ends[k]] -> lengths[k]`` (sorted)."""
        a = np.asarray(starts, dtype=np.int64)
        if not len(a):
            return
        b = np.asarray(ends, dtype=np.int64)
        shifts = np.zeros(len(a) + 1, dtype=np.int64)
        np.cumsum(np.asarray(lengths, dtype=np.int64) - (b - a), out=shifts[1:])
        self._steps.append((a, b, shifts))

    def map(self, offsets: npt.ArrayLike) -> npt.NDArray[np.int64]:
        """Map many raw offsets at once (vectorised)."""
        pos = np.asarray(offsets, dtype=np.int64)
        for starts, ends, shifts in self._steps:
            done = np.searchsorted(ends, pos, side="right")  # edits wholly before pos
            out = pos + shifts[done]
            nxt = np.minimum(done, len(starts) - 1)
            inside = (done < len(starts)) & (starts[nxt] < pos) & (pos < ends[nxt])
            pos = np.where(inside, starts[nxt] + shifts[nxt], out)
        return pos

    def __getitem__(self, index: int) -> int:
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError(index)
        return int(self.map([index])[0])

    def __len__(self) -> int:
        return self.raw_length + 1

    def __iter__(self) -> Iterator[int]:
        for chunk in range(0, len(self), 65536):
            yield from (int(v) for v in self.map(np.arange(chunk, min(len(self), chunk + 65536))))


def normalise_with_offsets(raw: str) -> tuple[str, OffsetMap]:
    """Normalise *raw* and map each raw offset to its offset in the result.

    Needed when a file arrives with positions of its own (a REFI-QDA export counts code points
    in the text *as it was*, CRLF and all). ``mapping[i]`` is the normalised offset of raw
    offset ``i``, for ``0 <= i <= len(raw)``. Positions inside a sequence that normalisation
    merged (CR LF, a letter and its combining accent) map to the start of what it became.

    Time and memory grow linearly with the text: the three steps of :func:`normalise_text`
    (BOMs, line ends, NFC) each run at C speed over the whole text, and only the places they
    change are recorded (:class:`OffsetMap`).
    """
    mapping = OffsetMap(len(raw))
    text = raw
    if "\ufeff" in text:
        at = _positions("\ufeff", text)
        mapping.add_step(at, at + 1, np.zeros_like(at))
        text = text.replace("\ufeff", "")
    if _LINE_ENDS.search(text) is not None:
        # only CR LF changes length; a lone CR, NEL, LS or PS becomes LF one for one
        at = _positions("\r\n", text)
        mapping.add_step(at, at + 2, np.ones_like(at))
        # str.replace/translate build only their result (re.sub would hold every piece too)
        text = text.replace("\r\n", "\n")
        if _LONE_ENDS.search(text) is not None:
            text = text.translate(_TO_LF)
    if not unicodedata.is_normalized("NFC", text):
        text = _nfc_with_edits(text, mapping)
        if text != unicodedata.normalize("NFC", text):  # the rule is normalise_text, always
            raise AssertionError("run-wise NFC disagrees with whole-text NFC")
    return text, mapping


_LONE_ENDS = re.compile("[\r\u0085\u2028\u2029]")
_TO_LF = {0x0D: 0x0A, 0x85: 0x0A, 0x2028: 0x0A, 0x2029: 0x0A}


def _positions(needle: str, text: str) -> npt.NDArray[np.int64]:
    """Where *needle* occurs, straight into an array (no list of match objects)."""
    return np.fromiter((m.start() for m in re.finditer(re.escape(needle), text)), dtype=np.int64)


@functools.lru_cache(maxsize=1)
def _second_of_pairs() -> frozenset[str]:
    """Starters that can compose with the character before them (NFC quick check "Maybe").

    Built once, from the decomposition table, the first time a text that is not NFC arrives.
    """
    found: set[str] = set()
    for cp in range(0x110000):
        d = unicodedata.decomposition(chr(cp))
        if d and not d.startswith("<"):
            parts = d.split()
            if len(parts) == 2:
                found.add(chr(int(parts[1], 16)))
    found.update(chr(cp) for cp in range(0x1161, 0x1176))  # Hangul vowels
    found.update(chr(cp) for cp in range(0x11A8, 0x11C3))  # Hangul trailing consonants
    return frozenset(found)


def _unstable(ch: str) -> bool:
    """Whether NFC may change *ch* or join it to the character before it."""
    return (
        unicodedata.combining(ch) != 0
        or unicodedata.normalize("NFC", ch) != ch
        or ch in _second_of_pairs()
    )


def _nfc_with_edits(text: str, mapping: OffsetMap) -> str:
    """NFC of *text*, normalising only the runs that can change, recording them in *mapping*."""
    cls = "".join(re.escape(ch) for ch in sorted(ch for ch in set(text) if _unstable(ch)))
    # a run of unstable characters, with the stable character before it (they may combine)
    runs = re.compile(f"(?s)[^{cls}]?[{cls}]+")
    starts, ends, lengths = array("q"), array("q"), array("q")

    def one(m: re.Match[str]) -> str:
        piece = unicodedata.normalize("NFC", m.group())
        if piece != m.group():
            starts.append(m.start())
            ends.append(m.end())
            lengths.append(len(piece))
        return piece

    text = runs.sub(one, text)
    mapping.add_step(starts, ends, lengths)
    return text
