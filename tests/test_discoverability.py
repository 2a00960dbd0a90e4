"""Search engines find every public page and nothing else: sitemap.xml, robots.txt, the
canonical address of each page and the Open Graph description of a shared link."""

import re
from urllib.parse import urlsplit

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.html import escape

from agreements.models import Agreement
from meetings.models import AgendaItem, Body, Meeting, Person
from tests import factories
from tests.test_leaks import MARKERS, hidden_paragraphs  # noqa: F401

pytestmark = pytest.mark.django_db

SECTIONS = ["sidor", "moten", "paragrafer", "personer", "organ", "avtal"]


def locations(xml: str) -> list[str]:
    return re.findall(r"<loc>([^<]+)</loc>", xml)


def sitemap_urls(client) -> list[str]:
    """Every address in every sitemap the index lists."""
    urls = []
    for section in locations(client.get("/sitemap.xml").content.decode()):
        urls += locations(client.get(urlsplit(section).path).content.decode())
    return urls


def sitemap_paths(client) -> set[str]:
    return {urlsplit(url).path for url in sitemap_urls(client)}


def head(page) -> str:
    return page.content.decode().split("</head>")[0]


def meta(page, prop: str) -> str:
    found = re.search(rf'<meta property="{prop}" content="([^"]*)"', head(page))
    assert found, prop
    return found.group(1)


def canonical(page) -> str:
    return re.search(r'<link rel="canonical" href="([^"]*)"', head(page)).group(1)


# --- robots.txt -------------------------------------------------------------------------


def test_robots_txt_allows_everything_else(client):
    body = client.get("/robots.txt").content.decode()
    assert "User-agent: *\nAllow: /\n" in body


@pytest.mark.parametrize("path", ["/admin/", "/logga-in/", "/sok/", "/en/sok/", "/*?q="])
def test_robots_txt_closes_the_admin_the_login_and_searches(client, path):
    assert f"Disallow: {path}\n" in client.get("/robots.txt").content.decode()


def test_robots_txt_names_the_sitemap_by_its_absolute_address(client):
    body = client.get("/robots.txt").content.decode()
    assert "Sitemap: http://testserver/sitemap.xml" in body.splitlines()


def test_robots_txt_is_cacheable_plain_text(client):
    response = client.get("/robots.txt")
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert "public" in response["Cache-Control"]


# --- sitemap.xml ------------------------------------------------------------------------


def test_sitemap_index_lists_each_section_by_its_absolute_address(client, demo):
    sections = locations(client.get("/sitemap.xml").content.decode())
    assert sections == [f"http://testserver/sitemap-{section}.xml" for section in SECTIONS]


def test_every_sitemap_address_is_absolute(client, demo):
    urls = sitemap_urls(client)
    assert urls
    assert all(url.startswith("http://testserver/") for url in urls)


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/moten/",
        "/personer/",
        "/beslut/",
        "/beslut/balanslista/",
        "/avtal/",
        "/anslagstavla/",
        "/tillganglighet/",
    ],
)
def test_sitemap_lists_the_fixed_pages(client, demo, path):
    assert path in sitemap_paths(client)


def test_sitemap_lists_every_meeting(client, demo):
    expected = {meeting.get_absolute_url() for meeting in Meeting.objects.all()}
    assert expected <= sitemap_paths(client)


def test_sitemap_lists_every_public_paragraph(client, demo):
    public = AgendaItem.objects.visible_to(AnonymousUser())
    assert public.exists()
    assert {item.get_absolute_url() for item in public} <= sitemap_paths(client)


def test_sitemap_lists_every_public_person_body_and_agreement(client, demo):
    public = [
        *Person.objects.visible_to(AnonymousUser()),
        *Body.objects.all(),
        *Agreement.objects.all(),
    ]
    assert {thing.get_absolute_url() for thing in public} <= sitemap_paths(client)


def test_sitemap_gives_a_paragraph_its_adjustment_date(client, demo):
    item = AgendaItem.objects.visible_to(AnonymousUser()).order_by("pk").first()
    xml = client.get("/sitemap-paragrafer.xml").content.decode()
    entry = f"<loc>http://testserver{item.get_absolute_url()}</loc>"
    assert f"{entry}<lastmod>{item.adjusted_at.date().isoformat()}</lastmod>" in xml


@pytest.mark.usefixtures("hidden_paragraphs")
def test_sitemap_never_lists_a_hidden_paragraph(client):
    hidden = {item.get_absolute_url() for item in AgendaItem.objects.filter(number__gte=900)}
    assert len(hidden) == 4
    assert hidden.isdisjoint(sitemap_paths(client))


@pytest.mark.usefixtures("hidden_paragraphs")
def test_sitemap_never_lists_a_person_known_only_from_a_hidden_paragraph(client):
    hidden = {p.get_absolute_url() for p in Person.objects.filter(name__contains="MARKER")}
    assert hidden
    assert hidden.isdisjoint(sitemap_paths(client))


