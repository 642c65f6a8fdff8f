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

FIELDS = ("title", "summary", "description", "requirements", "how_to_apply")


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


def _documents():
    """Yield (offer id, words, stems) for every offer, read with plain SQL (the models may change after this)."""
    from kiosk.offers.richtext import to_plain
    from kiosk.offers.search import build_document

    connection = op.get_bind()
    texts: dict[int, list[tuple[str, str]]] = {}
    rows = connection.execute(text(f"SELECT offer_id, lang, {', '.join(FIELDS)} FROM offer_translation"
                                   " ORDER BY offer_id, lang"))
    for offer_id, lang, *values in rows:
        texts.setdefault(offer_id, []).append((lang, " ".join(to_plain(value or "") for value in values)))
    for offer_id, reference, employer, town in connection.execute(
            text("SELECT id, reference, employer, town FROM offer ORDER BY id")):
        words, stems = build_document([reference, employer or "", town], texts.get(offer_id, []))
        yield offer_id, words, stems


def upgrade():
    from sqlalchemy.orm import Session

    from kiosk.offers.search import write_documents

    op.execute("DROP TABLE offer_search")
    _create(stems=True)
    op.execute("CREATE TABLE offer_search_term (term TEXT NOT NULL PRIMARY KEY)")
    session = Session(bind=op.get_bind())
    batch = []
    for offer_id, words, stems in _documents():
        batch.append({"offer_id": offer_id, "words": words, "stems": stems})
        if len(batch) == 500:
            write_documents(session, batch)
            batch = []
    write_documents(session, batch)
    session.close()


def downgrade():
    op.execute("DROP TABLE offer_search_term")
    op.execute("DROP TABLE offer_search")
    _create(stems=False)
    key = "offer_id" if op.get_bind().dialect.name == "postgresql" else "rowid"
    insert = text(f"INSERT INTO offer_search ({key}, body) VALUES (:offer_id, :body)")
    for offer_id, words, _stems in _documents():
        op.get_bind().execute(insert, {"offer_id": offer_id, "body": words})
