"""The desks' set-up: sites, counters and organisations can be deactivated; closures of a site

Revision ID: 0014
Revises: 0013
"""
import sqlalchemy as sa
from alembic import op

revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None

TABLES = ('site', 'counter', 'organisation')


def upgrade():
    for table in TABLES:
        with op.batch_alter_table(table) as batch_op:
            batch_op.add_column(sa.Column('active', sa.Boolean(), server_default=sa.true(), nullable=False))
    op.create_table(
        'site_closure',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('site_id', sa.Integer(), nullable=False),
        sa.Column('starts', sa.Date(), nullable=False),
        sa.Column('ends', sa.Date(), nullable=False),
        sa.Column('reason', sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(['site_id'], ['site.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_site_closure_site', 'site_closure', ['site_id', 'ends'])


def downgrade():
    op.drop_index('ix_site_closure_site', table_name='site_closure')
    op.drop_table('site_closure')
    for table in reversed(TABLES):
        with op.batch_alter_table(table) as batch_op:
            batch_op.drop_column('active')
