/* The PDF reader's loops over pdfium that make the most foreign calls, in C: one call from
 * Python per line (or per page's rules) instead of one per rectangle, glyph or path segment.
 * Each ctypes call costs about half a microsecond, and the IRS instructions need some 135,000
 * of them. The loops here make the same pdfium calls and compute with the same doubles in the
 * same order as the Python loops of pdf_pieces.py and pdf_rules.py, so the pieces, rules and
 * text are exactly theirs; those loops stay as the fallback when this module is not built.
 * pdfium's functions are not linked: Python passes the addresses of the ones pypdfium2 loaded.
 *
 * Floating point: no fused multiply-add may merge a product and a sum (Python rounds each),
 * hence the pragmas here and -ffp-contract=off in setup.py.
 *
 * This module is optional (setup.py builds it with optional=True).
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <math.h>

#if defined(__clang__)
#pragma STDC FP_CONTRACT OFF
#elif defined(_MSC_VER)
#pragma fp_contract(off)
#endif

#if defined(_WIN32) && !defined(_WIN64)
#define FPDF_CALLCONV __stdcall /* as pdfium's fpdfview.h */
#else
#define FPDF_CALLCONV
#endif

typedef int(FPDF_CALLCONV *count_rects_fn)(void *, int, int);
typedef int(FPDF_CALLCONV *get_rect_fn)(void *, int, double *, double *, double *, double *);
typedef int(FPDF_CALLCONV *char_box_fn)(void *, int, double *, double *, double *, double *);
typedef int(FPDF_CALLCONV *count_objects_fn)(void *);
typedef void *(FPDF_CALLCONV *get_object_fn)(void *, int);
typedef int(FPDF_CALLCONV *object_type_fn)(void *);
typedef int(FPDF_CALLCONV *bounds_fn)(void *, float *, float *, float *, float *);
typedef int(FPDF_CALLCONV *count_segments_fn)(void *);
typedef void *(FPDF_CALLCONV *get_segment_fn)(void *, int);
typedef int(FPDF_CALLCONV *point_fn)(void *, float *, float *);
typedef int(FPDF_CALLCONV *segment_type_fn)(void *);
typedef int(FPDF_CALLCONV *closes_fn)(void *);
typedef int(FPDF_CALLCONV *matrix_fn)(void *, float *); /* FS_MATRIX: a b c d e f */

static int
as_pointer(PyObject *obj, void **out)
{
    void *p = PyLong_AsVoidPtr(obj);
    if (p == NULL) {
        if (!PyErr_Occurred())
            PyErr_SetString(PyExc_ValueError, "null pointer");
        return 0;
    }
    *out = p;
    return 1;
}

static PyObject *
rect_tuple(double left, double bottom, double right, double top)
{
    return Py_BuildValue("(dddd)", left, bottom, right, top);
}

/* line_rects(count_rects, get_rect, textpage, start, count)
 *
 * pdfium's rectangles of the chars [start, start + count), as pdf_pieces._runs reads them:
 * None when there are none, else (box, rects, suspects): their union (left, bottom, right,
 * top), every rectangle as such a tuple, and the indexes j where rectangle j + 1 starts more
 * than 6 points right of rectangle j's end or left of it (the joins that might be cuts).
 */
