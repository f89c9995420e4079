"""per-field edit times for codes, coders and documents

A row's single ``updated`` time made a team merge keep one copy's whole row, so a rename in one
copy and a recolour of the same code in another lost one of the two edits. Each field a user can
edit now has its own time, and a merge picks every field from its newest edit independently.

The columns are added with ``ALTER TABLE ... ADD COLUMN`` (no table copy, so a project with large
source files migrates instantly) and backfilled from ``updated``: before this revision the only
thing known about any field is that it was last written no later than its row.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-27 09:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

#: table -> the per-field time columns it gains.
FIELD_TIMES = {
    "code": (
        "name_updated",
        "parent_updated",
        "color_updated",
        "description_updated",
        "deleted_updated",
    ),
    "coder": ("name_updated", "color_updated"),
    "document": ("name_updated",),
}
#: Only rows written by raw SQL that names no field time get this: "older than any edit".
EPOCH = "1970-01-01 00:00:00.000000"


def upgrade() -> None:
    for table, columns in FIELD_TIMES.items():
        for column in columns:
            op.add_column(
                table,
                sa.Column(
                    column, sa.DateTime(), nullable=False, server_default=sa.text(f"'{EPOCH}'")
                ),
            )
        sets = ", ".join(f"{c} = updated" for c in columns)
        op.execute(f'UPDATE "{table}" SET {sets}')


def downgrade() -> None:
    for table, columns in FIELD_TIMES.items():
        with op.batch_alter_table(table, schema=None) as batch_op:
            for column in reversed(columns):
                batch_op.drop_column(column)
