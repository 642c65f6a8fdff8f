"""Visitors' ratings of a finished visit, and the tickets already rated

Revision ID: 0023
Revises: 0022
"""
import sqlalchemy as sa
from alembic import op

revision = '0023'
down_revision = '0022'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'visit_rating',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('uuid', sa.String(length=36), nullable=False),
        sa.Column('site', sa.String(length=64), nullable=False),
        sa.Column('service_id', sa.Integer(), nullable=False),
        sa.Column('day', sa.Date(), nullable=False),
        sa.Column('face', sa.String(length=8), nullable=False),
        sa.Column('reason', sa.String(length=24), server_default='', nullable=False),
        sa.Column('channel', sa.String(length=8), nullable=False),
        sa.Column('ticket_uuid', sa.String(length=36), nullable=True),
        sa.Column('reason_uuid', sa.String(length=36), nullable=True),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('uuid'),
        sa.UniqueConstraint('reason_uuid'),
    )
    op.create_index('ix_visit_rating_report', 'visit_rating', ['day', 'site', 'service_id'])
    op.create_table(
        'visit_rated_ticket',
        sa.Column('ticket_uuid', sa.String(length=36), nullable=False),
        sa.PrimaryKeyConstraint('ticket_uuid'),
    )


def downgrade():
    op.drop_table('visit_rated_ticket')
    op.drop_index('ix_visit_rating_report', table_name='visit_rating')
    op.drop_table('visit_rating')
