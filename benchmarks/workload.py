"""Synthetic projects of any size for benchmarks: documents, a codebook, coders and codings.

Text is built from roundtable-like sentences so that spans, paragraphs and speaker turns look
like real material. Codings are inserted in bulk; everything else goes through core ops.
"""

from __future__ import annotations

import random
from pathlib import Path

from sqlalchemy import insert, select

from lgcoder.core.db import Project
from lgcoder.core.imported import ImportedDocument, SegmentSpec
from lgcoder.core.models import Code, Coder, Coding, Document, new_guid, utcnow
from lgcoder.core.ops import coders as coder_ops
from lgcoder.core.ops import codes as code_ops
from lgcoder.core.ops.documents import add_document

SPEAKERS = ("Priya", "Tom", "Aisha", "Gareth", "Mei")
WORDS = [
    "council",
    "digital",
    "services",
    "residents",
    "channel",
    "shift",
    "barriers",
    "leadership",
    "synergy",
    "budget",
    "legacy",
    "systems",
    "contracts",
    "suppliers",
    "data",
    "sharing",
    "culture",
    "skills",
    "procurement",
    "housing",
    "revenues",
    "benefits",
    "website",
    "forms",
    "online",
    "self-service",
    "trust",
    "partnership",
    "elected",
    "members",
    "officers",
    "transformation",
    "agile",
    "user",
    "research",
    "accessibility",
    "funding",
    "pressures",
    "😀",
    "café",
]
THEMES = ("barriers", "leadership", "synergy", "channel shift", "skills", "data")


def make_text(rng: random.Random, chars: int) -> tuple[str, list[SegmentSpec]]:
    parts: list[str] = []
    segments: list[SegmentSpec] = []
    length = 0
    turn = 0
    while length < chars:
        speaker = SPEAKERS[turn % len(SPEAKERS)]
        words = " ".join(rng.choice(WORDS) for _ in range(rng.randint(20, 80)))
        line = f"{speaker}: {words.capitalize()}."
        segments.append(
            SegmentSpec("turn", length, length + len(line), speaker, time_start=turn * 30.0)
        )
        segments.append(SegmentSpec("paragraph", length, length + len(line)))
        parts.append(line + "\n")
        length += len(line) + 1
        turn += 1
    return "".join(parts), segments


def build_project(
    path: Path,
    *,
    documents: int = 10,
    chars: int = 50_000,
    codings: int = 10_000,
    coders: tuple[str, ...] = ("Ann",),
    subcodes: int = 4,
    seed: int = 1,
) -> Path:
    """Create *path* with the given size; returns it. Deterministic for a given seed."""
    rng = random.Random(seed)
    with Project.create(path, title="Benchmark", coder=coders[0]) as project:
        with project.transaction() as s:
            for name in coders:
                coder_ops.ensure_coder(s, name)
            for theme in THEMES:
                code_ops.add_code(s, theme, description=f"Passages about {theme}.")
                for i in range(subcodes):
                    code_ops.add_code(s, f"{theme}/aspect {i + 1}")
        for d in range(documents):
            text, segs = make_text(rng, chars)
            with project.transaction() as s:
                add_document(
                    s,
                    ImportedDocument(
                        text=text,
                        kind="transcript",
                        source_bytes=text.encode(),
                        source_filename=f"roundtable-{d + 1:03d}.txt",
                        mime="text/plain",
                        segments=segs,
                    ),
                )
        with project.transaction() as s:
            docs = [(d.id, d.text_length) for d in s.scalars(select(Document))]
            code_ids = list(s.scalars(select(Code.id)))
            coder_ids = list(s.scalars(select(Coder.id)))
            now = utcnow()
            rows = []
            seen: set[tuple[int, int, int, int, int]] = set()
            while len(rows) < codings:
                doc_id, length = rng.choice(docs)
                start = rng.randrange(0, max(1, length - 400))
                end = min(length, start + rng.randint(20, 400))
                key = (doc_id, rng.choice(code_ids), rng.choice(coder_ids), start, end)
                if key in seen:
                    continue
                seen.add(key)
                rows.append(
                    {
                        "guid": new_guid(),
                        "document_id": key[0],
                        "code_id": key[1],
                        "coder_id": key[2],
                        "start": start,
                        "end": end,
                        "memo": "",
                        "created": now,
                        "updated": now,
                        "deleted": False,
                    }
                )
            for i in range(0, len(rows), 20_000):
                s.execute(insert(Coding), rows[i : i + 20_000])
    return path
