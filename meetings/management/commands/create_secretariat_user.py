import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandParser


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
        self.stdout.write(
            self.style.SUCCESS(
                f"Sekretariatets konto skapat. Logga in på http://127.0.0.1:8000/admin/ "
                f"som {username!r} med lösenordet: {password}"
            )
        )
        self.stdout.write("Lösenordet visas bara nu. Spara det.")
