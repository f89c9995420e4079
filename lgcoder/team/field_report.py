"""Say, per row, when copies edited its fields: different fields (all kept) or the same one.

A merge takes every field of a code, coder or document from its newest edit on its own (see
:mod:`lgcoder.team.identity`), so nothing is lost when two copies edit *different* fields of one
row; the report still says so, because the combined row is something no single coder saw. When
copies edit the *same* field the newest edit wins and the report lists each replaced value,
so the lead can put one back by hand.

An edit is a field time after the shared starting point: the time the copies were handed out
(``team_base``) when the project knows it, and otherwise the oldest time any input holds for
that field, which is the lead's unedited original whenever the lead's file takes part.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from lgcoder.team.identity import Final, field_key
from lgcoder.team.report import Conflict

#: (field name, the field's values) -> how a report shows them
Show = Callable[[str, tuple[Any, ...]], str]

COMBINED = "edits combined"
SAME_FIELD = "same field edited"


def quote(text: object, limit: int = 60) -> str:
    """A value as a report shows it: quoted, on one line, and cut short when long."""
    flat = " ".join(str(text).split())
    return "'" + (flat if len(flat) <= limit else flat[: limit - 1] + "…") + "'"


def field_edits(
    finals: list[Final],
    labels: list[str],
    base: str,
    name_of: Callable[[Final], str],
    show: Show,
) -> list[Conflict]:
    """The report lines for every row whose fields were edited in more than one input.

    *labels* name the inputs by index, *base* is the hand-out time ("" if unknown), *name_of*
    says which row ("code 'barriers/funding'") and *show* renders a field's values.
    """
    out: list[Conflict] = []
    for final in finals:
        layout = final.layout
        if layout is None or len(final.versions) < 2:
            continue
        winners: list[tuple[str, frozenset[int]]] = []
        for i, name in enumerate(layout.names):
            if not name:
                continue
            holders: dict[tuple[Any, ...], set[int]] = {}
            shown: dict[tuple[Any, ...], tuple[Any, ...]] = {}
            for v in final.versions:
                key = field_key(v, layout, i)
                holders.setdefault(key, set()).add(v.source)
                shown[key] = tuple(v.values[j] for j in layout.groups[i])
            since = base or min(key[0] for key in holders)
            win = max(holders)
            if win[0] <= since:
                continue  # nobody edited this field
            winners.append((name, frozenset(holders[win])))
            lost = sorted(k for k in holders if k[0] > since and k[1] != win[1])
            if not lost:
                continue
            replaced = "; ".join(
                f"{show(name, shown[k])} ({_names(labels, holders[k])})" for k in lost
            )
            message = (
                f"{name_of(final)}: the {name} was edited in more than one copy; kept "
                f"{show(name, shown[win])} ({_names(labels, holders[win])}), the newest; "
                f"replaced {replaced}"
            )
            if name == "definition" and any(shown[k][0] for k in lost):
                message += "; the replaced text is kept as a conflict memo"
            out.append(Conflict(SAME_FIELD, message))
        if len(winners) > 1 and not frozenset.intersection(*(h for _n, h in winners)):
            by_copy: dict[frozenset[int], list[str]] = {}
            for name, h in winners:
                by_copy.setdefault(h, []).append(name)
            parts = [f"the {_join(names)} from {_names(labels, h)}" for h, names in by_copy.items()]
            out.append(
                Conflict(
                    COMBINED,
                    f"{name_of(final)}: kept {_join(parts)}: different fields were edited in "
                    "different copies, and every edit was kept",
                )
            )
    return out


def _names(labels: list[str], sources: set[int] | frozenset[int]) -> str:
    return ", ".join(labels[s] for s in sorted(sources))


def _join(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def show_plain(_name: str, values: tuple[Any, ...]) -> str:
    return quote(values[0])


def show_code_field(paths: dict[str, str], final_of: dict[str, str]) -> Show:
    """How a code's fields read: a position is the parent's merged path and the place in it."""

    def show(name: str, values: tuple[Any, ...]) -> str:
        if name == "deletion":
            return "deleted" if values[0] else "not deleted"
        if name == "position":
            order, parent = values
            where = (
                f"under {quote(paths.get(final_of.get(parent, parent), parent))}"
                if parent
                else "at the top level"
            )
            return f"{where}, place {int(order) + 1}"
        return quote(values[0])

    return show
