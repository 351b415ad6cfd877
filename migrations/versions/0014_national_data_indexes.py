"""indexes for national data: one event's shared phones, and attendees.replaces_id (issue 17)

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-06 07:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('check_ins', schema=None) as batch_op:
        batch_op.drop_index('ix_check_ins_phone_key')
        batch_op.create_index(
            'ix_check_ins_event_phone',
            ['event_id', 'phone_key', 'attendee_id'],
            unique=False,
            postgresql_where=sa.text('phone_key IS NOT NULL'),
            sqlite_where=sa.text('phone_key IS NOT NULL'),
        )
    with op.batch_alter_table('attendees', schema=None) as batch_op:
        batch_op.create_index('ix_attendees_replaces_id', ['replaces_id'], unique=False)


def downgrade():
    with op.batch_alter_table('attendees', schema=None) as batch_op:
        batch_op.drop_index('ix_attendees_replaces_id')
    with op.batch_alter_table('check_ins', schema=None) as batch_op:
        batch_op.drop_index('ix_check_ins_event_phone')
        batch_op.create_index('ix_check_ins_phone_key', ['phone_key'], unique=False)
