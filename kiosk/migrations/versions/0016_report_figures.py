"""Each ticket's figures folded from the event log for the reports, and an index to count usage events by period

Revision ID: 0016
Revises: 0015
"""
import sqlalchemy as sa
from alembic import op

revision = '0016'
down_revision = '0015'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'report_ticket',
        sa.Column('ticket_uuid', sa.String(length=36), nullable=False),
        sa.Column('site', sa.String(length=64), nullable=False),
        sa.Column('service_id', sa.Integer(), nullable=False),
        sa.Column('taken_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('weekday', sa.SmallInteger(), nullable=False),
        sa.Column('hour', sa.SmallInteger(), nullable=False),
        sa.Column('lang', sa.String(length=10), nullable=False),
        sa.Column('channel', sa.String(length=10), nullable=False),
        sa.Column('priority', sa.Boolean(), nullable=False),
        sa.Column('waited', sa.Integer(), nullable=True),
        sa.Column('started_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('served', sa.Integer(), nullable=True),
        sa.Column('no_show', sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint('ticket_uuid'),
    )
    op.create_index('ix_report_ticket_taken', 'report_ticket', ['taken_at', 'site'])
    op.create_index('ix_report_ticket_site', 'report_ticket', ['site', 'taken_at'])
    fold = op.create_table(
        'report_fold',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('last_event_id', sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint('id'),
    )
    # The cursor's one row exists from the start: two first reports at once never both create it.
    op.bulk_insert(fold, [{'id': 1, 'last_event_id': 0}])
    op.create_index('ix_usage_event_report', 'usage_event', ['created_at', 'site', 'kind', 'lang', 'offer_id'])


def downgrade():
    op.drop_index('ix_usage_event_report', table_name='usage_event')
    op.drop_table('report_fold')
    op.drop_index('ix_report_ticket_site', table_name='report_ticket')
    op.drop_index('ix_report_ticket_taken', table_name='report_ticket')
    op.drop_table('report_ticket')
