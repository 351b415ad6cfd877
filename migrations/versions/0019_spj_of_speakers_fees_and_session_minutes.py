"""SPJ of speakers' fees and session minutes (issue 21): the event's fee rates and signatories, each
speaker's or moderator's category, NPWP and bank account, and the minutes (notula) of each session.

Revision ID: 0019
Revises: 0014
Create Date: 2026-12-06 09:38:15.157129

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0019'
down_revision = '0017'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('honorarium_rates',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('category', sa.String(length=16), nullable=False),
    sa.Column('amount', sa.Integer(), nullable=False),
    sa.CheckConstraint('amount >= 0', name=op.f('ck_honorarium_rates_amount_positive')),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_honorarium_rates_event_id_events'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_honorarium_rates')),
    sa.UniqueConstraint('event_id', 'category', name='uq_honorarium_rates_event_category')
    )
    with op.batch_alter_table('honorarium_rates', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_honorarium_rates_event_id'), ['event_id'], unique=False)

    op.create_table('honorarium_settings',
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('ppk_position', sa.String(length=300), nullable=False),
    sa.Column('ppk_name', sa.String(length=200), nullable=False),
    sa.Column('ppk_nip', sa.String(length=18), nullable=False),
    sa.Column('treasurer_position', sa.String(length=300), nullable=False),
    sa.Column('treasurer_name', sa.String(length=200), nullable=False),
    sa.Column('treasurer_nip', sa.String(length=18), nullable=False),
    sa.Column('budget_line', sa.String(length=300), nullable=False),
    sa.Column('tax_confirmed_by', sa.String(length=200), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_honorarium_settings_event_id_events'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('event_id', name=op.f('pk_honorarium_settings'))
    )
    op.create_table('honorarium_recipients',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('attendee_id', sa.Integer(), nullable=False),
    sa.Column('category', sa.String(length=16), nullable=False),
    sa.Column('golongan', sa.String(length=4), nullable=True),
    sa.Column('npwp', sa.String(length=20), nullable=True),
    sa.Column('bank_name', sa.String(length=100), nullable=True),
    sa.Column('account_number', sa.String(length=30), nullable=True),
    sa.Column('account_holder', sa.String(length=200), nullable=True),
    sa.Column('jp_override', sa.Integer(), nullable=True),
    sa.Column('tax_percent', sa.Numeric(precision=5, scale=2), nullable=True),
    sa.Column('is_paid', sa.Boolean(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint('jp_override IS NULL OR jp_override >= 0', name=op.f('ck_honorarium_recipients_jp_override_positive')),
    sa.CheckConstraint('tax_percent IS NULL OR (tax_percent >= 0 AND tax_percent <= 100)', name=op.f('ck_honorarium_recipients_tax_range')),
    sa.ForeignKeyConstraint(['attendee_id'], ['attendees.id'], name=op.f('fk_honorarium_recipients_attendee_id_attendees'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_honorarium_recipients_event_id_events'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_honorarium_recipients')),
    sa.UniqueConstraint('attendee_id', name=op.f('uq_honorarium_recipients_attendee_id'))
    )
    with op.batch_alter_table('honorarium_recipients', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_honorarium_recipients_event_id'), ['event_id'], unique=False)

    op.create_table('session_minutes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.Column('summary', sa.Text(), nullable=False),
    sa.Column('discussion', sa.Text(), nullable=False),
    sa.Column('conclusions', sa.Text(), nullable=False),
    sa.Column('follow_up', sa.Text(), nullable=False),
    sa.Column('notulis_name', sa.String(length=200), nullable=False),
    sa.Column('field_versions', sa.JSON(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('updated_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_session_minutes_event_id_events'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['session_id'], ['agenda_sessions.id'], name=op.f('fk_session_minutes_session_id_agenda_sessions'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['updated_by_id'], ['users.id'], name=op.f('fk_session_minutes_updated_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_session_minutes')),
    sa.UniqueConstraint('session_id', name=op.f('uq_session_minutes_session_id'))
    )
    with op.batch_alter_table('session_minutes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_session_minutes_event_id'), ['event_id'], unique=False)



def downgrade():
    with op.batch_alter_table('session_minutes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_session_minutes_event_id'))

    op.drop_table('session_minutes')
    with op.batch_alter_table('honorarium_recipients', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_honorarium_recipients_event_id'))

    op.drop_table('honorarium_recipients')
    op.drop_table('honorarium_settings')
    with op.batch_alter_table('honorarium_rates', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_honorarium_rates_event_id'))

    op.drop_table('honorarium_rates')
