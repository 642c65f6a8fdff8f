"""counter state

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-25 17:02:06.533899

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('counter', schema=None) as batch_op:
        batch_op.add_column(sa.Column('staffed_by_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('opened_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('paused_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('pause_reason', sa.String(length=80), server_default='', nullable=False))
        batch_op.create_foreign_key('fk_counter_staffed_by', 'staff_user', ['staffed_by_id'], ['id'], ondelete='SET NULL')

    with op.batch_alter_table('ticket', schema=None) as batch_op:
        batch_op.add_column(sa.Column('request_token', sa.String(length=64), nullable=True))
        batch_op.create_unique_constraint('uq_ticket_request_token', ['request_token'])

    with op.batch_alter_table('ticket_event', schema=None) as batch_op:
        batch_op.create_index('ix_ticket_event_site', ['site', 'id'], unique=False)



def downgrade():
    with op.batch_alter_table('ticket_event', schema=None) as batch_op:
        batch_op.drop_index('ix_ticket_event_site')

    with op.batch_alter_table('ticket', schema=None) as batch_op:
        batch_op.drop_constraint('uq_ticket_request_token', type_='unique')
        batch_op.drop_column('request_token')

    with op.batch_alter_table('counter', schema=None) as batch_op:
        batch_op.drop_constraint('fk_counter_staffed_by', type_='foreignkey')
        batch_op.drop_column('pause_reason')
        batch_op.drop_column('paused_at')
        batch_op.drop_column('opened_at')
        batch_op.drop_column('staffed_by_id')

