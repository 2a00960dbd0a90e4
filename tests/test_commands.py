"""Management commands used by `make run`."""

from io import StringIO

import pytest
from django.contrib.auth import authenticate, get_user_model
from django.core.management import call_command
from django.test import RequestFactory
from django_otp.plugins.otp_static.models import StaticToken

pytestmark = pytest.mark.django_db


def create_secretariat_user() -> str:
    out = StringIO()
    call_command("create_secretariat_user", stdout=out)
    return out.getvalue()


def test_secretariat_user_is_created_with_a_random_password_printed_once():
    output = create_secretariat_user()
    password = output.split("lösenordet: ")[1].split()[0]
    request = RequestFactory().post("/admin/login/")
    user = authenticate(request, username="sekretariat", password=password)
    assert user is not None
    assert user.is_staff
    assert user.groups.filter(name="Sekretariat").exists()


def test_second_run_keeps_the_account_and_prints_no_password():
    create_secretariat_user()
    output = create_secretariat_user()
    assert "finns redan" in output
    assert "lösenordet:" not in output
    assert get_user_model().objects.count() == 1


def test_two_runs_never_print_the_same_password(django_user_model):
    first = create_secretariat_user().split("lösenordet: ")[1].split()[0]
    django_user_model.objects.all().delete()
    second = create_secretariat_user().split("lösenordet: ")[1].split()[0]
    assert first != second


def test_secretariat_user_gets_a_second_factor_with_backup_codes():
    output = create_secretariat_user()
    codes = output.split("var och en gäller en gång: ")[1].split()[:5]
    assert "otpauth://totp/" in output
    assert StaticToken.objects.filter(token__in=codes).count() == 5
