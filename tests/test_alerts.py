"""E-mail alerts (Bevaka): double opt-in, one digest per address, one-click unsubscribe."""

import datetime
import io
import re
import time
from unittest import mock

import pytest
from django.core import signing
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from meetings import alerts, services
from meetings.models import AgendaItem, SentAlert, Subscription
from tests import factories

pytestmark = pytest.mark.django_db

ADDRESS = "anna@example.se"


def link_in(message, name: str) -> str:
    """The path of the first link of the mail that leads to the URL named `name`."""
    prefix = reverse(name, args=["TOKEN"]).split("TOKEN")[0]
    found = re.search(r"https?://[^/\s]+(" + re.escape(prefix) + r"[^\s]+)", message.body)
    assert found, message.body
    return found.group(1)


def subscribe(client, kind: str, target: str, email: str = ADDRESS):
    return client.post(
        reverse("meetings:subscribe"), {"email": email, "kind": kind, "target": target}
    )


def confirmed(email: str = ADDRESS, **target) -> Subscription:
    """A subscription confirmed a moment ago, such as `body=...` or `query="..."`."""
    [field] = target
    kind = {v: k for k, v in Subscription.TARGET_FIELDS.items()}[field]
    return Subscription.objects.create(
        email=email, kind=kind, confirmed_at=timezone.now(), **target
    )


def send_alerts() -> None:
    call_command("send_alerts", stdout=io.StringIO())


def test_the_alert_flow_from_subscribing_to_unsubscribing(client, mailoutbox):
    body = factories.BodyFactory(name="Fredagsgruppen")
    meeting = factories.MeetingFactory(body=body)
    factories.AgendaItemFactory(meeting=meeting, title="Hemsjukvård i länet", draft=True)

    assert subscribe(client, "body", body.slug).status_code == 200
    [confirmation] = mailoutbox
    assert Subscription.objects.get().confirmed_at is None
    client.post(link_in(confirmation, "meetings:subscription_confirm"))
    assert Subscription.objects.get().is_confirmed

    services.record_adjustment(meeting, factories.UserFactory(), at=timezone.now())
    send_alerts()
    assert len(mailoutbox) == 2
    digest = mailoutbox[1]
    assert digest.to == [ADDRESS]
    assert "Hemsjukvård i länet" in digest.body

    send_alerts()
    assert len(mailoutbox) == 2

    one_click = digest.extra_headers["List-Unsubscribe"].strip("<>").split("testserver", 1)[-1]
    path = re.sub(r"^https?://[^/]+", "", one_click)
    Client(enforce_csrf_checks=True).post(path, {"List-Unsubscribe": "One-Click"})
    assert not Subscription.objects.exists()

    factories.AgendaItemFactory(meeting=factories.MeetingFactory(body=body), title="Nytt")
    send_alerts()
    assert len(mailoutbox) == 2


def test_a_subscription_is_inactive_until_confirmed(client, mailoutbox):
    body = factories.BodyFactory()
    subscribe(client, "body", body.slug)
    factories.AgendaItemFactory(meeting=factories.MeetingFactory(body=body))
    send_alerts()
    assert len(mailoutbox) == 1  # only the confirmation


def test_the_confirmation_link_asks_before_it_confirms(client, mailoutbox):
    subscribe(client, "body", factories.BodyFactory().slug)
    page = client.get(link_in(mailoutbox[0], "meetings:subscription_confirm"))
    assert "Bekräfta bevakningen" in page.content.decode()
    assert Subscription.objects.get().confirmed_at is None


def test_subscribing_again_says_the_same_and_keeps_one_subscription(client, mailoutbox):
    body = factories.BodyFactory()
    confirmed(body=body)
    page = subscribe(client, "body", body.slug)
    assert "Vi har skickat ett e-postmeddelande" in page.content.decode()
    assert Subscription.objects.count() == 1
    assert mailoutbox == []


def test_the_address_is_stored_in_lower_case(client, mailoutbox):
    subscribe(client, "body", factories.BodyFactory().slug, email=" Anna@Example.SE ")
    assert Subscription.objects.get().email == ADDRESS


def test_an_invalid_address_is_refused_in_swedish(client, mailoutbox):
    page = subscribe(client, "body", factories.BodyFactory().slug, email="anna@")
    assert "Skriv en giltig e-postadress" in page.content.decode()
    assert not Subscription.objects.exists()


def test_a_person_known_only_from_drafts_cannot_be_watched(client, mailoutbox):
    person = factories.PersonFactory()
    item = factories.AgendaItemFactory(draft=True)
    factories.add_presenters(item, person)
    page = subscribe(client, "person", person.slug)
    assert "finns det inte längre" in page.content.decode()
    assert not Subscription.objects.exists()


def test_the_subscribe_form_is_rate_limited_per_address(client, mailoutbox, settings):
    settings.SUBSCRIBE_RATE = "1/h"
    subscribe(client, "body", factories.BodyFactory().slug)
    response = subscribe(client, "body", factories.BodyFactory().slug)
    assert response.status_code == 429
    assert "Vänta en stund" in response.content.decode()
    assert Subscription.objects.count() == 1


