"""The waiting-room display: the calls, large, with a chime and a voice."""
