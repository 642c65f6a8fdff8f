"""`make bench`: server times against the targets the issues set, on this machine."""
