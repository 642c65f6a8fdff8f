"""The remote channel: tickets asked for from a phone, anywhere, and given by the chosen desk."""
