"""Usage events: an offer viewed, printed or taken to a phone. Anonymous; counted for the reports."""
