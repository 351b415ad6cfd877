"""check_ins: drop the indexes of event_id and attendee_id alone, which the unique constraints
(event_id, scan_id) and (attendee_id, agenda_session_id) lead with (issue 17)

Revision ID: 0021
Revises: 0018
Create Date: 2026-12-06 16:30:00

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '0021'
down_revision = '0018'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('check_ins', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_check_ins_event_id'))
        batch_op.drop_index(batch_op.f('ix_check_ins_attendee_id'))


def downgrade():
    with op.batch_alter_table('check_ins', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_check_ins_attendee_id'), ['attendee_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_check_ins_event_id'), ['event_id'], unique=False)
