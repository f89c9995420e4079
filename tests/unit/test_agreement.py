"""Agreement statistics match independent implementations (scikit-learn, krippendorff)."""

from __future__ import annotations

import math
from collections.abc import Iterator

import krippendorff
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.metrics import cohen_kappa_score

from lgcoder.core.db import Project
from lgcoder.core.errors import DuplicateError, NotFoundError
from lgcoder.core.imported import SegmentSpec
from lgcoder.core.ops import coders as coder_ops
from lgcoder.core.ops import codes as code_ops
from lgcoder.core.ops import codings as coding_ops
from lgcoder.core.ops.documents import get_document
from lgcoder.team.agreement import Counts, compute_agreement
from lgcoder.team.units import Ratings
from tests.helpers import add_text

#: each test using `project` runs on a file and on a PostgreSQL server (tests/unit/conftest.py)
pytestmark = pytest.mark.both_backends


def _same(ours: float | None, ref: float) -> bool:
    if ours is None:
        return math.isnan(ref)
    return not math.isnan(ref) and abs(ours - ref) < 1e-9


@settings(max_examples=40, deadline=None)
@given(
    data=st.lists(st.lists(st.booleans(), min_size=3, max_size=3), min_size=1, max_size=60),
)
def test_counts_match_sklearn_and_krippendorff(data: list[list[bool]]) -> None:
    matrix = np.array(data, dtype=bool).T  # coders x units
    counts = Counts(3)
    counts.add_ratings(Ratings(matrix, np.ones(matrix.shape[1], dtype=np.int64)))
    for a, b in ((0, 1), (0, 2), (1, 2)):
        with np.errstate(all="ignore"), _quiet():
            ref = cohen_kappa_score(matrix[a].astype(int), matrix[b].astype(int), labels=[0, 1])
        assert _same(counts.kappa(a, b), float(ref))
    if len(np.unique(matrix)) > 1:
        ref_alpha = krippendorff.alpha(
            reliability_data=matrix.astype(float), level_of_measurement="nominal"
        )
        assert _same(counts.alpha(), float(ref_alpha))
    else:
        assert counts.alpha() is None  # one value everywhere: alpha is undefined
    pairs = [(matrix[a] == matrix[b]).mean() for a, b in ((0, 1), (0, 2), (1, 2))]
    assert abs(counts.percent() - float(np.mean(pairs))) < 1e-12  # type: ignore[operator]


class _quiet:
    def __enter__(self) -> None:
        import warnings

        self._w = warnings.catch_warnings()
        self._w.__enter__()
        warnings.simplefilter("ignore")

    def __exit__(self, *exc: object) -> None:
        self._w.__exit__(*exc)


def test_undefined_statistics_are_null() -> None:
    counts = Counts(2)
    same = np.zeros((2, 5), dtype=bool)
    counts.add_ratings(Ratings(same, np.ones(5, dtype=np.int64)))
    assert counts.kappa(0, 1) is None and counts.alpha() is None
    assert counts.percent() == 1.0


TEXT = "Mayor: funding is short.\nClerk: leadership helps.\nMayor: trust matters a lot."


@pytest.fixture
def coded(project: Project) -> Iterator[Project]:
    """Three coders' codings (the ``project`` fixture: a file, and a server too)."""
    turns = [SegmentSpec("turn", 0, 24, "Mayor"), SegmentSpec("turn", 25, 49, "Clerk")]
    turns.append(SegmentSpec("turn", 50, len(TEXT), "Mayor"))
    add_text(project, TEXT, "rt.txt", turns)
    add_text(project, "never coded", "other.txt")
    with project.transaction() as s:
        code_ops.add_code(s, "funding")
        code_ops.add_code(s, "trust")
        doc = get_document(s, "rt.txt")
        for coder, code, span in (
            ("Ann", "funding", (7, 14)),
            ("Ben", "funding", (9, 20)),
            ("Ann", "trust", (57, 62)),
            ("Ben", "trust", (30, 40)),
            ("Cat", "trust", (57, 62)),
        ):
            c = coder_ops.ensure_coder(s, coder)
            coding_ops.apply_coding(s, doc, code_ops.get_code(s, code), c, *span)
    yield project


