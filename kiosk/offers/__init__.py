"""Opportunities: jobs, training courses, internships, apprenticeships and recruiting events."""
