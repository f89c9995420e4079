"""Which codings overlap a stretch of text, and which stripe lane each one uses.

The document view asks this for every paint (only the visible stretch) and updates it for every
applied or removed coding, so both must be cheap on a 500,000-character document with thousands
of codings. Codings are filed in fixed-size buckets of the text: a query touches only the
buckets it covers, an insert or removal only the buckets its span covers. Plain Python, no Qt.

Lanes are the stripe columns in the margin. A new coding takes the lane its code used last if
that lane is free over its span (so one theme stays in one column as far as possible), else the
leftmost free lane. ``group`` separates lane sets, e.g. the two coders in comparison mode.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from operator import attrgetter

BUCKET = 2048
_START = attrgetter("start")
_END = attrgetter("end")


@dataclass
class Span:
    guid: str
    code_guid: str
    coder_guid: str
    start: int
    end: int
    memo: str = ""
    lane: int = 0
    group: int = 0


def _no_group(_span: Span) -> int:
    return 0


class SpanIndex:
    """A bucketed interval index over code-point spans, with lane assignment."""

    def __init__(self, group_of: Callable[[Span], int] | None = None) -> None:
        self._group_of = group_of or _no_group
        self._spans: dict[str, Span] = {}
        self._buckets: dict[int, list[Span]] = {}
        self._code_lane: dict[tuple[int, str], int] = {}
        self.lanes: dict[int, int] = {}  # group -> number of lanes in use (max lane + 1)

    def __len__(self) -> int:
        return len(self._spans)

    def __contains__(self, guid: object) -> bool:
        return guid in self._spans

    def get(self, guid: str) -> Span | None:
        return self._spans.get(guid)

    def spans(self) -> Iterable[Span]:
        return self._spans.values()

    def fill(self, spans: Iterable[Span]) -> None:
        """Add many spans; in text order, so lanes come out like a reader expects.

        One sweep in text order gives each span the lane :meth:`add` would give it: every span
        added before starts no later, so a lane is taken over this span exactly when the
        furthest end in it lies beyond this span's start. That avoids an overlap query per span
        (opening a document with thousands of codings).
        """
        # by start, the longer first at the same start: two stable sorts keyed at C speed
        ordered = sorted(spans, key=_END, reverse=True)
        ordered.sort(key=_START)
        if self._spans:  # the sweep assumes an empty index; add to a filled one span by span
            for span in ordered:
                self.add(span)
            return
        group_of = self._group_of
        one_group = group_of is _no_group
        code_lane, by_guid, buckets = self._code_lane, self._spans, self._buckets
        ends: dict[int, list[int]] = {}  # group -> furthest end in each lane
        lanes = ends.setdefault(0, [])
        group = 0
        for span in ordered:
            guid, start, end = span.guid, span.start, span.end
            if guid in by_guid:
                self.remove(guid)
            if not one_group:
                group = group_of(span)
                lanes = ends.setdefault(group, [])
            span.group = group
            key = (group, span.code_guid)
            preferred = code_lane.get(key)
            if preferred is not None and (preferred >= len(lanes) or lanes[preferred] <= start):
                lane = preferred
            else:
                lane = 0
                for lane_end in lanes:  # the leftmost lane free at this start
                    if lane_end <= start:
                        break
                    lane += 1
            if lane >= len(lanes):
                lanes.extend([-1] * (lane + 1 - len(lanes)))
            if end > lanes[lane]:
                lanes[lane] = end
            span.lane = lane
            code_lane[key] = lane
            by_guid[guid] = span
            first, last = start // BUCKET, (end - 1 if end > start else start) // BUCKET
            if first == last:
                bucket = buckets.get(first)
                if bucket is None:
                    buckets[first] = [span]
                else:
                    bucket.append(span)
            else:
                for b in range(first, last + 1):
                    buckets.setdefault(b, []).append(span)
        for group, lane_ends in ends.items():
            if lane_ends:
                self.lanes[group] = max(self.lanes.get(group, 0), len(lane_ends))

    def add(self, span: Span) -> Span:
        if span.guid in self._spans:
            self.remove(span.guid)
        span.group = self._group_of(span)
        used = {
            other.lane
            for other in self.overlapping(span.start, span.end)
            if other.group == span.group
        }
        preferred = self._code_lane.get((span.group, span.code_guid))
        if preferred is not None and preferred not in used:
            lane = preferred
        else:
            lane = 0
            while lane in used:
                lane += 1
        span.lane = lane
        self._code_lane[(span.group, span.code_guid)] = lane
        self.lanes[span.group] = max(self.lanes.get(span.group, 0), lane + 1)
        self._spans[span.guid] = span
        for b in range(span.start // BUCKET, max(span.start, span.end - 1) // BUCKET + 1):
            self._buckets.setdefault(b, []).append(span)
        return span

    def remove(self, guid: str) -> Span | None:
        span = self._spans.pop(guid, None)
        if span is None:
            return None
        for b in range(span.start // BUCKET, max(span.start, span.end - 1) // BUCKET + 1):
            bucket = self._buckets.get(b)
            if bucket is not None:
                bucket[:] = [s for s in bucket if s.guid != guid]
        return span

    def overlapping(self, start: int, end: int) -> list[Span]:
        """Spans that share at least one character with [start, end), by start position."""
        found: dict[str, Span] = {}
        end = max(end, start + 1)
        for b in range(start // BUCKET, (end - 1) // BUCKET + 1):
            for s in self._buckets.get(b, ()):
                if s.start < end and s.end > start:
                    found[s.guid] = s
        return sorted(found.values(), key=lambda s: (s.start, s.lane))

    def at(self, offset: int) -> list[Span]:
        return self.overlapping(offset, offset + 1)
