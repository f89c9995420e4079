"""Build the sample project from ``resources/samples/`` (the welcome screen's third button).

Whatever sample files are present are imported through the normal registry; a file that is
missing or fails is skipped, and if none can be read a short built-in transcript (written for
lgcoder) is used, so the button always gives the newcomer something to code. A starter codebook
with definitions and a few example codings shows what coded material looks like.

No Qt here: the window runs :func:`build_sample_project` on the task pool, and the CLI can
call it too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from lgcoder.app.project_service import ProjectService
from lgcoder.core.db import Project, create_project_file
from lgcoder.core.imported import ImportedDocument, SegmentSpec

STARTER_CODES: tuple[tuple[str, str, str, tuple[str, ...]], ...] = (
    (
        "barriers",
        "#cc6677",
        "What stops or slows digital change: contracts, legacy systems, skills, money, rules.",
        ("barrier", "legacy", "cannot", "can't", "contract", "budget", "block"),
    ),
    (
        "leadership",
        "#117733",
        "Who owns the change and how senior people enable, sponsor or hold it back.",
        ("leader", "chief exec", "sponsor", "member", "own ", "owner", "director"),
    ),
    (
        "synergy",
        "#4477aa",
        "Gains from services, councils or partners working together or sharing platforms.",
        ("together", "shared", "share", "partner", "collaborat", "joint"),
    ),
    (
        "channel shift",
        "#ddaa33",
        "Moving residents from phone and face-to-face contact to online self-service.",
        ("online", "channel", "self-service", "self service", "website", "digital by default"),
    ),
)

#: Sub-themes, to show that a codebook is a tree: (parent/child path, definition).
STARTER_SUBCODES: tuple[tuple[str, str], ...] = (
    ("barriers/legacy systems", "Old line-of-business systems and the contracts around them."),
    ("channel shift/digital inclusion", "Residents who cannot or will not move online, and why."),
)

#: Passages of the sample files that a researcher would code, so the sample opens with
#: meaningful evidence under every theme (exact sentences; any not found are skipped).
EXAMPLE_QUOTES: dict[str, tuple[str, ...]] = {
    "barriers": (
        "That's a barrier nobody in a meeting like this sees, but it kills business cases.",
        "The cost of moving a service online falls on IT and the service area now; the saving "
        "appears in the contact centre a year or two later.",
    ),
    "barriers/legacy systems": (
        "I'd add that the back-office systems are a barrier in their own right.",
        "Older line-of-business systems were the second barrier.",
    ),
    "leadership": (
        "The clearest example of effective leadership came from a chief executive who told all "
        "heads of service that digital was not an IT project and that directors would be judged "
        "on it.",
        "Some things are worth doing because they treat people better, and leadership means "
        "being willing to argue for those in the budget.",
        "Staff were asked to move contact online while being measured on how quickly the "
        "telephone was answered.",
    ),
    "synergy": (
        "Three councils together can hold a team that none of us could hold alone.",
        "When we renegotiated the revenues system contract as three councils rather than one, "
        "the interface charge I mentioned this morning came down by more than half.",
        "Sharing technology and contracts has produced real savings: when three councils "
        "renegotiated a system contract together, an interface charge fell by more than half.",
    ),
    "channel shift": (
        "In the meantime residents phone us, which is the thing we were trying to reduce.",
        "Around seventy percent of those now come in online, and the volumes to the phone have "
        "dropped accordingly.",
    ),
    "channel shift/digital inclusion": (
        "People trust us, and they'll come to a session in our building when they wouldn't walk "
        "into the civic centre.",
        "A form that times out while someone fetches documents, on a shared phone with a small "
        "data allowance, excludes people who are perfectly capable of using it.",
    ),
}

FALLBACK_TRANSCRIPT = (
    (
        "Chair",
        "Welcome, everyone. Today we want to hear what helps and what hinders digital "
        "change in your councils.",
    ),
    (
        "Priya",
        "Our biggest barrier is legacy contracts: we cannot change the forms without the "
        "supplier, and every change request costs money we do not have.",
    ),
    (
        "Tom",
        "Leadership has to own channel shift, otherwise it stays an IT project. Our chief "
        "executive sponsors it, and that changed how directors talk about it.",
    ),
    (
        "Priya",
        "When housing and revenues worked together on one shared form, residents stopped "
        "phoning twice. That was real synergy.",
    ),
    (
        "Sam",
        "Most of our residents now report missed bins online, so the contact centre can "
        "spend time on the people who really need to talk to someone.",
    ),
    ("Tom", "Skills are still a barrier. We have two developers for the whole council."),
)

_SENTENCE = re.compile(r"[^.!?\n]+[.!?]?")


@dataclass
class SampleResult:
    path: Path
    imported: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)


def samples_dir() -> Path | None:
    """``resources/samples`` of a checkout, or ``lgcoder/resources/samples`` inside a wheel or
    the frozen app (see :func:`lgcoder.resources_path`)."""
    from lgcoder import resources_path

    found = resources_path("samples")
    return found if found is not None and found.is_dir() else None


def fallback_document() -> ImportedDocument:
    parts: list[str] = []
    segments: list[SegmentSpec] = []
    at = 0
    for speaker, words in FALLBACK_TRANSCRIPT:
        turn = f"{speaker}: {words}"
        segments.append(SegmentSpec("turn", at, at + len(turn), speaker))
        parts.append(turn + "\n\n")
        at += len(turn) + 2
    text = "".join(parts)
    return ImportedDocument(
        text=text,
        kind="transcript",
        source_bytes=text.encode("utf-8"),
        source_filename="Sample roundtable (built in).txt",
        mime="text/plain",
        segments=segments,
        speakers=sorted({s for s, _ in FALLBACK_TRANSCRIPT}),
    )


def _sentences_with(text: str, words: tuple[str, ...], limit: int) -> list[tuple[int, int]]:
    found: list[tuple[int, int]] = []
    for m in _SENTENCE.finditer(text):
        sentence = m.group(0)
        if any(w in sentence.lower() for w in words):
            lead = len(sentence) - len(sentence.lstrip())
            start, end = m.start() + lead, m.start() + len(sentence.rstrip())
            if end - start > 15:
                found.append((start, end))
        if len(found) >= limit:
            break
    return found


def _code_examples(service: ProjectService, coder_guid: str, per_code: int) -> None:
    """The starter codebook, coded on the sample's chosen passages (or, for the built-in
    fallback transcript, on sentences that mention each theme)."""
    guids: dict[str, str] = {}
    for name, color, definition, _words in STARTER_CODES:
        guids[name] = service.add_code(name, color=color, description=definition).created[-1]
    for path, definition in STARTER_SUBCODES:
        parent, _, name = path.rpartition("/")
        guids[path] = service.add_code(
            name, parent_guid=guids[parent], description=definition
        ).created[-1]
    texts = {}
    for doc in service.documents():
        content = service.document(doc.guid)
        if content is not None:
            texts[doc.guid] = content.text
    spans: list[tuple[str, str, int, int]] = []
    for path, quotes in EXAMPLE_QUOTES.items():
        for quote in quotes:
            for guid, text in texts.items():
                at = text.find(quote)
                if at >= 0:
                    spans.append((guids[path], guid, at, at + len(quote)))
    if not spans:
        for name, _color, _definition, words in STARTER_CODES:
            for guid, text in texts.items():
                spans += [
                    (guids[name], guid, a, b) for a, b in _sentences_with(text, words, per_code)
                ]
    for code_guid, doc_guid, start, end in spans:
        try:
            service.apply_coding(doc_guid, code_guid, coder_guid, start, end)
        except Exception:  # e.g. the same passage twice; examples are best-effort
            continue


def build_sample_project(
    dest: Path, coder: str, source: Path | None = None, *, per_code: int = 2
) -> SampleResult:
    """Create *dest* with the sample documents, starter codebook and example codings."""
    from lgcoder.importers.registry import parse_file

    result = SampleResult(dest)
    dest.parent.mkdir(parents=True, exist_ok=True)

    def fill(project: Project) -> None:
        service = ProjectService(project)
        folder = source if source is not None else samples_dir()
        files = sorted(p for p in folder.iterdir() if p.is_file()) if folder else []
        for path in files:
            if path.name.startswith(".") or path.suffix.lower() in {".md", ".license", ".py"}:
                continue
            try:
                service.import_document(parse_file(path))
                result.imported.append(path.name)
            except Exception as exc:  # a broken or missing sample must not stop the rest
                result.skipped.append(f"{path.name}: {exc}")
        if not result.imported:
            service.import_document(fallback_document())
            result.imported.append("built-in sample transcript")
        coder_guid = service.default_coder_guid()
        assert coder_guid is not None
        _code_examples(service, coder_guid, per_code)

    # built in memory and published whole: a crash never leaves half a sample behind
    create_project_file(dest, "Sample roundtable", coder, fill)
    return result
