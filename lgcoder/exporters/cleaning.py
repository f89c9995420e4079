"""Make stored passages read well in a report, without ever touching the stored text.

A PDF's text layer keeps the printed line breaks and the hyphens that split words at line ends,
and some files carry control characters (form feeds between pages) that XML, and so Word,
refuses. Exports show the passage cleaned; the project keeps the exact text and its offsets, so
these functions only ever return new strings.

CJK, right-to-left text, combining marks and emoji (including ZWJ sequences) pass through
untouched: only ASCII spacing, line ends, soft hyphens and characters XML forbids are changed.
"""

from __future__ import annotations

import re

#: Characters XML 1.0 forbids (C0 controls but tab/LF/CR, lone surrogates, U+FFFE/U+FFFF) plus
#: C1 controls and DEL, which XML allows but which only ever arrive as extraction debris.
_FORBIDDEN = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]")
#: Controls that stand for a break between words; they become a space rather than vanish.
_BREAKING = re.compile("[\x0b\x0c\x85\t]")
_SPACES = re.compile("[ \u00a0]{2,}")
_SOFT_HYPHEN_EOL = re.compile("\u00ad *\n *")
#: A word split at a line end: "coun-\ncil". Only joined when the next line starts in lower
#: case, so "post-\nCOVID" and "2019-\n2020" keep their hyphen (but lose the break).
_HYPHEN_EOL = re.compile(r"(?<=[^\W\d_])- *\n *(?=[^\W\d_])")
_HYPHEN_KEEP = re.compile(r"(?<=\w)- *\n *(?=\w)")
_PARA_BREAK = re.compile(r"\n\s*\n")
_LINE_BREAK = re.compile(r" *\n *")


def xml_safe(text: str) -> str:
    """Drop the characters an XML document (docx, xlsx) cannot hold; everything else is kept."""
    return _FORBIDDEN.sub("", text)


def clean_quote(text: str, *, reflow: bool = False) -> str:
    """The passage as a reader should see it.

    With ``reflow`` (text from a PDF's layout) single line breaks are joined into one flowing
    paragraph and end-of-line hyphenation is undone; blank lines stay paragraph breaks. Without
    it the line breaks are meaningful (speaker turns, list items) and are kept, one per line.
    Paragraph breaks come back as a single ``"\\n"``.
    """
    text = _BREAKING.sub(" ", xml_safe(text)).replace("\r\n", "\n").replace("\r", "\n")
    if reflow:
        text = _SOFT_HYPHEN_EOL.sub("", text)
        paragraphs = _PARA_BREAK.split(text)
        joined = []
        for para in paragraphs:
            para = _HYPHEN_EOL.sub(_lower_join, para)
            para = _HYPHEN_KEEP.sub("-", para)
            joined.append(_LINE_BREAK.sub(" ", para.strip()))
        text = "\n".join(p for p in joined if p)
    else:
        text = _PARA_BREAK.sub("\n", text)
    text = text.replace("\u00ad", "")
    lines = (_SPACES.sub(" ", line).strip(" ") for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


def _lower_join(match: re.Match[str]) -> str:
    """Join "coun-\\ncil" but keep the hyphen of "Anglo-\\nSaxon" (next letter upper case)."""
    following = match.string[match.end() : match.end() + 1]
    return "" if following.islower() else "-"


def one_line(text: str, limit: int | None = None) -> str:
    """Clean text flattened to one line (table cells, CSV), optionally shortened with an ellipsis."""
    flat = " ".join(clean_quote(text, reflow=True).split("\n"))
    if limit is not None and len(flat) > limit:
        return flat[: limit - 1].rstrip() + "…"
    return flat


_SENTENCE_END = re.compile(r"[.!?…][\"'”’»)\]]*(?:\s+|$)|[。！？][\"'”’»)\]]*\s*|\n\s*\n")
CONTEXT_WINDOW = 400


def context_before(text: str, start: int, *, reflow: bool = False, floor: int = 0) -> str:
    """The sentence (or the start of the quote's own sentence) just before ``start``.

    Nothing before *floor* is used (the start of the speaker's turn, say).
    """
    lo = max(floor, start - CONTEXT_WINDOW)
    chunk = text[lo:start]
    cuts = [m.end() for m in _SENTENCE_END.finditer(chunk) if chunk[m.end() :].strip()]
    if lo == floor:
        cuts.insert(0, 0)  # the document's or the turn's start is a sentence start too
    if cuts:
        begin = cuts[-1]
        # A quote that opens mid-sentence after only a few words: add the previous sentence.
        if len(chunk) - begin < 40 and len(cuts) > 1:
            begin = cuts[-2]
        piece, prefix = chunk[begin:], ""
    else:
        space = chunk.find(" ")
        piece, prefix = chunk[space + 1 :] if space >= 0 else chunk, "…"
    cleaned = clean_quote(piece, reflow=reflow)
    return (prefix + " ".join(cleaned.split("\n"))) if cleaned else ""


def context_after(text: str, end: int, *, reflow: bool = False, ceiling: int | None = None) -> str:
    """The rest of the quote's sentence, or the next sentence when the quote ends one.

    Nothing at or after *ceiling* is used (the end of the speaker's turn, say).
    """
    limit = len(text) if ceiling is None else min(ceiling, len(text))
    hi = min(limit, end + CONTEXT_WINDOW)
    chunk = text[end:hi]
    cuts = [m.start() for m in _SENTENCE_END.finditer(chunk) if chunk[: m.start()].strip()]
    if cuts:
        stop = cuts[0]
        if stop < 40 and len(cuts) > 1:
            stop = cuts[1]
        match = _SENTENCE_END.match(chunk, stop)
        piece = chunk[: match.end() if match else stop].rstrip()
        suffix = ""
    else:
        piece = chunk
        suffix = "" if hi == limit else "…"
        if suffix:
            space = piece.rfind(" ")
            piece = piece[:space] if space > 0 else piece
    cleaned = clean_quote(piece, reflow=reflow)
    return (" ".join(cleaned.split("\n")) + suffix) if cleaned else ""