static PyObject *
rects_of(count_rects_fn count_rects, get_rect_fn get_rect, void *page, int start, int count)
{
    int n = count_rects(page, start, count);
    if (n <= 0)
        Py_RETURN_NONE;
    double buf[4] = {0.0, 0.0, 0.0, 0.0}; /* left, top, right, bottom */
    PyObject *rects = PyList_New(n);
    PyObject *suspects = PyList_New(0);
    if (rects == NULL || suspects == NULL)
        goto fail;
    get_rect(page, 0, &buf[0], &buf[1], &buf[2], &buf[3]);
    double x0 = buf[0], y1 = buf[1], x1 = buf[2], y0 = buf[3];
    double prev_right = x1;
    PyObject *first = rect_tuple(x0, y0, x1, y1);
    if (first == NULL)
        goto fail;
    PyList_SET_ITEM(rects, 0, first);
    for (int j = 1; j < n; j++) {
        get_rect(page, j, &buf[0], &buf[1], &buf[2], &buf[3]);
        double left = buf[0], top = buf[1], right = buf[2], bottom = buf[3];
        PyObject *r = rect_tuple(left, bottom, right, top);
        if (r == NULL)
            goto fail;
        PyList_SET_ITEM(rects, j, r);
        if (left < x0)
            x0 = left;
        if (bottom < y0)
            y0 = bottom;
        if (right > x1)
            x1 = right;
        if (top > y1)
            y1 = top;
        if (left - prev_right > 6.0 || left < prev_right) {
            PyObject *k = PyLong_FromLong(j - 1);
            if (k == NULL || PyList_Append(suspects, k) < 0) {
                Py_XDECREF(k);
                goto fail;
            }
            Py_DECREF(k);
        }
        prev_right = right;
    }
    return Py_BuildValue("(NNN)", rect_tuple(x0, y0, x1, y1), rects, suspects);
fail:
    Py_XDECREF(rects);
    Py_XDECREF(suspects);
    return NULL;
}

static PyObject *
line_rects(PyObject *self, PyObject *const *args, Py_ssize_t nargs)
{
    void *count_p, *rect_p, *page;
    if (nargs != 5) {
        PyErr_SetString(PyExc_TypeError, "line_rects takes 5 arguments");
        return NULL;
    }
    if (!as_pointer(args[0], &count_p) || !as_pointer(args[1], &rect_p) ||
        !as_pointer(args[2], &page))
        return NULL;
    int start = (int)PyLong_AsLong(args[3]);
    int count = (int)PyLong_AsLong(args[4]);
    if (PyErr_Occurred())
        return NULL;
    return rects_of((count_rects_fn)count_p, (get_rect_fn)rect_p, page, start, count);
}

/* page_runs(count_rects, get_rect, textpage, text)
 *
 * pdf_pieces.page_pieces' first loop: for each line of *text* (a longest run of characters
 * other than CR and LF, as the regex [^\r\n]+ finds them), its rectangles as line_rects
 * gives them. A line without rectangles gives nothing; one whose rectangles may need cutting
 * (more than one, and a suspect join) gives (start, end, box, rects, suspects) for Python's
 * _cut_runs; any other gives (start, end, box).
 */
static PyObject *
page_runs(PyObject *self, PyObject *const *args, Py_ssize_t nargs)
{
    void *count_p, *rect_p, *page;
    if (nargs != 4 || !PyUnicode_Check(args[3])) {
        PyErr_SetString(PyExc_TypeError, "page_runs: bad arguments");
        return NULL;
    }
    if (!as_pointer(args[0], &count_p) || !as_pointer(args[1], &rect_p) ||
        !as_pointer(args[2], &page))
        return NULL;
    PyObject *text = args[3];
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    Py_ssize_t length = PyUnicode_GET_LENGTH(text);
    PyObject *out = PyList_New(0);
    if (out == NULL)
        return NULL;
    Py_ssize_t i = 0;
    while (i < length) {
        Py_UCS4 ch = PyUnicode_READ(kind, data, i);
        if (ch == '\r' || ch == '\n') {
            i++;
            continue;
        }
        Py_ssize_t start = i;
        while (i < length) {
            ch = PyUnicode_READ(kind, data, i);
            if (ch == '\r' || ch == '\n')
                break;
            i++;
        }
        Py_ssize_t end = i;
        PyObject *got = rects_of((count_rects_fn)count_p, (get_rect_fn)rect_p, page, (int)start,
                                 (int)(end - start));
        if (got == NULL) {
            Py_DECREF(out);
            return NULL;
        }
        if (got == Py_None) {
            Py_DECREF(got);
            continue;
        }
        PyObject *box = PyTuple_GET_ITEM(got, 0);
        PyObject *rects = PyTuple_GET_ITEM(got, 1);
        PyObject *suspects = PyTuple_GET_ITEM(got, 2);
        PyObject *run;
        if (PyList_GET_SIZE(rects) == 1 || PyList_GET_SIZE(suspects) == 0)
            run = Py_BuildValue("(nnO)", start, end, box);
        else
            run = Py_BuildValue("(nnOOO)", start, end, box, rects, suspects);
        Py_DECREF(got);
        if (run == NULL || PyList_Append(out, run) < 0) {
            Py_XDECREF(run);
            Py_DECREF(out);
            return NULL;
        }
        Py_DECREF(run);
    }
    return out;
}

