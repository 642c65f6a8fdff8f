"""`kiosk user` says why it refuses, in English like the rest of the command line."""

from tests.counter.conftest import quick_hashes  # noqa: F401 - light hashes for these tests


def test_a_refused_account_says_why_in_english(runner, organisation):
    result = runner.invoke(args=["kiosk", "user", "create", "chiara", "--role", "editor", "--password",
                                 "a long secret 1"])
    assert result.exit_code != 0 and "An editor belongs to an organisation" in result.output
    result = runner.invoke(args=["kiosk", "user", "create", "chiara", "--role", "editor", "--organisation", "tempor",
                                 "--password", "short"])
    assert result.exit_code != 0 and "at least 10 characters" in result.output
