"""E-mail alerts ("Bevaka"): signed links, what each subscription matches, the digests.

Three signed tokens (django.core.signing, with the site's secret key and a salt each):
confirming a new subscription (valid a week, `CONFIRMATION_PERIOD`), managing an address's
subscriptions (valid a day) and unsubscribing (valid as long as the subscription exists,
since it sits in every mail sent). A paragraph is announced when the public can read it
(`AgendaItem.objects.visible_to(AnonymousUser())`, the portal's one rule), it was adjusted
at most `LOOKBACK` before the subscription was confirmed, and that subscription has not
announced it before (`SentAlert`).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core import signing
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.db.models import Min, Q, QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from . import search
from .models import CONFIRMATION_PERIOD, AgendaItem, SentAlert, Subscription

#: A protocol is often registered here some days after it was signed, with the signing
#: time as its adjustment (the 14 days of Kommunallagen 5 kap. 69 §): paragraphs adjusted
#: this long before a subscription was confirmed are still news to it.
LOOKBACK = datetime.timedelta(days=14)
#: How long the link to "Mina bevakningar" works.
MANAGE_PERIOD = datetime.timedelta(days=1)

_CONFIRM_SALT = "meetings.alerts.confirm"
_UNSUBSCRIBE_SALT = "meetings.alerts.unsubscribe"
_MANAGE_SALT = "meetings.alerts.manage"


class InvalidToken(Exception):
    """A link that was altered, has expired, or names a subscription that is gone."""


def absolute(path: str) -> str:
    return settings.SITE_URL + path


# --- Signed links -----------------------------------------------------------------------


def confirm_token(subscription: Subscription) -> str:
    return signing.dumps({"id": subscription.pk, "email": subscription.email}, salt=_CONFIRM_SALT)


def unsubscribe_token(email: str, subscription: Subscription | None = None) -> str:
    """A link that ends one subscription, or all of the address's when none is given."""
    value = {"email": email, "id": subscription.pk if subscription else None}
    return signing.dumps(value, salt=_UNSUBSCRIBE_SALT)


def manage_token(email: str) -> str:
    return signing.dumps({"email": email}, salt=_MANAGE_SALT)


def subscription_to_confirm(token: str) -> Subscription:
    value = _loads(token, _CONFIRM_SALT, CONFIRMATION_PERIOD)
    return _subscription(value)


def subscriptions_to_end(token: str) -> QuerySet[Subscription]:
    """The subscriptions an unsubscribe link ends (none left is not an error: a second
    click, or a mail client's one-click request before the visitor's own)."""
    value = _loads(token, _UNSUBSCRIBE_SALT, None)
    subscriptions = Subscription.objects.filter(email=value["email"])
    if value.get("id") is not None:
        subscriptions = subscriptions.filter(pk=value["id"])
    return subscriptions


def managed_address(token: str) -> str:
    return _loads(token, _MANAGE_SALT, MANAGE_PERIOD)["email"]


def _loads(token: str, salt: str, max_age: datetime.timedelta | None) -> dict:
    try:
        value = signing.loads(token, salt=salt, max_age=max_age)
    except signing.BadSignature as error:  # SignatureExpired is one
        raise InvalidToken(str(error)) from None
    if not isinstance(value, dict) or not isinstance(value.get("email"), str):
        raise InvalidToken("Unexpected value.")
    return value


def _subscription(value: dict) -> Subscription:
    try:
        return Subscription.objects.get(pk=value.get("id"), email=value["email"])
    except Subscription.DoesNotExist:
        raise InvalidToken("No such subscription.") from None


# --- Mails to one visitor ---------------------------------------------------------------


def send_confirmation(subscription: Subscription) -> None:
    """The double opt-in: a link that confirms the subscription, valid a week."""
    link = absolute(reverse("meetings:subscription_confirm", args=[confirm_token(subscription)]))
    _send(
        _("Bekräfta din bevakning: %(target)s") % {"target": subscription.target_label()},
        "emails/subscription_confirm.txt",
        {"subscription": subscription, "link": link, "days": CONFIRMATION_PERIOD.days},
        [subscription.email],
    )