/* gap_cuts(char_box, textpage, text, start, end, limit)
 *
 * pdf_pieces._Probe.split_at_gaps: the spaces i in [start + 1, end) with a glyph on either
 * side in *text* (the regex " (?<=[^ ] )(?=[^ ])" searched from start + 1 to end) where the
 * glyph after lies more than *limit* right of the glyph before's right edge, or more than
 * *limit* left of it. The glyph after one space is the glyph before the next when they are
 * two apart: its box is asked for once, as in Python.
 */
static PyObject *
gap_cuts(PyObject *self, PyObject *const *args, Py_ssize_t nargs)
{
    void *box_p, *page;
    if (nargs != 6) {
        PyErr_SetString(PyExc_TypeError, "gap_cuts takes 6 arguments");
        return NULL;
    }
    if (!as_pointer(args[0], &box_p) || !as_pointer(args[1], &page))
        return NULL;
    PyObject *text = args[2];
    if (!PyUnicode_Check(text)) {
        PyErr_SetString(PyExc_TypeError, "text must be a str");
        return NULL;
    }
    Py_ssize_t start = PyLong_AsSsize_t(args[3]);
    Py_ssize_t end = PyLong_AsSsize_t(args[4]);
    double limit = PyFloat_AsDouble(args[5]);
    if (PyErr_Occurred())
        return NULL;
    Py_ssize_t length = PyUnicode_GET_LENGTH(text);
    if (end > length)
        end = length;
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    char_box_fn box = (char_box_fn)box_p;

    PyObject *cuts = PyList_New(0);
    if (cuts == NULL)
        return NULL;
    double buf[4] = {0.0, 0.0, 0.0, 0.0}; /* left, right, bottom, top */
    Py_ssize_t known = -1;
    int known_ok = 0;
    double known_right = 0.0;
    for (Py_ssize_t i = start + 1; i + 1 < end; i++) {
        if (PyUnicode_READ(kind, data, i) != ' ' || i < 1 ||
            PyUnicode_READ(kind, data, i - 1) == ' ' || PyUnicode_READ(kind, data, i + 1) == ' ')
            continue;
        double right;
        if (i - 1 == known) {
            if (!known_ok)
                continue;
            right = known_right;
        }
        else {
            if (!box(page, (int)(i - 1), &buf[0], &buf[1], &buf[2], &buf[3]))
                continue;
            right = buf[1];
        }
        known = i + 1;
        known_ok = box(page, (int)known, &buf[0], &buf[1], &buf[2], &buf[3]) != 0;
        if (!known_ok)
            continue;
        double left = buf[0];
        known_right = buf[1];
        if (left - right > limit || left < right - limit) {
            PyObject *k = PyLong_FromSsize_t(i);
            if (k == NULL || PyList_Append(cuts, k) < 0) {
                Py_XDECREF(k);
                Py_DECREF(cuts);
                return NULL;
            }
            Py_DECREF(k);
        }
    }
    return cuts;
}


/* ---- where the runs after a line's cuts start (pdf_pieces._Probe.rect_starts) ---------- */

