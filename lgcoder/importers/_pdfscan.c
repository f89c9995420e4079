/* The two loops of lgcoder.importers.pdf_pieces that ask pdfium about every text run and every
 * space of a wide line, in C: one call from Python per line instead of one per rectangle or
 * glyph. Each ctypes call costs about half a microsecond, and the IRS instructions need 85,000
 * of them; the loops here make the very same pdfium calls, in the same order, and compare the
 * same doubles, so the pieces (and the text) are exactly those of the Python loops, which stay
 * as the fallback when this module is not built (pdf_pieces.py). pdfium's functions are not
 * linked: Python passes the addresses of the ones pypdfium2 has loaded.
 *
 * This module is optional (setup.py builds it with optional=True).
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#if defined(_WIN32) && !defined(_WIN64)
#define FPDF_CALLCONV __stdcall /* as pdfium's fpdfview.h */
#else
#define FPDF_CALLCONV
#endif

typedef int(FPDF_CALLCONV *count_rects_fn)(void *, int, int);
typedef int(FPDF_CALLCONV *get_rect_fn)(void *, int, double *, double *, double *, double *);
typedef int(FPDF_CALLCONV *char_box_fn)(void *, int, double *, double *, double *, double *);

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
    count_rects_fn count_rects = (count_rects_fn)count_p;
    get_rect_fn get_rect = (get_rect_fn)rect_p;

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

static PyMethodDef methods[] = {
    {"line_rects", (PyCFunction)(void (*)(void))line_rects, METH_FASTCALL,
     "pdfium's rectangles of a range of chars, their union and the joins that might be cuts."},
    {"gap_cuts", (PyCFunction)(void (*)(void))gap_cuts, METH_FASTCALL,
     "The spaces of a line whose neighbouring glyphs lie far apart."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "_pdfscan", "pdf_pieces' per-line loops over pdfium, in C.", -1,
    methods,
};

PyMODINIT_FUNC
PyInit__pdfscan(void)
{
    return PyModule_Create(&module);
}
