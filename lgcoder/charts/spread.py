"""Moving labelled boxes apart until none overlaps: the network chart's last layout step.

A force-directed layout places themes that come up together near each other, but it knows
nothing of the circles and names drawn there: with two dozen themes, circles sit on circles and
names run into each other ("aspect 1" over "aspect 4"), and a reader cannot tell which is which.
This step keeps the layout's arrangement and nudges boxes (a circle with its name under it) apart
just enough, pair by pair, inside the drawing area. networkx offers no such step, and the
general label-placement packages move text, not the nodes it belongs to.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

Floats = NDArray[np.float64]


def separate(
    centres: Floats,
    half_sizes: Floats,
    area: tuple[float, float],
    *,
    gap: float = 0.08,
    step: float = 0.05,
) -> Floats:
    """Box centres moved so that no two boxes overlap, where the area has room for that.

    *centres* and *half_sizes* are (n, 2) arrays in one unit (inches here); *area* is the
    (width, height) every box must stay inside, and *gap* the space kept between boxes. Boxes
    are placed one by one, biggest first, each at its own spot if that is free, else at the
    free spot nearest to it (searched on a grid of *step*, nearest first), as word clouds are
    laid out. So the arrangement survives and nothing can chase round in circles. A box with no
    free spot left stays where it was asked to be (the caller can then give more room; see
    :func:`overlapping_pairs`). Deterministic: the same input gives the same picture.
    """
    want = np.asarray(centres, dtype=np.float64)
    half = np.asarray(half_sizes, dtype=np.float64)
    width, height = area
    out = _inside(want.copy(), half, area)
    n = len(out)
    if n < 2:
        return out
    # offsets from a box's own spot, nearest first, covering the whole area from anywhere
    xs = np.arange(-width, width + step, step)
    ys = np.arange(-height, height + step, step)
    grid = np.stack(np.meshgrid(xs, ys), axis=-1).reshape(-1, 2)
    grid = grid[np.argsort(np.hypot(grid[:, 0], grid[:, 1]), kind="stable")]
    order = np.argsort(-(half[:, 0] * half[:, 1]), kind="stable")
    placed: list[int] = []
    for i in order:
        if placed:
            reach = half[placed] + half[i] + gap  # (k, 2)
            spot = _free_spot(out[i], grid, half[i], (width, height), out[placed], reach)
            if spot is not None:
                out[i] = spot
        placed.append(int(i))
    return out


def _free_spot(
    own: Floats,
    grid: Floats,
    half: Floats,
    area: tuple[float, float],
    others: Floats,
    reach: Floats,
) -> Floats | None:
    """The nearest point to *own* (on *grid*, inside *area*) where a box of *half* size keeps
    *reach* away from every box centred at *others*; None when there is none."""
    chunk = 512
    low = half
    high = np.array(area) - half
    for first in range(0, len(grid), chunk):
        spots = own + grid[first : first + chunk]
        spots = spots[((spots >= low) & (spots <= high)).all(axis=1)]
        if not len(spots):
            continue
        apart: NDArray[np.bool_] = (
            np.abs(spots[:, None, :] - others[None, :, :]) >= reach
        )  # (m, k, 2)
        free = np.all(np.any(apart, axis=2), axis=1)
        if free.any():
            return np.asarray(spots[int(np.argmax(free))], dtype=np.float64)
    return None


def overlapping_pairs(centres: Floats, half_sizes: Floats) -> int:
    """How many pairs of boxes overlap (what :func:`separate` drives to zero)."""
    xy = np.asarray(centres, dtype=np.float64)
    half = np.asarray(half_sizes, dtype=np.float64)
    reach = half[:, None, :] + half[None, :, :]
    overlap = reach - np.abs(xy[None, :, :] - xy[:, None, :])
    clash = (overlap[:, :, 0] > 1e-9) & (overlap[:, :, 1] > 1e-9)
    np.fill_diagonal(clash, False)
    return int(clash.sum() // 2)


def _inside(xy: Floats, half: Floats, area: tuple[float, float]) -> Floats:
    low = half
    high = np.maximum(np.array(area, dtype=np.float64)[None, :] - half, low)
    return np.clip(xy, low, high)