/* Python's str.find / str.rfind of a space in text[start:end), with its index rules */
static Py_ssize_t
find_space(int kind, const void *data, Py_ssize_t length, long long start, long long end,
           int reverse)
{
    if (end > length)
        end = length;
    else if (end < 0) {
        end += length;
        if (end < 0)
            end = 0;
    }
    if (start < 0) {
        start += length;
        if (start < 0)
            start = 0;
    }
    if (start > end)
        return -1;
    if (reverse) {
        for (long long i = end - 1; i >= start; i--)
            if (PyUnicode_READ(kind, data, i) == ' ')
                return (Py_ssize_t)i;
    }
    else {
        for (long long i = start; i < end; i++)
            if (PyUnicode_READ(kind, data, i) == ' ')
                return (Py_ssize_t)i;
    }
    return -1;
}

/* rect_starts(count_rects, char_box, textpage, text, start, end, rects, cuts)
 *
 * pdf_pieces._Probe.rect_starts (and its _search), step for step: the first char index of
 * the rect after each cut. Raises as Python's int() would on a NaN or infinite guess.
 */
static PyObject *
rect_starts(PyObject *self, PyObject *const *args, Py_ssize_t nargs)
{
    void *count_p, *box_p, *page;
    if (nargs != 8 || !PyUnicode_Check(args[3]) || !PyList_Check(args[6]) ||
        !PyList_Check(args[7])) {
        PyErr_SetString(PyExc_TypeError, "rect_starts: bad arguments");
        return NULL;
    }
    if (!as_pointer(args[0], &count_p) || !as_pointer(args[1], &box_p) ||
        !as_pointer(args[2], &page))
        return NULL;
    count_rects_fn count = (count_rects_fn)count_p;
    char_box_fn box = (char_box_fn)box_p;
    PyObject *text = args[3];
    long long start = PyLong_AsLongLong(args[4]);
    long long end = PyLong_AsLongLong(args[5]);
    if (PyErr_Occurred())
        return NULL;
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    Py_ssize_t length = PyUnicode_GET_LENGTH(text);
    PyObject *rects = args[6], *cuts = args[7];
    Py_ssize_t n = PyList_GET_SIZE(rects);
    /* each rect's left, bottom, top; cumulative widths */
    double *geo = PyMem_Malloc(sizeof(double) * (4 * (size_t)n + 1));
    if (geo == NULL)
        return PyErr_NoMemory();
    double *ends = geo + 3 * n;
    ends[0] = 0.0;
    for (Py_ssize_t k = 0; k < n; k++) {
        PyObject *r = PyList_GET_ITEM(rects, k);
        if (!PyTuple_Check(r) || PyTuple_GET_SIZE(r) != 4) {
            PyMem_Free(geo);
            PyErr_SetString(PyExc_TypeError, "rects: (left, bottom, right, top) tuples");
            return NULL;
        }
        double left = PyFloat_AsDouble(PyTuple_GET_ITEM(r, 0));
        double bottom = PyFloat_AsDouble(PyTuple_GET_ITEM(r, 1));
        double right = PyFloat_AsDouble(PyTuple_GET_ITEM(r, 2));
        double top = PyFloat_AsDouble(PyTuple_GET_ITEM(r, 3));
        double width = right - left;
        if (0.0 > width) /* max(width, 0.0) */
            width = 0.0;
        geo[3 * k] = left;
        geo[3 * k + 1] = bottom;
        geo[3 * k + 2] = top;
        ends[k + 1] = ends[k] + width;
    }
    if (PyErr_Occurred()) {
        PyMem_Free(geo);
        return NULL;
    }
    PyObject *found = PyList_New(0);
    if (found == NULL) {
        PyMem_Free(geo);
        return NULL;
    }
    double buf[4] = {0.0, 0.0, 0.0, 0.0}; /* left, right, bottom, top */
    long long anchor = start, after = start;
    Py_ssize_t anchor_rect = 0;
    Py_ssize_t n_cuts = PyList_GET_SIZE(cuts);
    for (Py_ssize_t c = 0; c < n_cuts; c++) {
        long long cut = PyLong_AsLongLong(PyList_GET_ITEM(cuts, c));
        if (PyErr_Occurred())
            goto fail;
        Py_ssize_t target = (Py_ssize_t)cut + 1;
        if (target < 0 || target >= n) {
            PyErr_SetString(PyExc_IndexError, "list index out of range");
            goto fail;
        }
        double x0 = geo[3 * target], bottom = geo[3 * target + 1], top = geo[3 * target + 2];
        double base = ends[anchor_rect];
        double whole = ends[n] - base;
        if (whole == 0.0)
            whole = 1.0;
        double share = (ends[target] - base) / whole;
        double g = (double)(end - anchor) * share + 0.5;
        if (isnan(g)) {
            PyErr_SetString(PyExc_ValueError, "cannot convert float NaN to integer");
            goto fail;
        }
        if (isinf(g) || fabs(g) > 9.0e18) {
            PyErr_SetString(PyExc_OverflowError, "cannot convert float infinity to integer");
            goto fail;
        }
        long long guess = anchor + (long long)g; /* int() truncates toward zero, as C */
        long long lo = after + 1;
        Py_ssize_t space = find_space(kind, data, length, guess - 1 > lo ? guess - 1 : lo, end, 0);
        int ok = space != -1 && space + 1 < end &&
                 box(page, (int)(space + 1), &buf[0], &buf[1], &buf[2], &buf[3]) &&
                 fabs(buf[0] - x0) < 0.01 && bottom <= (buf[2] + buf[3]) / 2 &&
                 (buf[2] + buf[3]) / 2 <= top;
        if (!ok) {
            space = find_space(kind, data, length, lo, guess - 1, 1);
            ok = space != -1 && space + 1 < end &&
                 box(page, (int)(space + 1), &buf[0], &buf[1], &buf[2], &buf[3]) &&
                 fabs(buf[0] - x0) < 0.01 && bottom <= (buf[2] + buf[3]) / 2 &&
                 (buf[2] + buf[3]) / 2 <= top;
            if (!ok) { /* _search: the shortest prefix needing more rects than the index */
                long long index = (long long)(target - anchor_rect);
                long long a = after - anchor + 1, b = end - anchor;
                if (a < 1)
                    a = 1;
                while (a < b) {
                    long long mid = (a + b) / 2; /* both positive: floor, as // */
                    if (count(page, (int)anchor, (int)mid) > index)
                        b = mid;
                    else
                        a = mid + 1;
                }
                space = (Py_ssize_t)(anchor + a - 1 - 1);
            }
        }
        long long ch = (long long)space + 1;
        if (ch > after) {
            anchor = ch;
            anchor_rect = target;
            after = ch;
        }
        PyObject *v = PyLong_FromLongLong(after);
        if (v == NULL || PyList_Append(found, v) < 0) {
            Py_XDECREF(v);
            goto fail;
        }
        Py_DECREF(v);
    }
    PyMem_Free(geo);
    return found;
fail:
    PyMem_Free(geo);
    Py_DECREF(found);
    return NULL;
}

