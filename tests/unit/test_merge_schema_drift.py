"""Team merge names its columns by hand, for speed (raw SQL over tuples). These tests tie those
lists to the models, so a column added to ``lgcoder.core.models`` without teaching the merge
about it fails here instead of being silently dropped from every merged project."""

from __future__ import annotations

import pytest

from lgcoder.core.models import Base
from lgcoder.team import apply, facts
from lgcoder.team.validate import FIELD_TIMES


def _model(table: str) -> set[str]:
    return {c.name for c in Base.metadata.tables[table].columns}


def _named(spec: str) -> list[str]:
    return [c.strip().strip('"') for c in spec.split(",")]


#: table -> (columns read by facts.read_facts, columns the merge reads elsewhere or regenerates)
READ = {
    "coder": (facts.CODER_COLS, set()),
    "code": (facts.CODE_COLS, set()),
    # text and original bytes are fetched later, only for documents new to the target
    "document": (facts.DOC_COLS, {"text", "source_blob"}),
    # codings and memos are rewritten in bulk with fresh ids
    "coding": (facts.CODING_COLS, {"id"}),
    "memo": (facts.MEMO_COLS, {"id"}),
    "attribute": (facts.ATTR_COLS, set()),
    "case": (facts.CASE_COLS, set()),
    # read beside SEG_COLS: document_id (read_facts) and ordinal (read_segments)
    "segment": (facts.SEG_COLS, {"id", "document_id", "ordinal"}),
}

#: table -> every column the merge writes into it (ids kept or assigned by SQLite)
WRITE = {
    "coder": {"id", "guid", *apply.CODER_WRITE},
    # parent_id is set in a second pass, once every code has its final id
    "code": {"id", "guid", "parent_id", *apply.CODE_WRITE},
    "document": {"id", "guid", *apply.DOC_WRITE, *apply.DOC_LATER},
    "attribute": {"id", "guid", *apply.ATTR_WRITE},
    "case": {"id", "guid", *apply.CASE_WRITE},
    "coding": {"id", *apply.CODING_WRITE},
    "memo": {"id", *apply.MEMO_WRITE},
    "segment": {"id", *apply.SEGMENT_WRITE},
    "guid_alias": set(apply.ALIAS_WRITE),
    "case_document": set(apply.CASE_DOC_WRITE),
    "case_attribute": set(apply.CASE_ATTR_WRITE),
    "document_attribute": set(apply.DOC_ATTR_WRITE),
    "project_info": set(apply.INFO_WRITE),
}


#: Tables a merge deliberately leaves alone: merge_log is the target's own history of merges.
NOT_MERGED = {"merge_log"}


def test_every_model_table_is_merged() -> None:
    assert set(WRITE) | NOT_MERGED == set(Base.metadata.tables)


@pytest.mark.parametrize("table", sorted(READ))
def test_facts_read_every_column(table: str) -> None:
    spec, elsewhere = READ[table]
    named = _named(spec)
    assert len(named) == len(set(named)), f"{table}: a column is read twice"
    assert set(named) | elsewhere == _model(table)


@pytest.mark.parametrize("table", sorted(WRITE))
def test_apply_writes_every_column(table: str) -> None:
    assert WRITE[table] == _model(table)


@pytest.mark.parametrize(
    "columns",
    [
        apply.CODER_WRITE,
        apply.CODE_WRITE,
        apply.DOC_WRITE,
        apply.ATTR_WRITE,
        apply.CASE_WRITE,
        apply.CODING_WRITE,
        apply.MEMO_WRITE,
        apply.SEGMENT_WRITE,
    ],
)
def test_no_column_written_twice(columns: tuple[str, ...]) -> None:
    assert len(columns) == len(set(columns))


def test_every_field_time_is_validated() -> None:
    """Each per-field edit time a merge compares is shape-checked on untrusted inputs."""
    for table in Base.metadata.sorted_tables:
        times = {c.name for c in table.columns if c.name.endswith("_updated")}
        assert times == set(FIELD_TIMES.get(table.name, ())), table.name
    assert set(FIELD_TIMES["case"]) == {"name_updated", "description_updated", "deleted_updated"}
