"""Writing offers: the list, the editor with the nine languages side by side, publishing and archiving."""
