"""Open Badges credentials (issue 20): the deployment's signing keys (private keys encrypted),
revocation status lists, and one row per signed credential, kept when its certificate or JWT goes

Revision ID: 0017
Revises: 0014
Create Date: 2026-12-06 09:22:36.565209

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0017'
down_revision = '0014'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('credential_keys',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kid', sa.String(length=64), nullable=False),
    sa.Column('algorithm', sa.String(length=16), nullable=False),
    sa.Column('public_jwk', sa.JSON(), nullable=False),
    sa.Column('private_key', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('retired_at', sa.DateTime(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_credential_keys')),
    sa.UniqueConstraint('kid', name=op.f('uq_credential_keys_kid'))
    )
    op.create_table('status_lists',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('purpose', sa.String(length=16), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('next_index', sa.Integer(), server_default='0', nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_status_lists'))
    )
    op.create_table('credentials',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uid', sa.String(length=36), nullable=False),
    sa.Column('certificate_id', sa.Integer(), nullable=True),
    sa.Column('event_id', sa.Integer(), nullable=True),
    sa.Column('key_id', sa.Integer(), nullable=False),
    sa.Column('status_list_id', sa.Integer(), nullable=False),
    sa.Column('status_index', sa.Integer(), nullable=False),
    sa.Column('token', sa.Text(), nullable=True),
    sa.Column('issued_at', sa.DateTime(), nullable=False),
    sa.Column('revoked_at', sa.DateTime(), nullable=True),
    sa.Column('revoke_reason', sa.String(length=16), nullable=True),
    sa.ForeignKeyConstraint(['certificate_id'], ['certificates.id'], name=op.f('fk_credentials_certificate_id_certificates'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_credentials_event_id_events'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['key_id'], ['credential_keys.id'], name=op.f('fk_credentials_key_id_credential_keys')),
    sa.ForeignKeyConstraint(['status_list_id'], ['status_lists.id'], name=op.f('fk_credentials_status_list_id_status_lists')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_credentials')),
    sa.UniqueConstraint('status_list_id', 'status_index', name='uq_credentials_status_slot'),
    sa.UniqueConstraint('uid', name=op.f('uq_credentials_uid'))
    )
    with op.batch_alter_table('credentials', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_credentials_certificate_id'), ['certificate_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_credentials_event_id'), ['event_id'], unique=False)



def downgrade():
    with op.batch_alter_table('credentials', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_credentials_event_id'))
        batch_op.drop_index(batch_op.f('ix_credentials_certificate_id'))

    op.drop_table('credentials')
    op.drop_table('status_lists')
    op.drop_table('credential_keys')
