"""`kiosk user` says why it refuses, in English like the rest of the command line, and its changes are audited."""

from tests.counter.conftest import quick_hashes  # noqa: F401 - light hashes for these tests


def test_a_refused_account_says_why_in_english(runner, organisation):
    result = runner.invoke(args=["kiosk", "user", "create", "chiara", "--role", "editor", "--password",
                                 "a long secret 1"])
    assert result.exit_code != 0 and "An editor belongs to an organisation" in result.output
    result = runner.invoke(args=["kiosk", "user", "create", "chiara", "--role", "editor", "--organisation", "tempor",
                                 "--password", "short"])
    assert result.exit_code != 0 and "at least 10 characters" in result.output


def test_what_the_command_line_does_to_accounts_is_in_the_audit_log(runner, organisation):
    from sqlalchemy import select

    from kiosk.audit.models import AuditEntry
    from kiosk.extensions import db

    for args in (["create", "chiara", "--role", "editor", "--organisation", "tempor", "--password", "a long secret 1"],
                 ["password", "chiara", "--password", "another long one"], ["delete", "chiara"]):
        assert runner.invoke(args=["kiosk", "user", *args]).exit_code == 0
    log = [(entry.actor, entry.action, entry.target_label, entry.changes)
           for entry in db.session.scalars(select(AuditEntry).order_by(AuditEntry.id))]
    created = {"username": [None, "chiara"], "role": [None, "editor"], "organisation": [None, "Tempor spa"],
               "active": [None, True], "password": ["(changed)", "(changed)"]}
    assert log == [("cli", "account.create", "chiara", created),
                   ("cli", "account.password_reset", "chiara", {"password": ["(changed)", "(changed)"]}),
                   ("cli", "account.delete", "chiara", {"username": ["chiara", None], "role": ["editor", None],
                                                         "organisation": ["Tempor spa", None], "active": [True, None]})]