/* ---- font sizes (pdf_fonts.measure_lines) ------------------------------------------------ */

typedef double(FPDF_CALLCONV *font_size_fn)(void *, int);
typedef int(FPDF_CALLCONV *text_matrix_fn)(void *, int, float *);

/* font_sizes(get_font_size, get_matrix, textpage, indexes)
 *
 * pdf_fonts.measure_lines' first loop: for each glyph index, the Tf size times the scale of
 * the glyph's matrix (0.0 when not positive), or None for an index below 0.
 */
static PyObject *
font_sizes(PyObject *self, PyObject *const *args, Py_ssize_t nargs)
{
    void *size_p, *matrix_p, *page;
    if (nargs != 4 || !PyList_Check(args[3])) {
        PyErr_SetString(PyExc_TypeError, "font_sizes: bad arguments");
        return NULL;
    }
    if (!as_pointer(args[0], &size_p) || !as_pointer(args[1], &matrix_p) ||
        !as_pointer(args[2], &page))
        return NULL;
    font_size_fn get_size = (font_size_fn)size_p;
    text_matrix_fn get_matrix = (text_matrix_fn)matrix_p;
    PyObject *indexes = args[3];
    Py_ssize_t n = PyList_GET_SIZE(indexes);
    PyObject *out = PyList_New(n);
    if (out == NULL)
        return NULL;
    float m[6];
    for (Py_ssize_t k = 0; k < n; k++) {
        long index = PyLong_AsLong(PyList_GET_ITEM(indexes, k));
        if (index == -1 && PyErr_Occurred()) {
            Py_DECREF(out);
            return NULL;
        }
        PyObject *v;
        if (index < 0) {
            v = Py_NewRef(Py_None);
        }
        else {
            double size = get_size(page, (int)index);
            if (size > 0 && get_matrix(page, (int)index, m)) {
                double a = m[0], b = m[1], c = m[2], d = m[3];
                size *= sqrt(fabs(a * d - b * c));
            }
            v = PyFloat_FromDouble(size > 0 ? size : 0.0);
            if (v == NULL) {
                Py_DECREF(out);
                return NULL;
            }
        }
        PyList_SET_ITEM(out, k, v);
    }
    return out;
}

