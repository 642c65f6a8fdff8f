"""The glossary: Italian terms of the field explained in the desks' languages, with the shipped terms

Revision ID: 0022
Revises: 0021
"""
import sqlalchemy as sa
from alembic import op

from kiosk.glossary.seed import write_seed

revision = '0022'
down_revision = '0021'
branch_labels = None
depends_on = None


def upgrade():
    table = op.create_table(
        'glossary_term',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('key', sa.String(length=40), nullable=False),
        sa.Column('term', sa.String(length=80), nullable=False),
        sa.Column('forms', sa.JSON(), nullable=False),
        sa.Column('texts', sa.JSON(), nullable=False),
        sa.Column('active', sa.Boolean(), server_default=sa.true(), nullable=False),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('key'),
    )
    # The same terms under the same ids on every server: a desk has them before its first pull.
    write_seed(op.get_bind(), table)


def downgrade():
    op.drop_table('glossary_term')
