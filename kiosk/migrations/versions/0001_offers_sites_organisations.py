"""offers, sites and organisations

Revision ID: 0001
Revises: 

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('organisation',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('slug', sa.String(length=64), nullable=False),
    sa.Column('name', sa.String(length=160), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('town', sa.String(length=80), nullable=False),
    sa.Column('website', sa.String(length=200), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('slug')
    )
    op.create_table('site',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('slug', sa.String(length=64), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('town', sa.String(length=80), nullable=False),
    sa.Column('address', sa.String(length=200), nullable=False),
    sa.Column('postcode', sa.String(length=10), nullable=False),
    sa.Column('phone', sa.String(length=40), nullable=False),
    sa.Column('email', sa.String(length=120), nullable=False),
    sa.Column('opening_hours', sa.JSON(), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('slug')
    )
    op.create_table('offer',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('reference', sa.String(length=40), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('employer', sa.String(length=160), nullable=True),
    sa.Column('town', sa.String(length=80), nullable=False),
    sa.Column('address', sa.String(length=200), nullable=False),
    sa.Column('sector', sa.String(length=1), nullable=False),
    sa.Column('ateco_code', sa.String(length=10), nullable=False),
    sa.Column('profession_code', sa.String(length=12), nullable=False),
    sa.Column('contract', sa.String(length=20), nullable=False),
    sa.Column('hours', sa.String(length=12), nullable=False),
    sa.Column('positions', sa.Integer(), nullable=False),
    sa.Column('education', sa.String(length=20), nullable=False),
    sa.Column('experience_years', sa.Integer(), nullable=False),
    sa.Column('driving_licence', sa.String(length=10), nullable=False),
    sa.Column('italian_level', sa.String(length=4), nullable=False),
    sa.Column('italian_rank', sa.Integer(), nullable=False),
    sa.Column('other_languages', sa.JSON(), nullable=False),
    sa.Column('protected_category', sa.String(length=6), nullable=False),
    sa.Column('starts_on', sa.Date(), nullable=True),
    sa.Column('duration_hours', sa.Integer(), nullable=True),
    sa.Column('published_on', sa.Date(), nullable=False),
    sa.Column('expires_on', sa.Date(), nullable=False),
    sa.Column('apply_email', sa.String(length=120), nullable=False),
    sa.Column('apply_phone', sa.String(length=40), nullable=False),
    sa.Column('apply_url', sa.String(length=300), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('reference')
    )
    with op.batch_alter_table('offer', schema=None) as batch_op:
        batch_op.create_index('ix_offer_facets', ['status', 'expires_on', 'published_on', 'kind', 'town', 'sector',
                                                  'contract', 'hours', 'italian_rank', 'protected_category'],
                              unique=False)
        batch_op.create_index('ix_offer_recent', ['published_on', 'id'], unique=False)
        batch_op.create_index('ix_offer_town', ['status', 'town', 'expires_on', 'published_on'], unique=False)

    op.create_table('offer_translation',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('offer_id', sa.Integer(), nullable=False),
    sa.Column('lang', sa.String(length=10), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('summary', sa.Text(), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('requirements', sa.Text(), nullable=False),
    sa.Column('how_to_apply', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['offer_id'], ['offer.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('offer_id', 'lang')
    )
    with op.batch_alter_table('offer_translation', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_offer_translation_offer_id'), ['offer_id'], unique=False)

    # The free-text index over every language of an offer (kiosk/offers/search.py fills it).
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "CREATE TABLE offer_search ("
            " offer_id INTEGER PRIMARY KEY REFERENCES offer(id) ON DELETE CASCADE,"
            " body TEXT NOT NULL,"
            " body_tsv tsvector GENERATED ALWAYS AS (to_tsvector('simple', body)) STORED)"
        )
        op.execute("CREATE INDEX ix_offer_search_body_tsv ON offer_search USING GIN (body_tsv)")
    else:
        op.execute(
            # The rowid is the offer's id, so matches come back without reading the stored text.
            "CREATE VIRTUAL TABLE offer_search USING fts5("
            "body, tokenize = 'unicode61 remove_diacritics 0', prefix = '2 3')"
        )


def downgrade():
    op.execute("DROP TABLE offer_search")
    with op.batch_alter_table('offer_translation', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_offer_translation_offer_id'))

    op.drop_table('offer_translation')
    with op.batch_alter_table('offer', schema=None) as batch_op:
        batch_op.drop_index('ix_offer_town')
        batch_op.drop_index('ix_offer_recent')
        batch_op.drop_index('ix_offer_facets')

    op.drop_table('offer')
    op.drop_table('site')
    op.drop_table('organisation')
