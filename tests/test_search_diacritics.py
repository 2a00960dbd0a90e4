"""Search for words typed without å, ä and ö (issue 13: "hemsjukvard" found nothing).

A word typed without diacritics also finds the word with them: a phone or a foreign
keyboard may not have å, ä and ö. A word typed with them finds only the Swedish word as
written, and a hit as typed ranks above one found only without the diacritics. Snippets
and highlights show the protocol's own text. On both engines: PostgreSQL matches a second
stored tsvector built through `unaccent`, SQLite regular expressions whose letters stand
for their accented forms too.
"""

import pytest

from meetings.models import AgendaItem
from meetings.search import SearchTerms
from tests import factories

pytestmark = pytest.mark.django_db


def search(client, query: str, **params) -> list[AgendaItem]:
    return list(client.get("/sok/", {"q": query, **params}).context["object_list"])


def found(client, query: str) -> set[str]:
    return {item.title for item in search(client, query)}


def paragraph(title: str, text: str = "Informationen noteras.", **fields) -> AgendaItem:
    return factories.AgendaItemFactory(title=title, text=text, **fields)


def test_word_without_ring_finds_the_compound_with_it(client):
    paragraph("Hemsjukvårdsavtalet förlängs")
    assert found(client, "hemsjukvard") == {"Hemsjukvårdsavtalet förlängs"}


def test_word_without_ring_finds_it_in_the_text(client):
    paragraph("Primärvården", text="Ny vårdcentral i Bräcke öppnar i höst.")
    assert found(client, "vardcentral") == {"Primärvården"}


def test_word_without_umlaut_finds_it_in_a_decision_point(client):
    item = paragraph("Samverkan")
    factories.DecisionPointFactory(agenda_item=item, text="Överenskommelsen godkänns.")
    assert found(client, "overenskommelse") == {"Samverkan"}


def test_capitals_without_diacritics_find_capitals_with_them(client):
    paragraph("ÖVERENSKOMMELSE OM HEMSJUKVÅRD")
    assert found(client, "HEMSJUKVARD") == {"ÖVERENSKOMMELSE OM HEMSJUKVÅRD"}


def test_phrase_without_diacritics_finds_the_phrase(client):
    paragraph("Nära vård i länet")
    paragraph("Vård nära hemmet")
    assert found(client, '"nara vard"') == {"Nära vård i länet"}


def test_word_with_diacritics_does_not_find_the_word_without(client):
    """A word typed as Swedish is searched as written: väg (road) does not find vag."""
    paragraph("Väg 87 rustas")
    paragraph("Vag formulering i remissvaret")
    assert found(client, "väg") == {"Väg 87 rustas"}


def test_word_as_typed_ranks_above_the_word_found_without_diacritics(client):
    paragraph("Väg 87 rustas")
    paragraph("Vag formulering i remissvaret")
    titles = [item.title for item in search(client, "vag")]
    assert titles == ["Vag formulering i remissvaret", "Väg 87 rustas"]


def test_exact_swedish_ranking_is_unchanged_by_folding(client):
    paragraph("Hemsjukvård", text="Informationen noteras.")
    paragraph("Ärende", text="Hemsjukvårdsavtalet diskuterades.")
    assert [item.title for item in search(client, "hemsjukvård")] == ["Hemsjukvård", "Ärende"]


def test_hit_without_diacritics_is_highlighted_in_the_original_text(client):
    paragraph("Primärvården", text="Ny vårdcentral i Bräcke öppnar i höst.")
    page = client.get("/sok/", {"q": "vardcentral"}).content.decode()
    assert "<mark>vårdcentral</mark>" in page


def test_title_hit_without_diacritics_is_highlighted_as_written(client):
    paragraph("Hemsjukvårdsavtalet förlängs")
    page = client.get("/sok/", {"q": "hemsjukvard"}).content.decode()
    assert "<mark>Hemsjukvårdsavtalet</mark>" in page


def test_python_highlight_marks_the_accented_word():
    html = SearchTerms("vardcentral").highlight("Ny vårdcentral öppnar")
    assert html == "Ny <mark>vårdcentral</mark> öppnar"


def test_agreement_is_found_without_diacritics(client):
    factories.AgreementFactory(short_name="Hemsjukvårdsavtalet")
    assert client.get("/sok/", {"q": "hemsjukvardsavtalet"}).context["agreement_count"] == 1


def test_person_is_found_without_diacritics(client):
    factories.MembershipFactory(person__name="Åsa Östlund")
    people = client.get("/sok/", {"q": "asa ostlund"}).context["people"]
    assert [person.name for person in people] == ["Åsa Östlund"]


def test_meeting_list_free_text_matches_without_diacritics(client):
    item = paragraph("Hemsjukvårdsavtalet förlängs")
    meetings = client.get("/moten/", {"q": "hemsjukvard"}).context["object_list"]
    assert list(meetings) == [item.meeting]


def test_name_that_differs_only_in_diacritics_is_not_suggested(client):
    """The search already ignored the diacritics; suggesting the same word with them would
    send the visitor to the same empty page."""
    factories.BodyFactory(name="Vårdsamverkan")
    assert client.get("/sok/", {"q": "vardsamverkan"}).context["suggestion"] is None


def test_misspelt_word_without_diacritics_suggests_the_name_with_them(client):
    factories.BodyFactory(name="Vårdsamverkan Jämtland")
    response = client.get("/sok/", {"q": "vardsamverkn jamtland"})
    assert response.context["suggestion"] == "Vårdsamverkan Jämtland"


def test_cached_results_of_the_two_spellings_are_kept_apart(client, page_cache):
    """With and without diacritics are two searches with different hits: the cache of
    ranked results (search.cached_ids) must not give one the other's."""
    paragraph("Hemsjukvård i länet")
    paragraph("Hemsjukvard, felstavat i protokollet")
    assert len(search(client, "hemsjukvard")) == 2
    assert found(client, "hemsjukvård") == {"Hemsjukvård i länet"}


def test_decision_register_free_text_matches_without_diacritics(client):
    item = paragraph("Hemsjukvårdsavtalet förlängs")
    factories.DecisionFactory(agenda_item=item)
    factories.DecisionFactory(agenda_item=paragraph("Annat ärende"))
    decisions = client.get("/beslut/", {"q": "hemsjukvard"}).context["decision_list"]
    assert [decision.agenda_item for decision in decisions] == [item]
