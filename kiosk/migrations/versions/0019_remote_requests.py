"""Tickets asked for from a phone, kept at central until the desk answers

Revision ID: 0019
Revises: 0018
"""
import sqlalchemy as sa
from alembic import op

revision = '0019'
down_revision = '0018'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'remote_request',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('uuid', sa.String(length=36), nullable=False),
        sa.Column('kind', sa.String(length=8), nullable=False),
        sa.Column('token', sa.String(length=43), nullable=False),
        sa.Column('site_id', sa.Integer(), nullable=False),
        sa.Column('service_id', sa.Integer(), nullable=False),
        sa.Column('lang', sa.String(length=10), nullable=False),
        sa.Column('status', sa.String(length=8), nullable=False),
        sa.Column('reason', sa.String(length=20), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('answered_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('ticket_uuid', sa.String(length=36), nullable=True),
        sa.Column('number', sa.Integer(), nullable=True),
        sa.Column('code', sa.String(length=8), nullable=False),
        sa.ForeignKeyConstraint(['service_id'], ['service.id']),
        sa.ForeignKeyConstraint(['site_id'], ['site.id']),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('token'),
        sa.UniqueConstraint('uuid'),
    )
    op.create_index('ix_remote_request_pending', 'remote_request', ['site_id', 'status', 'created_at'])


def downgrade():
    op.drop_index('ix_remote_request_pending', table_name='remote_request')
    op.drop_table('remote_request')
