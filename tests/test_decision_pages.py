"""The decision register (/beslut/) and the balanslista (/beslut/balanslista/)."""

import datetime

import pytest
from django.urls import reverse

from decisions.models import Assignment, Decision
from tests import factories

pytestmark = pytest.mark.django_db

OVERDUE_BADGE = '<span class="badge badge--warn">Försenad</span>'
REGISTER = reverse("decisions:list")
BALANSLISTA = reverse("decisions:assignments")
MARKER = "Hemligt-utkast-7f3a"


@pytest.fixture
def draft_decision():
    """A decision of a draft paragraph, with the marker in its title, points and assignment."""
    topic = factories.TopicFactory(name=f"Område {MARKER}", slug="hemligt-omrade")
    item = factories.AgendaItemFactory(draft=True, title=f"Rubrik {MARKER}")
    item.topics.add(topic)
    factories.DecisionPointFactory(agenda_item=item, text=f"SVOM beslutar {MARKER}.")
    factories.AssignmentFactory(agenda_item=item, description=f"Uppdrag {MARKER}")
    return factories.DecisionFactory(agenda_item=item)


def decide(
    title: str,
    point: str = "SVOM har tagit del av informationen.",
    kind: str = Decision.Kind.DECISION,
    **item_fields,
) -> Decision:
    """An adjusted, public paragraph with a decision of one point."""
    item = factories.AgendaItemFactory(title=title, **item_fields)
    factories.DecisionPointFactory(agenda_item=item, position=1, text=point)
    return factories.DecisionFactory(agenda_item=item, kind=kind)


def titles(response) -> list[str]:
    return [decision.agenda_item.title for decision in response.context["decision_list"]]


def test_register_answers_with_demo_data(client, demo):
    assert client.get(REGISTER).status_code == 200


def test_register_shows_the_decision_points_of_the_2021_06_04_paragraph(client, demo):
    content = client.get(REGISTER).content.decode()
    assert "SVOM 2021-06-04 punkt 1" in content
    assert "4 juni 2021" in content
    assert "SVOM har tagit del av informationen." in content
    assert "till och med den 31 december 2022" in content
    assert "kan upphävas i förtid och ersättas med Gemensam plan" in content


def test_register_links_each_decision_to_its_paragraph(client, demo):
    content = client.get(REGISTER).content.decode()
    assert 'href="/moten/svom/2021-06-04/punkt/1/"' in content


def test_register_hides_the_demo_draft_decision_from_the_public(client, demo):
    response = client.get(REGISTER)
    assert response.context["paginator"].count == 2  # June 2021 and the demo's recent one
    assert "fysiskt möte den 3 juni 2022" not in response.content.decode()


def test_register_lists_newest_meeting_first(client):
    decide("Äldst", meeting=factories.MeetingFactory(date=datetime.date(2020, 11, 6)))
    decide("Nyast", meeting=factories.MeetingFactory(date=datetime.date(2022, 2, 25)))
    decide("Mitten", meeting=factories.MeetingFactory(date=datetime.date(2021, 6, 4)))
    assert titles(client.get(REGISTER)) == ["Nyast", "Mitten", "Äldst"]


def test_register_is_paginated_by_twenty(client):
    for number in range(21):
        decide(f"Ärende {number}")
    assert len(titles(client.get(REGISTER))) == 20
    assert len(titles(client.get(REGISTER, {"page": 2}))) == 1


def test_filter_by_kind_narrows_the_register(client):
    decide("Rekommendationen", kind=Decision.Kind.RECOMMENDATION)
    decide("Beslutet")
    assert titles(client.get(REGISTER, {"kind": "recommendation"})) == ["Rekommendationen"]


def test_filter_by_year_narrows_the_register(client):
    decide("År 2020", meeting=factories.MeetingFactory(date=datetime.date(2020, 11, 6)))
    decide("År 2021", meeting=factories.MeetingFactory(date=datetime.date(2021, 6, 4)))
    assert titles(client.get(REGISTER, {"year": "2021"})) == ["År 2021"]


