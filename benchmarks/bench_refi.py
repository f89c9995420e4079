"""REFI-QDA import cost: offset mapping in linear time and memory (issue 10).

Targets: mapping the offsets of a 2 MiB text takes under 1 s, and its peak memory stays under
10 times the text's size (UTF-8 bytes). The floor is :func:`normalise_text` on the same text in
the same run: the normalisation itself, with no mapping at all, so the ratio shows what the
mapping adds. Memory is the tracemalloc peak of one call (the input string not counted).

Also listed: mapping 300,000 selection offsets at once, importing a whole .qdpx holding the
2 MiB text with 3,000 codings, and refusing a 20 KB archive that inflates to 20 MiB (which took
almost 2 minutes and 2 GB before).
"""

from __future__ import annotations

import io
import statistics
import tempfile
import time
import tracemalloc
import unicodedata
import zipfile
from collections.abc import Callable
from pathlib import Path

import numpy as np

from benchmarks.timing import Result, Sample, machine, report
from lgcoder.core.errors import ImportFailedError
from lgcoder.core.textnorm import normalise_text, normalise_with_offsets

MiB = 1024 * 1024
TARGET_SECONDS = 1.0
TARGET_MEMORY = 10.0
REPEAT = 5


_WORDS = [
    "hogyan",
    "látja",
    "a",
    "helyi",
    "önkormányzat",
    "szerepét",
    "legacy",
    "contracts",
    "block",
    "us",
    "the",
    "café",
    "and",
    "Müller",
    "report",
    "agree",
    "council",
    "residents",
    "online",
    "channel",
    "shift",
    "budget",
    "leadership",
    "shared",
    "service",
    "digital",
    "inclusion",
    "phone",
    "form",
    "housing",
    "revenues",
    "supplier",
    "barrier",
    "skills",
    "😀",
    "👍",
]


