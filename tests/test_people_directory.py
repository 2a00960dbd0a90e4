"""The people directory (/personer/): everyone the visitor may see, by organisation and party."""

import pytest
from django.urls import reverse

from meetings.models import Person
from tests import factories

pytestmark = pytest.mark.django_db

URL = "/personer/"


def public_person(name: str, organisation, party: str = "", **fields) -> Person:
    """A person made public by a membership (who sits in a body is public)."""
    person = factories.PersonFactory(name=name, organisation=organisation, party=party, **fields)
    factories.MembershipFactory(person=person)
    return person


def names(response) -> list[str]:
    return [person.name for person in response.context["people"]]


@pytest.fixture
def region():
    return factories.OrganisationFactory(name="Region Jämtland Härjedalen", short_name="RJH")


@pytest.fixture
def ostersund():
    return factories.OrganisationFactory(name="Östersunds kommun", short_name="ÖSD")


def test_directory_has_its_address():
    assert reverse("meetings:people") == URL


def test_directory_is_in_the_main_navigation(client):
    assert f'href="{URL}"' in client.get("/").content.decode()


def test_directory_is_the_current_page_in_the_navigation(client):
    assert f'href="{URL}" aria-current="page"' in client.get(URL).content.decode()


def test_directory_links_each_person_to_their_page(client, region):
    person = public_person("Tom Silverklo", region, "C")
    assert f'href="{person.get_absolute_url()}"' in client.get(URL).content.decode()


def test_directory_groups_people_by_organisation_then_party(client, region, ostersund):
    public_person("Östen Tjänsteman", ostersund, title="Socialchef")
    public_person("Anna Andersson", ostersund, "S")
    public_person("Tom Silverklo", region, "C")
    public_person("Lise Svensson", region, "M")
    public_person("Bo Berg", region, "C")
    public_person("Utan Organisation", None, "V")
    response = client.get(URL)
    assert names(response) == [
        "Bo Berg",
        "Tom Silverklo",
        "Lise Svensson",
        "Anna Andersson",
        "Östen Tjänsteman",
        "Utan Organisation",
    ]
    page = response.content.decode()
    headings = [page.index(text) for text in ("Region Jämtland Härjedalen", "Östersunds kommun")]
    assert headings == sorted(headings)
    assert page.index("Region Jämtland Härjedalen") < page.index("Bo Berg")
    assert "Socialchef" in page


def test_person_known_only_from_a_draft_is_not_listed(client, region):
    hidden = factories.PersonFactory(name="Hemlig Föredragande", organisation=region)
    factories.add_presenters(factories.AgendaItemFactory(draft=True), hidden)
    public_person("Tom Silverklo", region, "C")
    assert names(client.get(URL)) == ["Tom Silverklo"]


def test_member_sees_people_known_only_from_drafts(client, member, region):
    hidden = factories.PersonFactory(name="Hemlig Föredragande", organisation=region)
    factories.add_presenters(factories.AgendaItemFactory(draft=True), hidden)
    client.force_login(member)
    assert "Hemlig Föredragande" in names(client.get(URL))


def test_empty_directory_says_so(client):
    assert "Inga personer" in client.get(URL).content.decode()


def test_directory_query_count_does_not_grow_with_the_people(
    client, region, ostersund, django_assert_max_num_queries
):
    """One query for the people with their organisations, whatever their number: the
    visibility rule is EXISTS per person in that same query, and grouping is done in the
    template from the ordered rows (regroup), not by a query per organisation."""
    for number in range(30):
        public_person(
            f"Person {number:02}", (region, ostersund, None)[number % 3], "MCS"[number % 3]
        )
    with django_assert_max_num_queries(1):
        assert client.get(URL).status_code == 200
