"""A ticket's code is unique at its site for the day, whatever service it moved to

Revision ID: 0007
Revises: 0006

A transferred ticket keeps its code (prefix and number) but changes service, so uniqueness per service
refused moving A001 to a service that had its own 001 that day.
"""
from alembic import op

revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None

# Names for the constraints 0004 left unnamed, as each database reflects them.
CONVENTION = {"uq": "uq_%(table_name)s_%(column_0_N_name)s"}
OLD_SQLITE = "uq_ticket_site_id_service_id_day_number"
OLD_POSTGRES = "ticket_site_id_service_id_day_number_key"


def _old_name() -> str:
    return OLD_POSTGRES if op.get_bind().dialect.name == "postgresql" else OLD_SQLITE


def upgrade():
    with op.batch_alter_table('ticket', schema=None, naming_convention=CONVENTION) as batch_op:
        batch_op.drop_constraint(_old_name(), type_='unique')
        batch_op.create_unique_constraint('uq_ticket_code', ['site_id', 'day', 'prefix', 'number'])


def downgrade():
    with op.batch_alter_table('ticket', schema=None, naming_convention=CONVENTION) as batch_op:
        batch_op.drop_constraint('uq_ticket_code', type_='unique')
        batch_op.create_unique_constraint(_old_name(), ['site_id', 'service_id', 'day', 'number'])
