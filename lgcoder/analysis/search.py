"""Text search across documents, and autocoding of what it finds.

Document texts never change after import, so searching them directly with a regex engine gives
exact code-point spans (which an FTS index would not) and is fast enough: a 300-document,
15-million-character project is searched in well under a second. Hits can be widened to the
sentence, paragraph or speaker turn around them before they are coded, which is how researchers
autocode in NVivo and MAXQDA.

Patterns come from users, so they run on the ``regex`` library, which takes a time limit: a
pattern that backtracks catastrophically, like ``(a|aa)+$``, is stopped and worded instead of
hanging the app. Autocoding works out every passage first, reading only, and then stores them all
at once (:func:`store_autocode`): the write lock is held for the store alone, a fraction of a
second even for thousands of passages, so another lgcoder process waits only that long.
"""

from __future__ import annotations

import bisect
import os
import re
import time
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import regex
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from lgcoder.core.errors import ValidationError
from lgcoder.core.models import Code, Coder, Coding, Document, Segment, new_guid, utcnow
from lgcoder.core.ops.changes import Changes
from lgcoder.core.ops.documents import get_document
from lgcoder.core.pg import driver_sql
from lgcoder.core.queries import Citation, citation_index

Unit = Literal["match", "sentence", "paragraph", "turn"]
UNITS: tuple[str, ...] = ("match", "sentence", "paragraph", "turn")
CONTEXT = 60
MAX_HITS = 100_000
SEARCH_SECONDS = 10.0
_SENTENCE_END = re.compile(r"[.!?…。！？](?:[\"'”’)\]]*)(?=\s|$)|\n")


@dataclass(frozen=True)
class SearchOptions:
    """What to look for. ``query`` is literal text unless ``regex``; case-insensitive by default."""

    query: str = ""
    regex: bool = False
    whole_word: bool = False
    case_sensitive: bool = False
    documents: Sequence[str] = ()
    speakers: Sequence[str] = ()


@dataclass(frozen=True)
class Hit:
    document: str
    document_guid: str
    start: int
    end: int
    text: str
    before: str
    after: str
    citation: Citation


def time_limit() -> float:
    """Seconds a whole search may take (``LGCODER_REGEX_TIMEOUT`` overrides, for tests)."""
    try:
        return max(0.1, float(os.environ.get("LGCODER_REGEX_TIMEOUT", SEARCH_SECONDS)))
    except ValueError:
        return SEARCH_SECONDS


def _too_slow() -> ValidationError:
    return ValidationError(
        f"the search pattern took too long (over {time_limit():g} s) and was stopped; "
        "it probably backtracks endlessly, as (a|aa)+ does: make it simpler"
    )


def compile_query(options: SearchOptions) -> Any:
    """The compiled pattern for *options*, or None when only speakers are asked for.

    Every way a pattern can be wrong (syntax, a repeat count too big for the engine, a pattern
    too large to compile) is one readable line.
    """
    query = unicodedata.normalize("NFC", options.query)
    if not query.strip():
        if options.speakers:
            return None
        raise ValidationError("give the text to search for (or --speaker NAME)")
    body = query if options.regex else regex.escape(query)
    if options.whole_word:
        body = rf"(?<!\w)(?:{body})(?!\w)"
    flags = regex.V0 | (0 if options.case_sensitive else regex.IGNORECASE)
    try:
        pattern = regex.compile(body, flags)
        empty = pattern.search("", timeout=time_limit())
    except regex.error as exc:
        raise ValidationError(
            f"the search pattern is not a valid regular expression: {exc}"
        ) from exc
    except (OverflowError, MemoryError, RecursionError, ValueError) as exc:
        raise ValidationError(
            "the search pattern is not a valid regular expression: it is too large "
            f"({type(exc).__name__}); use smaller repeat counts"
        ) from exc
    except TimeoutError as exc:
        raise _too_slow() from exc
    if empty:
        raise ValidationError("the search pattern matches empty text; make it more specific")
    return pattern


