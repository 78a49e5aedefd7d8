from django.core.management.base import BaseCommand, CommandError

from contacts.services import enquiries_purge


class Command(BaseCommand):
    help = (
        "Delete enquiries older than the retention period whose sender has no "
        "standing marketing consent. Consent evidence is kept."
    )

    def add_arguments(self, parser):
        parser.add_argument("--older-than", type=int, required=True, metavar="DAYS")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="count what would be deleted, delete nothing",
        )

    def handle(self, *args, older_than, dry_run, **options):
        if older_than < 1:
            raise CommandError("--older-than must be at least 1 day.")
        count = enquiries_purge(older_than_days=older_than, dry_run=dry_run)
        if dry_run:
            self.stdout.write(f"{count} enquiries would be deleted (dry run).")
        else:
            self.stdout.write(self.style.SUCCESS(f"{count} enquiries deleted."))