def test_filter_by_body_narrows_the_register(client):
    svom = factories.BodyFactory(short_name="SVOM", slug="svom")
    decide("I SVOM", meeting=factories.MeetingFactory(body=svom))
    decide("I arbetsgruppen")
    assert titles(client.get(REGISTER, {"body": "svom"})) == ["I SVOM"]


def test_filter_by_topic_narrows_the_register(client):
    topic = factories.TopicFactory(slug="hemsjukvard")
    decide("Om hemsjukvård").agenda_item.topics.add(topic)
    decide("Om annat")
    assert titles(client.get(REGISTER, {"topic": "hemsjukvard"})) == ["Om hemsjukvård"]


def test_filter_by_organisation_finds_presenters_organisation(client):
    region = factories.OrganisationFactory(slug="rjh")
    factories.add_presenters(
        decide("Föredraget av regionen").agenda_item, factories.PersonFactory(organisation=region)
    )
    factories.add_presenters(
        decide("Föredraget av en kommun").agenda_item, factories.PersonFactory()
    )
    assert titles(client.get(REGISTER, {"organisation": "rjh"})) == ["Föredraget av regionen"]


def test_filter_by_organisation_finds_organisation_responsible_for_an_assignment(client):
    region = factories.OrganisationFactory(slug="rjh")
    decision = decide("Uppdrag till regionen")
    factories.AssignmentFactory(agenda_item=decision.agenda_item, responsible_organisation=region)
    decide("Utan uppdrag")
    assert titles(client.get(REGISTER, {"organisation": "rjh"})) == ["Uppdrag till regionen"]


@pytest.mark.parametrize(
    ("where", "fields"),
    [
        ("title", {"title": "Hemsjukvårdsavtalet förlängs"}),
        ("text", {"title": "Ärende", "text": "Diskussion om hemsjukvårdsavtalet."}),
    ],
)
def test_free_text_searches_title_and_minutes(client, where, fields):
    decide(**fields)
    decide("Annat ärende")
    assert len(titles(client.get(REGISTER, {"q": "hemsjukvårdsavtalet"}))) == 1


def test_free_text_searches_decision_points(client):
    decide("Med förlängning", point="Avtalet förlängs till och med den 31 december 2022.")
    decide("Utan ändring")
    assert titles(client.get(REGISTER, {"q": "förlängs"})) == ["Med förlängning"]


def test_free_text_reads_the_query_as_the_search_page_does(client):
    """The same parser as /sok/: Swedish stems, "phrases" and -exclusions."""
    decide("Hemsjukvården förlängs", point="Avtalet gäller vidare.")
    decide("Hemsjukvården upphör", point="Avtalet sägs upp.")
    assert titles(client.get(REGISTER, {"q": "hemsjukvård -upphör"})) == ["Hemsjukvården förlängs"]


def test_free_text_searches_proposal_points(client):
    decision = decide("Med förslag")
    factories.ProposalPointFactory(agenda_item=decision.agenda_item, text="Remissen besvaras.")
    decide("Utan förslag")
    assert titles(client.get(REGISTER, {"q": "remissen"})) == ["Med förslag"]


def test_free_text_lists_a_decision_once_when_several_points_match(client):
    decision = decide("Två träffar", point="Nutrition i hemsjukvården.")
    factories.DecisionPointFactory(agenda_item=decision.agenda_item, text="Mer om nutrition.")
    assert titles(client.get(REGISTER, {"q": "nutrition"})) == ["Två träffar"]


