"""A desk's full copy of the catalogue in progress

Revision ID: 0020
Revises: 0019
"""
import sqlalchemy as sa
from alembic import op

revision = '0020'
down_revision = '0019'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'sync_snapshot',
        sa.Column('id', sa.Integer(), autoincrement=False, nullable=False),
        sa.Column('since', sa.BigInteger(), nullable=False),
        sa.Column('started_at', sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_table(
        'sync_snapshot_seen',
        sa.Column('kind', sa.String(length=20), nullable=False),
        sa.Column('record_id', sa.Integer(), autoincrement=False, nullable=False),
        sa.PrimaryKeyConstraint('kind', 'record_id'),
    )


def downgrade():
    op.drop_table('sync_snapshot_seen')
    op.drop_table('sync_snapshot')
