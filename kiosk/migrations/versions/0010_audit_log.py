"""The audit log of the back office and the sign-ins

Revision ID: 0010
Revises: 0009
"""
import sqlalchemy as sa
from alembic import op

revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'audit_entry',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('actor_id', sa.Integer(), nullable=True),
        sa.Column('actor', sa.String(length=120), nullable=False),
        sa.Column('action', sa.String(length=40), nullable=False),
        sa.Column('target_kind', sa.String(length=20), nullable=False),
        sa.Column('target_id', sa.Integer(), nullable=True),
        sa.Column('target_label', sa.String(length=200), nullable=False),
        sa.Column('changes', sa.JSON(), nullable=False),
        sa.Column('address', sa.String(length=45), nullable=False),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_audit_entry_at', 'audit_entry', ['at'])
    op.create_index('ix_audit_entry_target', 'audit_entry', ['target_kind', 'target_id', 'id'])


def downgrade():
    op.drop_index('ix_audit_entry_target', table_name='audit_entry')
    op.drop_index('ix_audit_entry_at', table_name='audit_entry')
    op.drop_table('audit_entry')
