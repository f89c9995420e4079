"""Counted nouns for every message the user reads: "1 document", "3 documents", never "document(s)".

One helper so that the CLI, the GUI and the exports agree, and so that nobody is tempted to write
"1 documents" or the lazy "(s)" again.
"""

from __future__ import annotations

_IRREGULAR = {"person": "people", "memo": "memos", "child": "children", "analysis": "analyses"}


def plural_of(noun: str) -> str:
    """The English plural of *noun* (the last word of a phrase is the one that changes)."""
    head, sep, last = noun.rpartition(" ")
    lower = last.lower()
    if lower in _IRREGULAR:
        word = _IRREGULAR[lower]
    elif lower.endswith(("s", "x", "z", "ch", "sh")):
        word = last + "es"
    elif lower.endswith("y") and len(lower) > 1 and lower[-2] not in "aeiou":
        word = last[:-1] + "ies"
    else:
        word = last + "s"
    return f"{head}{sep}{word}"


def noun_for(count: int, noun: str, plural: str | None = None) -> str:
    """*noun* or its plural, as *count* needs; *plural* overrides the rule for odd words."""
    return noun if count == 1 else (plural or plural_of(noun))


def counted(count: int, noun: str, plural: str | None = None) -> str:
    """``counted(1, "document")`` is "1 document"; ``counted(3, "document")`` "3 documents"."""
    return f"{count} {noun_for(count, noun, plural)}"
