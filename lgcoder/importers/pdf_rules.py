"""A PDF page's rules (table borders) as pdfplumber edges, read from pdfium's path objects.

pdfplumber finds a ruled table's grid from the page's lines and rectangles, which it gets by
parsing the page again with pdfminer: more than the whole rest of our import costs. pdfium has
already parsed the page, so the same edges are made here from its path objects, through
unchecked bindings (as in :mod:`.pdf_pieces`), and only on pages that look tabular (see
:mod:`.pdf_tables`). Coordinates are pdfplumber's: *top* and *bottom* measured down from the
page's top edge.
"""

from __future__ import annotations

from typing import Any

from lgcoder.importers import pdf_pieces as pieces
from lgcoder.importers.pdf_pieces import Rect

_THIN = 3.0  # a path thinner than this is a rule (a line, or a rectangle drawn as one)
_MAX_SEGMENTS = 400  # paths with more segments are drawings, not table borders


def _edge(x0: float, top: float, x1: float, bottom: float) -> dict[str, Any]:
    vertical = x1 - x0 < bottom - top
    return {
        "x0": x0,
        "x1": x1,
        "top": top,
        "bottom": bottom,
        "width": x1 - x0,
        "height": bottom - top,
        "orientation": "v" if vertical else "h",
        "object_type": "line",
    }


class _PathCalls:
    """pdfium's page-object and path functions, re-bound without argument conversion.

    As in ``pdf_pieces._Calls``: a page of tax tables has hundreds of objects, and the typed
    bindings (and pypdfium2's object wrappers) cost several times the call itself. Handles
    come back as plain integers and are passed on wrapped in ``c_void_p``.
    """

    def __init__(self) -> None:
        import ctypes

        import pypdfium2.raw as raw

        def bind(func: Any, restype: Any) -> Any:
            unchecked = type(func)(ctypes.cast(func, ctypes.c_void_p).value)
            unchecked.restype = restype
            unchecked.argtypes = None
            return unchecked

        # a subclass of c_void_p comes back from a call as itself, not converted to an int,
        # so a handle can be passed straight on without wrapping it again in Python
        class Handle(ctypes.c_void_p):
            pass

        handle, flag = Handle, ctypes.c_int
        self.count = bind(raw.FPDFPage_CountObjects, flag)  # (page)
        self.get = bind(raw.FPDFPage_GetObject, handle)  # (page, index)
        self.type = bind(raw.FPDFPageObj_GetType, flag)  # (object)
        self.bounds = bind(raw.FPDFPageObj_GetBounds, flag)  # (object, &l, &b, &r, &t)
        self.segments = bind(raw.FPDFPath_CountSegments, flag)  # (path)
        self.segment = bind(raw.FPDFPath_GetPathSegment, handle)  # (path, index)
        self.point = bind(raw.FPDFPathSegment_GetPoint, flag)  # (segment, &x, &y)
        self.kind = bind(raw.FPDFPathSegment_GetType, flag)  # (segment)
        self.closes = bind(raw.FPDFPathSegment_GetClose, flag)  # (segment)
        self.matrix = bind(raw.FPDFPageObj_GetMatrix, flag)  # (object, &matrix)
        self.path_type = raw.FPDF_PAGEOBJ_PATH
        self.move, self.line = raw.FPDF_SEGMENT_MOVETO, raw.FPDF_SEGMENT_LINETO
        # for the C loop (pdf_pieces.scan): the same functions' addresses, in its order
        self.addresses = tuple(
            ctypes.cast(f, ctypes.c_void_p).value or 0
            for f in (
                raw.FPDFPage_CountObjects,
                raw.FPDFPage_GetObject,
                raw.FPDFPageObj_GetType,
                raw.FPDFPageObj_GetBounds,
                raw.FPDFPath_CountSegments,
                raw.FPDFPath_GetPathSegment,
                raw.FPDFPathSegment_GetPoint,
                raw.FPDFPathSegment_GetType,
                raw.FPDFPathSegment_GetClose,
                raw.FPDFPageObj_GetMatrix,
            )
        )
        self.kinds = (self.path_type, self.move, self.line)


_path_calls: _PathCalls | None = None


