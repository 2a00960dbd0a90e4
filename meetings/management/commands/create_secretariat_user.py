import secrets
from base64 import b32encode

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandParser
from django_otp.plugins.otp_totp.models import TOTPDevice

from .issue_backup_codes import issue_backup_codes


class Command(BaseCommand):
    help = (
        "Skapar ett konto för sekretariatet med ett slumpat lösenord som skrivs ut en gång. "
        "Finns kontot redan ändras ingenting."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--username", default="sekretariat", help="Användarnamn.")

    def handle(self, *args, username: str, **options) -> None:
        User = get_user_model()
        if User.objects.filter(username=username).exists():
            self.stdout.write(
                f"Kontot {username!r} finns redan; lösenordet skrevs ut när det skapades. "
                "Byt det med: python manage.py changepassword " + username
            )
            return
        password = secrets.token_urlsafe(12)
        user = User.objects.create_user(username=username, password=password, is_staff=True)
        user.groups.add(Group.objects.get(name="Sekretariat"))
        # The admin asks staff for a second factor: an authenticator app (TOTP), or one of
        # the one-time backup codes until the app is set up.
        totp = TOTPDevice.objects.create(user=user, name="Autentiseringsapp", confirmed=True)
        codes = issue_backup_codes(user, count=5)
        self.stdout.write(
            self.style.SUCCESS(
                f"Sekretariatets konto skapat. Logga in på http://127.0.0.1:8000/admin/ "
                f"som {username!r} med lösenordet: {password}"
            )
        )
        self.stdout.write(
            "Tvåstegsverifiering: lägg in den här länken i en autentiseringsapp "
            f"(eller nyckeln {b32encode(totp.bin_key).decode()}):\n  {totp.config_url}\n"
            f"Reservkoder, var och en gäller en gång: {' '.join(codes)}"
        )
        self.stdout.write("Lösenordet och koderna visas bara nu. Spara dem.")