def _documents(session: Session, names: Sequence[str]) -> list[Document]:
    if names:
        return [get_document(session, n) for n in names]
    return list(session.scalars(select(Document).order_by(Document.sort_order, Document.id)))


def _turns(session: Session, document_id: int) -> list[Segment]:
    return list(
        session.scalars(
            select(Segment)
            .where(Segment.document_id == document_id, Segment.kind == "turn")
            .order_by(Segment.start)
        )
    )


def search(session: Session, options: SearchOptions) -> list[Hit]:
    """Every match in the chosen documents (or speakers' turns), in document order."""
    pattern = compile_query(options)
    speakers = {s.casefold() for s in options.speakers}
    hits: list[Hit] = []
    deadline = time.monotonic() + time_limit()
    for doc in _documents(session, options.documents):
        text = session.scalar(select(Document.text).where(Document.id == doc.id)) or ""
        index = citation_index(session, doc.id)
        if speakers:
            spans = [
                (t.start, t.end) for t in _turns(session, doc.id) if t.label.casefold() in speakers
            ]
        else:
            spans = [(0, len(text))]
        for lo, hi in spans:
            found = [(lo, hi)] if pattern is None else _find(pattern, text, lo, hi, deadline)
            for start, end in found:
                hits.append(
                    Hit(
                        document=doc.name,
                        document_guid=doc.guid,
                        start=start,
                        end=end,
                        text=text[start:end],
                        before=text[max(0, start - CONTEXT) : start],
                        after=text[end : end + CONTEXT],
                        citation=index.cite(start),
                    )
                )
                if len(hits) >= MAX_HITS:
                    raise ValidationError(
                        f"more than {MAX_HITS} hits; make the search more specific"
                    )
    return hits


def _find(pattern: Any, text: str, lo: int, hi: int, deadline: float) -> list[tuple[int, int]]:
    left = deadline - time.monotonic()
    if left <= 0:
        raise _too_slow()
    try:
        return [(m.start(), m.end()) for m in pattern.finditer(text, lo, hi, timeout=left)]
    except TimeoutError as exc:
        raise _too_slow() from exc


def widen(
    text: str, segments: Sequence[Segment], start: int, end: int, unit: Unit
) -> tuple[int, int]:
    """The span to code for a hit: the hit itself, or its sentence, paragraph or turn."""
    if unit == "match":
        return start, end
    if unit in ("paragraph", "turn"):
        holders = [
            s for s in segments if s.kind == unit and s.start <= start < max(s.end, s.start + 1)
        ]
        if holders:
            best = min(holders, key=lambda s: s.end - s.start)
            return best.start, max(best.end, end)
        if unit == "turn":
            raise ValidationError("this document has no speaker turns; use --unit paragraph")
        lo = text.rfind("\n\n", 0, start)
        hi = text.find("\n\n", end)
        lo = 0 if lo < 0 else lo + 2
        hi = len(text) if hi < 0 else hi
        return _trim(text, lo, hi)
    # sentence: from the end of the previous sentence to the end of this one, kept inside the
    # turn or paragraph, and without the "Name:" label that opens a transcript turn
    lo = 0
    for m in _SENTENCE_END.finditer(text, max(0, start - 2000), start):
        lo = m.end()
    m = _SENTENCE_END.search(text, end)
    hi = m.end() if m else len(text)
    for seg in segments:
        if seg.kind in ("turn", "paragraph") and seg.start <= start < seg.end:
            lo, hi = max(lo, seg.start), min(hi, max(seg.end, end))
            if seg.kind == "turn" and seg.label and text.startswith(f"{seg.label}:", lo):
                lo += len(seg.label) + 1
    return _trim(text, lo, hi)


def _trim(text: str, lo: int, hi: int) -> tuple[int, int]:
    while lo < hi and text[lo].isspace():
        lo += 1
    while hi > lo and text[hi - 1].isspace():
        hi -= 1
    return lo, hi


