"""Bulk import and export of offers: CSV and schema.org JobPosting.

An upload is checked and shown row by row; it is kept server-side, tied to its person, until they confirm it, and
the confirmation applies that very file, all or nothing.
"""

from __future__ import annotations

from collections import Counter

from flask import Response, abort, render_template, request
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError
from werkzeug.exceptions import RequestEntityTooLarge
from wtforms import HiddenField, SelectField
from wtforms.validators import DataRequired

from kiosk import clock, ids
from kiosk.admin import bp
from kiosk.admin.access import ADMIN, EDITOR, actor, allow, check_organisation, organisation_scope
from kiosk.extensions import db
from kiosk.network.models import Organisation
from kiosk.offers import bulk, csv_format, pending
from kiosk.offers.csv_format import FileProblem

# The file may be 2 MB; the form around it adds a little. Only this address takes more than the app-wide limit.
UPLOAD_LIMIT = bulk.MAX_BYTES + 256 * 1024
TOO_LARGE = _l("The file is larger than 2 MB: split it into smaller files.")
EXPORT_FORMATS = {"csv": ("text/csv", "csv"), "csv-comma": ("text/csv", "csv"), "json": ("application/ld+json", "json")}


class UploadForm(FlaskForm):
    file = FileField(_l("File (CSV or JSON)"), validators=[FileRequired(_l("Choose a file."))])
    organisation = SelectField(_l("Organisation"), coerce=int,
                               validators=[DataRequired(_l("Choose the organisation the offers belong to."))])


class ConfirmForm(FlaskForm):
    token = HiddenField(validators=[DataRequired()])


@bp.record_once
def _larger_uploads(state) -> None:
    # Before the CSRF check, which reads the form: it must already read it under this address's own limit.
    def raise_limit() -> None:
        if request.endpoint == "admin.check_import":
            request.max_content_length = UPLOAD_LIMIT

    state.app.before_request_funcs.setdefault(None, []).insert(0, raise_limit)


@bp.errorhandler(RequestEntityTooLarge)
def too_large(_error):
    """Answer a file over the limit with the import page and a clear sentence, not an error page."""
    if request.endpoint != "admin.check_import" or not current_user.is_authenticated:
        return render_template("errors/error.html", title=_l("Too large"), detail=TOO_LARGE, code=413), 413
    return _page(upload_error=TOO_LARGE, status=413)


@bp.get("/imports")
@allow(ADMIN, EDITOR)
def imports():
    """Show the import form, the template and the export."""
    return _page()


@bp.post("/imports/check")
@allow(ADMIN, EDITOR)
def check_import():
    """Check an uploaded file and show what each row would do; nothing is applied."""
    form = _upload_form(request.files | request.form)
    if not form.validate_on_submit():
        return _page(form=form, status=422)
    upload = form.file.data
    content = upload.read(bulk.MAX_BYTES + 1)
    upload.close()  # a large upload sits in a temporary file: closed at once
    try:
        kind, rows = bulk.read_file(upload.filename or "", content)
    except FileProblem as problem:
        return _page(form=form, upload_error=problem.message, status=422)
    return _preview(form.organisation.data, upload.filename or "", content, rows, kind)


@bp.post("/imports/confirm")
@allow(ADMIN, EDITOR)
def confirm_import():
    """Apply the checked file, all or nothing, if it still does what was shown."""
    form = ConfirmForm()
    kept = pending.find(db.session, form.token.data or "", current_user.id, clock.now()) if form.validate() else None
    if kept is None:
        return _page(upload_error=_l("This check has expired or was already applied: upload the file again."),
                     status=409)
    check_organisation(kept.organisation_id)
    kind, rows = bulk.read_file(kept.filename, kept.content)
    plans = bulk.plan(db.session, rows, kept.organisation_id, clock.today())
    if bulk.summary(plans) != kept.plan:
        notice = _l("The offers changed since the check: here is what the file would do now. Confirm again.")
        return _preview(kept.organisation_id, kept.filename, kept.content, rows, kind, notice=notice, plans=plans)
    try:
        done = bulk.apply(db.session, plans, kept.organisation_id, actor(), clock.now())
        db.session.delete(kept)
        db.session.commit()
    except (SQLAlchemyError, ValueError):
        db.session.rollback()
        return _page(upload_error=_l("Nothing was imported: an offer could not be saved. Check the file again."),
                     status=409)
    return _page(done=done)


@bp.get("/imports/template.csv")
@allow(ADMIN, EDITOR)
def import_template():
    """Download the CSV template: every column and one example row."""
    return _download(csv_format.template(clock.today()), "text/csv", "offerte-modello.csv")


