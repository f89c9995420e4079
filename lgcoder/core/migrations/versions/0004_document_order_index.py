"""indexes on the documents' order and on their names regardless of case

Every import asks for the highest ``document.sort_order`` so that the new document goes last in
the Documents list. Without an index SQLite answers by reading every document row, and
``sort_order`` sits after the text and the original file in the row, so each import read every
stored text and file in full: in a project of long transcripts and PDFs, importing one more file
grew slower with every file already there (a third of the storing time of a 60-file batch). The
index answers from its last entry, and the Documents list reads its order from it too. Finding
whether a name is taken regardless of case (``Notes.docx`` against ``notes.docx``, asked at every
import and rename) gets an index on ``lower(name)`` for the same reason.

Only indexes are added: no table is copied, so a project with large files migrates at once.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-03 13:45:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_document_order", "document", ["sort_order", "id"], unique=False)
    op.create_index("ix_document_name_folded", "document", [sa.text("lower(name)")], unique=False)


def downgrade() -> None:
    op.drop_index("ix_document_name_folded", table_name="document")
    op.drop_index("ix_document_order", table_name="document")
