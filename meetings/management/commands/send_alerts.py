"""Send the e-mail alerts ("Bevaka"): one digest per address of what became public.

Run from cron (see README); each run also deletes the subscriptions never confirmed
within a week. A paragraph is announced once per subscription (meetings.SentAlert), so a
run that finds nothing new sends nothing, and a mail that failed is tried at the next run.
"""

from django.core.management.base import BaseCommand

from meetings import alerts


class Command(BaseCommand):
    help = "Skicka bevakningar: ett meddelande per e-postadress med det som blivit offentligt."

    def handle(self, *args, **options) -> None:
        deleted = alerts.delete_unconfirmed()
        sent, failed = alerts.send_digests()
        self.stdout.write(
            f"{sent} meddelanden skickade, {failed} misslyckades, "
            f"{deleted} obekräftade bevakningar raderade."
        )
        if failed:
            self.stderr.write("Misslyckade meddelanden skickas igen vid nästa körning.")