def test_filters_combine(client):
    topic = factories.TopicFactory(slug="hemsjukvard")
    for year in (2020, 2021):
        meeting = factories.MeetingFactory(date=datetime.date(year, 6, 4))
        decide(f"Hemsjukvård {year}", meeting=meeting).agenda_item.topics.add(topic)
        decide(f"Annat {year}", meeting=meeting)
    response = client.get(REGISTER, {"topic": "hemsjukvard", "year": "2021"})
    assert titles(response) == ["Hemsjukvård 2021"]


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"year": "abc"}, "year"),
        ({"year": "99999999999999999999999"}, "year"),
        ({"kind": "nonsense"}, "kind"),
        ({"body": "finns-inte"}, "body"),
        ({"q": "x" * 201}, "q"),
    ],
)
def test_invalid_filter_input_shows_the_form_with_an_error(client, query, field):
    decide("Ett beslut")
    response = client.get(REGISTER, query)
    assert response.status_code == 200
    assert field in response.context["filter"].form.errors
    assert "Rätta de markerade filtren" in response.content.decode()


def test_invalid_year_gets_a_swedish_error_message(client):
    page = client.get(REGISTER, {"year": "abc"}).content.decode()
    assert "Välj ett giltigt alternativ" in page


def test_active_filter_links_to_the_register_without_that_filter(client):
    decide(
        "Ett beslut",
        kind=Decision.Kind.RECOMMENDATION,
        meeting=factories.MeetingFactory(date=datetime.date(2021, 6, 4)),
    )
    response = client.get(REGISTER, {"year": "2021", "kind": "recommendation", "page": "1"})
    active = {
        entry["value"]: entry["query"] for entry in response.context["filter"].active_filters()
    }
    assert active == {"2021": "kind=recommendation", "Rekommendation": "year=2021"}


def test_draft_decision_never_appears_in_the_register_for_the_public(client, draft_decision):
    decide("Justerat beslut")
    for query in ({}, {"q": MARKER}, {"topic": "hemligt-omrade"}):
        content = client.get(REGISTER, query).content.decode()
        assert f"Rubrik {MARKER}" not in content
        assert f"beslutar {MARKER}" not in content
        assert f"Område {MARKER}" not in content
    assert client.get(REGISTER).context["paginator"].count == 1


def test_topic_known_only_from_a_draft_is_not_offered_to_the_public(client, draft_decision):
    decide("Justerat beslut")
    form = client.get(REGISTER).context["filter"].form
    assert not form.fields["topic"].queryset.filter(slug="hemligt-omrade").exists()


def test_confidential_decision_never_appears_in_the_register_for_the_public(client):
    decide(f"Rubrik {MARKER}", confidential=True)
    assert MARKER not in client.get(REGISTER).content.decode()


def test_member_sees_the_draft_decision_marked_as_draft(client, member, draft_decision):
    client.force_login(member)
    content = client.get(REGISTER, {"q": MARKER}).content.decode()
    assert f"Rubrik {MARKER}" in content
    assert f"SVOM beslutar {MARKER}." in content
    assert "Ojusterat utkast" in content


def test_register_query_count_does_not_grow_with_the_data(client, django_assert_max_num_queries):
    """Seven queries, however many decisions: the count for the paginator, the page of
    decisions with paragraph, meeting and body joined, their decision points (one
    prefetch), and the four filter choices (bodies, years, topics, organisations) that have
    visible decisions. The anonymous visitor has no session, so no session or user query.
    """
    topic = factories.TopicFactory()
    for number in range(25):
        decision = decide(f"Ärende {number}")
        decision.agenda_item.topics.add(topic)
        factories.add_presenters(decision.agenda_item, factories.PersonFactory())
        factories.DecisionPointFactory(agenda_item=decision.agenda_item, position=2)
    with django_assert_max_num_queries(7):
        response = client.get(REGISTER)
    assert len(response.context["decision_list"]) == 20


def test_filtered_register_query_count_does_not_grow_with_the_data(
    client, django_assert_max_num_queries
):
    """Eight queries: the seven of the plain register and one to look up the chosen topic
    by its slug when the form is validated; a filter is a condition, not extra queries.
    """
    topic = factories.TopicFactory(slug="hemsjukvard")
    for number in range(25):
        decide(f"Ärende {number}").agenda_item.topics.add(topic)
    with django_assert_max_num_queries(8):
        response = client.get(REGISTER, {"topic": "hemsjukvard", "kind": "decision", "q": "ärende"})
    assert len(response.context["decision_list"]) == 20


