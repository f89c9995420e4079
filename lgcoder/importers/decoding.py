"""Turn the bytes of a text file into a str, whatever encoding it came in.

Researchers are handed transcripts saved by every tool since Windows 95, so we try, in order:
a byte-order mark (UTF-8/16/32), the tell-tale NUL pattern of UTF-16/32 *without* a BOM, strict
UTF-8 (which almost never decodes non-UTF-8 text by accident), a ``charset=`` hint from the
container (HTML meta), and finally charset-normalizer's statistical guess. A few guesses are
corrected: plain Latin-1 is upgraded to cp1252 because Latin-1 turns the cp1252 ellipsis byte 0x85
into a NEL line break and curly quotes into invisible C1 controls.
"""

from __future__ import annotations

import codecs
import unicodedata

from charset_normalizer import from_bytes

from lgcoder.core.errors import ImportFailedError

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# charset-normalizer sometimes names a close relative of the encoding a Windows user really used.
_PREFERRED = {
    "latin_1": "cp1252",
    "iso8859_1": "cp1252",
    "iso8859_15": "cp1252",
    "mac_cyrillic": "cp1251",
    "iso8859_5": "cp1251",
    "koi8_r": "koi8_r",
    "iso8859_7": "cp1253",
    "iso8859_9": "cp1254",
    "iso8859_8": "cp1255",
    "iso8859_6": "cp1256",
    "mac_latin2": "cp1250",
    "iso8859_2": "cp1250",
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "euc_kr": "cp949",
    "shift_jis": "cp932",
}


_CENTRAL_EUROPEAN = {"cp1250", "cp775", "cp852", "iso8859_10", "cp1257", "cp1258", "cp850"}
_WESTERN_LANGUAGES = {
    "English",
    "German",
    "French",
    "Spanish",
    "Portuguese",
    "Italian",
    "Dutch",
    "Swedish",
    "Danish",
    "Norwegian",
    "Finnish",
    "Catalan",
}


def bom_encoding(data: bytes) -> str | None:
    """The encoding announced by a byte-order mark, if any."""
    for bom, enc in _BOMS:
        if data.startswith(bom):
            return enc
    return None


def nul_pattern_encoding(data: bytes) -> str | None:
    """Guess UTF-16/32 without a BOM from where the NUL bytes sit in mostly-ASCII text."""
    head = data[:4096]
    if len(head) < 4 or b"\x00" not in head:
        return None
    head = head[: len(head) // 4 * 4]
    quarter = len(head) // 4
    cols = [head[i::4].count(0) for i in range(4)]
    if cols[1] > quarter * 0.6 and cols[2] > quarter * 0.6 and cols[3] > quarter * 0.6:
        return "utf-32-le"
    if cols[0] > quarter * 0.6 and cols[1] > quarter * 0.6 and cols[2] > quarter * 0.6:
        return "utf-32-be"
    half = len(head) // 2
    even, odd = head[0::2].count(0), head[1::2].count(0)
    if odd > half * 0.3 and even < half * 0.05:
        return "utf-16-le"
    if even > half * 0.3 and odd < half * 0.05:
        return "utf-16-be"
    return None


def _codec_name(name: str) -> str | None:
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def _control_ratio(text: str) -> float:
    """Share of characters that never occur in real text (C0/C1 controls other than whitespace)."""
    if not text:
        return 0.0
    sample = text[:20000]
    bad = sum(
        1
        for ch in sample
        if ch not in "\t\n\r\f\v\x85" and unicodedata.category(ch) in ("Cc", "Cs", "Co")
    )
    return bad / len(sample)


def decode_text(data: bytes, filename: str = "", hint: str | None = None) -> tuple[str, str]:
    """Return (text, encoding name); raise ImportFailedError when it is not text at all.

    *hint* is an encoding the container declared (an HTML meta charset); it is trusted only when
    the bytes decode cleanly with it.
    """
    enc = bom_encoding(data)
    if enc:
        return data.decode(enc, errors="replace").lstrip("\ufeff"), enc
    enc = nul_pattern_encoding(data)
    if enc:
        return data.decode(enc, errors="replace"), enc
    if b"\x00" in data[:4096]:
        raise ImportFailedError(f"{filename}: this is a binary file, not text")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    if hint:
        codec = _codec_name(hint)
        if codec and codec not in ("utf-8", "utf-16", "utf-32"):
            try:
                return data.decode(codec), codec
            except UnicodeDecodeError:
                pass
    best = from_bytes(data[:200_000]).best()
    if best is None or best.encoding is None:
        raise ImportFailedError(
            f"{filename}: the text encoding could not be recognised; "
            "save the file as UTF-8 and import it again"
        )
    codec = _PREFERRED.get(best.encoding, best.encoding)
    western = best.language in _WESTERN_LANGUAGES or best.language in ("Unknown", "")
    if codec in _CENTRAL_EUROPEAN and (western or len(data) < 400):
        # charset-normalizer treats cp1250 and cp1252 as twins and names whichever comes first;
        # the language it recognised tells them apart (ã in Portuguese, not ă). A snippet too
        # short to tell is taken as Western European, the commoner case for our users.
        codec = "cp1252"
    try:
        text = data.decode(codec)
    except (UnicodeDecodeError, LookupError):
        codec = best.encoding
        text = data.decode(codec, errors="replace")
    if _control_ratio(text) > 0.02:
        raise ImportFailedError(f"{filename}: this is a binary file, not text")
    return text, codec
