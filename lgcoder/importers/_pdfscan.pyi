"""Types of the optional C loops of :mod:`lgcoder.importers.pdf_pieces` (``_pdfscan.c``)."""

Rect = tuple[float, float, float, float]

def line_rects(
    count_rects: int, get_rect: int, textpage: int, start: int, count: int
) -> tuple[Rect, list[Rect], list[int]] | None: ...
def gap_cuts(
    char_box: int, textpage: int, text: str, start: int, end: int, limit: float
) -> list[int]: ...
def ruling_edges(
    functions: tuple[int, ...],
    page: int,
    page_top: float,
    near: list[Rect],
    thin: float,
    max_segments: int,
    kinds: tuple[int, int, int],
) -> list[Rect]: ...
def rect_starts(
    count_rects: int,
    char_box: int,
    textpage: int,
    text: str,
    start: int,
    end: int,
    rects: list[Rect],
    cuts: list[int],
) -> list[int]: ...
def font_sizes(
    get_font_size: int, get_matrix: int, textpage: int, indexes: list[int]
) -> list[float | None]: ...
def page_runs(
    count_rects: int, get_rect: int, textpage: int, text: str
) -> list[tuple[int, int, Rect] | tuple[int, int, Rect, list[Rect], list[int]]]: ...
