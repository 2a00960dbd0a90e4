"""Staff sign in with password and code on one form, the first time; lost codes are replaced."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from meetings.management.commands.issue_backup_codes import issue_backup_codes

pytestmark = pytest.mark.django_db

PASSWORD = "ett långt lösenord 42"


@pytest.fixture
def staff(secretary):
    secretary.set_password(PASSWORD)
    secretary.save()
    TOTPDevice.objects.create(user=secretary, name="Autentiseringsapp", confirmed=True)
    return secretary


def sign_in(client, user, code: str):
    return client.post(
        "/admin/login/?next=/admin/",
        {"username": user.username, "password": PASSWORD, "otp_token": code},
    )


def app_code(user) -> str:
    device = TOTPDevice.objects.get(user=user)
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"


def test_password_and_backup_code_sign_in_at_the_first_try(client, staff):
    (code, *_rest) = issue_backup_codes(staff)
    response = sign_in(client, staff, code)
    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_password_and_app_code_sign_in_at_the_first_try(client, staff):
    issue_backup_codes(staff)
    response = sign_in(client, staff, app_code(staff))
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200


def test_wrong_code_is_refused_without_asking_for_a_device(client, staff):
    issue_backup_codes(staff)
    response = sign_in(client, staff, "123456")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Välj var koden kommer ifrån" not in page
    assert client.get("/admin/").status_code == 302


def test_backup_code_works_only_once(client, staff):
    (code, *_rest) = issue_backup_codes(staff)
    sign_in(client, staff, code)
    client.logout()
    assert sign_in(client, staff, code).status_code == 200


def test_new_backup_codes_replace_the_old_ones(client, staff):
    old = issue_backup_codes(staff)
    out = StringIO()
    call_command("issue_backup_codes", staff.username, "--count", "3", stdout=out)
    new = out.getvalue().split("Var och en gäller en gång: ")[1].splitlines()[0].split()
    assert len(new) == 3
    assert sign_in(client, staff, new[0]).status_code == 302
    client.logout()
    assert sign_in(client, staff, old[0]).status_code == 200
    assert StaticDevice.objects.filter(user=staff).count() == 1


def test_backup_codes_for_an_unknown_user_are_refused(db):
    with pytest.raises(CommandError, match="Det finns ingen användare 'ingen'"):
        call_command("issue_backup_codes", "ingen")