def _vectors(length: int, spans: list[tuple[int, int]]) -> np.ndarray:
    v = np.zeros(length, dtype=int)
    for s, e in spans:
        v[s:e] = 1
    return v


def test_char_level_matches_sklearn_on_a_project(coded: Project) -> None:
    with coded.reading() as s:
        result = compute_agreement(s, ["Ann", "Ben"], unit="char")
    assert result.documents == ["rt.txt"]
    assert [c for c, _ in result.codes] == ["funding", "trust"]
    n = len(TEXT)
    ann = {"funding": _vectors(n, [(7, 14)]), "trust": _vectors(n, [(57, 62)])}
    ben = {"funding": _vectors(n, [(9, 20)]), "trust": _vectors(n, [(30, 40)])}
    for code, stats in result.codes:
        ref = cohen_kappa_score(ann[code], ben[code])
        assert _same(stats.kappa[0][2], float(ref))
        assert stats.percent_agreement == pytest.approx((ann[code] == ben[code]).mean())
    pooled_ref = cohen_kappa_score(
        np.concatenate([ann["funding"], ann["trust"]]),
        np.concatenate([ben["funding"], ben["trust"]]),
    )
    assert _same(result.pooled.kappa[0][2], float(pooled_ref))
    alpha_ref = krippendorff.alpha(
        reliability_data=np.vstack([ann["funding"], ben["funding"]]).astype(float),
        level_of_measurement="nominal",
    )
    assert _same(result.codes[0][1].alpha, float(alpha_ref))


def test_segment_level_uses_speaker_turns(coded: Project) -> None:
    with coded.reading() as s:
        result = compute_agreement(s, ["Ann", "Ben", "Cat"], unit="segment")
    stats = dict(result.codes)
    assert stats["funding"].units == 3
    # funding: Ann turn 1, Ben turn 1, Cat nothing -> Ann/Ben agree everywhere
    assert stats["funding"].kappa[0][2] == 1.0
    # trust: Ann turn 3, Ben turn 2, Cat turn 3
    matrix = np.array([[0, 0, 1], [0, 1, 0], [0, 0, 1]], dtype=float)
    ref = krippendorff.alpha(reliability_data=matrix, level_of_measurement="nominal")
    assert _same(stats["trust"].alpha, float(ref))


def test_code_list_and_unknown_names(coded: Project) -> None:
    with coded.reading() as s:
        result = compute_agreement(s, ["Ann", "Ben"], codes=["trust"])
        assert [c for c, _ in result.codes] == ["trust"]
        with pytest.raises(NotFoundError):
            compute_agreement(s, ["Ann", "Zed"])


@settings(max_examples=15, deadline=None)
@given(
    spans=st.lists(
        st.tuples(st.integers(0, 2), st.integers(0, 70), st.integers(1, 20)), max_size=25
    )
)
def test_random_codings_match_sklearn(
    tmp_path_factory: pytest.TempPathFactory, spans: list[tuple[int, int, int]]
) -> None:
    folder = tmp_path_factory.mktemp("agree")
    with Project.create(folder / "r.lgc", coder="A") as project:
        add_text(project, TEXT, "rt.txt")
        n = len(TEXT)
        vec = {k: np.zeros(n, dtype=int) for k in range(3)}
        with project.transaction() as s:
            code_ops.add_code(s, "c")
            code = code_ops.get_code(s, "c")
            doc = get_document(s, "rt.txt")
            coders = [coder_ops.ensure_coder(s, name) for name in "ABC"]
            stored: set[tuple[int, int, int]] = set()
            for k, start, length in spans:
                end = min(n, start + length)  # start <= 70 < n, so every span is non-empty
                if (k, start, end) in stored:
                    # The one refusal the strategy can provoke: the same passage, code and
                    # coder twice. Anything else the op raises fails the property.
                    with pytest.raises(DuplicateError):
                        coding_ops.apply_coding(s, doc, code, coders[k], start, end)
                    continue
                coding_ops.apply_coding(s, doc, code, coders[k], start, end)
                stored.add((k, start, end))
                vec[k][start:end] = 1
        if not spans:
            return
        with project.reading() as s:
            result = compute_agreement(s, ["A", "B", "C"], unit="char")
    (_, stats) = result.codes[0]
    with _quiet():
        for (a, b), (_x, _y, value) in zip(((0, 1), (0, 2), (1, 2)), stats.kappa, strict=True):
            assert _same(value, float(cohen_kappa_score(vec[a], vec[b], labels=[0, 1])))
    matrix = np.vstack([vec[0], vec[1], vec[2]])
    if len(np.unique(matrix)) > 1:
        ref = krippendorff.alpha(
            reliability_data=matrix.astype(float), level_of_measurement="nominal"
        )
        assert _same(stats.alpha, float(ref))


