"""The touch terminal: start screen, home, about the desk, the device's display modes."""
