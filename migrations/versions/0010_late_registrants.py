"""late registrants: the organiser may count every session for people who registered late (issue 15)

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-06 07:00:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("certificate_settings", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("late_count_all", sa.Boolean(), server_default=sa.false(), nullable=False)
        )


def downgrade():
    with op.batch_alter_table("certificate_settings", schema=None) as batch_op:
        batch_op.drop_column("late_count_all")
