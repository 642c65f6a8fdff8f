"""Indexes the reports read the ticket and usage event logs through

Revision ID: 0014
Revises: 0010
"""
from alembic import op

revision = '0014'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade():
    op.create_index('ix_ticket_event_report', 'ticket_event', ['kind', 'at', 'site'])
    op.create_index('ix_ticket_event_ticket_kind', 'ticket_event', ['ticket_uuid', 'kind', 'at'])
    op.create_index('ix_usage_event_report', 'usage_event', ['created_at', 'site'])


def downgrade():
    op.drop_index('ix_usage_event_report', table_name='usage_event')
    op.drop_index('ix_ticket_event_ticket_kind', table_name='ticket_event')
    op.drop_index('ix_ticket_event_report', table_name='ticket_event')