class _Widener:
    """:func:`widen` for many hits in one document, without rescanning for each hit.

    Sentence ends are found once per document and segments are looked up by bisection, so
    widening thousands of hits costs milliseconds instead of seconds. It gives exactly the spans
    :func:`widen` gives (a test compares the two on the corpus).
    """

    def __init__(self, text: str, segments: Sequence[Segment]) -> None:
        self.text = text
        self.order = {id(s): i for i, s in enumerate(segments)}
        ends = list(_SENTENCE_END.finditer(text))
        self.end_starts = [m.start() for m in ends]
        self.end_ends = [m.end() for m in ends]
        self.by_kind: dict[str, tuple[list[int], list[Segment], int]] = {}
        for kind in ("turn", "paragraph"):
            segs = sorted((s for s in segments if s.kind == kind), key=lambda s: s.start)
            longest = max((s.end - s.start for s in segs), default=0)
            self.by_kind[kind] = ([s.start for s in segs], segs, longest + 1)

    def _holding(self, kind: str, pos: int, *, strict: bool) -> list[Segment]:
        """Segments of *kind* around *pos* (``start <= pos < end``; empty ones count when
        not *strict*, as in :func:`widen`)."""
        starts, segs, longest = self.by_kind[kind]
        found = []
        i = bisect.bisect_right(starts, pos) - 1
        while i >= 0 and starts[i] > pos - longest:
            seg = segs[i]
            end = seg.end if strict else max(seg.end, seg.start + 1)
            if pos < end:
                found.append(seg)
            i -= 1
        return found

    def widen(self, start: int, end: int, unit: Unit) -> tuple[int, int]:
        text = self.text
        if unit == "match":
            return start, end
        if unit in ("paragraph", "turn"):
            holders = self._holding(unit, start, strict=False)
            if holders:
                best = min(holders, key=lambda s: (s.end - s.start, self.order[id(s)]))
                return best.start, max(best.end, end)
            return widen(text, (), start, end, unit)
        lo = 0
        # the last sentence end inside [start - 2000, start]; one ending exactly at *start*
        # counts even when no space follows, as the end of a search window does in widen()
        j = bisect.bisect_right(self.end_ends, start) - 1
        if j >= 0 and self.end_starts[j] >= max(0, start - 2000):
            lo = self.end_ends[j]
        k = start
        while k > lo and text[k - 1] in "\"'”’)]":
            k -= 1
        if k > lo and k > max(0, start - 2000) and text[k - 1] in ".!?…。！？":
            lo = start
        j = bisect.bisect_left(self.end_starts, end)
        hi = self.end_ends[j] if j < len(self.end_starts) else len(text)
        holders = self._holding("turn", start, strict=True)
        holders += self._holding("paragraph", start, strict=True)
        for seg in sorted(holders, key=lambda s: self.order[id(s)]):
            lo, hi = max(lo, seg.start), min(hi, max(seg.end, end))
            if seg.kind == "turn" and seg.label and text.startswith(f"{seg.label}:", lo):
                lo += len(seg.label) + 1
        return _trim(text, lo, hi)


@dataclass(frozen=True)
class Passage:
    """One span autocode will code: a hit widened to its unit."""

    document_id: int
    document_guid: str
    start: int
    end: int
    #: made while planning, so that the store, under the write lock, only writes
    guid: str = field(default_factory=new_guid)


@dataclass
class AutocodePlan:
    hits: int = 0
    passages: list[Passage] = field(default_factory=list)