def ruling_edges(page: Any, page_top: float, near: list[Rect]) -> list[dict[str, Any]]:
    """The page's horizontal and vertical rules as pdfplumber edges (y measured downwards).

    A thin path (a stroked line, or a filled rectangle a point or two high, which is how many
    writers draw borders) is one edge; other paths give their straight, axis-parallel
    segments, so stroked rectangles and grids drawn as one path count too. Only paths that
    overlap one of the *near* areas count (walking the segments of every drawing on a page
    costs more than reading its text). Paths inside form XObjects are not looked at.
    """
    import ctypes

    global _path_calls
    if _path_calls is None:
        _path_calls = _PathCalls()
    calls = _path_calls
    handle = ctypes.c_void_p
    address = ctypes.cast(page.raw, handle).value
    if pieces.scan is not None and address:  # the same walk in C (see pdf_pieces' docstring)
        found = pieces.scan.ruling_edges(
            calls.addresses, address, page_top, list(near), _THIN, _MAX_SEGMENTS, calls.kinds
        )
        return [_edge(*edge) for edge in found]
    page_ptr = handle(address)
    box = (ctypes.c_float * 6)()
    base = ctypes.addressof(box)
    out = [handle(base + 4 * k) for k in range(6)]
    edges: list[dict[str, Any]] = []
    path_type = calls.path_type
    get, type_of, bounds_of = calls.get, calls.type, calls.bounds
    first_four = out[:4]
    for i in range(calls.count(page_ptr)):
        obj = get(page_ptr, i)
        if type_of(obj) != path_type or not bounds_of(obj, *first_four):
            continue
        left, bottom, right, top = box[0], box[1], box[2], box[3]
        width, height = right - left, top - bottom
        if (width < _THIN and height < _THIN) or not any(
            left < bx1 and bx0 < right and bottom < by1 and by0 < top for bx0, by0, bx1, by1 in near
        ):
            continue  # a dot, or a rule far from any candidate block
        if width < _THIN:
            mid = (left + right) / 2
            edges.append(_edge(mid, page_top - top, mid, page_top - bottom))
        elif height < _THIN:
            mid = page_top - (top + bottom) / 2
            edges.append(_edge(left, mid, right, mid))
        else:
            count = calls.segments(obj)
            if count == 2:  # one straight line: a thick rule, or a diagonal (no edge)
                if height < 0.2 * width:
                    mid = page_top - (top + bottom) / 2
                    edges.append(_edge(left, mid, right, mid))
                elif width < 0.2 * height:
                    mid = (left + right) / 2
                    edges.append(_edge(mid, page_top - top, mid, page_top - bottom))
            elif 2 < count <= _MAX_SEGMENTS:  # a box or a grid near a candidate block
                _path_edges(calls, obj, edges, page_top, (left, bottom, right, top), count)
    return edges


def _path_edges(
    calls: _PathCalls,
    obj: Any,
    edges: list[dict[str, Any]],
    page_top: float,
    bounds: Rect,
    count: int,
) -> None:
    """The straight, axis-parallel segments of a path that is more than a line.

    A rectangle (a cell's shading or frame: four or five segments whose first three points
    are corners of its bounds) gives its four sides without walking every segment.
    """
    import ctypes

    m = (ctypes.c_float * 6)()
    if not calls.matrix(obj, ctypes.c_void_p(ctypes.addressof(m))):
        return
    a, b, c, d, e, f = m[:]
    x, y = ctypes.c_float(), ctypes.c_float()
    x_ptr = ctypes.c_void_p(ctypes.addressof(x))
    y_ptr = ctypes.c_void_p(ctypes.addressof(y))
    if count in (4, 5):
        left, bottom, right, top = bounds
        corners = 0
        for i in range(3):
            seg = calls.segment(obj, i)
            if not calls.point(seg, x_ptr, y_ptr):
                break
            px = a * x.value + c * y.value + e
            py = b * x.value + d * y.value + f
            if min(abs(px - left), abs(px - right)) > 1 or min(abs(py - bottom), abs(py - top)) > 1:
                break
            corners += 1
        if corners == 3:
            y0, y1 = page_top - top, page_top - bottom
            edges += [
                _edge(left, y0, right, y0),
                _edge(left, y1, right, y1),
                _edge(left, y0, left, y1),
                _edge(right, y0, right, y1),
            ]
            return
    start = prev = None
    move, line = calls.move, calls.line
    segment, point_of, kind_of, closes = calls.segment, calls.point, calls.kind, calls.closes
    for i in range(count):
        seg = segment(obj, i)
        if not point_of(seg, x_ptr, y_ptr):
            continue
        px, py = x.value, y.value
        point = (a * px + c * py + e, b * px + d * py + f)
        kind = kind_of(seg)
        if kind == move:  # a move closed at once closes onto itself: no edge, no need to ask
            start = prev = point
            continue
        # a segment shorter than a point both ways is never an edge (see _add_straight):
        # dotted leaders are drawn as hundreds of them
        if (
            kind == line
            and prev is not None
            and (abs(point[0] - prev[0]) >= 1 or abs(point[1] - prev[1]) >= 1)
        ):
            _add_straight(edges, prev, point, page_top)
        prev = point
        # closing onto a start less than a point away both ways makes no edge either, so
        # the dots of a dotted leader (a move and a tiny line each) are not asked
        if (
            start is not None
            and (abs(point[0] - start[0]) >= 1 or abs(point[1] - start[1]) >= 1)
            and closes(seg)
        ):
            _add_straight(edges, point, start, page_top)


def _add_straight(
    edges: list[dict[str, Any]], a: tuple[float, float], b: tuple[float, float], page_top: float
) -> None:
    (ax, ay), (bx, by) = a, b
    if abs(ay - by) < 0.5 and abs(ax - bx) >= 1:
        y = page_top - (ay + by) / 2
        edges.append(_edge(min(ax, bx), y, max(ax, bx), y))
    elif abs(ax - bx) < 0.5 and abs(ay - by) >= 1:
        x = (ax + bx) / 2
        edges.append(_edge(x, page_top - max(ay, by), x, page_top - min(ay, by)))
