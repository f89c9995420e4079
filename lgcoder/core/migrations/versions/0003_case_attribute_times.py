"""tombstones and edit times for cases, memberships, attributes and their values

Before this revision a team merge unioned case memberships (a document taken out of a case in one
copy came back from another), brought deleted cases and attributes back, and decided attribute
values and a case's name and description by their owner's whole-row ``updated``. Now:

* a case's name, description and deletion each have their own time, and a deleted case stays as
  a tombstone (``deleted``);
* a membership (``case_document``) has a time and a tombstone instead of being deleted;
* an attribute can be a tombstone, with the time of its deletion;
* each value (``document_attribute``, ``case_attribute``) has its own time; "" means cleared.

Columns are added with ``ALTER TABLE ... ADD COLUMN`` (no table copy) and backfilled with the
best time known before this revision: the owning row's ``updated``.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-27 12:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

EPOCH = "1970-01-01 00:00:00.000000"

#: table -> (time columns, flag columns)
COLUMNS = {
    "case": (("name_updated", "description_updated", "deleted_updated"), ("deleted",)),
    "case_document": (("updated",), ("deleted",)),
    "attribute": (("deleted_updated",), ("deleted",)),
    "document_attribute": (("updated",), ()),
    "case_attribute": (("updated",), ()),
}
#: table -> SQL giving each row's backfilled time
BACKFILL = {
    "case": 'UPDATE "case" SET name_updated = updated, description_updated = updated, '
    "deleted_updated = updated",
    "case_document": 'UPDATE case_document SET updated = (SELECT c.updated FROM "case" c '
    "WHERE c.id = case_document.case_id)",
    "attribute": "UPDATE attribute SET deleted_updated = updated",
    "document_attribute": "UPDATE document_attribute SET updated = (SELECT d.updated FROM "
    "document d WHERE d.id = document_attribute.document_id)",
    "case_attribute": 'UPDATE case_attribute SET updated = (SELECT c.updated FROM "case" c '
    "WHERE c.id = case_attribute.case_id)",
}


def upgrade() -> None:
    for table, (times, flags) in COLUMNS.items():
        for column in times:
            op.add_column(
                table,
                sa.Column(
                    column, sa.DateTime(), nullable=False, server_default=sa.text(f"'{EPOCH}'")
                ),
            )
        for column in flags:
            op.add_column(
                table,
                # false() is written 0 in SQLite (as before) and false in PostgreSQL
                sa.Column(column, sa.Boolean(), nullable=False, server_default=sa.false()),
            )
        op.execute(BACKFILL[table])


def downgrade() -> None:
    op.execute("DELETE FROM case_document WHERE deleted")
    op.execute("DELETE FROM document_attribute WHERE value = ''")
    op.execute("DELETE FROM case_attribute WHERE value = ''")
    op.execute(
        "DELETE FROM document_attribute WHERE attribute_id IN "
        "(SELECT id FROM attribute WHERE deleted = 1)"
    )
    op.execute(
        "DELETE FROM case_attribute WHERE attribute_id IN "
        "(SELECT id FROM attribute WHERE deleted = 1)"
    )
    op.execute(
        'DELETE FROM case_document WHERE case_id IN (SELECT id FROM "case" WHERE deleted = 1)'
    )
    op.execute(
        'DELETE FROM case_attribute WHERE case_id IN (SELECT id FROM "case" WHERE deleted = 1)'
    )
    op.execute("DELETE FROM attribute WHERE deleted = 1")
    op.execute('DELETE FROM "case" WHERE deleted = 1')
    for table, (times, flags) in COLUMNS.items():
        with op.batch_alter_table(table, schema=None) as batch_op:
            for column in reversed((*times, *flags)):
                batch_op.drop_column(column)
