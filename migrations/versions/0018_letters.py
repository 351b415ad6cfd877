"""letters (issue 21): settings, addressees, number counters, the register of letters sent

Revision ID: 0018
Revises: 0014
Create Date: 2026-12-06 09:23:04.856213

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0018'
down_revision = '0016'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('letter_counters',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('scope', sa.String(length=300), nullable=False),
    sa.Column('classification_code', sa.String(length=20), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('last_seq', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_letter_counters')),
    sa.UniqueConstraint('scope', 'classification_code', 'year', name='uq_letter_counters_series')
    )
    op.create_table('letter_settings',
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('classification_code', sa.String(length=20), nullable=False),
    sa.Column('unit_code', sa.String(length=40), nullable=False),
    sa.Column('shared_numbering', sa.Boolean(), server_default=sa.false(), nullable=False),
    sa.Column('place', sa.String(length=100), nullable=False),
    sa.Column('letter_date', sa.Date(), nullable=True),
    sa.Column('sifat', sa.String(length=40), nullable=False),
    sa.Column('hal_undangan', sa.String(length=300), nullable=False),
    sa.Column('hal_narasumber', sa.String(length=300), nullable=False),
    sa.Column('signer_position', sa.String(length=200), nullable=False),
    sa.Column('signer_name', sa.String(length=200), nullable=False),
    sa.Column('signer_rank', sa.String(length=100), nullable=False),
    sa.Column('signer_nip', sa.String(length=18), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_letter_settings_event_id_events'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('event_id', name=op.f('pk_letter_settings'))
    )
    op.create_table('letter_addressees',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('institution_id', sa.Integer(), nullable=True),
    sa.Column('attendee_id', sa.Integer(), nullable=True),
    sa.Column('head_title', sa.String(length=300), nullable=False),
    sa.Column('address', sa.String(length=200), nullable=False),
    sa.Column('people_requested', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['attendee_id'], ['attendees.id'], name=op.f('fk_letter_addressees_attendee_id_attendees'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_letter_addressees_event_id_events'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['institution_id'], ['institutions.id'], name=op.f('fk_letter_addressees_institution_id_institutions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_letter_addressees')),
    sa.UniqueConstraint('event_id', 'attendee_id', name='uq_letter_addressees_attendee'),
    sa.UniqueConstraint('event_id', 'institution_id', name='uq_letter_addressees_institution')
    )
    with op.batch_alter_table('letter_addressees', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_letter_addressees_event_id'), ['event_id'], unique=False)

    op.create_table('letters',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('scope', sa.String(length=300), nullable=False),
    sa.Column('classification_code', sa.String(length=20), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('number', sa.String(length=120), nullable=False),
    sa.Column('letter_date', sa.Date(), nullable=False),
    sa.Column('addressee', sa.String(length=300), nullable=False),
    sa.Column('address', sa.String(length=200), nullable=False),
    sa.Column('hal', sa.String(length=300), nullable=False),
    sa.Column('sifat', sa.String(length=40), nullable=False),
    sa.Column('lampiran', sa.String(length=100), nullable=False),
    sa.Column('institution_id', sa.Integer(), nullable=True),
    sa.Column('institution_name', sa.String(length=200), nullable=False),
    sa.Column('attendee_id', sa.Integer(), nullable=True),
    sa.Column('person_name', sa.String(length=200), nullable=False),
    sa.Column('data', sa.JSON(), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('generated_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['attendee_id'], ['attendees.id'], name=op.f('fk_letters_attendee_id_attendees'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_letters_event_id_events'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['generated_by_id'], ['users.id'], name=op.f('fk_letters_generated_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['institution_id'], ['institutions.id'], name=op.f('fk_letters_institution_id_institutions'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_letters')),
    sa.UniqueConstraint('scope', 'classification_code', 'year', 'seq', name='uq_letters_series_seq')
    )
    with op.batch_alter_table('letters', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_letters_attendee_id'), ['attendee_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_letters_event_id'), ['event_id'], unique=False)



def downgrade():
    with op.batch_alter_table('letters', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_letters_event_id'))
        batch_op.drop_index(batch_op.f('ix_letters_attendee_id'))

    op.drop_table('letters')
    with op.batch_alter_table('letter_addressees', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_letter_addressees_event_id'))

    op.drop_table('letter_addressees')
    op.drop_table('letter_settings')
    op.drop_table('letter_counters')
