"""Staff accounts: create, deactivate, reset and re-scope them; anyone's own password."""
