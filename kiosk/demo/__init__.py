"""Demo data a municipality would recognise, and synthetic offers for load tests."""