/* ---- rules (pdf_rules.ruling_edges) ---------------------------------------------------- */

typedef struct {
    count_objects_fn count;
    get_object_fn get;
    object_type_fn type;
    bounds_fn bounds;
    count_segments_fn segments;
    get_segment_fn segment;
    point_fn point;
    segment_type_fn kind;
    closes_fn closes;
    matrix_fn matrix;
    int path_type, move, line;
    double page_top, thin;
    int max_segments;
    PyObject *edges; /* list of (x0, top, x1, bottom) */
} Rules;

static int
add_edge(Rules *r, double x0, double top, double x1, double bottom)
{
    PyObject *e = Py_BuildValue("(dddd)", x0, top, x1, bottom);
    if (e == NULL)
        return -1;
    int err = PyList_Append(r->edges, e);
    Py_DECREF(e);
    return err;
}

/* as Python's min(u, v) and max(u, v): the first unless the second is smaller (larger) */
static double
py_min(double u, double v)
{
    return v < u ? v : u;
}

static double
py_max(double u, double v)
{
    return v > u ? v : u;
}

static int
add_straight(Rules *r, double ax, double ay, double bx, double by)
{
    if (fabs(ay - by) < 0.5 && fabs(ax - bx) >= 1) {
        double y = r->page_top - (ay + by) / 2;
        return add_edge(r, py_min(ax, bx), y, py_max(ax, bx), y);
    }
    if (fabs(ax - bx) < 0.5 && fabs(ay - by) >= 1) {
        double x = (ax + bx) / 2;
        return add_edge(r, x, r->page_top - py_max(ay, by), x, r->page_top - py_min(ay, by));
    }
    return 0;
}

static int
path_edges(Rules *r, void *obj, double left, double bottom, double right, double top, int count)
{
    float m[6];
    if (!r->matrix(obj, m))
        return 0;
    double a = m[0], b = m[1], c = m[2], d = m[3], e = m[4], f = m[5];
    float x, y;
    if (count == 4 || count == 5) {
        int corners = 0;
        for (int i = 0; i < 3; i++) {
            void *seg = r->segment(obj, i);
            if (!r->point(seg, &x, &y))
                break;
            double px = a * (double)x + c * (double)y + e;
            double py = b * (double)x + d * (double)y + f;
            if (py_min(fabs(px - left), fabs(px - right)) > 1 ||
                py_min(fabs(py - bottom), fabs(py - top)) > 1)
                break;
            corners++;
        }
        if (corners == 3) {
            double y0 = r->page_top - top, y1 = r->page_top - bottom;
            if (add_edge(r, left, y0, right, y0) < 0 || add_edge(r, left, y1, right, y1) < 0 ||
                add_edge(r, left, y0, left, y1) < 0 || add_edge(r, right, y0, right, y1) < 0)
                return -1;
            return 0;
        }
    }
    int have_start = 0, have_prev = 0;
    double sx = 0, sy = 0, qx = 0, qy = 0; /* start, prev */
    for (int i = 0; i < count; i++) {
        void *seg = r->segment(obj, i);
        if (!r->point(seg, &x, &y))
            continue;
        double px = a * (double)x + c * (double)y + e;
        double py = b * (double)x + d * (double)y + f;
        int kind = r->kind(seg);
        if (kind == r->move) {
            sx = qx = px;
            sy = qy = py;
            have_start = have_prev = 1;
            continue;
        }
        if (kind == r->line && have_prev && (fabs(px - qx) >= 1 || fabs(py - qy) >= 1)) {
            if (add_straight(r, qx, qy, px, py) < 0)
                return -1;
        }
        qx = px;
        qy = py;
        have_prev = 1;
        if (have_start && (fabs(px - sx) >= 1 || fabs(py - sy) >= 1) && r->closes(seg)) {
            if (add_straight(r, px, py, sx, sy) < 0)
                return -1;
        }
    }
    return 0;
}

