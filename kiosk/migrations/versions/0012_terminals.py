"""Registered terminals and their one-time enrolment

Revision ID: 0012
Revises: 0010
"""
import sqlalchemy as sa
from alembic import op

revision = '0012'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'terminal',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('site_id', sa.Integer(), nullable=False),
        sa.Column('name', sa.String(length=64), nullable=False),
        sa.Column('print_backend', sa.String(length=10), nullable=False),
        sa.Column('printer', sa.String(length=120), nullable=False),
        sa.Column('idle_seconds', sa.Integer(), nullable=False),
        sa.Column('ticket_limit', sa.Integer(), nullable=False),
        sa.Column('print_limit', sa.Integer(), nullable=False),
        sa.Column('active', sa.Boolean(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'),
                  nullable=False),
        sa.Column('enrolled_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('last_seen_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('key_hash', sa.String(length=64), nullable=True),
        sa.Column('enrolment_token_hash', sa.String(length=64), nullable=True),
        sa.Column('enrolment_expires_at', sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(['site_id'], ['site.id']),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('name'),
        sa.UniqueConstraint('enrolment_token_hash'),
    )
    op.create_index('ix_terminal_site_id', 'terminal', ['site_id'])


def downgrade():
    op.drop_index('ix_terminal_site_id', table_name='terminal')
    op.drop_table('terminal')