def transcript(size: int, *, decomposed: bool = False) -> str:
    """A Windows-style export: BOM, CRLF, accents and emoji, varied like real speech."""
    rng = np.random.default_rng(7)
    turns = []
    total = 0
    n = 0
    while total < size:
        speaker = ("Interviewer", "Priya", "Tom", "Sam")[n % 4]
        words = " ".join(_WORDS[i] for i in rng.integers(0, len(_WORDS), int(rng.integers(8, 40))))
        turn = f"{speaker} [{n // 60:02d}:{n % 60:02d}]: {words.capitalize()}.\r\n"
        turns.append(turn)
        total += len(turn.encode("utf-8"))
        n += 1
    text = "\ufeff" + "".join(turns)
    if decomposed:
        text = unicodedata.normalize("NFD", text)
    while len(text.encode("utf-8")) > size:
        text = text[: -max(1, (len(text.encode("utf-8")) - size) // 4)]
    return text


def timed(fn: Callable[[], object], repeat: int = REPEAT) -> list[float]:
    fn()
    out = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        out.append(time.perf_counter() - t0)
    return out


def peak_of(fn: Callable[[], object]) -> int:
    tracemalloc.start()
    try:
        fn()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def row(what: str, times: list[float], target: float | None, floor: list[float] | None) -> str:
    med = statistics.median(times)
    spread = f"{min(times) * 1000:7.1f}-{max(times) * 1000:7.1f}"
    ratio = f"{med / statistics.median(floor):6.2f}x" if floor else "      -"
    verdict = "-" if target is None else ("met" if med < target else "NOT MET")
    tgt = f"{target * 1000:8.0f}ms" if target else f"{'-':>10}"
    return f"{what:<46} {med * 1000:8.1f}ms {spread}ms {ratio} {tgt} {verdict}"


def qdpx_with(text: str, codings: int) -> bytes:
    lines = text.split("\n")
    step = max(1, len(lines) // codings)
    sels = []
    at = 0
    for i, line in enumerate(lines):
        if i % step == 0 and len(line) > 5:
            g = f"{len(sels):012d}"
            sels.append(
                f'<PlainTextSelection guid="00000000-0000-0000-0000-{g}" startPosition="{at}" '
                f'endPosition="{at + len(line) - 1}"><Coding guid="00000000-0000-0000-0001-{g}">'
                '<CodeRef targetGUID="00000000-0000-0000-0002-000000000000"/></Coding>'
                "</PlainTextSelection>"
            )
        at += len(line) + 1
    qde = (
        '<?xml version="1.0" encoding="utf-8"?><Project xmlns="urn:QDA-XML:project:1.0" '
        'name="bench" origin="bench"><CodeBook><Codes><Code guid="00000000-0000-0000-0002-'
        '000000000000" name="c" isCodable="true"/></Codes></CodeBook><Sources><TextSource '
        'guid="00000000-0000-0000-0003-000000000000" name="t" plainTextPath="internal://t.txt">'
        + "".join(sels[:codings])
        + "</TextSource></Sources></Project>"
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("project.qde", qde)
        zf.writestr("sources/t.txt", text.lstrip("\ufeff").encode("utf-8-sig"))
    return out.getvalue()


def main() -> None:
    from lgcoder.refi.read import import_refi

    print(f"machine: {machine()}")
    print("numbers taken on a shared, busy machine: see the load average above\n")
    print(
        f"{'benchmark':<46} {'median':>10} {'spread (min-max)':>18} {'ratio':>7} "
        f"{'target':>10} verdict"
    )
    results = []
    rows: list[Result] = []
    for label, decomposed in (
        ("2 MiB NFC text (CRLF, BOM, emoji)", False),
        ("2 MiB NFD text", True),
    ):
        raw = transcript(2 * MiB, decomposed=decomposed)
        size = len(raw.encode("utf-8"))
        floor = timed(lambda raw=raw: normalise_text(raw))
        mapping = timed(lambda raw=raw: normalise_with_offsets(raw))
        print(row(f"normalise_text, {label}", floor, None, None))
        print(row(f"normalise_with_offsets, {label}", mapping, TARGET_SECONDS, floor))
        peaks = [peak_of(lambda raw=raw: normalise_with_offsets(raw)) / size for _ in range(3)]
        verdict = "met" if max(peaks) < TARGET_MEMORY else "NOT MET"
        print(
            f"{'  peak memory / text size':<46} {statistics.median(peaks):9.2f}x "
            f"{min(peaks):8.2f}-{max(peaks):.2f}x {'':7} {TARGET_MEMORY:9.0f}x {verdict}"
        )
        results.append((label, statistics.median(mapping), max(peaks)))
        rows.append(
            Result(
                f"REFI text normalise with offsets, {label}",
                Sample.of(mapping),
                target=TARGET_SECONDS,
                floor=Sample.of(floor),
                floor_name="normalise alone",
            )
        )
        rows.append(
            Result(
                f"REFI normalise peak memory ÷ text size, {label}",
                Sample.of(peaks),
                target=TARGET_MEMORY,
                unit="x",
            )
        )
        _, offsets = normalise_with_offsets(raw)
        points = np.random.default_rng(1).integers(0, len(raw), 300_000)

        def map_all(o: object = offsets, p: object = points) -> object:
            return o.map(p)  # type: ignore[attr-defined]

        print(
            row(
                "  map 300,000 selection offsets",
                timed(map_all),
                None,
                None,
            )
        )

    raw = transcript(2 * MiB)
    archive = qdpx_with(raw, 3000)
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "big.qdpx"
        src.write_bytes(archive)
        counter = iter(range(1000))

        def whole() -> None:
            import_refi(src, Path(tmp) / f"p{next(counter)}.lgc")

        print(
            row("new --from: 2 MiB text, 3,000 codings (whole import)", timed(whole, 3), None, None)
        )
        bomb = io.BytesIO()
        with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as zf:
            with zipfile.ZipFile(io.BytesIO(qdpx_with("x\n", 1))) as small:
                zf.writestr("project.qde", small.read("project.qde"))
            zf.writestr("sources/t.txt", b"a" * (20 * MiB))
        (Path(tmp) / "bomb.qdpx").write_bytes(bomb.getvalue())

        def refuse() -> None:
            try:
                import_refi(Path(tmp) / "bomb.qdpx", Path(tmp) / "never.lgc")
            except ImportFailedError:
                return

        print(
            row(
                f"refuse a {len(bomb.getvalue()) // 1024} KB archive of a 20 MiB text",
                timed(refuse, 3),
                None,
                None,
            )
        )
    report("REFI-QDA", rows)
    print()
    for label, seconds, peak in results:
        print(
            f"{label}: mapping {seconds:.3f} s (target < {TARGET_SECONDS:.0f} s), "
            f"peak {peak:.1f}x text (target < {TARGET_MEMORY:.0f}x)"
        )


if __name__ == "__main__":
    main()
