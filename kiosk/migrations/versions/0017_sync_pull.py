"""Desks' sync tokens, and the catalogue's change log with its revision sequence

Revision ID: 0017
Revises: 0016
"""
from datetime import datetime, timezone

import sqlalchemy as sa
from alembic import op

revision = '0017'
down_revision = '0016'
branch_labels = None
depends_on = None

# The kinds of record central writes and the desks pull, with their tables (kiosk.sync.changelog.KINDS).
CATALOGUE = [('organisation', 'organisation'), ('site', 'site'), ('site_closure', 'site_closure'),
             ('service', 'service'), ('counter', 'counter'), ('terminal', 'terminal'), ('user', 'staff_user'),
             ('offer', 'offer')]


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
    # The catalogue already there gets its first revisions, so that a desk's first pull finds all of it.
    bind = op.get_bind()
    rows = [{'kind': kind, 'record_id': record_id}
            for kind, table in CATALOGUE for record_id in bind.scalars(sa.text(f'SELECT id FROM {table} ORDER BY id'))]
    now = datetime.now(timezone.utc)
    change = sa.table('sync_change', sa.column('kind'), sa.column('record_id'), sa.column('revision'),
                      sa.column('op'), sa.column('changed_at'))
    if rows:
        op.bulk_insert(change, [row | {'revision': number, 'op': 'upsert', 'changed_at': now}
                                for number, row in enumerate(rows, start=1)])
    op.bulk_insert(state, [{'id': 1, 'revision': len(rows), 'pruned_through': 0}])
    if bind.dialect.name == 'postgresql':
        op.execute(f'CREATE SEQUENCE sync_revision AS bigint START WITH {len(rows) + 1}')


def downgrade():
    if op.get_bind().dialect.name == 'postgresql':
        op.execute('DROP SEQUENCE sync_revision')
    op.drop_table('sync_state')
    op.drop_index('ix_sync_change_tombstones', table_name='sync_change')
    op.drop_table('sync_change')
    op.drop_index('ix_desk_token_site_id', table_name='desk_token')
    op.drop_table('desk_token')
