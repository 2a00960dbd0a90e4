"""Factories that build valid domain objects with as little typing as possible."""

import datetime

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone

from agreements.models import Agreement, AgreementEvent
from decisions.models import (
    Assignment,
    Ballot,
    Decision,
    DecisionPoint,
    Motion,
    ProposalPoint,
    Reservation,
    Vote,
)
from meetings.models import (
    AgendaItem,
    Attachment,
    Attendance,
    Body,
    Meeting,
    Membership,
    Organisation,
    Person,
    PersonAlias,
    Topic,
    record,
)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.django.Password("lösenord-för-test")


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Kommun {n}")
    short_name = factory.Sequence(lambda n: f"K{n}")
    slug = factory.Sequence(lambda n: f"kommun-{n}")
    kind = Organisation.Kind.MUNICIPALITY


class BodyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Body

    name = factory.Sequence(lambda n: f"Samverkansorgan {n}")
    short_name = factory.Sequence(lambda n: f"ORG{n}")
    slug = factory.Sequence(lambda n: f"organ-{n}")


class TopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Topic

    name = factory.Sequence(lambda n: f"Område {n}")
    slug = factory.Sequence(lambda n: f"omrade-{n}")


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    name = factory.Sequence(lambda n: f"Person Nummer{n}")
    slug = factory.Sequence(lambda n: f"person-{n}")
    organisation = factory.SubFactory(OrganisationFactory)


class PersonAliasFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PersonAlias

    person = factory.SubFactory(PersonFactory)
    name = factory.Sequence(lambda n: f"Persson Nummer{n}")


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    person = factory.SubFactory(PersonFactory)
    body = factory.SubFactory(BodyFactory)
    role = Membership.Role.MEMBER
    start_date = datetime.date(2019, 1, 1)


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    body = factory.SubFactory(BodyFactory)
    date = factory.Sequence(lambda n: datetime.date(2021, 1, 1) + datetime.timedelta(days=7 * n))
    start_time = datetime.time(13, 0)
    end_time = datetime.time(16, 30)
    place = "Digitalt via Teams"
    status = Meeting.Status.HELD
    # A meeting past its notice had the notice published, as in life.
    agenda_published_at = factory.LazyAttribute(
        lambda meeting: (
            None
            if meeting.status in (Meeting.Status.PLANNED, Meeting.Status.CANCELLED)
            else timezone.now()
        )
    )


class AttendanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Attendance

    meeting = factory.SubFactory(MeetingFactory)
    person = factory.SubFactory(PersonFactory)
    role = Attendance.Role.MEMBER


class AgendaItemFactory(factory.django.DjangoModelFactory):
    """An adjusted, public paragraph unless told otherwise."""

    class Meta:
        model = AgendaItem

    meeting = factory.SubFactory(MeetingFactory)
    position = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Ärende {n}")
    text = "Informationen noteras."
    state = AgendaItem.State.ADJUSTED
    adjusted_at = factory.LazyFunction(timezone.now)

    class Params:
        draft = factory.Trait(state=AgendaItem.State.DRAFT, adjusted_at=None)


def add_presenters(item: AgendaItem, *people: Person) -> None:
    """Name the presenters of a paragraph the test builds (see RecordPartFactory)."""
    with record._opened([item.pk]):
        item.presenters.add(*people)


class RecordPartFactory(factory.django.DjangoModelFactory):
    """A part of a paragraph: a point, a motion, a vote, a ballot, a reservation, a file.

    Tests build an adjusted paragraph part by part, where the portal adjusts a paragraph
    with all its parts at once; so the factory adds the part as one of the adjusted
    version, not as a correction (the models refuse any later change outside one).
    """

    class Meta:
        abstract = True

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        with record._opened([model_class(*args, **kwargs).record_item_id()]):
            return super()._create(model_class, *args, **kwargs)


class AttachmentFactory(RecordPartFactory):
    class Meta:
        model = Attachment

    agenda_item = factory.SubFactory(AgendaItemFactory)
    title = factory.Sequence(lambda n: f"Bilaga {n}")


class DecisionFactory(RecordPartFactory):
    class Meta:
        model = Decision

    agenda_item = factory.SubFactory(AgendaItemFactory)
    kind = Decision.Kind.DECISION


class ProposalPointFactory(RecordPartFactory):
    class Meta:
        model = ProposalPoint

    agenda_item = factory.SubFactory(AgendaItemFactory)
    position = factory.Sequence(lambda n: n + 1)
    text = "SVOM har tagit del av informationen."


class DecisionPointFactory(RecordPartFactory):
    class Meta:
        model = DecisionPoint

    agenda_item = factory.SubFactory(AgendaItemFactory)
    position = factory.Sequence(lambda n: n + 1)
    text = "SVOM har tagit del av informationen."


class MotionFactory(RecordPartFactory):
    class Meta:
        model = Motion

    agenda_item = factory.SubFactory(AgendaItemFactory)
    position = factory.Sequence(lambda n: n + 1)
    mover = factory.SubFactory(PersonFactory)
    text = "att en utredning genomförs"


class VoteFactory(RecordPartFactory):
    class Meta:
        model = Vote

    agenda_item = factory.SubFactory(AgendaItemFactory)
    position = factory.Sequence(lambda n: n + 1)
    yes_proposal = "Förslag till beslut"
    no_proposal = "Yrkandet om utredning"
    result = Vote.Result.YES


class BallotFactory(RecordPartFactory):
    class Meta:
        model = Ballot

    vote = factory.SubFactory(VoteFactory)
    person = factory.SubFactory(PersonFactory)
    choice = Ballot.Choice.YES


class ReservationFactory(RecordPartFactory):
    class Meta:
        model = Reservation

    agenda_item = factory.SubFactory(AgendaItemFactory)
    person = factory.SubFactory(PersonFactory)


class AssignmentFactory(RecordPartFactory):
    class Meta:
        model = Assignment

    agenda_item = factory.SubFactory(AgendaItemFactory)
    description = "Ta fram en gemensam handlingsplan"
    responsible = factory.SubFactory(PersonFactory)
    due_date = datetime.date(2030, 9, 1)


class AgreementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agreement

    short_name = factory.Sequence(lambda n: f"Avtal {n}")
    slug = factory.Sequence(lambda n: f"avtal-{n}")
    title = factory.Sequence(lambda n: f"Avtal om samverkan {n}")
    valid_from = datetime.date(2018, 1, 1)
    valid_until = datetime.date(2021, 12, 31)


class AgreementEventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgreementEvent

    agreement = factory.SubFactory(AgreementFactory)
    kind = AgreementEvent.Kind.EXTENDED
    date = datetime.date(2021, 6, 4)
    new_end_date = datetime.date(2022, 12, 31)


class AccessibilityReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "meetings.AccessibilityReport"

    page_url = "/moten/"
    description = factory.Sequence(lambda n: f"Knappen går inte att nå med tangentbordet ({n}).")
