"""What the importer writes beyond the paragraphs' text: votes, reservations, motion
outcomes, adjusters, the cover page's attendance, the notice's dates, and the warnings for
whatever cannot be stored. The protocols are the corpus's (tests/protocols/corpus/)."""

import datetime
from pathlib import Path

import pytest
from django.utils import timezone

from decisions.models import Ballot, Motion, Reservation, Vote
from meetings.models import AgendaItem, Attendance, Meeting, Person
from meetings.protocol_import import (
    ImportReport,
    ParsedVote,
    ProtocolImportError,
    import_protocol,
    parse_text,
)

pytestmark = pytest.mark.django_db

CORPUS = Path(__file__).parent / "protocols" / "corpus"
ROLL_CALL = CORPUS / "municipal_executive_board_with_roll_call_vote_table.txt"
CRISIS = CORPUS / "crisis_committee_with_immediately_adjusted_paragraphs.txt"
LOCAL_PARTY = CORPUS / "social_services_board_with_local_party_jav_and_expedieras.txt"


def import_corpus(path: Path, body, **options) -> ImportReport:
    parsed = parse_text(path.read_text(encoding="utf-8"), source=path.name)
    return import_protocol(parsed, body=body, **options)


def warnings_of(report: ImportReport) -> str:
    return "\n".join(str(warning) for warning in report.warnings)


@pytest.fixture
def roll_call(svom) -> Meeting:
    return import_corpus(ROLL_CALL, svom).meeting


def test_the_meeting_date_is_read_from_the_text_when_none_is_given(roll_call):
    assert roll_call.date == datetime.date(2020, 2, 11)


def test_a_date_given_that_contradicts_the_text_refuses_the_file(svom):
    with pytest.raises(ProtocolImportError, match="stämmer inte med protokollets datum"):
        import_corpus(ROLL_CALL, svom, date=datetime.date(2020, 2, 12))

    assert not Meeting.objects.exists()


def test_a_protocol_without_a_date_and_none_given_is_refused(svom):
    text = "§ 1 Mötets öppnande\n\nOrdföranden öppnar mötet.\n"
    with pytest.raises(ProtocolImportError, match="anger inget mötesdatum"):
        import_protocol(parse_text(text, source="utan-datum.txt"), body=svom)


def test_place_and_planned_adjustment_come_from_the_cover_page(roll_call):
    assert roll_call.place == "Kommunhuset, Hedesalen"
    assert roll_call.adjustment_planned_on == datetime.date(2020, 2, 18)


def test_the_case_number_is_stored_with_its_paragraph(roll_call):
    assert AgendaItem.objects.get(meeting=roll_call, number=13).case_number == "KS 2019/311"


def test_a_vote_is_stored_with_its_counts_and_each_members_ballot(roll_call):
    vote = Vote.objects.get(agenda_item__meeting=roll_call, agenda_item__number=13)

    assert (vote.yes_count, vote.no_count, vote.abstain_count) == (6, 4, 1)
    assert vote.result == Vote.Result.YES
    ballots = dict(vote.ballots.values_list("person__name", "choice"))
    assert len(ballots) == 11
    assert ballots["Maria Öst"] == Ballot.Choice.ABSTAIN
    assert ballots["Annika Rask"] == Ballot.Choice.NO


def test_a_vote_without_listed_ballots_is_tallied_from_its_counts(svom):
    item = AgendaItem.objects.create(
        meeting=Meeting.objects.create(body=svom, date=datetime.date(2022, 1, 1)),
        position=1,
        title="Budget",
    )
    vote = Vote.objects.create(
        agenda_item=item,
        yes_proposal="Bifall",
        no_proposal="Avslag",
        result=Vote.Result.YES,
        yes_count=9,
        no_count=3,
        abstain_count=1,
    )

    assert vote.tally() == {"yes": 9, "no": 3, "abstain": 1}


def test_every_member_who_reserves_against_the_decision_is_stored(roll_call):
    reserved = Reservation.objects.filter(agenda_item__meeting=roll_call, agenda_item__number=13)

    assert {r.person.name for r in reserved} == {"Annika Rask", "Elin Stark"}


def test_motions_are_stored_with_the_outcome_the_text_gives(roll_call):
    outcomes = dict(
        Motion.objects.filter(agenda_item__number=13).values_list("mover__name", "outcome")
    )

    assert outcomes == {
        "Jonas Borg": Motion.Outcome.ADOPTED,
        "Annika Rask": Motion.Outcome.REJECTED,
    }


def test_the_adjusters_named_in_the_text_are_the_meetings_adjusters(roll_call):
    assert {p.name for p in roll_call.adjusters.all()} == {"Anders Lilja", "Maria Öst"}


def test_the_cover_pages_attendance_is_stored_with_each_persons_role(roll_call):
    roles = {(a.person.name, a.role) for a in roll_call.attendances.select_related("person")}

    assert ("Jonas Borg", Attendance.Role.CHAIR) in roles
    assert ("Jonas Borg", Attendance.Role.MEMBER) not in roles
    assert ("Kent Ahlin", Attendance.Role.MEMBER) in roles
    assert ("Bo Ling", Attendance.Role.SUBSTITUTE) in roles
    assert ("Ulla Sten", Attendance.Role.OFFICIAL) in roles
    assert ("Johanna Kvist", Attendance.Role.SECRETARY) in roles


def test_a_serving_substitute_is_stored_with_the_member_she_stands_in_for(roll_call):
    stark = roll_call.attendances.get(person__name="Elin Stark")

    assert stark.role == Attendance.Role.SUBSTITUTE
    assert "Rolf Hed" in stark.substitute_for


