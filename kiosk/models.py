"""Every model, imported once so the metadata (and Alembic's autogenerate) sees all tables."""

from kiosk.audit.models import AuditEntry
from kiosk.network.models import Organisation, Site, SiteClosure
from kiosk.offers.models import Offer, OfferSheet, OfferTranslation
from kiosk.printing.models import PrintJob
from kiosk.queue.models import Counter, DayNumber, Service, Ticket, TicketEvent
from kiosk.staff.models import User
from kiosk.terminal.models import Terminal
from kiosk.usage.models import UsageEvent

__all__ = [
    "AuditEntry", "Counter", "DayNumber", "Offer", "OfferSheet", "OfferTranslation", "Organisation", "PrintJob",
    "Service", "Site", "SiteClosure", "Terminal", "Ticket", "TicketEvent", "UsageEvent", "User",
]
