"""The public pages for phones (/m): an offer taken from the kiosk by its QR code."""
