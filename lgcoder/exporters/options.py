"""What the user asked an export to cover and how: plain values shared by the CLI and the GUI.

Both front ends fill in the same dataclasses, so a summary exported from the dialog and one
exported from a script with the same choices are the same document.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

QuoteOrder = Literal["position", "document"]
#: How a citation names the coder: "coded by Ann Newcomer", "coded by AN", or not at all.
CiteCoder = Literal["name", "initials", "none"]
CITE_CODER: tuple[str, ...] = ("name", "initials", "none")
#: Themes on new pages ("chapters"), one after another ("continuous"), or chosen by length.
Layout = Literal["auto", "chapters", "continuous"]
LAYOUTS: tuple[str, ...] = ("auto", "chapters", "continuous")
#: With ``layout="auto"``, a summary with at most this many quotes runs on continuously: a page
#: per theme would leave a short summary mostly white space.
SHORT_SUMMARY_QUOTES = 40


@dataclass(frozen=True)
class Scope:
    """Which coded passages are in scope. Empty tuples mean "all".

    ``codes`` are code paths; a code includes its sub-codes. ``attributes`` are
    ``(name, value)`` pairs a document must all carry; ``cases`` are case names, any of which a
    document may belong to.
    """

    codes: tuple[str, ...] = ()
    documents: tuple[str, ...] = ()
    coders: tuple[str, ...] = ()
    cases: tuple[str, ...] = ()
    attributes: tuple[tuple[str, str], ...] = ()

    @property
    def is_everything(self) -> bool:
        return not (self.codes or self.documents or self.coders or self.cases or self.attributes)


@dataclass(frozen=True)
class SummaryOptions:
    """Choices for the Word evidence summary (issue 5 "Options")."""

    scope: Scope = field(default_factory=Scope)
    title: str = ""
    include_definitions: bool = True
    include_memos: bool = True
    order: QuoteOrder = "position"
    #: At most this many quotes under each theme heading; None shows them all.
    max_quotes: int | None = None
    include_context: bool = False
    template: Path | None = None
    include_matrix: bool = True
    include_appendix: bool = True
    cite_coder: CiteCoder = "name"
    layout: Layout = "auto"
    #: Figures in the overview: passages per theme, then who raised what (``--charts``).
    include_charts: bool = False


@dataclass(frozen=True)
class TableOptions:
    """Choices for the one-row-per-passage CSV/XLSX export."""

    scope: Scope = field(default_factory=Scope)
    #: Keep the stored text byte for byte instead of the cleaned, reflowed reading text.
    exact_text: bool = False
