"""The audit log: who changed what in the back office, and every sign-in."""
