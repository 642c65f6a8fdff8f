"""Terminals: registered, enrolled with a one-time link, revoked."""
