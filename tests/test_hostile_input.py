"""Hostile parameters answer 400 or 404, never 500: NUL bytes, overflowing numbers, bad IDs."""

import pytest
from django.test import Client

from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def client():
    return Client(raise_request_exception=False)


@pytest.fixture
def staff(client, admin_login, secretary):
    admin_login(secretary)
    return client


@pytest.mark.parametrize(
    "url",
    [
        "/moten/?q=%00",
        "/moten/?body=%00",
        "/sok/?q=avtal%00",
        "/beslut/?topic=a%00b",
        "/flode/paragrafer/?x=%00",
    ],
)
def test_nul_byte_in_a_public_parameter_is_a_bad_request(client, url):
    assert client.get(url).status_code == 400


def test_nul_byte_in_a_form_is_a_bad_request(client):
    response = client.post("/tillganglighet/", {"message": "a\x00b"})
    assert response.status_code == 400


@pytest.mark.parametrize(
    "url",
    [
        "/bilagor/99999999999999999999/",
        "/moten/svom/99999999999/paragraf/99999999999999999999/",
        "/moten/svom/2021-12-03/punkt/99999999999999999999/",
        "/moten/svom/2021-13-45/",
        "/moten/svom/99999-01-01/",
    ],
)
def test_malformed_or_overflowing_id_in_a_public_address_is_not_found(client, url):
    factories.BodyFactory(slug="svom")
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("url", ["/moten/?year=99999999999", "/beslut/?year=-99999999999999"])
def test_overflowing_number_in_a_public_filter_is_a_form_error(client, url):
    assert client.get(url).status_code == 200


def test_nul_byte_in_an_admin_filter_is_a_bad_request(staff):
    assert staff.get("/admin/meetings/agendaitem/?state=%00").status_code == 400


def test_overflowing_year_in_the_admin_date_filter_is_not_an_error(staff):
    response = staff.get("/admin/meetings/meeting/?date__year=99999999999")
    assert response.status_code in (200, 302, 400)


def test_malformed_history_version_in_the_admin_is_not_found(staff):
    item = factories.AgendaItemFactory()
    response = staff.get(f"/admin/meetings/agendaitem/{item.pk}/history/abc/")
    assert response.status_code == 404


def test_malformed_object_id_in_the_admin_is_not_an_error(staff):
    response = staff.get("/admin/meetings/agendaitem/99999999999999999999/change/")
    assert response.status_code in (302, 404)


def test_nul_byte_in_the_admin_autocomplete_is_a_bad_request(staff):
    response = staff.get(
        "/admin/autocomplete/",
        {
            "term": "an\x00na",
            "app_label": "meetings",
            "model_name": "meeting",
            "field_name": "chair",
        },
    )
    assert response.status_code == 400
