import os

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.servers.basehttp import WSGIServer
from django.test import override_settings
from django.test.testcases import LiveServerThread
from playwright.sync_api import sync_playwright

from tests import factories


class SerialWSGIServer(WSGIServer):
    """The live server, one request at a time. On SQLite the test database lives in memory
    and the live server shares the test's one connection; the threaded server let the
    browser's concurrent requests (a page and its autocomplete, say) use it at once, and one
    request's error broke the other's transaction. Django closes each connection after its
    response when the server does not thread, so the browser still works as usual."""

    def __init__(self, *args, connections_override=None, **kwargs):
        super().__init__(*args, **kwargs)


def pytest_configure(config) -> None:
    from django.conf import settings

    if settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"):
        LiveServerThread.server_class = SerialWSGIServer


@pytest.fixture(autouse=True, scope="session")
def _fast_password_hasher():
    """MD5 instead of PBKDF2's million rounds: every user a factory builds has its password
    hashed, and every login checks one. Session-wide, so that session fixtures, the live
    server and the factories all hash with it, not only what runs after `settings`."""
    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        yield


@pytest.fixture(autouse=True)
def _no_page_cache(settings):
    """Tests change data inside a transaction that never commits, so the page cache, which
    is invalidated on commit, is off except in its own tests (tests/test_page_cache.py)."""
    settings.PAGE_CACHE = False


@pytest.fixture(autouse=True)
def _swedish_to_start_with():
    """Each test starts in Swedish: a request to an English page (or a PDF rendered in
    English) leaves its language active in the thread after it."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache: rate limits and cached results are per test."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True, scope="session")
def _plain_http():
    """The test client and the live server speak plain HTTP; production's redirect to HTTPS
    has its own tests (tests/test_security_headers.py). Session-wide, so that the live
    server's middleware, made once, sees it too."""
    with override_settings(SECURE_SSL_REDIRECT=False):
        yield


@pytest.fixture
def page_cache(settings):
    """The page cache on, and empty before and after: for the tests of caching itself."""
    from django.core.cache import caches

    settings.PAGE_CACHE = True
    caches[settings.PAGE_CACHE_ALIAS].clear()
    yield
    caches[settings.PAGE_CACHE_ALIAS].clear()


@pytest.fixture(autouse=True)
def _plain_static_storage(settings):
    """Tests render templates without running collectstatic first."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def _private_media_root(settings, tmp_path):
    """Uploaded files of a test go to a temporary folder."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path / "uploads", "base_url": None},
        },
    }


@pytest.fixture
def demo(db) -> None:
    """The demo data of `make run` (fixtures/demo.json): the three seed meetings of SVOM,
    their people, bodies and paragraphs, and the Hemsjukvårdsavtalet with its successor."""
    call_command("load_demo", verbosity=0)


@pytest.fixture
def svom(db):
    """The body whose protocols the importer reads."""
    return factories.BodyFactory(short_name="SVOM", slug="svom", name="SVOM")


@pytest.fixture
def admin_login(client):
    """Log a user in with password and second factor, as the admin requires of staff."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_static.models import StaticDevice

    def login(user) -> None:
        device, _ = StaticDevice.objects.get_or_create(user=user, name="Reservkoder")
        client.force_login(user)
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()

    return login


@pytest.fixture
def anonymous():
    from django.contrib.auth.models import AnonymousUser

    return AnonymousUser()


@pytest.fixture
def member(db):
    """A member of SVOM: logs in, reads drafts, may view the admin but change nothing."""
    user = factories.UserFactory(username="ledamot", is_staff=True)
    user.groups.add(Group.objects.get(name="Ledamöter"))
    return user


@pytest.fixture
def secretary(db):
    """Someone of the secretariat: enters and adjusts protocols in the admin."""
    user = factories.UserFactory(username="sekreterare", is_staff=True)
    user.groups.add(Group.objects.get(name="Sekretariat"))
    return user


@pytest.fixture
def outsider(db):
    """A logged-in user in neither group, such as a deactivated member's account."""
    return factories.UserFactory(username="utomstaende")


# The browser tests (pytest -m browser): Debian's Chromium through Playwright.
CHROMIUM = "/usr/bin/chromium"


@pytest.fixture
def site(live_server, demo) -> str:
    return live_server.url


@pytest.fixture
def browser(site):
    """Chromium, started after the test database is ready and closed before it is flushed.

    Playwright's sync API runs an event loop in this thread while it is open; Django's
    database work around each test (restoring the migrations' data, flushing) must happen
    outside it, hence a browser per test. The test's own database access is synchronous,
    so Django's async guard is lifted while the browser runs.
    """
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        yield browser
        browser.close()
    os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


@pytest.fixture
def page(browser):
    """A Swedish visitor's page in Stockholm's time, 1280 px wide."""
    context = browser.new_context(
        locale="sv-SE", timezone_id="Europe/Stockholm", viewport={"width": 1280, "height": 900}
    )
    page = context.new_page()
    yield page
    context.close()
