"""The desk's queue: services, counters, tickets and their append-only event log."""
