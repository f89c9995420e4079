"""Colours for codes and coders: validation and a readable default palette."""

from __future__ import annotations

import re

from lgcoder.core.errors import ValidationError

# Paul Tol's "muted" and "bright" qualitative schemes: distinguishable, colour-blind friendly.
PALETTE = (
    "#cc6677",
    "#332288",
    "#ddcc77",
    "#117733",
    "#88ccee",
    "#882255",
    "#44aa99",
    "#999933",
    "#aa4499",
    "#4477aa",
    "#ee6677",
    "#228833",
    "#ccbb44",
    "#66ccee",
    "#aa3377",
    "#bbbbbb",
)
_HEX = re.compile(r"^#?([0-9a-fA-F]{6}|[0-9a-fA-F]{3})$")


def check_color(value: str) -> str:
    """Return the colour as ``#rrggbb`` or raise a ValidationError a user understands."""
    m = _HEX.match(value.strip())
    if not m:
        raise ValidationError(f"'{value}' is not a colour; use the form #RRGGBB, e.g. #cc6677")
    digits = m.group(1).lower()
    if len(digits) == 3:
        digits = "".join(c * 2 for c in digits)
    return "#" + digits


def palette_color(index: int) -> str:
    return PALETTE[index % len(PALETTE)]


def free_color(used: set[str], index: int) -> str:
    """The palette colour for the *index*-th code, skipping colours already in *used*.

    Auto-assigned colours must not repeat a colour the user gave another code on purpose (two
    themes in one colour cannot be told apart in the margin). Once the palette is used up,
    colours repeat in palette order.
    """
    taken = {c.lower() for c in used}
    for step in range(len(PALETTE)):
        candidate = PALETTE[(index + step) % len(PALETTE)]
        if candidate not in taken:
            return candidate
    return palette_color(index)