@bp.get("/imports/export")
@allow(ADMIN, EDITOR)
def export_offers():
    """Download the offers (an editor's organisation's, or the one an admin picks, or all) as CSV or JSON."""
    kind = request.args.get("format", "csv")
    if kind not in EXPORT_FORMATS:
        abort(404)
    organisation_id = organisation_scope()
    if organisation_id is None and request.args.get("organisation"):
        organisation_id = ids.parse_id(request.args["organisation"]) or abort(404)
    offers = bulk.export(db.session, organisation_id)
    body = bulk.export_json(offers) if kind == "json" else csv_format.write_csv(offers, "," if kind == "csv-comma"
                                                                                else ";")
    mimetype, extension = EXPORT_FORMATS[kind]
    return _download(body, mimetype, f"offerte-{clock.today():%Y%m%d}.{extension}")


def _preview(organisation_id: int, filename: str, content: bytes, rows, kind: str, notice=None, plans=None):
    plans = plans if plans is not None else bulk.plan(db.session, rows, organisation_id, clock.today())
    token = None
    if plans and not any(row.action == bulk.REJECT for row in plans):
        kept = pending.keep(db.session, current_user.id, organisation_id, filename, content, bulk.summary(plans),
                            clock.now())
        token = kept.token
    db.session.commit()  # only the kept file: the offers are untouched until the confirmation
    return _page(plans=plans, token=token, notice=notice, filename=filename, is_csv=kind == "csv",
                 counts=Counter(row.action for row in plans),
                 organisation=db.session.get(Organisation, organisation_id))


def _upload_form(formdata=None) -> UploadForm:
    """Return the upload form: as sent (`formdata`), or empty, which never reads the request's body."""
    form = UploadForm(formdata=formdata)
    scope = organisation_scope()
    query = select(Organisation).order_by(Organisation.name)
    if scope is not None:
        query = query.where(Organisation.id == scope)
    form.organisation.choices = [(organisation.id, organisation.name) for organisation in db.session.scalars(query)]
    if scope is None:
        form.organisation.choices.insert(0, (0, "—"))  # an admin says which organisation: no silent default
    else:
        form.organisation.data = scope  # an editor imports into their own organisation, whatever the form says
    return form


def _page(form: UploadForm | None = None, status: int = 200, **context):
    organisations = [] if organisation_scope() is not None else db.session.scalars(
        select(Organisation).order_by(Organisation.name)).all()
    return render_template("admin/imports/page.html", form=form or _upload_form(), confirm=ConfirmForm(formdata=None),
                           organisations=organisations, column=column_name, column_help=column_help,
                           **context), status


_DESCRIPTIONS = {
    "reference": _l("Your code for the offer: a reference the organisation has changes that offer, a new one "
                    "creates it."),
    "date": _l("A date: YYYY-MM-DD or DD/MM/YYYY."),
    "number": _l("A whole number."),
    "other_languages": _l("Languages and their CEFR level, e.g. en:B1 fr:A2."),
    "text": _l("Text."),
    "texts": _l("The texts per language, e.g. title_it, summary_uk. The Italian title is required; description, "
                "requirements and how_to_apply may hold paragraphs, lists, bold and links."),
}


def column_help() -> list[tuple[str, bool, str]]:
    """Return each CSV column (the text columns as one line), whether it is required, and what it holds."""
    from kiosk.offers import vocab, writing

    rows = []
    for name in csv_format.COLUMNS:
        if name == "title_it":
            rows.append(("title_it … how_to_apply_zh_Hans", True, str(_DESCRIPTIONS["texts"])))
        if name in csv_format.TEXT_COLUMNS:
            continue
        if name in writing.CHOICES:
            text = ", ".join(f"{key} = {label}" for key, label in writing.CHOICES[name].items()) \
                if isinstance(writing.CHOICES[name], dict) else ", ".join(writing.CHOICES[name])
        elif name == "status":
            text = ", ".join(writing.STATUSES)
        elif name == "driving_licence":
            text = ", ".join(vocab.DRIVING_LICENCES)
        else:
            kind = "date" if name in writing.DATES else "number" if name in writing.NUMBERS else name
            text = str(_DESCRIPTIONS.get(kind, _DESCRIPTIONS["text"]))
        rows.append((name, name in csv_format.REQUIRED_COLUMNS, text))
    return rows


def column_name(field: str) -> str:
    """Return the CSV column a problem's field is written in: texts.uk.title is title_uk."""
    parts = field.split(".")
    if len(parts) == 3 and parts[0] == "texts":
        return f"{parts[2]}_{parts[1]}"
    return "apply_email, apply_phone, apply_url" if field == "apply" else field


def _download(body: bytes, mimetype: str, filename: str) -> Response:
    response = Response(body, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response
