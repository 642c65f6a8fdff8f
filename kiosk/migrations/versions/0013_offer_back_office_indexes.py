"""Indexes for the back office's list of offers: by last change, by closing date, and per organisation

Revision ID: 0013
Revises: 0012
"""
from alembic import op

revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None


def upgrade():
    op.create_index('ix_offer_updated', 'offer', ['updated_at', 'id'])
    op.create_index('ix_offer_expires', 'offer', ['expires_on', 'id'])
    op.create_index('ix_offer_organisation', 'offer', ['organisation_id', 'updated_at', 'id'])


def downgrade():
    op.drop_index('ix_offer_organisation', table_name='offer')
    op.drop_index('ix_offer_expires', table_name='offer')
    op.drop_index('ix_offer_updated', table_name='offer')
