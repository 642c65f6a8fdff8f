"""The words of the field explained: Italian terms recognised in texts, and their plain explanation in each language."""