SECOND = "Clerk: the budget is set in March.\nMayor: and spent by June."


@settings(max_examples=15, deadline=None)
@given(
    spans=st.lists(
        st.tuples(
            st.integers(0, 1),  # document
            st.integers(0, 2),  # code
            st.integers(0, 2),  # coder
            st.integers(0, 55),
            st.integers(1, 30),
        ),
        min_size=1,
        max_size=30,
    )
)
def test_many_codes_and_documents_match_sklearn_per_code_and_pooled(
    tmp_path_factory: pytest.TempPathFactory, spans: list[tuple[int, int, int, int, int]]
) -> None:
    """All codes are counted in one pass (codes side by side on one axis): each code's numbers
    and the pooled ones must still be those of its own character vectors."""
    folder = tmp_path_factory.mktemp("agree")
    texts = (TEXT, SECOND)
    with Project.create(folder / "r.lgc", coder="A") as project:
        add_text(project, TEXT, "a.txt")
        add_text(project, SECOND, "b.txt")
        vec = {
            (d, c, k): np.zeros(len(texts[d]), dtype=int)
            for d in (0, 1)
            for c in range(3)
            for k in range(3)
        }
        stored: set[tuple[int, int, int, int, int]] = set()
        with project.transaction() as s:
            for name in ("c0", "c1", "c2"):
                code_ops.add_code(s, name)
            codes = [code_ops.get_code(s, name) for name in ("c0", "c1", "c2")]
            docs = [get_document(s, "a.txt"), get_document(s, "b.txt")]
            coders = [coder_ops.ensure_coder(s, name) for name in "ABC"]
            for d, c, k, start, length in spans:
                start = min(start, len(texts[d]) - 1)
                end = min(len(texts[d]), start + length)
                if (d, c, k, start, end) in stored:
                    continue
                coding_ops.apply_coding(s, docs[d], codes[c], coders[k], start, end)
                stored.add((d, c, k, start, end))
                vec[(d, c, k)][start:end] = 1
        with project.reading() as s:
            result = compute_agreement(s, ["A", "B", "C"], unit="char")
    in_scope = sorted({d for d, *_rest in stored})
    coded = sorted({c for _d, c, *_rest in stored})
    assert result.documents == [("a.txt", "b.txt")[d] for d in in_scope]
    assert [path for path, _ in result.codes] == [f"c{c}" for c in coded]

    def along(c: int, k: int) -> np.ndarray:  # a code's vector for one coder over the scope
        return np.concatenate([vec[(d, c, k)] for d in in_scope])

    pooled = {k: np.concatenate([along(c, k) for c in coded]) for k in range(3)}
    checks = [
        (stats, {k: along(c, k) for k in range(3)})
        for c, (_p, stats) in zip(coded, result.codes, strict=True)
    ]
    checks.append((result.pooled, pooled))
    for stats, v in checks:
        assert stats.units == len(v[0])
        with _quiet():
            for (a, b), (_x, _y, value) in zip(((0, 1), (0, 2), (1, 2)), stats.kappa, strict=True):
                assert _same(value, float(cohen_kappa_score(v[a], v[b], labels=[0, 1])))
        matrix = np.vstack([v[0], v[1], v[2]])
        if len(np.unique(matrix)) > 1:
            ref = krippendorff.alpha(
                reliability_data=matrix.astype(float), level_of_measurement="nominal"
            )
            assert _same(stats.alpha, float(ref))
