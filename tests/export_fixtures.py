"""A realistic small project for export tests: roundtable transcripts, a council report PDF,
an interview, a multilingual forum note; themes with sub-themes, two coders, memos, attributes.

Everything is built through the core ops, exactly as the CLI and GUI would, and the texts were
written for these tests. ``build_sample_project`` returns the open project plus the passages it
coded, so tests can check that every one of them reaches the export.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from lgcoder.core.db import Project
from lgcoder.core.imported import ImportedDocument, SegmentSpec
from lgcoder.core.ops.coders import ensure_coder
from lgcoder.core.ops.codes import add_code, get_code
from lgcoder.core.ops.codings import apply_coding, find_occurrence
from lgcoder.core.ops.documents import add_document, get_document, set_document_attribute
from lgcoder.core.ops.memos import add_memo
from lgcoder.core.ops.project import set_title

ROUNDTABLE_1 = [
    ("Cllr Amara Okafor", 12.0, "Thank you all for coming. We want to hear what gets in the way."),
    (
        "Dev Patel",
        35.5,
        "Honestly the biggest barrier is funding. Every grant runs for twelve months and then "
        "the project simply stops, so nobody plans beyond the next budget round.",
    ),
    (
        "Cllr Amara Okafor",
        61.0,
        "Leadership has to come from the top: if the chief executive does not champion it, "
        "officers will not take the risk.",
    ),
    (
        "Sue Hammond",
        88.25,
        "We only made progress when the housing team and the health trust shared one office "
        "and one budget line. That partnership did more than any strategy document.",
    ),
    (
        "Dev Patel",
        120.0,
        "Moving services online saved money, but older residents without broadband were left "
        "behind and started phoning the contact centre instead.",
    ),
]

ROUNDTABLE_2 = [
    ("Facilitator", 5.0, "Let us start with data sharing between agencies."),
    (
        "Maria Santos",
        40.0,
        "Data sharing agreements take eighteen months to sign, and by then the people who "
        "asked for them have moved on.",
    ),
    (
        "Tom Reed",
        75.0,
        "Our elected members set a clear direction on channel shift and that gave staff "
        "permission to try things.",
    ),
    (
        "Maria Santos",
        110.0,
        "We do not have the analysts to use the data anyway; capacity is thin across every "
        "district council.",
    ),
]

PDF_PAGES = [
    "Annual Report on Partnership Working\n\nThe council recognises that short-term fund-\n"
    "ing settlements undermine long-term prevention work and make it hard-\ner to retain "
    "specialist staff.\n\nOfficers noted that joint commissioning\nwith the NHS produced "
    "savings in both organisations.",
    "Section 2: Digital services\n\nThe move to digital-by-default services reduced costs "
    "by 14 per cent,\nyet residents in rural wards reported diffi-\nculty accessing online "
    "forms and asked for assisted digital support.",
]

INTERVIEW = [
    "Interview with the chief executive",
    "Q. What made the difference?",
    "Visible leadership. I chaired the partnership board myself for two years so that "
    "everyone knew it mattered.",
    "Q. And the main obstacle?",
    "Staff turnover. Each time a key officer left we lost the relationships they had built.",
]

FORUM = (
    "Community forum notes (multilingual)\n"
    "Resident (Mandarin): 我们需要更多的社区资金。 The group agreed funding is the main worry.\n"
    "Resident (Arabic): نحتاج إلى دعم رقمي لكبار السن 👵🏽 — digital help for older people.\n"
    "Youth worker: Partnerships with schools work best 🤝 when everyone shares the same goal."
)

CODES = {
    "Barriers": "Anything participants describe as stopping or slowing joint working.",
    "Barriers/Funding": "Short-term, insecure or insufficient funding, including grant cycles.",
    "Barriers/Capacity": "Lack of staff, skills, analysts or time to act on an opportunity.",
    "Barriers/Data sharing": "Legal, technical or cultural obstacles to sharing data.",
    "Leadership": "How political and managerial leaders enable or block change.",
    "Leadership/Political": "Elected members setting direction or giving permission.",
    "Leadership/Officer": "Senior officers championing or owning the agenda.",
    "Synergy": "Gains that arise only because organisations work together.",
    "Channel shift": "Moving contact and services from face-to-face and phone to digital.",
    "Channel shift/Digital exclusion": "",
}


@dataclass
class Coded:
    document: str
    code: str
    coder: str
    text: str
    memo: str = ""


@dataclass
class SampleProject:
    project: Project
    coded: list[Coded] = field(default_factory=list)


def transcript(name: str, turns: list[tuple[str, float, str]]) -> ImportedDocument:
    text, segments, pos = "", [], 0
    for speaker, seconds, said in turns:
        line = f"{speaker}: {said}"
        segments.append(SegmentSpec("turn", pos, pos + len(line), speaker, time_start=seconds))
        segments.append(SegmentSpec("paragraph", pos, pos + len(line)))
        text += line + "\n"
        pos += len(line) + 1
    return _doc(text, name, "transcript", segments)


def paged(name: str, pages: list[str]) -> ImportedDocument:
    text, segments = "", []
    for number, page in enumerate(pages, start=1):
        if text:
            text += "\n\f"
        start = len(text)
        text += page
        segments.append(SegmentSpec("page", start, len(text), str(number)))
    return _doc(text, name, "pdf", segments)


def paragraphs(name: str, paras: list[str], kind: str = "docx") -> ImportedDocument:
    text, segments = "", []
    for i, p in enumerate(paras):
        start = len(text)
        text += p + "\n"
        kind_ = "heading" if i == 0 else "paragraph"
        segments.append(
            SegmentSpec(
                kind_, start, start + len(p), p if i == 0 else "", level=1 if i == 0 else None
            )
        )  # type: ignore[arg-type]
        if i == 0:
            segments.append(SegmentSpec("paragraph", start, start + len(p)))
    return _doc(text, name, kind, segments)


def _doc(text: str, name: str, kind: str, segments: list[SegmentSpec]) -> ImportedDocument:
    return ImportedDocument(
        text=text,
        kind=kind,
        source_bytes=text.encode("utf-8"),
        source_filename=name,
        mime="text/plain",
        segments=segments,
    )


PASSAGES = [
    (
        "Roundtable 1 - Northshire.txt",
        "Barriers/Funding",
        "Ann",
        "the biggest barrier is funding. Every grant runs for twelve months and then the project simply stops",
        "Strongest statement on grant cycles; use in exec summary.",
    ),
    (
        "Roundtable 1 - Northshire.txt",
        "Barriers/Funding",
        "Ben",
        "the biggest barrier is funding. Every grant runs for twelve months and then the project simply stops",
        "",
    ),
    (
        "Roundtable 1 - Northshire.txt",
        "Leadership/Officer",
        "Ann",
        "Leadership has to come from the top: if the chief executive does not champion it, officers will not take the risk.",
        "",
    ),
    (
        "Roundtable 1 - Northshire.txt",
        "Synergy",
        "Ben",
        "We only made progress when the housing team and the health trust shared one office and one budget line.",
        "",
    ),
    (
        "Roundtable 1 - Northshire.txt",
        "Channel shift/Digital exclusion",
        "Ann",
        "older residents without broadband were left behind and started phoning the contact centre instead",
        "Links to the PDF's rural wards finding.",
    ),
    (
        "Roundtable 1 - Northshire.txt",
        "Channel shift",
        "Ann",
        "Moving services online saved money",
        "",
    ),
    (
        "Roundtable 2 - Eastvale.txt",
        "Barriers/Data sharing",
        "Ben",
        "Data sharing agreements take eighteen months to sign",
        "",
    ),
    (
        "Roundtable 2 - Eastvale.txt",
        "Leadership/Political",
        "Ann",
        "Our elected members set a clear direction on channel shift and that gave staff permission to try things.",
        "",
    ),
    (
        "Roundtable 2 - Eastvale.txt",
        "Barriers/Capacity",
        "Ben",
        "We do not have the analysts to use the data anyway; capacity is thin across every district council.",
        "",
    ),
    (
        "Council annual report 2023.pdf",
        "Barriers/Funding",
        "Ann",
        "short-term fund-\ning settlements undermine long-term prevention work and make it hard-\ner to retain specialist staff.",
        "",
    ),
    (
        "Council annual report 2023.pdf",
        "Synergy",
        "Ann",
        "joint commissioning\nwith the NHS produced savings in both organisations.",
        "",
    ),
    (
        "Council annual report 2023.pdf",
        "Channel shift/Digital exclusion",
        "Ben",
        "residents in rural wards reported diffi-\nculty accessing online forms and asked for assisted digital support.",
        "",
    ),
    (
        "Interview - Chief Executive.docx",
        "Leadership/Officer",
        "Ann",
        "I chaired the partnership board myself for two years so that everyone knew it mattered.",
        "",
    ),
    (
        "Interview - Chief Executive.docx",
        "Barriers/Capacity",
        "Ann",
        "Staff turnover. Each time a key officer left we lost the relationships they had built.",
        "",
    ),
    ("Community forum.txt", "Barriers/Funding", "Ann", "我们需要更多的社区资金。", ""),
    (
        "Community forum.txt",
        "Channel shift/Digital exclusion",
        "Ben",
        "نحتاج إلى دعم رقمي لكبار السن 👵🏽",
        "",
    ),
    (
        "Community forum.txt",
        "Synergy",
        "Ann",
        "Partnerships with schools work best 🤝 when everyone shares the same goal.",
        "",
    ),
]

ATTRIBUTES = {
    "Roundtable 1 - Northshire.txt": {"Council type": "District", "Region": "North"},
    "Roundtable 2 - Eastvale.txt": {"Council type": "Unitary", "Region": "East"},
    "Council annual report 2023.pdf": {"Council type": "County", "Region": "North"},
    "Interview - Chief Executive.docx": {"Council type": "Unitary", "Region": "East"},
}


def build_sample_project(
    path: Path, title: str = "Joint working in local government"
) -> SampleProject:
    """Create the sample project at *path* (which must not exist) and return it open."""
    project = Project.create(path, title=title, coder="Ann")
    sample = SampleProject(project)
    with project.transaction() as session:
        set_title(session, title)
        for doc in (
            transcript("Roundtable 1 - Northshire.txt", ROUNDTABLE_1),
            transcript("Roundtable 2 - Eastvale.txt", ROUNDTABLE_2),
            paged("Council annual report 2023.pdf", PDF_PAGES),
            paragraphs("Interview - Chief Executive.docx", INTERVIEW),
            _doc(FORUM, "Community forum.txt", "text", []),
        ):
            add_document(session, doc)
        for doc_name, attrs in ATTRIBUTES.items():
            for key, value in attrs.items():
                set_document_attribute(session, get_document(session, doc_name), key, value)
        for path_, description in CODES.items():
            add_code(session, path_, description=description)
        coders = {name: ensure_coder(session, name) for name in ("Ann", "Ben")}
        for doc_name, code_path, coder, text, memo in PASSAGES:
            doc = get_document(session, doc_name)
            start, end = find_occurrence(doc.text, text)
            apply_coding(
                session, doc, get_code(session, code_path), coders[coder], start, end, memo
            )
            sample.coded.append(Coded(doc_name, code_path, coder, text, memo))
        add_memo(
            session,
            "code",
            get_code(session, "Barriers").guid,
            "Funding dominates in district councils; capacity in unitaries. Check against survey.",
            author=coders["Ann"],
        )
        add_memo(
            session,
            "document",
            get_document(session, "Council annual report 2023.pdf").guid,
            "Published report; page numbers follow the printed edition.",
            author=coders["Ben"],
        )
        add_memo(
            session,
            "project",
            "",
            "Coding frame agreed at the team meeting in March.",
            author=coders["Ann"],
        )
    return sample
