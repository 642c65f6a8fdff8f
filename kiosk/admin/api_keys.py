"""Organisations' API keys: made, listed and revoked by an admin."""
