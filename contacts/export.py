"""
The export of consented contacts, for mailing tools.

Producing rows and writing them are separate: `consented_contacts()` is the one
query (one row per email whose latest consent event is a grant, worked out in
the database), `contact_rows()` turns it into plain rows while streaming it from
the database in chunks, and `csv_chunks()` writes them. The admin button, the
admin action and `manage.py export_consented_contacts` all go through
`export_consented_contacts()`, which also writes the audit log entry.
"""

import datetime
import io
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from itertools import islice

from defusedcsv import csv as defusedcsv
from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db import connections
from django.db.models import QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from contacts.models import (
    ConsentEvent,
    ConsentSource,
    Enquiry,
    ExportLog,
)
from contacts.tokens import unsubscribe_url_builder

BOM = "\ufeff"  # Lets Excel open UTF-8 (and so Chinese names) correctly.
# Rows per fetch from the server-side cursor: large enough to amortise round
# trips, small enough that memory stays flat (about 3 MB per chunk).
CHUNK_SIZE = 10_000
# Rows per piece of CSV text handed on (about 64 KB): a download goes to the
# socket in large writes, not one small write per row.
ROWS_PER_CHUNK = 250


def consented_contacts(
    *,
    since: datetime.date | None = None,
    until: datetime.date | None = None,
    topic: str | None = None,
    enquiries: QuerySet[Enquiry] | None = None,
):
    """
    The latest grant of every email whose consent stands now, with the
    details (name, phone, organisation) given with that grant.

    `since`/`until` bound the date of that grant (inclusive, local time);
    `topic` is the slug of the topic that grant was given under. `enquiries`
    (a selection, or the admin list with its filters) keeps only their
    senders; it stays a subquery, so a filter matching a million enquiries
    never travels through Python.
    """
    events = ConsentEvent.objects.granted()
    if since:
        events = events.filter(recorded_at__gte=_start_of(since))
    if until:
        events = events.filter(recorded_at__lt=_start_of(until + datetime.timedelta(1)))
    if topic:
        events = events.filter(enquiry__topic__slug=topic)
    if enquiries is not None:
        events = events.filter(email__in=enquiries.order_by().values("email"))
    return events.order_by("email").values_list(
        "enquiry__name",
        "email",
        "enquiry__phone",
        "enquiry__organisation",
        "recorded_at",
        "wording__version",
        "source",
        "source_url",
        "language",
        "enquiry_id",
        "enquiry__language",
    )


