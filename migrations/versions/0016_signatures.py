"""Signatures: signing settings and certificate signatures (issue 20)

Revision ID: 0016
Revises: 0014
Create Date: 2026-12-06 09:23:40.533620

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0016'
down_revision = '0015'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('signing_settings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('source', sa.String(length=8), nullable=True),
    sa.Column('sign_at_issue', sa.Boolean(), server_default=sa.true(), nullable=False),
    sa.Column('position', sa.String(length=16), server_default='bottom-right', nullable=False),
    sa.Column('key_material', sa.LargeBinary(), nullable=True),
    sa.Column('signer_name', sa.String(length=300), server_default='', nullable=False),
    sa.Column('signer_not_after', sa.DateTime(), nullable=True),
    sa.Column('bsre_url', sa.String(length=300), server_default='', nullable=False),
    sa.Column('bsre_user', sa.String(length=120), server_default='', nullable=False),
    sa.Column('bsre_secret', sa.LargeBinary(), nullable=True),
    sa.Column('bsre_subscriber', sa.String(length=120), server_default='', nullable=False),
    sa.Column('bsre_totp_secret', sa.LargeBinary(), nullable=True),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("source IS NULL OR source IN ('pkcs12', 'bsre')", name=op.f('ck_signing_settings_source_known')),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_signing_settings_event_id_events'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_signing_settings')),
    sa.UniqueConstraint('event_id', name=op.f('uq_signing_settings_event_id'))
    )
    op.create_table('certificate_signatures',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('certificate_id', sa.Integer(), nullable=False),
    sa.Column('attendee_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=8), nullable=False),
    sa.Column('source', sa.String(length=8), nullable=True),
    sa.Column('error', sa.String(length=32), nullable=True),
    sa.Column('error_detail', sa.Text(), nullable=True),
    sa.Column('attempts', sa.Integer(), server_default='0', nullable=False),
    sa.Column('stored_name', sa.String(length=64), nullable=True),
    sa.Column('sha256', sa.String(length=64), nullable=True),
    sa.Column('signer_name', sa.String(length=300), nullable=True),
    sa.Column('signed_at', sa.DateTime(), nullable=True),
    sa.Column('is_purged', sa.Boolean(), server_default=sa.false(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("status IN ('pending', 'signed', 'failed')", name=op.f('ck_certificate_signatures_status_known')),
    sa.ForeignKeyConstraint(['attendee_id'], ['attendees.id'], name=op.f('fk_certificate_signatures_attendee_id_attendees'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['certificate_id'], ['certificates.id'], name=op.f('fk_certificate_signatures_certificate_id_certificates'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_certificate_signatures_event_id_events'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_certificate_signatures')),
    sa.UniqueConstraint('certificate_id', name=op.f('uq_certificate_signatures_certificate_id'))
    )
    with op.batch_alter_table('certificate_signatures', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_certificate_signatures_attendee_id'), ['attendee_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_certificate_signatures_event_id'), ['event_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_certificate_signatures_sha256'), ['sha256'], unique=False)



def downgrade():
    with op.batch_alter_table('certificate_signatures', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_certificate_signatures_sha256'))
        batch_op.drop_index(batch_op.f('ix_certificate_signatures_event_id'))
        batch_op.drop_index(batch_op.f('ix_certificate_signatures_attendee_id'))

    op.drop_table('certificate_signatures')
    op.drop_table('signing_settings')