/* ruling_edges(functions, page, page_top, near, thin, max_segments, kinds)
 *
 * pdf_rules.ruling_edges without the dictionaries: the page's rules as (x0, top, x1, bottom)
 * tuples, in the same order. *functions* are the addresses of FPDFPage_CountObjects,
 * FPDFPage_GetObject, FPDFPageObj_GetType, FPDFPageObj_GetBounds, FPDFPath_CountSegments,
 * FPDFPath_GetPathSegment, FPDFPathSegment_GetPoint, FPDFPathSegment_GetType,
 * FPDFPathSegment_GetClose and FPDFPageObj_GetMatrix; *kinds* is (FPDF_PAGEOBJ_PATH,
 * FPDF_SEGMENT_MOVETO, FPDF_SEGMENT_LINETO); *near* a list of (left, bottom, right, top).
 */
static PyObject *
ruling_edges(PyObject *self, PyObject *const *args, Py_ssize_t nargs)
{
    Rules r;
    void *f[10], *page;
    if (nargs != 7 || !PyTuple_Check(args[0]) || PyTuple_GET_SIZE(args[0]) != 10 ||
        !PyList_Check(args[3]) || !PyTuple_Check(args[6]) || PyTuple_GET_SIZE(args[6]) != 3) {
        PyErr_SetString(PyExc_TypeError, "ruling_edges: bad arguments");
        return NULL;
    }
    for (int k = 0; k < 10; k++)
        if (!as_pointer(PyTuple_GET_ITEM(args[0], k), &f[k]))
            return NULL;
    if (!as_pointer(args[1], &page))
        return NULL;
    r.count = (count_objects_fn)f[0];
    r.get = (get_object_fn)f[1];
    r.type = (object_type_fn)f[2];
    r.bounds = (bounds_fn)f[3];
    r.segments = (count_segments_fn)f[4];
    r.segment = (get_segment_fn)f[5];
    r.point = (point_fn)f[6];
    r.kind = (segment_type_fn)f[7];
    r.closes = (closes_fn)f[8];
    r.matrix = (matrix_fn)f[9];
    r.page_top = PyFloat_AsDouble(args[2]);
    r.thin = PyFloat_AsDouble(args[4]);
    r.max_segments = (int)PyLong_AsLong(args[5]);
    r.path_type = (int)PyLong_AsLong(PyTuple_GET_ITEM(args[6], 0));
    r.move = (int)PyLong_AsLong(PyTuple_GET_ITEM(args[6], 1));
    r.line = (int)PyLong_AsLong(PyTuple_GET_ITEM(args[6], 2));
    if (PyErr_Occurred())
        return NULL;
    Py_ssize_t n_near = PyList_GET_SIZE(args[3]);
    double *near = PyMem_Malloc(sizeof(double) * 4 * (n_near ? n_near : 1));
    if (near == NULL)
        return PyErr_NoMemory();
    for (Py_ssize_t k = 0; k < n_near; k++) {
        PyObject *box = PyList_GET_ITEM(args[3], k);
        if (!PyTuple_Check(box) || PyTuple_GET_SIZE(box) != 4) {
            PyMem_Free(near);
            PyErr_SetString(PyExc_TypeError, "near: (left, bottom, right, top) tuples");
            return NULL;
        }
        for (int q = 0; q < 4; q++)
            near[4 * k + q] = PyFloat_AsDouble(PyTuple_GET_ITEM(box, q));
    }
    if (PyErr_Occurred()) {
        PyMem_Free(near);
        return NULL;
    }
    r.edges = PyList_New(0);
    if (r.edges == NULL) {
        PyMem_Free(near);
        return NULL;
    }
    float box[4];
    int n = r.count(page);
    for (int i = 0; i < n; i++) {
        void *obj = r.get(page, i);
        if (r.type(obj) != r.path_type || !r.bounds(obj, &box[0], &box[1], &box[2], &box[3]))
            continue;
        double left = box[0], bottom = box[1], right = box[2], top = box[3];
        double width = right - left, height = top - bottom;
        if (width < r.thin && height < r.thin)
            continue; /* a dot */
        int close = 0;
        for (Py_ssize_t k = 0; k < n_near && !close; k++) {
            double *b = &near[4 * k]; /* bx0, by0, bx1, by1 */
            close = left < b[2] && b[0] < right && bottom < b[3] && b[1] < top;
        }
        if (!close)
            continue; /* a rule far from any candidate block */
        int err = 0;
        if (width < r.thin) {
            double mid = (left + right) / 2;
            err = add_edge(&r, mid, r.page_top - top, mid, r.page_top - bottom);
        }
        else if (height < r.thin) {
            double mid = r.page_top - (top + bottom) / 2;
            err = add_edge(&r, left, mid, right, mid);
        }
        else {
            int count = r.segments(obj);
            if (count == 2) { /* one straight line: a thick rule, or a diagonal (no edge) */
                if (height < 0.2 * width) {
                    double mid = r.page_top - (top + bottom) / 2;
                    err = add_edge(&r, left, mid, right, mid);
                }
                else if (width < 0.2 * height) {
                    double mid = (left + right) / 2;
                    err = add_edge(&r, mid, r.page_top - top, mid, r.page_top - bottom);
                }
            }
            else if (2 < count && count <= r.max_segments)
                err = path_edges(&r, obj, left, bottom, right, top, count);
        }
        if (err < 0) {
            PyMem_Free(near);
            Py_DECREF(r.edges);
            return NULL;
        }
    }
    PyMem_Free(near);
    return r.edges;
}