# The balanslista


def test_balanslista_answers_with_demo_data(client, demo):
    assert client.get(BALANSLISTA).status_code == 200


def test_balanslista_lists_open_assignments_with_responsible_and_paragraph(client):
    item = factories.AgendaItemFactory(title="Handlingsplan för nutrition")
    factories.AssignmentFactory(
        agenda_item=item,
        description="Ta fram en handlingsplan",
        responsible=factories.PersonFactory(name="Anna Andersson"),
        responsible_organisation=factories.OrganisationFactory(name="Region Jämtland Härjedalen"),
        due_date=datetime.date(2030, 9, 1),
    )
    content = client.get(BALANSLISTA).content.decode()
    assert "Ta fram en handlingsplan" in content
    assert "Anna Andersson" in content
    assert "Region Jämtland Härjedalen" in content
    assert "1 september 2030" in content
    assert f'href="{item.get_absolute_url()}"' in content


def test_balanslista_leaves_out_done_and_cancelled_assignments(client):
    factories.AssignmentFactory(
        description="Pågående uppdrag", status=Assignment.Status.IN_PROGRESS
    )
    factories.AssignmentFactory(
        description="Klart uppdrag",
        status=Assignment.Status.DONE,
        completed_on=datetime.date(2030, 1, 1),
    )
    factories.AssignmentFactory(description="Avskrivet uppdrag", status=Assignment.Status.CANCELLED)
    content = client.get(BALANSLISTA).content.decode()
    assert "Pågående uppdrag" in content
    assert "Klart uppdrag" not in content
    assert "Avskrivet uppdrag" not in content


def test_overdue_assignment_is_marked_in_words(client):
    factories.AssignmentFactory(due_date=datetime.date(2021, 9, 1))
    assert OVERDUE_BADGE in client.get(BALANSLISTA).content.decode()


def test_assignment_due_in_the_future_is_not_marked_overdue(client):
    factories.AssignmentFactory(due_date=datetime.date(2099, 9, 1))
    assert OVERDUE_BADGE not in client.get(BALANSLISTA).content.decode()


def test_draft_decision_assignment_never_appears_in_the_balanslista_for_the_public(
    client, draft_decision
):
    assert MARKER not in client.get(BALANSLISTA).content.decode()


def test_member_sees_the_draft_decision_assignment_in_the_balanslista(
    client, member, draft_decision
):
    client.force_login(member)
    assert f"Uppdrag {MARKER}" in client.get(BALANSLISTA).content.decode()


def test_balanslista_query_count_does_not_grow_with_the_data(client, django_assert_max_num_queries):
    """Two queries, however many assignments: the paginator's count and the page of
    assignments with responsible person, organisation, paragraph, meeting and body joined.
    """
    for _ in range(30):
        factories.AssignmentFactory(responsible_organisation=factories.OrganisationFactory())
    with django_assert_max_num_queries(2):
        response = client.get(BALANSLISTA)
    assert len(response.context["assignment_list"]) == 30


def test_free_text_stops_at_the_search_page_word_limit(client):
    """Twelve words, as on /sok/: a thirteenth word is not searched (nor a subquery)."""
    words = [f"ord{letter}" for letter in "abcdefghijkl"]
    decide("Tolv ord", point=" ".join(words))
    response = client.get(REGISTER, {"q": " ".join([*words, "saknas"])})
    assert titles(response) == ["Tolv ord"]


def test_register_counts_no_further_than_its_cap(client, monkeypatch):
    from svom.pagination import CappedPaginator

    monkeypatch.setattr(CappedPaginator, "cap", 2)
    for _ in range(4):
        factories.DecisionFactory()
    page = client.get("/beslut/").content.decode()
    assert "fler än 2 beslut" in page