@pytest.mark.usefixtures("hidden_paragraphs")
def test_sitemap_is_the_public_one_even_for_a_member(client, member):
    client.force_login(member)
    hidden = {item.get_absolute_url() for item in AgendaItem.objects.filter(number__gte=900)}
    assert hidden.isdisjoint(sitemap_paths(client))


@pytest.mark.usefixtures("hidden_paragraphs")
def test_sitemap_shows_no_hidden_text(client):
    xml = client.get("/sitemap.xml").content.decode()
    for section in locations(xml):
        xml += client.get(urlsplit(section).path).content.decode()
    assert [marker for marker in MARKERS if marker in xml] == []


@pytest.mark.slow
@pytest.mark.usefixtures("hidden_paragraphs")
def test_every_page_in_the_sitemap_answers_and_shows_no_hidden_text(client):
    failures, leaks = [], []
    for path in sitemap_paths(client):
        response = client.get(path)
        if response.status_code != 200:
            failures.append((path, response.status_code))
        leaks += [(path, marker) for marker in MARKERS if marker.encode() in response.content]
    assert failures == []
    assert leaks == []


def test_paragraph_sitemap_runs_the_same_queries_however_many_paragraphs(client, demo):
    """A count and one page of paragraphs with their meeting and body: one more paragraph
    must not cost one more query."""

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            client.get("/sitemap-paragrafer.xml")
        return len(captured)

    before = queries()
    factories.AgendaItemFactory.create_batch(5)
    assert queries() == before


# --- canonical address and Open Graph ---------------------------------------------------


@pytest.mark.parametrize("path", ["/", "/moten/", "/beslut/", "/avtal/", "/personer/", "/sok/"])
def test_every_public_page_names_its_canonical_address(client, demo, path):
    assert canonical(client.get(path)) == f"http://testserver{path}"


def test_canonical_address_leaves_out_filters(client, demo):
    assert canonical(client.get("/moten/?year=2021&q=vård")) == "http://testserver/moten/"


def test_canonical_address_keeps_a_page_past_the_first(client, demo):
    factories.AssignmentFactory.create_batch(51)
    page = client.get("/beslut/balanslista/?page=2")
    assert canonical(page) == "http://testserver/beslut/balanslista/?page=2"


def test_canonical_address_of_the_first_page_has_no_page_number(client, demo):
    assert canonical(client.get("/beslut/?page=1")) == "http://testserver/beslut/"


def test_page_names_its_english_version(client, demo):
    assert '<link rel="alternate" hreflang="en" href="http://testserver/en/avtal/">' in head(
        client.get("/avtal/")
    )


@pytest.fixture
def paragraph(demo) -> AgendaItem:
    return (
        AgendaItem.objects.visible_to(AnonymousUser())
        .filter(decision_points__isnull=False)
        .order_by("pk")
        .first()
    )


@pytest.fixture
def agreement(demo) -> Agreement:
    return Agreement.objects.exclude(description="").order_by("pk").first()


def test_paragraph_page_describes_itself_by_its_leading_decision_point(client, paragraph):
    leading = " ".join(paragraph.leading_point().text.split())
    description = meta(client.get(paragraph.get_absolute_url()), "og:description")
    assert len(description) <= 200
    assert description == escape(paragraph.summary())
    assert paragraph.summary().startswith(leading[:100])


def test_paragraph_without_decision_points_is_described_by_its_text(client, demo):
    item = factories.AgendaItemFactory(text="Informationen om " + "hemsjukvård " * 40)
    description = meta(client.get(item.get_absolute_url()), "og:description")
    assert description.startswith("Informationen om hemsjukvård")
    assert len(description) <= 200


def test_paragraph_page_is_titled_by_its_citation(client, paragraph):
    title = meta(client.get(paragraph.get_absolute_url()), "og:title")
    assert title.startswith(paragraph.citation)


def test_meeting_page_is_described_by_body_date_and_paragraph_count(client, demo):
    meeting = Meeting.objects.get(date="2021-12-03")
    description = meta(client.get(meeting.get_absolute_url()), "og:description")
    count = meeting.agenda_items.count()
    assert count > 1
    assert description == f"{meeting.body.name}, 3 december 2021: {count} paragrafer."


def test_agreement_page_is_described_by_its_description(client, agreement):
    description = meta(client.get(agreement.get_absolute_url()), "og:description")
    assert description.startswith(" ".join(agreement.description.split())[:40])


@pytest.mark.parametrize("kind", ["meeting", "paragraph", "agreement"])
def test_shared_link_names_the_site_its_language_and_its_address(
    client, paragraph, agreement, kind
):
    url = {
        "meeting": paragraph.meeting.get_absolute_url(),
        "paragraph": paragraph.get_absolute_url(),
        "agreement": agreement.get_absolute_url(),
    }[kind]
    page = client.get(url)
    assert meta(page, "og:type") == "article"
    assert meta(page, "og:site_name") == "SVOM"
    assert meta(page, "og:locale") == "sv_SE"
    assert meta(page, "og:url") == f"http://testserver{url}"


def test_english_page_has_an_english_locale(client, agreement):
    page = client.get(f"/en{agreement.get_absolute_url()}")
    assert meta(page, "og:locale") == "en_GB"
