"""report texts and rtl adoption: the activity report's sasaran, pembiayaan and saran (issue 14);
a group's RTL adopted in the plenary (when, by whom) and the name of its chair

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-06 06:41:24.150669

"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("activity_reports", schema=None) as batch_op:
        batch_op.add_column(sa.Column("targets", sa.Text(), server_default="", nullable=False))
        batch_op.add_column(sa.Column("funding", sa.Text(), server_default="", nullable=False))
        batch_op.add_column(sa.Column("suggestions", sa.Text(), server_default="", nullable=False))

    with op.batch_alter_table("groups", schema=None) as batch_op:
        batch_op.add_column(sa.Column("adopted_at", sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column("adopted_by_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("chair_name", sa.String(length=200), server_default="", nullable=False))
        batch_op.create_foreign_key(
            batch_op.f("fk_groups_adopted_by_id_users"),
            "users",
            ["adopted_by_id"],
            ["id"],
            ondelete="SET NULL",
        )


def downgrade():
    with op.batch_alter_table("groups", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_groups_adopted_by_id_users"), type_="foreignkey")
        batch_op.drop_column("chair_name")
        batch_op.drop_column("adopted_by_id")
        batch_op.drop_column("adopted_at")

    with op.batch_alter_table("activity_reports", schema=None) as batch_op:
        batch_op.drop_column("suggestions")
        batch_op.drop_column("funding")
        batch_op.drop_column("targets")