def test_a_draft_confidential_or_withdrawn_paragraph_is_never_mailed(mailoutbox):
    body = factories.BodyFactory()
    confirmed(body=body)
    meeting = factories.MeetingFactory(body=body)
    factories.AgendaItemFactory(meeting=meeting, title="Offentlig punkt")
    factories.AgendaItemFactory(meeting=meeting, title="Utkastpunkt", draft=True)
    factories.AgendaItemFactory(meeting=meeting, title="Hemlig punkt", confidential=True)
    factories.AgendaItemFactory(
        meeting=meeting,
        title="Borttagen punkt",
        withdrawal_reason="Personuppgifter.",
        withdrawn_at=timezone.now(),
    )
    send_alerts()
    [digest] = mailoutbox
    assert "Offentlig punkt" in digest.body
    for hidden in ("Utkastpunkt", "Hemlig punkt", "Borttagen punkt"):
        assert hidden not in digest.body


def test_a_paragraph_adjusted_long_before_the_subscription_is_not_news(mailoutbox):
    body = factories.BodyFactory()
    factories.AgendaItemFactory(
        meeting=factories.MeetingFactory(body=body),
        adjusted_at=timezone.now() - datetime.timedelta(days=60),
    )
    confirmed(body=body)
    send_alerts()
    assert mailoutbox == []


def test_one_digest_per_address_lists_a_paragraph_once(mailoutbox):
    body, topic = factories.BodyFactory(), factories.TopicFactory()
    confirmed(body=body)
    confirmed(topic=topic)
    confirmed(email="bo@example.se", body=body)
    item = factories.AgendaItemFactory(
        meeting=factories.MeetingFactory(body=body), title="Gemensam"
    )
    item.topics.add(topic)
    send_alerts()
    assert sorted(message.to[0] for message in mailoutbox) == ["anna@example.se", "bo@example.se"]
    anna = next(message for message in mailoutbox if message.to == [ADDRESS])
    assert anna.body.count("Gemensam") == 1
    assert SentAlert.objects.filter(agenda_item=item).count() == 3


def test_every_alert_carries_the_one_click_unsubscribe_headers(mailoutbox, settings):
    settings.SITE_URL = "https://protokoll.example.se"
    body = factories.BodyFactory()
    confirmed(body=body)
    factories.AgendaItemFactory(meeting=factories.MeetingFactory(body=body))
    send_alerts()
    headers = mailoutbox[0].extra_headers
    assert re.fullmatch(
        r"<https://protokoll\.example\.se/bevaka/avsluta/[^>]+/>", headers["List-Unsubscribe"]
    )
    assert headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_the_unsubscribe_page_asks_before_it_unsubscribes(client):
    subscription = confirmed(body=factories.BodyFactory())
    token = alerts.unsubscribe_token(ADDRESS, subscription)
    page = client.get(reverse("meetings:unsubscribe", args=[token]))
    assert "Sluta bevaka" in page.content.decode()
    assert Subscription.objects.exists()


def test_a_sections_own_link_ends_only_that_subscription(client):
    kept = confirmed(body=factories.BodyFactory())
    ended = confirmed(topic=factories.TopicFactory())
    client.post(reverse("meetings:unsubscribe", args=[alerts.unsubscribe_token(ADDRESS, ended)]))
    assert list(Subscription.objects.all()) == [kept]


def test_a_forged_confirmation_link_is_refused_in_swedish(client):
    subscription = Subscription.objects.create(
        email=ADDRESS, kind="body", body=factories.BodyFactory()
    )
    token = alerts.confirm_token(subscription)
    response = client.post(reverse("meetings:subscription_confirm", args=[token[:-2] + "xx"]))
    assert response.status_code == 400
    assert "Länken är ogiltig eller för gammal" in response.content.decode()
    assert Subscription.objects.get().confirmed_at is None


def test_a_confirmation_link_older_than_a_week_is_refused(client):
    subscription = Subscription.objects.create(
        email=ADDRESS, kind="body", body=factories.BodyFactory()
    )
    eight_days_ago = time.time() - 8 * 24 * 3600
    with mock.patch("django.core.signing.time.time", return_value=eight_days_ago):
        token = alerts.confirm_token(subscription)
    response = client.post(reverse("meetings:subscription_confirm", args=[token]))
    assert response.status_code == 400
    assert "Länken är ogiltig eller för gammal" in response.content.decode()


def test_a_forged_unsubscribe_link_is_refused(client):
    confirmed(body=factories.BodyFactory())
    forged = signing.dumps({"email": ADDRESS, "id": None}, salt="something else")
    response = client.post(reverse("meetings:unsubscribe", args=[forged]))
    assert response.status_code == 400
    assert Subscription.objects.exists()


