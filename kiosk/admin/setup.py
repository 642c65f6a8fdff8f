"""The desks' set-up: sites, services, counters and organisations."""
