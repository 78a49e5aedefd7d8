import datetime
import sys

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from contacts.export import consented_contacts, export_consented_contacts
from contacts.models import EnquiryTopic, ExportVia


def date(value):
    try:
        return datetime.date.fromisoformat(value)
    except ValueError as error:
        raise CommandError(f"{value!r} is not a date like 2025-01-31.") from error


class Command(BaseCommand):
    help = (
        "Write the contacts whose latest consent event is a grant as CSV (UTF-8 "
        "with BOM), one row per email: Name, Email, Phone, Organisation, "
        "Consented at (ISO 8601 with the UTC offset), Wording version, Source, "
        "Source URL, Unsubscribe URL. The export is written to the audit log."
    )

    def add_arguments(self, parser):
        parser.add_argument("--since", type=date, help="consented on or after DATE")
        parser.add_argument("--until", type=date, help="consented on or before DATE")
        parser.add_argument("--topic", help="slug of the enquiry topic consented under")
        parser.add_argument("--output", help="file to write (default: stdout)")

    def handle(self, *args, since, until, topic, output, **options):
        if topic and not EnquiryTopic.objects.filter(slug=topic).exists():
            raise CommandError(f"There is no enquiry topic with the slug {topic!r}.")
        quiet = options["verbosity"] == 0
        # The total is the export's query run once more: only for the bar.
        total = (
            None
            if quiet
            else consented_contacts(since=since, until=until, topic=topic).count()
        )
        progress = tqdm(total=total, unit="rows", file=sys.stderr, disable=quiet)
        log, chunks = export_consented_contacts(
            via=ExportVia.COMMAND,
            since=since,
            until=until,
            topic=topic,
            on_rows=progress.update,
        )
        if output:
            with open(output, "w", encoding="utf-8", newline="") as file:
                file.writelines(chunks)
        else:
            for chunk in chunks:
                self.stdout.write(chunk, ending="")
        progress.close()
        log.refresh_from_db()
        self.stderr.write(f"Exported {log.row_count} contacts (audit log #{log.pk}).")
