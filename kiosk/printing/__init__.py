"""Printing documents at a desk: through the kiosk's browser, through CUPS, or not at all."""