def plan_autocode(session: Session, options: SearchOptions, unit: Unit) -> AutocodePlan:
    """Every distinct passage to code, worked out by reading only (no lock is held)."""
    if unit not in UNITS:
        raise ValidationError(f"--unit must be one of {', '.join(UNITS)}")
    hits = search(session, options)
    plan = AutocodePlan(hits=len(hits))
    seen: set[tuple[str, int, int]] = set()
    wideners: dict[str, tuple[int, _Widener]] = {}
    for hit in hits:
        if hit.document_guid not in wideners:
            doc = session.scalars(select(Document).where(Document.guid == hit.document_guid)).one()
            text = session.scalar(select(Document.text).where(Document.id == doc.id)) or ""
            segs = list(
                session.scalars(
                    select(Segment).where(Segment.document_id == doc.id).order_by(Segment.id)
                )
            )
            wideners[hit.document_guid] = (doc.id, _Widener(text, segs))
        doc_id, widener = wideners[hit.document_guid]
        start, end = widener.widen(hit.start, hit.end, unit)
        if end <= start or (hit.document_guid, start, end) in seen:
            continue
        seen.add((hit.document_guid, start, end))
        plan.passages.append(Passage(doc_id, hit.document_guid, start, end))
    return plan


@dataclass
class AutocodeResult:
    hits: int = 0
    coded: int = 0
    already: int = 0
    changes: Changes | None = None


def store_autocode(
    session: Session, plan: AutocodePlan, code: Code, coder: Coder
) -> AutocodeResult:
    """Code every passage of *plan* with *code* for *coder*, in the caller's transaction.

    Passages the coder already has under this code are left as they are (so autocoding twice
    changes nothing); a removed one is revived, keeping its identity. One query reads what
    exists and two bulk statements write the rest, so even thousands of passages are stored in
    a fraction of a second.
    """
    if code.deleted:
        raise ValidationError(f"the code '{code.name}' has been deleted")
    result = AutocodeResult(hits=plan.hits)
    changes = Changes(codes=True, codings=True, code_guids={code.guid})
    existing = {
        (doc, start, end): (row_id, guid, deleted)
        for row_id, guid, doc, start, end, deleted in session.execute(
            select(
                Coding.id, Coding.guid, Coding.document_id, Coding.start, Coding.end, Coding.deleted
            ).where(Coding.code_id == code.id, Coding.coder_id == coder.id)
        )
    }
    now = utcnow()
    # Rows go to SQLite as plain tuples: SQLAlchemy's per-row parameter handling would cost
    # ten times the insert itself while the write lock is held. The time is stored in the
    # column type's own text form, so the ORM reads these rows back like any other.
    dialect = session.get_bind().dialect
    to_text = Coding.__table__.c.created.type.dialect_impl(dialect).bind_processor(dialect)
    stamp = to_text(now) if to_text else now
    new_rows: list[tuple[Any, ...]] = []
    revive: list[dict[str, Any]] = []
    for p in plan.passages:
        found = existing.get((p.document_id, p.start, p.end))
        if found is not None and not found[2]:
            result.already += 1
            continue
        if found is not None:
            revive.append({"id": found[0], "deleted": False, "memo": "", "updated": now})
            guid = found[1]
        else:
            guid = p.guid
            new_rows.append(
                (guid, p.document_id, code.id, coder.id, p.start, p.end, "", stamp, stamp, False)
            )
        result.coded += 1
        changes.created.append(guid)
        changes.coding_guids.add(guid)
        changes.document_guids.add(p.document_guid)
    if new_rows:
        new_rows.sort(key=lambda r: (r[1], r[4], r[5]))  # index order: fewer pages touched
        conn = session.connection()
        conn.exec_driver_sql(
            driver_sql(  # ? for a file, %s for a server (issue 13); False is SQLite's 0
                'INSERT INTO coding (guid, document_id, code_id, coder_id, start, "end", memo, '
                "created, updated, deleted) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                conn,
            ),
            new_rows,
        )
    if revive:
        session.execute(update(Coding), revive)
    result.changes = changes
    return result


def autocode(
    session: Session,
    options: SearchOptions,
    code: Code,
    coder: Coder,
    unit: Unit = "match",
) -> AutocodeResult:
    """Plan and store an autocode in one session (the GUI's; the CLI splits the two so the
    write lock is held for the store alone)."""
    return store_autocode(session, plan_autocode(session, options, unit), code, coder)
