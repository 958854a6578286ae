"""All tables; importing this package registers them on ``SQLModel.metadata``."""

from app.models.base import Basis, Qualifier, RecordType
from app.models.citation import Alias, Citation, CitationPublic, CoverageSkip, Meta
from app.models.conflict import ConflictReview
from app.models.curation import ApiKey, Revision
from app.models.event import Event, EventInitiative, EventParticipant
from app.models.figure import Figure, FigureInput, Fund, Target
from app.models.initiative import Initiative, InitiativePartner
from app.models.partner import Partner
from app.models.person import Person, PersonRole
from app.models.proposal import Proposal
from app.models.search import SearchDoc
from app.models.source import Source, SourcePublic, SourceSummary

__all__ = [
    "Alias",
    "ApiKey",
    "Basis",
    "Citation",
    "CitationPublic",
    "SourcePublic",
    "SourceSummary",
    "ConflictReview",
    "CoverageSkip",
    "Event",
    "EventInitiative",
    "EventParticipant",
    "Figure",
    "FigureInput",
    "Fund",
    "Initiative",
    "InitiativePartner",
    "Meta",
    "Partner",
    "Person",
    "PersonRole",
    "Proposal",
    "Qualifier",
    "RecordType",
    "Revision",
    "SearchDoc",
    "Source",
    "Target",
]
