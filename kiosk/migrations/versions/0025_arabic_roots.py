"""The Arabic stems know the broken plurals and derived nouns (مطاعم meets مطعم): the search index is written again

Revision ID: 0025
Revises: 0024
"""

from alembic import op
from sqlalchemy.orm import Session

revision = '0025'
down_revision = '0024'
branch_labels = None
depends_on = None


def upgrade():
    from kiosk.offers.search import reindex_all  # plain SQL on the offer tables: no model is read

    session = Session(bind=op.get_bind())
    reindex_all(session)
    session.close()


def downgrade():
    pass  # the index written by the newer stemmer still finds every word as typed
