"""A desk's outbox numbered for good (AUTOINCREMENT); central's staging of pushed events that wait for a hole

Revision ID: 0021
Revises: 0020
"""
import sqlalchemy as sa
from alembic import op

revision = '0021'
down_revision = '0020'
branch_labels = None
depends_on = None


def _outbox(autoincrement: bool) -> None:
    # Nothing wrote to the outbox before this revision, so it is made again rather than copied.
    op.drop_table('sync_outbox')
    op.create_table(
        'sync_outbox',
        sa.Column('seq', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=16), nullable=False),
        sa.Column('uuid', sa.String(length=36), nullable=False),
        sa.PrimaryKeyConstraint('seq'),
        sa.UniqueConstraint('uuid'),
        sqlite_autoincrement=autoincrement,
    )


def upgrade():
    _outbox(True)
    op.create_table(
        'sync_inbox',
        sa.Column('site_id', sa.Integer(), autoincrement=False, nullable=False),
        sa.Column('seq', sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column('kind', sa.String(length=16), nullable=False),
        sa.Column('data', sa.JSON(), nullable=False),
        sa.Column('ticket', sa.JSON(), nullable=True),
        sa.Column('received_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['site_id'], ['site.id']),
        sa.PrimaryKeyConstraint('site_id', 'seq'),
    )


def downgrade():
    op.drop_table('sync_inbox')
    _outbox(False)