def send_manage_link(email: str) -> None:
    link = absolute(reverse("meetings:subscription_manage", args=[manage_token(email)]))
    _send(
        _("Dina bevakningar hos SVOM"),
        "emails/subscription_manage.txt",
        {"link": link, "hours": int(MANAGE_PERIOD.total_seconds() // 3600)},
        [email],
    )


def _send(subject: str, template: str, context: dict, to: list[str], **kwargs) -> int:
    body = render_to_string(template, {"site_url": settings.SITE_URL, **context})
    return EmailMultiAlternatives(subject, body, to=to, **kwargs).send()


# --- What a subscription matches --------------------------------------------------------


def public_items() -> QuerySet[AgendaItem]:
    """The paragraphs anyone may read: the portal's rule, never one of our own."""
    return AgendaItem.objects.visible_to(AnonymousUser())


def matching(subscription: Subscription, items: QuerySet[AgendaItem]) -> QuerySet[AgendaItem]:
    """The paragraphs of `items` that the subscription watches."""
    kind = Subscription.Kind
    if subscription.kind == kind.SEARCH:
        terms = search.SearchTerms(subscription.query)
        if not terms:
            return items.none()
        ids = search.ranked(items, terms).values("pk")
        return items.filter(pk__in=ids)
    condition = {
        kind.BODY: Q(meeting__body=subscription.body_id),
        kind.TOPIC: Q(topics=subscription.topic_id),
        kind.PERSON: Q(presenters=subscription.person_id)
        | Q(motions__mover=subscription.person_id)
        | Q(meeting__attendances__person=subscription.person_id),
        kind.AGREEMENT: Q(decision__agreement_events__agreement=subscription.agreement_id),
    }[subscription.kind]
    return items.filter(pk__in=items.filter(condition).values("pk"))


def news_for(subscription: Subscription, items: QuerySet[AgendaItem]) -> list[AgendaItem]:
    """What the subscription has not announced yet, oldest meeting first."""
    since = subscription.confirmed_at - LOOKBACK
    return list(
        matching(subscription, items)
        .filter(adjusted_at__gte=since)
        .exclude(sent_alerts__subscription=subscription)
        .select_related("meeting__body")
        .order_by("meeting__date", "position")
    )


# --- Digests ----------------------------------------------------------------------------


@dataclass
class Section:
    """One subscription's news: all of it is recorded as sent, `shown` is what the mail
    lists (a paragraph an earlier section of the same mail listed is left out)."""

    subscription: Subscription
    items: list[AgendaItem]
    shown: list[AgendaItem]
    unsubscribe_url: str


@dataclass
class Digest:
    """One mail to one address: a section per subscription that has news."""

    email: str
    sections: list[Section] = field(default_factory=list)

    @property
    def unsubscribe_url(self) -> str:
        return absolute(reverse("meetings:unsubscribe", args=[unsubscribe_token(self.email)]))

    def message(self, connection=None) -> EmailMultiAlternatives:
        manage_url = absolute(reverse("meetings:subscription_manage_request"))
        body = render_to_string(
            "emails/alert_digest.txt",
            {
                "digest": self,
                "site_url": settings.SITE_URL,
                "unsubscribe_url": self.unsubscribe_url,
                "manage_url": manage_url,
            },
        )
        count = len({item.pk for section in self.sections for item in section.items})
        return EmailMultiAlternatives(
            _("Nytt från SVOM: %(count)d paragrafer") % {"count": count}
            if count != 1
            else _("Nytt från SVOM: 1 paragraf"),
            body,
            to=[self.email],
            connection=connection,
            # RFC 2369 and RFC 8058: the mail program's own unsubscribe button, one click.
            headers={
                "List-Unsubscribe": f"<{self.unsubscribe_url}>",
                "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            },
        )


def digests() -> list[Digest]:
    """One digest per address with news, each paragraph listed once."""
    subscriptions = Subscription.objects.confirmed().select_related(
        "body", "topic", "person", "agreement"
    )
    earliest = subscriptions.aggregate(earliest=Min("confirmed_at"))["earliest"]
    if earliest is None:
        return []
    # Only what was adjusted since the earliest subscription could be news to anyone.
    recent = public_items().filter(adjusted_at__gte=earliest - LOOKBACK)
    by_address: dict[str, Digest] = {}
    listed: dict[str, set[int]] = {}
    for subscription in subscriptions.order_by("email", "created_at", "pk"):
        items = news_for(subscription, recent)
        if not items:
            continue
        digest = by_address.setdefault(subscription.email, Digest(subscription.email))
        seen = listed.setdefault(subscription.email, set())
        shown = [item for item in items if item.pk not in seen]
        seen.update(item.pk for item in items)
        token = unsubscribe_token(subscription.email, subscription)
        unsubscribe_url = absolute(reverse("meetings:unsubscribe", args=[token]))
        digest.sections.append(Section(subscription, items, shown, unsubscribe_url))
    return list(by_address.values())


def send_digests(now: datetime.datetime | None = None) -> tuple[int, int]:
    """Send every address its digest and record what it announced. Returns the number of
    mails sent and the number that failed (those are tried again at the next run)."""
    now = now or timezone.now()
    sent = failed = 0
    connection = get_connection()
    for digest in digests():
        try:
            digest.message(connection).send()
        except OSError:
            failed += 1
            continue
        with transaction.atomic():
            SentAlert.objects.bulk_create(
                [
                    SentAlert(subscription=section.subscription, agenda_item=item, sent_at=now)
                    for section in digest.sections
                    for item in section.items
                ],
                ignore_conflicts=True,
            )
        sent += 1
    return sent, failed


def delete_unconfirmed(now: datetime.datetime | None = None) -> int:
    """Forget the addresses that never confirmed within a week."""
    _total, by_model = Subscription.objects.expired_unconfirmed(now).delete()
    return by_model.get(Subscription._meta.label, 0)