def test_the_parties_of_the_attendance_list_are_stored_on_new_people(roll_call):
    assert Person.objects.get(name="Maria Öst").party == "SD"


def test_the_text_alone_never_adjusts_or_publishes(roll_call):
    assert not roll_call.is_adjusted
    assert roll_call.posted_on is None
    assert not roll_call.agenda_items.filter(state=AgendaItem.State.ADJUSTED).exists()


def test_a_protocol_whose_notice_says_it_is_adjusted_is_imported_as_a_draft_with_a_warning(svom):
    report = import_corpus(ROLL_CALL, svom)

    assert "importeras som ojusterat utkast" in warnings_of(report)


def test_when_adjusted_is_chosen_the_notices_dates_are_the_adjustment_and_posting(svom):
    meeting = import_corpus(ROLL_CALL, svom, adjusted=True).meeting

    assert timezone.localdate(meeting.adjusted_at) == datetime.date(2020, 2, 18)
    assert meeting.posted_on == datetime.date(2020, 2, 19)
    assert not meeting.agenda_items.filter(state=AgendaItem.State.DRAFT).exists()


def test_paragraphs_adjusted_at_the_meeting_are_marked_so_when_adjusted_is_chosen(svom):
    meeting = import_corpus(CRISIS, svom, adjusted=True).meeting

    immediately = meeting.agenda_items.filter(adjusted_immediately=True)
    assert immediately.count() == 2


def test_paragraphs_adjusted_at_the_meeting_stay_drafts_without_the_choice(svom):
    report = import_corpus(CRISIS, svom)

    assert not report.meeting.agenda_items.filter(adjusted_immediately=True).exists()
    assert "justerades omedelbart" in warnings_of(report)


def test_a_local_partys_letters_after_a_members_name_are_her_party(svom):
    report = import_corpus(LOCAL_PARTY, svom)

    assert "TUP" in set(Person.objects.values_list("party", flat=True))
    assert "varken ett parti" not in warnings_of(report)


VOTE_WITHOUT_RESULT = """\
Protokoll, Socialnämnden 2022-02-04

§ 1 Budget

Votering genomförs.

Beslut
Nämnden antar budgeten.
"""


def test_a_vote_whose_result_cannot_be_read_is_a_warning_naming_its_line(svom):
    parsed = parse_text(VOTE_WITHOUT_RESULT, source="votering.txt")
    parsed.items[0].votes.append(ParsedVote(5, yes=3, no=3))  # a tie, and no casting vote

    report = import_protocol(parsed, body=svom, date=datetime.date(2022, 2, 4))

    assert not Vote.objects.exists()
    assert "rad 5: Voteringen sparas inte" in warnings_of(report)


def test_an_imported_draft_is_not_readable_by_the_public(client, roll_call):
    response = client.get(roll_call.get_absolute_url())

    assert "Försäljning av fastigheten" not in response.content.decode()


def test_the_paragraph_page_shows_the_case_number_and_the_votes_counts(client, svom):
    meeting = import_corpus(ROLL_CALL, svom, adjusted=True).meeting
    item = meeting.agenda_items.get(number=13)

    page = client.get(item.get_absolute_url()).content.decode()

    assert "KS 2019/311" in page
    assert "6 ja, 4 nej" in page
    assert "1 avstod" in page


def test_the_preview_names_the_adjusters_and_the_attendance(svom):
    lines = "\n".join(import_corpus(ROLL_CALL, svom, dry_run=True).lines())

    assert "Justerare: Anders Lilja, Maria Öst" in lines
    assert "Ersättare: Elin Stark, Patrik Nord, Bo Ling, Cecilia Frost" in lines


def test_the_preview_shows_case_numbers_outcomes_votes_and_reservations(svom):
    lines = "\n".join(import_corpus(ROLL_CALL, svom, dry_run=True).lines())

    assert "§ 13 Försäljning av fastigheten Hedeby 4:12 (Dnr KS 2019/311)" in lines
    assert "Yrkande av Annika Rask: avslag till arbetsutskottets förslag (avslaget)" in lines
    assert "Votering: 6 ja, 4 nej, 1 avstår (ja-förslaget vann)" in lines
    assert "Reservation: Annika Rask, Elin Stark" in lines


def test_a_protocol_adjusted_on_its_afternoon_meetings_day_is_adjusted_after_the_meeting(svom):
    text = ROLL_CALL.read_text(encoding="utf-8")
    text = text.replace("08:30 - 18:15", "13:00 - 15:00").replace("2020-02-18", "2020-02-11")
    meeting = import_protocol(parse_text(text, source="same-day.txt"), body=svom, adjusted=True)
    adjusted_at = timezone.localtime(meeting.meeting.adjusted_at)
    assert adjusted_at.date() == datetime.date(2020, 2, 11)
    assert adjusted_at.time() >= datetime.time(15, 0)


def test_an_adjustment_the_portal_refuses_is_an_import_error_not_a_crash(svom, monkeypatch):
    from django.core.exceptions import ValidationError

    from meetings import services

    def refuse(*args, **kwargs):
        raise ValidationError("Justeringen kan inte registreras.")

    monkeypatch.setattr(services, "record_adjustment", refuse)
    with pytest.raises(ProtocolImportError, match="Justeringen kan inte registreras"):
        import_corpus(ROLL_CALL, svom, adjusted=True)
    assert not Meeting.objects.exists()
