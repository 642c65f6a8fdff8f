"""The network: its sites (desks) and partner organisations."""
