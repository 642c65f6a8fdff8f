"""Desks' sync tokens, and the catalogue's change log with its revision sequence

Revision ID: 0017
Revises: 0016
"""
import sqlalchemy as sa
from alembic import op

revision = '0017'
down_revision = '0016'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'desk_token',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('site_id', sa.Integer(), nullable=False),
        sa.Column('prefix', sa.String(length=16), nullable=False),
        sa.Column('secret_hash', sa.String(length=64), nullable=False),
        sa.Column('created_by', sa.String(length=120), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('last_used_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('revoked_at', sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(['site_id'], ['site.id']),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('prefix'),
        sa.UniqueConstraint('secret_hash'),
    )
    op.create_index('ix_desk_token_site_id', 'desk_token', ['site_id'])
    op.create_table(
        'sync_change',
        sa.Column('kind', sa.String(length=20), nullable=False),
        sa.Column('record_id', sa.Integer(), autoincrement=False, nullable=False),
        sa.Column('revision', sa.BigInteger(), nullable=False),
        sa.Column('op', sa.String(length=6), nullable=False),
        sa.Column('changed_at', sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('kind', 'record_id'),
        sa.UniqueConstraint('revision'),
    )
    op.create_index('ix_sync_change_tombstones', 'sync_change', ['op', 'changed_at'])
    state = op.create_table(
        'sync_state',
        sa.Column('id', sa.Integer(), autoincrement=False, nullable=False),
        sa.Column('revision', sa.BigInteger(), nullable=False),
        sa.Column('pruned_through', sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint('id'),
    )
    op.bulk_insert(state, [{'id': 1, 'revision': 0, 'pruned_through': 0}])
    if op.get_bind().dialect.name == 'postgresql':
        op.execute('CREATE SEQUENCE sync_revision AS bigint')


def downgrade():
    if op.get_bind().dialect.name == 'postgresql':
        op.execute('DROP SEQUENCE sync_revision')
    op.drop_table('sync_state')
    op.drop_index('ix_sync_change_tombstones', table_name='sync_change')
    op.drop_table('sync_change')
    op.drop_index('ix_desk_token_site_id', table_name='desk_token')
    op.drop_table('desk_token')