static PyMethodDef methods[] = {
    {"line_rects", (PyCFunction)(void (*)(void))line_rects, METH_FASTCALL,
     "pdfium's rectangles of a range of chars, their union and the joins that might be cuts."},
    {"page_runs", (PyCFunction)(void (*)(void))page_runs, METH_FASTCALL,
     "A page's lines with their rectangles, those that may need cutting in full."},
    {"gap_cuts", (PyCFunction)(void (*)(void))gap_cuts, METH_FASTCALL,
     "The spaces of a line whose neighbouring glyphs lie far apart."},
    {"rect_starts", (PyCFunction)(void (*)(void))rect_starts, METH_FASTCALL,
     "Where the runs after a line's cuts start: their first char indexes."},
    {"font_sizes", (PyCFunction)(void (*)(void))font_sizes, METH_FASTCALL,
     "The effective font size at each glyph index."},
    {"ruling_edges", (PyCFunction)(void (*)(void))ruling_edges, METH_FASTCALL,
     "A page's rules near the candidate blocks, as (x0, top, x1, bottom) tuples."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "_pdfscan", "The PDF reader's loops over pdfium, in C.", -1,
    methods,
};

PyMODINIT_FUNC
PyInit__pdfscan(void)
{
    return PyModule_Create(&module);
}