def _start_of(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def header():
    """
    The CSV's columns, in the words a mailing tool's import screen shows.

    Name, Email, Phone, Organisation: as given with the latest grant.
    Consented at: when that grant was recorded (server clock), ISO 8601 in
    the site's time zone with its UTC offset, e.g. 2025-02-20T15:30:00+08:00,
    so spreadsheets and mailing tools read it without guessing the zone.
    Wording version: the consent wording shown (its text is in the admin).
    Source, Source URL: the form and page consent was given through.
    Language: the language of that page (en, zh-hant, zh-hans), the one to
    write to the contact in.
    Unsubscribe URL: the contact's own signed link, opening the unsubscribe
    pages in the language of their enquiry; following it and confirming
    records a withdrawal, and the next export leaves them out.
    """
    return [
        _("Name"),
        _("Email"),
        _("Phone"),
        _("Organisation"),
        _("Consented at"),
        _("Wording version"),
        _("Source"),
        _("Source URL"),
        _("Language"),
        _("Unsubscribe URL"),
    ]


def contact_rows(queryset, *, chunk_size: int = CHUNK_SIZE) -> Iterator[list]:
    """Rows of `consented_contacts()`, fetched `chunk_size` at a time."""
    sources = {value: str(label) for value, label in ConsentSource.choices}
    # One builder per language: each resolves its URL (and language prefix)
    # once, however many rows.
    unsubscribe_urls = {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            unsubscribe_urls[code] = unsubscribe_url_builder()
    default_unsubscribe_url = unsubscribe_urls[settings.LANGUAGE_CODE]
    # What timezone.localtime() does, without looking the zone up on every row.
    zone = timezone.get_current_timezone()
    with _planned_for_every_row(queryset.db):
        for (
            name,
            email,
            phone,
            organisation,
            consented_at,
            version,
            source,
            source_url,
            language,
            enquiry_id,
            enquiry_language,
        ) in queryset.iterator(chunk_size=chunk_size):
            yield [
                name or "",
                email,
                phone or "",
                organisation or "",
                consented_at.astimezone(zone).isoformat(timespec="seconds"),
                version,
                sources.get(source, source),
                source_url,
                language,
                unsubscribe_urls.get(enquiry_language, default_unsubscribe_url)(
                    enquiry_id
                )
                if enquiry_id
                else "",
            ]


@contextmanager
def _planned_for_every_row(using):
    """
    PostgreSQL plans a cursor's query for fetching its first tenth of rows
    (cursor_tuple_fraction); an export fetches them all. Planned for all of
    them, the fetch at 1M enquiries took 7.5 s instead of 10.3 s. The setting
    is the connection's, so it is put back for whoever uses it next.
    """
    connection = connections[using]
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SET cursor_tuple_fraction = 1.0")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("RESET cursor_tuple_fraction")


def _neutralise(cell):
    # defusedcsv covers = + - @ | %; OWASP also lists tab and carriage return.
    if isinstance(cell, str) and cell[:1] in ("\t", "\r"):
        return "'" + cell
    return cell


def csv_chunks(
    rows: Iterable[list],
    *,
    rows_per_chunk: int = ROWS_PER_CHUNK,
    on_rows: Callable[[int], object] | None = None,
) -> Iterator[str]:
    """
    CSV text, BOM and header first, then `rows_per_chunk` rows a chunk, safe
    to open in a spreadsheet. `on_rows` is told how many rows each chunk has.
    """
    buffer = io.StringIO()
    writer = defusedcsv.writer(buffer)
    writer.writerow(header())
    yield BOM + _taken(buffer)
    rows = iter(rows)
    while batch := list(islice(rows, rows_per_chunk)):
        writer.writerows(map(_neutralise, row) for row in batch)
        if on_rows:
            on_rows(len(batch))
        yield _taken(buffer)


def _taken(buffer):
    """What was written to `buffer`, which is then emptied."""
    text = buffer.getvalue()
    buffer.seek(0)
    buffer.truncate()
    return text


def export_consented_contacts(
    *,
    via: str,
    exported_by: AbstractBaseUser | None = None,
    since: datetime.date | None = None,
    until: datetime.date | None = None,
    topic: str | None = None,
    enquiries: QuerySet[Enquiry] | None = None,
    enquiries_chosen_by: Mapping | None = None,
    chunk_size: int = CHUNK_SIZE,
    on_rows: Callable[[int], object] | None = None,
) -> tuple[ExportLog, Iterator[str]]:
    """
    Log the export, then return the log entry and the CSV as a stream of text.

    The row count is written to the log when the stream has been read to its
    end; a download that broke off leaves it empty. `on_rows` is told how
    many rows each chunk of text holds (the command's progress bar).
    `enquiries_chosen_by` says how `enquiries` was chosen (the admin list's
    filters, a selection's size) and goes into the audit log with the other
    filters.
    """
    filters = {
        key: value
        for key, value in {
            "since": since.isoformat() if since else None,
            "until": until.isoformat() if until else None,
            "topic": topic,
        }.items()
        if value is not None
    } | dict(enquiries_chosen_by or {})
    log = ExportLog.objects.create(exported_by=exported_by, via=via, filters=filters)
    queryset = consented_contacts(
        since=since, until=until, topic=topic, enquiries=enquiries
    )

    def stream():
        row_count = 0

        def counted(rows):
            nonlocal row_count
            row_count += rows
            if on_rows:
                on_rows(rows)

        rows = contact_rows(queryset, chunk_size=chunk_size)
        yield from csv_chunks(rows, on_rows=counted)
        ExportLog.objects.filter(pk=log.pk).update(row_count=row_count)

    return log, stream()
