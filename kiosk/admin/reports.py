"""Reports: queue and offer figures per site, service and period, as charts, CSV and PDF."""
