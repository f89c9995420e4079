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
