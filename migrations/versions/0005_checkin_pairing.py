"""check-in: pairing codes, self check-in mode, phone key

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-29 13:47:31.662576

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('pairing_codes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('code_hash', sa.String(length=64), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('expires_at', sa.DateTime(), nullable=False),
    sa.Column('used_at', sa.DateTime(), nullable=True),
    sa.Column('device_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_pairing_codes_created_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['device_id'], ['device_tokens.id'], name=op.f('fk_pairing_codes_device_id_device_tokens'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_pairing_codes_event_id_events'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_pairing_codes')),
    sa.UniqueConstraint('code_hash', name=op.f('uq_pairing_codes_code_hash'))
    )
    with op.batch_alter_table('pairing_codes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_pairing_codes_event_id'), ['event_id'], unique=False)

    with op.batch_alter_table('agenda_sessions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('self_checkin', sa.String(length=8), server_default='poster', nullable=False))
        batch_op.create_check_constraint(op.f('ck_agenda_sessions_self_checkin_known'),
                                         "self_checkin IN ('poster', 'rotating', 'off')")

    with op.batch_alter_table('check_in_voids', schema=None) as batch_op:
        batch_op.add_column(sa.Column('phone_key', sa.String(length=32), nullable=True))

    with op.batch_alter_table('check_ins', schema=None) as batch_op:
        batch_op.add_column(sa.Column('phone_key', sa.String(length=32), nullable=True))
        batch_op.create_index(batch_op.f('ix_check_ins_phone_key'), ['phone_key'], unique=False)



def downgrade():
    with op.batch_alter_table('check_ins', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_check_ins_phone_key'))
        batch_op.drop_column('phone_key')

    with op.batch_alter_table('check_in_voids', schema=None) as batch_op:
        batch_op.drop_column('phone_key')

    with op.batch_alter_table('agenda_sessions', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_agenda_sessions_self_checkin_known'), type_='check')
        batch_op.drop_column('self_checkin')

    with op.batch_alter_table('pairing_codes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_pairing_codes_event_id'))

    op.drop_table('pairing_codes')
