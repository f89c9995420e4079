"""The one text normalisation rule that makes offsets stable forever.

Every document's text is normalised exactly once, at import: byte-order marks are dropped,
CR/CRLF/NEL/LS/PS line ends become LF, and the result is NFC. After that the text never changes,
so code-point offsets stored in codings stay valid across machines, exports and merges.
"""

from __future__ import annotations

import re
import unicodedata

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


def normalise_with_offsets(raw: str) -> tuple[str, list[int]]:
    """Normalise *raw* and map each raw offset to its offset in the result.

    Needed when a file arrives with positions of its own (a REFI-QDA export counts code points
    in the text *as it was*, CRLF and all). ``mapping[i]`` is the normalised offset of raw
    offset ``i``, for ``0 <= i <= len(raw)``. Positions inside a sequence that normalisation
    merged (CR LF, a letter and its combining accent) map to the start of what it became.
    """
    # BOMs vanish first (as in normalise_text), so "\r<BOM>\n" is still one line end.
    kept = [i for i, ch in enumerate(raw) if ch != "\ufeff"]
    chars = "".join(raw[i] for i in kept)
    out: list[str] = []
    starts: list[int] = []  # normalised offset of each kept character
    length = 0
    i = 0
    n = len(chars)
    while i < n:
        j = i + 1
        if chars[i] == "\r" and j < n and chars[j] == "\n":
            j += 1
        elif chars[i] not in "\r\n\u0085\u2028\u2029":
            while j < n and unicodedata.combining(chars[j]):
                j += 1
        piece = normalise_text(chars[i:j])
        starts.extend([length] * (j - i))
        out.append(piece)
        length += len(piece)
        i = j
    text = "".join(out)
    if not is_normalised(text):  # a composition across clusters (rare): keep bounds sane
        text = normalise_text(raw)
        scale = len(text) / max(1, n)
        starts = [min(len(text), round(k * scale)) for k in range(n)]
        length = len(text)
    mapping: list[int] = []
    k = 0
    for pos in range(len(raw) + 1):
        while k < len(kept) and kept[k] < pos:
            k += 1
        mapping.append(starts[k] if k < len(kept) else length)
    return text, mapping
