"""Sync between central and the desks: desk tokens, the catalogue's change log and the pull endpoint."""
