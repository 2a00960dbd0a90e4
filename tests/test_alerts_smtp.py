"""An alert over real SMTP: what a mail server receives, headers and all."""

import email
import email.policy
import io
import re
import socket

import pytest
from aiosmtpd.controller import Controller
from django.core.management import call_command
from django.utils import timezone

from meetings.models import Subscription
from tests import factories

pytestmark = pytest.mark.django_db


class Inbox:
    """An aiosmtpd handler that keeps what it receives."""

    def __init__(self) -> None:
        self.messages: list[email.message.EmailMessage] = []

    async def handle_DATA(self, server, session, envelope) -> str:
        self.messages.append(
            email.message_from_bytes(envelope.content, policy=email.policy.default)
        )
        return "250 OK"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp_inbox(settings):
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = controller.port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.SITE_URL = "https://protokoll.example.se"
    yield inbox
    controller.stop()


def test_an_alert_arrives_over_smtp_with_one_click_unsubscribe_headers(smtp_inbox):
    body = factories.BodyFactory()
    Subscription.objects.create(
        email="anna@example.se", kind="body", body=body, confirmed_at=timezone.now()
    )
    factories.AgendaItemFactory(meeting=factories.MeetingFactory(body=body), title="Nytt ärende")
    call_command("send_alerts", stdout=io.StringIO())
    [received] = smtp_inbox.messages  # headers unfolded, as a mail program reads them
    assert received["To"] == "anna@example.se"
    assert re.fullmatch(
        r"<https://protokoll\.example\.se/bevaka/avsluta/[^>]+/>",
        received["List-Unsubscribe"].strip(),
    )
    assert received["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "Nytt ärende" in received.get_content()
