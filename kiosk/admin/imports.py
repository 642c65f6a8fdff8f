"""Bulk import and export of offers: CSV and schema.org JobPosting."""
