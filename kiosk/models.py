"""Every model, imported once so the metadata (and Alembic's autogenerate) sees all tables."""

from kiosk.api.models import ApiKey
from kiosk.audit.models import AuditEntry
from kiosk.feedback.models import RatedTicket, Rating
from kiosk.glossary.models import GlossaryTerm
from kiosk.network.models import Organisation, Site, SiteClosure
from kiosk.offers.models import Offer, OfferSheet, OfferTranslation
from kiosk.offers.pending import PendingImport
from kiosk.printing.models import PrintJob
from kiosk.queue.models import Counter, DayNumber, Service, Ticket, TicketEvent
from kiosk.remote.models import RemoteRequest
from kiosk.reports.models import FoldCursor, TicketFigures
from kiosk.staff.models import User
from kiosk.sync.desk_models import Snapshot, SnapshotSeen
from kiosk.sync.models import DeskToken, SyncChange, SyncState
from kiosk.terminal.models import Terminal
from kiosk.usage.models import UsageEvent

__all__ = [
    "ApiKey", "AuditEntry", "Counter", "DayNumber", "DeskToken", "FoldCursor", "GlossaryTerm", "Offer", "OfferSheet",
    "OfferTranslation", "Organisation", "PendingImport", "PrintJob", "RatedTicket", "Rating", "RemoteRequest",
    "Service", "Site", "SiteClosure", "Snapshot", "SnapshotSeen", "SyncChange", "SyncState", "Terminal", "Ticket",
    "TicketEvent", "TicketFigures", "UsageEvent", "User",
]
