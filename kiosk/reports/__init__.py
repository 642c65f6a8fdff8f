"""Reports: the queue's and the offers' figures per site, service and period, read from the event logs."""
