"""Who met, when, and what was said: bodies, people, meetings and their paragraphs.

One module per concern, as Wagtail's `wagtail/models/` package does; everything is
imported from `meetings.models` as before. The search of paragraphs is `meetings.search`.
"""

from .agenda import (
    VIEW_UNPUBLISHED,
    AgendaItem,
    AgendaItemQuerySet,
    Attachment,
    AttachmentQuerySet,
    attachment_path,
    can_see_unpublished,
)
from .attendance import AdjustmentApproval, Attendance
from .bodies import Body, Organisation, Topic
from .feedback import AccessibilityReport
from .meeting import Meeting, MeetingQuerySet
from .people import Membership, Person, PersonAlias
from .record import Correction, RecordLocked, correction
from .subscriptions import CONFIRMATION_PERIOD, SentAlert, Subscription, SubscriptionQuerySet

__all__ = [
    "CONFIRMATION_PERIOD",
    "VIEW_UNPUBLISHED",
    "AccessibilityReport",
    "AdjustmentApproval",
    "AgendaItem",
    "AgendaItemQuerySet",
    "Attachment",
    "AttachmentQuerySet",
    "Attendance",
    "Body",
    "Correction",
    "Meeting",
    "MeetingQuerySet",
    "Membership",
    "Organisation",
    "Person",
    "PersonAlias",
    "RecordLocked",
    "SentAlert",
    "Subscription",
    "SubscriptionQuerySet",
    "Topic",
    "attachment_path",
    "can_see_unpublished",
    "correction",
]
