"""Colours for charts: the codebook's where they can be told apart, Okabe–Ito where not.

About one reader in twelve has a colour-vision deficiency, and reports are printed in grey. So
two theme colours must differ clearly for normal vision *and* under simulated deuteranopia and
protanopia (the common forms); a codebook colour that does not is replaced by the next colour
of the Okabe–Ito set (designed to stay distinct for those readers). Heat maps use one hue
getting darker with the count on a light page (ColorBrewer "Blues", like the summary's matrix
table: "darker cells hold more evidence") and ``cividis``, getting brighter, on the dark theme;
both change in lightness only, so they read the same with any colour vision and in grey.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

#: Okabe & Ito (2008), "Color Universal Design": blue, orange, green, vermillion, sky blue,
#: reddish purple, yellow, grey. Ordered so the first few are the most distinct.
OKABE_ITO = (
    "#0072B2",
    "#E69F00",
    "#009E73",
    "#D55E00",
    "#56B4E9",
    "#CC79A7",
    "#F0E442",
    "#999999",
)
#: Below this CIE76 distance (in Lab) two colours read as "the same" in a legend or bar chart.
MIN_DISTANCE = 18.0

# Machado, Oliveira & Fernandes (2009) simulation matrices at full severity, on linear RGB.
_DEUTAN = (
    (0.367322, 0.860646, -0.227968),
    (0.280085, 0.672501, 0.047413),
    (-0.011820, 0.042940, 0.968881),
)
_PROTAN = (
    (0.152286, 1.052583, -0.204868),
    (0.114503, 0.786281, 0.099216),
    (-0.003882, -0.048116, 1.051998),
)


@dataclass(frozen=True)
class Style:
    """Figure colours for a light page (reports, light theme) or the dark theme."""

    background: str
    text: str
    muted: str
    grid: str
    empty: str  # a heat-map cell with no meaning (a theme with itself)
    good: str
    low: str
    heat_map: str  # a matplotlib colormap name

    @property
    def dark(self) -> bool:
        return self.background.lower() != "#ffffff"


LIGHT = Style("#ffffff", "#1a1a1a", "#5f6368", "#d9d9d9", "#eeeeee", "#0072B2", "#D55E00", "Blues")
DARK = Style("#2b2d31", "#e6e6e6", "#a8abb0", "#4a4d52", "#3a3d42", "#56B4E9", "#E69F00", "cividis")


def _linear(c: float) -> float:
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def _rgb(hex_colour: str) -> tuple[float, float, float]:
    h = hex_colour.lstrip("#")
    if len(h) == 3:
        h = "".join(ch * 2 for ch in h)
    r, g, b = (int(h[i : i + 2], 16) / 255 for i in (0, 2, 4))
    return _linear(r), _linear(g), _linear(b)


def _lab(rgb: tuple[float, float, float]) -> tuple[float, float, float]:
    r, g, b = rgb
    x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047
    y = 0.2126 * r + 0.7152 * g + 0.0722 * b
    z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883

    def f(t: float) -> float:
        return t ** (1 / 3) if t > 0.008856 else 7.787 * t + 16 / 116

    fx, fy, fz = f(x), f(y), f(z)
    return 116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)


def _simulate(
    rgb: tuple[float, float, float], m: tuple[tuple[float, float, float], ...]
) -> tuple[float, float, float]:
    out = [max(0.0, min(1.0, sum(m[i][j] * rgb[j] for j in range(3)))) for i in range(3)]
    return out[0], out[1], out[2]


def distance(a: str, b: str) -> float:
    """The smallest Lab distance between *a* and *b* for normal, deutan and protan vision."""
    ra, rb = _rgb(a), _rgb(b)
    worst = float("inf")
    for m in (None, _DEUTAN, _PROTAN):
        la = _lab(ra if m is None else _simulate(ra, m))
        lb = _lab(rb if m is None else _simulate(rb, m))
        worst = min(worst, sum((p - q) ** 2 for p, q in zip(la, lb, strict=True)) ** 0.5)
    return worst


def distinguishable(
    wanted: Sequence[str], background: str = "#ffffff", fallback: Sequence[str] = OKABE_ITO
) -> list[str]:
    """One colour per item: its own (the codebook's) when it stands apart from those before it
    and from the background, else the first fallback colour that does."""
    chosen: list[str] = []
    spare = list(fallback)
    for colour in wanted:
        candidates = [colour, *spare] if _valid(colour) else spare
        pick = next(
            (
                c
                for c in candidates
                if distance(c, background) >= MIN_DISTANCE / 2
                and all(distance(c, o) >= MIN_DISTANCE for o in chosen)
            ),
            None,
        )
        if pick is None:  # more items than distinct colours: reuse the fallback cyclically
            pick = fallback[len(chosen) % len(fallback)]
        if pick in spare:
            spare.remove(pick)
        chosen.append(pick)
    return chosen


def _valid(colour: str) -> bool:
    h = colour.lstrip("#")
    return len(h) in (3, 6) and all(ch in "0123456789abcdefABCDEF" for ch in h)


def text_on(hex_colour: str) -> str:
    """Black or white, whichever reads better on *hex_colour* (WCAG relative luminance)."""
    r, g, b = _rgb(hex_colour)
    luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b
    return "#000000" if luminance > 0.22 else "#ffffff"