def test_unconfirmed_subscriptions_older_than_a_week_are_deleted(mailoutbox):
    body = factories.BodyFactory()
    Subscription.objects.create(
        email="gammal@example.se",
        kind="body",
        body=body,
        created_at=timezone.now() - datetime.timedelta(days=8),
    )
    Subscription.objects.create(email="ny@example.se", kind="body", body=body)
    send_alerts()
    assert list(Subscription.objects.values_list("email", flat=True)) == ["ny@example.se"]


def test_a_topic_subscription_matches_paragraphs_with_that_topic():
    topic = factories.TopicFactory()
    subscription = confirmed(topic=topic)
    item = factories.AgendaItemFactory()
    item.topics.add(topic)
    factories.AgendaItemFactory()
    assert alerts.news_for(subscription, alerts.public_items()) == [item]


def test_a_person_subscription_matches_presenting_moving_and_attending():
    person = factories.PersonFactory()
    subscription = confirmed(person=person)
    presented = factories.AgendaItemFactory()
    factories.add_presenters(presented, person)
    moved = factories.AgendaItemFactory()
    factories.MotionFactory(agenda_item=moved, mover=person)
    attended = factories.AgendaItemFactory()
    factories.AttendanceFactory(meeting=attended.meeting, person=person)
    factories.AgendaItemFactory()
    found = alerts.news_for(subscription, alerts.public_items())
    assert set(found) == {presented, moved, attended}


def test_an_agreement_subscription_matches_the_decisions_that_change_it():
    agreement = factories.AgreementFactory()
    subscription = confirmed(agreement=agreement)
    item = factories.AgendaItemFactory()
    decision = factories.DecisionFactory(agenda_item=item)
    factories.AgreementEventFactory(agreement=agreement, decision=decision)
    factories.AgendaItemFactory()
    assert alerts.news_for(subscription, alerts.public_items()) == [item]


def test_a_search_subscription_matches_what_the_search_finds():
    subscription = confirmed(query="hemsjukvård")
    item = factories.AgendaItemFactory(title="Hemsjukvårdsavtalet förlängs")
    factories.AgendaItemFactory(title="Kompetensförsörjning")
    assert alerts.news_for(subscription, alerts.public_items()) == [item]


def test_mina_bevakningar_sends_a_link_that_lists_and_deletes(client, mailoutbox):
    subscription = confirmed(body=factories.BodyFactory(short_name="Fredagsgruppen"))
    client.post(reverse("meetings:subscription_manage_request"), {"email": ADDRESS})
    path = link_in(mailoutbox[0], "meetings:subscription_manage")
    assert "Fredagsgruppen" in client.get(path).content.decode()
    client.post(path, {"subscription": subscription.pk})
    assert not Subscription.objects.exists()


def test_mina_bevakningar_sends_nothing_to_an_unknown_address(client, mailoutbox):
    page = client.post(reverse("meetings:subscription_manage_request"), {"email": ADDRESS})
    assert "Om anna@example.se har bevakningar" in page.content.decode()
    assert mailoutbox == []


def test_a_manage_link_cannot_delete_another_addresss_subscription(client):
    other = confirmed(email="bo@example.se", body=factories.BodyFactory())
    path = reverse("meetings:subscription_manage", args=[alerts.manage_token(ADDRESS)])
    client.post(path, {"subscription": other.pk})
    assert Subscription.objects.filter(pk=other.pk).exists()


@pytest.mark.parametrize(
    ("page", "parameter"),
    [
        (lambda: factories.BodyFactory().get_absolute_url(), "?organ="),
        (lambda: factories.AgreementFactory().get_absolute_url(), "?avtal="),
        (lambda: reverse("meetings:search") + "?q=avtal", "?q=avtal"),
    ],
)
def test_pages_link_to_bevaka(client, page, parameter):
    factories.AgendaItemFactory(title="Avtal om vård")
    assert reverse("meetings:subscribe") + parameter in client.get(page()).content.decode()


def test_the_person_page_links_to_bevaka(client):
    person = factories.PersonFactory()
    factories.add_presenters(factories.AgendaItemFactory(), person)
    page = client.get(person.get_absolute_url()).content.decode()
    assert f"{reverse('meetings:subscribe')}?person={person.slug}" in page


def test_an_adjusted_paragraph_is_matched_only_while_public():
    body = factories.BodyFactory()
    subscription = confirmed(body=body)
    item = factories.AgendaItemFactory(meeting=factories.MeetingFactory(body=body))
    AgendaItem.objects.filter(pk=item.pk).update(confidential=True)
    assert alerts.news_for(subscription, alerts.public_items()) == []


def test_subscribe_page_without_a_choice_explains_what_can_be_watched_without_an_error(client):
    page = client.get("/bevaka/").content.decode()
    assert "message--error" not in page
    assert "Välj vad du vill bevaka" in page


def test_subscribe_page_for_something_that_does_not_exist_says_so(client):
    page = client.get("/bevaka/", {"organ": "finns-inte"}).content.decode()
    assert "message--error" in page
