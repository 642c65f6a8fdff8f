"""Visitors' ratings of a finished visit: three faces and an optional reason, anonymous, once per ticket."""
