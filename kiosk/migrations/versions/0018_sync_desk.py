"""A desk's sync state and outbox; central's record of each desk's link

Revision ID: 0018
Revises: 0017
"""
import sqlalchemy as sa
from alembic import op

revision = '0018'
down_revision = '0017'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'desk_sync',
        sa.Column('id', sa.Integer(), autoincrement=False, nullable=False),
        sa.Column('revision', sa.BigInteger(), nullable=False),
        sa.Column('schema', sa.String(length=32), nullable=False),
        sa.Column('pushed_through', sa.BigInteger(), nullable=False),
        sa.Column('link', sa.String(length=12), nullable=False),
        sa.Column('last_attempt_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('last_ok_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('last_error', sa.String(length=300), nullable=False),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_table(
        'sync_outbox',
        sa.Column('seq', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=16), nullable=False),
        sa.Column('uuid', sa.String(length=36), nullable=False),
        sa.PrimaryKeyConstraint('seq'),
        sa.UniqueConstraint('uuid'),
    )
    op.create_table(
        'desk_link',
        sa.Column('site_id', sa.Integer(), autoincrement=False, nullable=False),
        sa.Column('last_seen_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('pulled_revision', sa.BigInteger(), nullable=False),
        sa.Column('acked_through', sa.BigInteger(), nullable=False),
        sa.Column('gap_from', sa.BigInteger(), nullable=True),
        sa.Column('gap_to', sa.BigInteger(), nullable=True),
        sa.Column('last_error', sa.String(length=300), nullable=False),
        sa.Column('schema', sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(['site_id'], ['site.id']),
        sa.PrimaryKeyConstraint('site_id'),
    )


def downgrade():
    op.drop_table('desk_link')
    op.drop_table('sync_outbox')
    op.drop_table('desk_sync')
