"""The search index holds each offer's folded words and their stems apart, with a vocabulary for typos

Revision ID: 0024
Revises: 0023
"""
from alembic import op
from sqlalchemy import text

revision = '0024'
down_revision = '0023'
branch_labels = None
depends_on = None



def _create(stems: bool) -> None:
    postgresql = op.get_bind().dialect.name == "postgresql"
    if postgresql and stems:
        # Weight A marks the folded words, B the stems, so that a query can ask for either (kiosk/offers/search.py).
        op.execute(
            "CREATE TABLE offer_search ("
            " offer_id INTEGER PRIMARY KEY REFERENCES offer(id) ON DELETE CASCADE,"
            " words TEXT NOT NULL,"
            " stems TEXT NOT NULL,"
            " body_tsv tsvector GENERATED ALWAYS AS ("
            "setweight(to_tsvector('simple', words), 'A') || setweight(to_tsvector('simple', stems), 'B')) STORED)"
        )
    elif postgresql:
        op.execute(
            "CREATE TABLE offer_search ("
            " offer_id INTEGER PRIMARY KEY REFERENCES offer(id) ON DELETE CASCADE,"
            " body TEXT NOT NULL,"
            " body_tsv tsvector GENERATED ALWAYS AS (to_tsvector('simple', body)) STORED)"
        )
    else:
        columns = "words, stems" if stems else "body"
        op.execute(
            f"CREATE VIRTUAL TABLE offer_search USING fts5("
            f"{columns}, tokenize = 'unicode61 remove_diacritics 0', prefix = '2 3')"
        )
    if postgresql:
        op.execute("CREATE INDEX ix_offer_search_body_tsv ON offer_search USING GIN (body_tsv)")


def upgrade():
    from sqlalchemy.orm import Session

    from kiosk.offers.search import reindex_all  # plain SQL on the offer tables: no model is read

    op.execute("DROP TABLE offer_search")
    _create(stems=True)
    op.execute("CREATE TABLE offer_search_term (term TEXT NOT NULL PRIMARY KEY)")
    session = Session(bind=op.get_bind())
    reindex_all(session)
    session.close()


def downgrade():
    from sqlalchemy.orm import Session

    from kiosk.offers.search import plain_documents

    op.execute("DROP TABLE offer_search_term")
    op.execute("DROP TABLE offer_search")
    _create(stems=False)
    key = "offer_id" if op.get_bind().dialect.name == "postgresql" else "rowid"
    insert = text(f"INSERT INTO offer_search ({key}, body) VALUES (:offer_id, :body)")
    for offer_id, words, _stems in plain_documents(Session(bind=op.get_bind())):
        op.get_bind().execute(insert, {"offer_id": offer_id, "body": words})
