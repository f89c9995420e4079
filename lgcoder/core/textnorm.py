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
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # numpy is imported where offsets are mapped: a command that only reads
    import numpy as np  # the project (lgcoder codings, cases) should not pay ~0.15 s for it
    import numpy.typing as npt

_LINE_ENDS = re.compile("\r\n|\r|\u0085|\u2028|\u2029")
#: Every character normalisation removes or replaces (CR LF starts with CR).
_REPLACED = ("\ufeff", "\r", "\u0085", "\u2028", "\u2029")


def normalise_text(text: str) -> str:
    """Return *text* in lgcoder's canonical form (no BOM, LF line ends, NFC)."""
    # A BOM is only meaningful as the first character, but files glued together from several
    # sources carry stray ones mid-text (U+FEFF is invisible), so every one is dropped.
    text = text.replace("\ufeff", "")
    if any(ch in text for ch in _REPLACED[1:]):  # the regex only runs when there is a line end
        text = _LINE_ENDS.sub("\n", text)
    return unicodedata.normalize("NFC", text)


def is_normalised(text: str) -> bool:
    """True when *text* is already in canonical form, so storing it keeps offsets meaningful.

    The same answer as ``normalise_text(text) == text`` without building a normalised copy
    (NFC never produces a BOM or one of the line ends that normalisation replaces), so a long
    document is checked at the speed of a scan.
    """
    # one substring scan per character is several times faster than a regex over the text
    return not any(ch in text for ch in _REPLACED) and unicodedata.is_normalized("NFC", text)


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
        import numpy as np

        a = np.asarray(starts, dtype=np.int64)
        if not len(a):
            return
        b = np.asarray(ends, dtype=np.int64)
        shifts = np.zeros(len(a) + 1, dtype=np.int64)
        np.cumsum(np.asarray(lengths, dtype=np.int64) - (b - a), out=shifts[1:])
        self._steps.append((a, b, shifts))

    def map(self, offsets: npt.ArrayLike) -> npt.NDArray[np.int64]:
        """Map many raw offsets at once (vectorised)."""
        import numpy as np

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
        import numpy as np

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
    import numpy as np

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
    # Characters NFC can change or join (all at U+0300 or above). Not is_normalized(): on a
    # text that is not NFC it builds two whole normalised copies just to answer no.
    unstable = sorted(ch for ch in set(text) if ch >= "\u0300" and _unstable(ch))
    if unstable:
        holder = [text]
        del text
        text = _nfc_with_edits(holder, mapping, unstable)
    return text, mapping


_LONE_ENDS = re.compile("[\r\u0085\u2028\u2029]")
_TO_LF = {0x0D: 0x0A, 0x85: 0x0A, 0x2028: 0x0A, 0x2029: 0x0A}


def _positions(needle: str, text: str) -> npt.NDArray[np.int64]:
    """Where *needle* occurs, straight into an array (no list of match objects)."""
    import numpy as np

    return np.fromiter((m.start() for m in re.finditer(re.escape(needle), text)), dtype=np.int64)


@functools.lru_cache(maxsize=1)
def _second_of_pairs() -> frozenset[str]:
    """Starters that can compose with the character before them (NFC quick check "Maybe").

    Built once, from the decomposition table, the first time a text that is not NFC arrives.
    """
    found: set[str] = set()
    for cp in range(0x30000):  # no canonical decomposition lies beyond U+2FA1D
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


_CHUNK = 1 << 18


def _nfc_runs(text: str, unstable: list[str]) -> tuple[array[int], array[int], array[int], int]:
    """The runs NFC changes in length: starts, ends, new lengths, and the total change.

    A function of its own so that no match object (which keeps the whole text alive) outlives
    the scan.
    """
    cls = "".join(re.escape(ch) for ch in unstable)
    runs = re.compile(f"(?s)[^{cls}]?[{cls}]+")
    starts, ends, lengths = array("q"), array("q"), array("q")
    change = 0
    for m in runs.finditer(text):
        size = len(unicodedata.normalize("NFC", m.group()))
        if size != m.end() - m.start():
            starts.append(m.start())
            ends.append(m.end())
            lengths.append(size)
            change += size - (m.end() - m.start())
    return starts, ends, lengths, change


def _nfc_with_edits(holder: list[str], mapping: OffsetMap, unstable: list[str]) -> str:
    """NFC of the text in *holder*, recording in *mapping* the runs whose length it changes.

    Only runs of characters NFC can touch are visited (each with the stable character before
    it, which they may combine with). The text is then normalised in chunks cut at line ends
    (a line end never combines with anything), and the input is released before the chunks are
    joined, so at most about two copies of the text are alive at once.
    """
    text = holder.pop()
    starts, ends, lengths, change = _nfc_runs(text, unstable)
    pieces: list[str] = []
    at = 0
    while at < len(text):
        cut = text.find("\n", at + _CHUNK)
        cut = len(text) if cut < 0 else cut
        pieces.append(unicodedata.normalize("NFC", text[at:cut]))
        at = cut
    before = len(text)
    del text
    out = "".join(pieces)
    if len(out) - before != change:  # runs are independent by construction; prove it
        raise AssertionError("run-wise NFC disagrees with whole-text NFC")
    mapping.add_step(starts, ends, lengths)
    return out
