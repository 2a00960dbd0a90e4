from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken

#: The name of the backup codes' device, as the login form's device list shows it.
BACKUP_DEVICE_NAME = "Reservkoder"


@transaction.atomic
def issue_backup_codes(user: AbstractBaseUser, count: int = 10) -> list[str]:
    """New one-time backup codes for `user`; every earlier code stops working."""
    device, _created = StaticDevice.objects.get_or_create(
        user=user, name=BACKUP_DEVICE_NAME, defaults={"confirmed": True}
    )
    StaticToken.objects.filter(device__user=user).delete()
    codes = [StaticToken.random_token() for _ in range(count)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


class Command(BaseCommand):
    help = (
        "Ger en användare nya reservkoder för inloggningen (när de gamla är slut eller "
        "borttappade). De gamla koderna slutar gälla. Koderna skrivs ut en gång."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username", help="Användarnamnet.")
        parser.add_argument("--count", type=int, default=10, help="Antal koder (10).")

    def handle(self, *args, username: str, count: int, **options) -> None:
        if not 1 <= count <= 50:
            raise CommandError("Ange mellan 1 och 50 koder.")
        try:
            user = get_user_model().objects.get(username=username)
        except get_user_model().DoesNotExist:
            raise CommandError(f"Det finns ingen användare {username!r}.") from None
        codes = issue_backup_codes(user, count)
        self.stdout.write(
            self.style.SUCCESS(f"Nya reservkoder för {username!r}; de gamla gäller inte längre.")
        )
        self.stdout.write(f"Var och en gäller en gång: {' '.join(codes)}")
        self.stdout.write("Koderna visas bara nu. Lämna dem till användaren på ett säkert sätt.")
