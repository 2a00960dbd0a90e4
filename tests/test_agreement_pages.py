"""The agreement pages (/avtal/ and /avtal/<slug>/): derived dates, state and the timeline."""

import datetime

import pytest
from django.urls import reverse

from agreements.models import AgreementEvent
from tests import factories

pytestmark = pytest.mark.django_db

AGREEMENTS = reverse("agreements:list")
HEMSJUKVARDSAVTALET = reverse("agreements:detail", kwargs={"slug": "hemsjukvardsavtalet"})
MARKER = "Hemligt-utkast-7f3a"


@pytest.fixture
def draft_extension():
    """An agreement extended by the decision of a draft paragraph that carries the marker."""
    item = factories.AgendaItemFactory(draft=True, title=f"Rubrik {MARKER}")
    factories.DecisionPointFactory(agenda_item=item, text=f"SVOM beslutar {MARKER}.")
    event = factories.AgreementEventFactory(
        agreement__slug="forlangt-avtal",
        decision=factories.DecisionFactory(agenda_item=item),
        note="Förlängt i avvaktan på en ny plan.",
    )
    return event


def test_agreement_list_answers_with_demo_data(client, demo):
    assert client.get(AGREEMENTS).status_code == 200


def test_agreement_list_shows_hemsjukvardsavtalet_with_its_extended_end_date(client, demo):
    content = client.get(AGREEMENTS).content.decode()
    assert "Hemsjukvårdsavtalet" in content
    assert "31 december 2022" in content


def test_agreement_list_shows_the_planned_replacement(client, demo):
    content = client.get(AGREEMENTS).content.decode()
    assert 'href="/avtal/gemensam-plan/"' in content


def test_agreement_page_answers_with_demo_data(client, demo):
    assert client.get(HEMSJUKVARDSAVTALET).status_code == 200


def test_agreement_page_shows_the_end_date_derived_from_the_extension(client, demo):
    content = client.get(HEMSJUKVARDSAVTALET).content.decode()
    assert "31 december 2022" in content
    assert "31 december 2021" in content  # the original end date, for comparison


def test_agreement_page_shows_the_extension_with_its_decision(client, demo):
    content = client.get(HEMSJUKVARDSAVTALET).content.decode()
    assert '<ol class="timeline">' in content
    assert "Förlängt" in content
    assert "4 juni 2021" in content
    assert "SVOM 2021-06-04 punkt 1" in content
    assert 'href="/moten/svom/2021-06-04/punkt/1/"' in content


def test_agreement_page_shows_the_planned_replacement_by_the_gemensam_plan(client, demo):
    content = client.get(HEMSJUKVARDSAVTALET).content.decode()
    assert "Ersätts av" in content
    assert 'href="/avtal/gemensam-plan/"' in content
    assert "Gemensam plan för hälso- och sjukvård på den gemensamma vårdnivån" in content
    assert "planerad" in content


def test_replacement_names_the_agreement_it_replaces(client, demo):
    content = client.get(reverse("agreements:detail", args=["gemensam-plan"])).content.decode()
    assert "Ersätter" in content
    assert 'href="/avtal/hemsjukvardsavtalet/"' in content


def test_unknown_agreement_is_not_found(client):
    assert client.get(reverse("agreements:detail", args=["finns-inte"])).status_code == 404


def test_agreement_url_is_its_slug(client):
    agreement = factories.AgreementFactory(slug="hemsjukvardsavtalet")
    assert agreement.get_absolute_url() == "/avtal/hemsjukvardsavtalet/"


def test_expired_agreement_is_marked_in_words(client):
    factories.AgreementFactory(valid_until=datetime.date(2021, 12, 31))
    assert '<span class="badge badge--warn">Har löpt ut</span>' in (
        client.get(AGREEMENTS).content.decode()
    )


def test_expiring_agreement_is_marked_in_words(client):
    soon = datetime.date.today() + datetime.timedelta(days=30)
    agreement = factories.AgreementFactory(valid_until=soon)
    content = client.get(agreement.get_absolute_url()).content.decode()
    assert '<span class="badge badge--warn">Löper snart ut</span>' in content


def test_event_of_a_draft_decision_is_shown_without_the_decision_to_the_public(
    client, draft_extension
):
    content = client.get(draft_extension.agreement.get_absolute_url()).content.decode()
    assert "Förlängt i avvaktan på en ny plan." in content
    assert "31 december 2022" in content
    assert MARKER not in content
    assert draft_extension.decision.agenda_item.get_absolute_url() not in content


def test_member_sees_the_draft_decision_in_the_timeline(client, member, draft_extension):
    client.force_login(member)
    content = client.get(draft_extension.agreement.get_absolute_url()).content.decode()
    assert f"Rubrik {MARKER}" in content
    assert f'href="{draft_extension.decision.agenda_item.get_absolute_url()}"' in content
    assert "Ojusterat utkast" in content


def test_event_of_a_confidential_decision_is_shown_without_the_decision_to_the_public(client):
    item = factories.AgendaItemFactory(confidential=True, title=f"Rubrik {MARKER}")
    event = factories.AgreementEventFactory(decision=factories.DecisionFactory(agenda_item=item))
    content = client.get(event.agreement.get_absolute_url()).content.decode()
    assert "Förlängt" in content
    assert MARKER not in content


def test_agreement_list_query_count_does_not_grow_with_the_data(
    client, django_assert_max_num_queries
):
    """Two queries, however many agreements: the agreements with their derived dates
    (subqueries in the same statement) and successor joined, and their parties prefetched.
    """
    parties = factories.OrganisationFactory.create_batch(3)
    for _ in range(10):
        agreement = factories.AgreementFactory(replaced_by=factories.AgreementFactory())
        agreement.parties.set(parties)
        factories.AgreementEventFactory(agreement=agreement)
    with django_assert_max_num_queries(2):
        response = client.get(AGREEMENTS)
    assert len(response.context["agreement_list"]) == 20


def test_agreement_page_query_count_does_not_grow_with_the_data(
    client, django_assert_max_num_queries
):
    """Five queries, however many events and parties: the agreement with its derived dates
    and successor, its parties, the agreements it replaces, its events, and the decisions
    of those events that the visitor may read, with paragraph, meeting and body joined.
    """
    agreement = factories.AgreementFactory(valid_until=datetime.date(2030, 12, 31))
    agreement.parties.set(factories.OrganisationFactory.create_batch(5))
    factories.AgreementFactory.create_batch(3, replaced_by=agreement)
    for number in range(8):
        factories.AgreementEventFactory(
            agreement=agreement,
            kind=AgreementEvent.Kind.AMENDED,
            new_end_date=None,
            date=datetime.date(2021, 1, 1) + datetime.timedelta(days=number),
            decision=factories.DecisionFactory(agenda_item__draft=number % 2 == 0),
        )
    with django_assert_max_num_queries(5):
        response = client.get(agreement.get_absolute_url())
    assert len(response.context["agreement"].events.all()) == 8
