"""data erasures: personal data erased after retention or at a person's request (issue 9)

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-29 14:16:44.903898

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('data_erasures',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('attendee_id', sa.Integer(), nullable=True),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('actor', sa.String(length=255), nullable=False),
    sa.Column('done_at', sa.DateTime(), nullable=False),
    sa.Column('counts', sa.JSON(), nullable=False),
    sa.CheckConstraint("kind IN ('retention', 'request')", name=op.f('ck_data_erasures_kind_known')),
    sa.ForeignKeyConstraint(['attendee_id'], ['attendees.id'], name=op.f('fk_data_erasures_attendee_id_attendees'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_data_erasures_event_id_events'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_data_erasures')),
    sa.UniqueConstraint('event_id', 'attendee_id', name='uq_data_erasures_event_attendee')
    )
    with op.batch_alter_table('data_erasures', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_data_erasures_event_id'), ['event_id'], unique=False)



def downgrade():
    with op.batch_alter_table('data_erasures', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_data_erasures_event_id'))

    op.drop_table('data_erasures')
