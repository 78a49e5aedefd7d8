import csv
import io

import pytest
import time_machine
from defusedcsv import csv as defusedcsv
from django.core.management import CommandError, call_command
from django.db import connection

from contacts import services
from contacts.export import (
    BOM,
    consented_contacts,
    contact_rows,
    csv_chunks,
    export_consented_contacts,
    header,
)
from contacts.models import ConsentSource, ConsentWording, Enquiry, ExportLog
from tests.contacts.factories import EnquiryFactory, EnquiryTopicFactory

pytestmark = pytest.mark.django_db


def read_back(text):
    """Parse the export as a spreadsheet tool would: the BOM first, then CSV."""
    assert text.startswith("\ufeff")
    header, *rows = csv.reader(io.StringIO(text.removeprefix("\ufeff")))
    return header, [dict(zip(header, row, strict=True)) for row in rows]


def export(**filters):
    _log, chunks = export_consented_contacts(via="command", **filters)
    return read_back("".join(chunks))


def test_export_has_one_row_per_consenting_contact_with_latest_details(topic):
    with time_machine.travel("2025-01-10 10:00+08:00", tick=False):
        EnquiryFactory(
            topic=topic,
            name="陳大文",
            email="chan@example.com",
            organisation="Old Org",
            marketing_consent=True,
        )
    with time_machine.travel("2025-02-20 15:30+08:00", tick=False):
        EnquiryFactory(
            topic=topic,
            name="陳大文",
            email="chan@example.com",
            organisation="New Org",
            marketing_consent=True,
        )
    EnquiryFactory(topic=topic, email="no-consent@example.com")

    header, rows = export()

    assert header == [
        "Name",
        "Email",
        "Phone",
        "Organisation",
        "Consented at",
        "Wording version",
        "Source",
        "Source URL",
        "Language",
        "Unsubscribe URL",
    ]
    assert len(rows) == 1
    (row,) = rows
    assert row["Name"] == "陳大文"
    assert row["Organisation"] == "New Org"
    assert row["Consented at"] == "2025-02-20T15:30:00+08:00"
    assert row["Wording version"] == "1"
    assert row["Source"] == "Contact Us form"
    assert row["Language"] == "en"
    assert row["Unsubscribe URL"].startswith(
        "https://news.example.com/contact/unsubscribe/"
    )


def test_withdrawn_contacts_are_left_out(topic):
    kept = EnquiryFactory(topic=topic, marketing_consent=True)
    gone = EnquiryFactory(topic=topic, marketing_consent=True)
    services.consent_withdraw(email=gone.email, source=ConsentSource.LETTER)

    _header, rows = export()

    assert [row["Email"] for row in rows] == [kept.email]


def test_cells_that_a_spreadsheet_would_run_as_formulas_are_neutralised(topic):
    for index, payload in enumerate(
        ['=HYPERLINK("http://evil")', "+1+1", "-2+3", "@SUM(A1)", "\tcmd", "\rcmd"]
    ):
        EnquiryFactory(
            topic=topic,
            name=f"Visitor {index}",
            organisation=payload,
            email=f"v{index}@example.com",
            marketing_consent=True,
        )

    _header, rows = export()

    organisations = {row["Organisation"] for row in rows}
    assert organisations == {
        '\'=HYPERLINK("http://evil")',
        "'+1+1",
        "'-2+3",
        "'@SUM(A1)",
        "'\tcmd",
        "'\rcmd",
    }


FORMULAS = [
    '=HYPERLINK("http://evil")',
    "+1+1",
    "-2+3",
    "@SUM(A1)",
    "|cmd",
    "%cmd",
    "\tcmd",
    "\rcmd",
]


def test_formulas_are_neutralised_in_every_column_a_visitor_fills_in(topic):
    for index, payload in enumerate(FORMULAS):
        services.enquiry_submit(
            name=payload,
            # What an address can start with: = + - | % are all allowed.
            email=f"{payload[0] if payload[0] in '=+-|%' else ''}v{index}@example.com",
            phone=payload,
            organisation=payload,
            topic=topic,
            subject="Hello",
            message="Hello",
            marketing_consent=True,
            wording=ConsentWording.objects.current(),
            source_url=payload,
            send_emails=False,
        )

    _header, rows = export()

    neutralised = {
        '=HYPERLINK("http://evil")': '\'=HYPERLINK("http://evil")',
        "+1+1": "'+1+1",
        "-2+3": "'-2+3",
        "@SUM(A1)": "'@SUM(A1)",
        "|cmd": "'\\|cmd",  # defusedcsv escapes the pipe too.
        "%cmd": "'%cmd",
        "\tcmd": "'\tcmd",
        "\rcmd": "'\rcmd",
    }
    assert len(rows) == len(FORMULAS)
    for row in rows:
        payload = row["Name"].removeprefix("'").replace("\\|", "|")
        for column in ["Name", "Phone", "Organisation", "Source URL"]:
            assert row[column] == neutralised[payload]
    emails = sorted(row["Email"] for row in rows)
    assert emails == [
        "'%v5@example.com",
        "'+v1@example.com",
        "'-v2@example.com",
        "'=v0@example.com",
        "'\\|v4@example.com",
        "v3@example.com",
        "v6@example.com",
        "v7@example.com",
    ]


class _Echo:
    def write(self, value):
        return value


def written_row_by_row(rows):
    """The CSV as the export first wrote it: defusedcsv, one row at a time."""

    def neutralise(cell):
        if isinstance(cell, str) and cell[:1] in ("\t", "\r"):
            return "'" + cell
        return cell

    writer = defusedcsv.writer(_Echo())
    return BOM + "".join(
        writer.writerow([neutralise(cell) for cell in row]) for row in [header(), *rows]
    )


def test_csv_of_many_chunks_is_the_csv_written_row_by_row():
    cells = [
        *FORMULAS,
        "-1,234.5",  # a number: left as it is
        "-",
        "=a|b|c",
        "Chan, Tai Man",
        'He said "hi"',
        "two\nlines",
        "陳大文",
        "",
        None,
        7,
        -3,
        2.5,
    ]
    rows = [
        [cells[(index + column) % len(cells)] for column in range(9)]
        for index in range(1_000)
    ]

    chunks = list(csv_chunks(rows, rows_per_chunk=64))

    assert len(chunks) == 1 + 16  # the header, then 1,000 rows 64 at a time
    assert "".join(chunks) == written_row_by_row(rows)


def test_export_of_more_rows_than_a_chunk_is_whole_and_unchanged(topic):
    for index, payload in enumerate(["Ann", "=1+1", "\tTab", "Ben", "+852"]):
        EnquiryFactory(
            topic=topic, name=payload, email=f"p{index}@example.com",
            organisation="Chan, Tai Man & Co", marketing_consent=True,
        )  # fmt: skip
    rows = list(contact_rows(consented_contacts()))
    seen = []

    chunks = list(csv_chunks(rows, rows_per_chunk=2, on_rows=seen.append))

    assert "".join(chunks) == written_row_by_row(rows)
    assert seen == [2, 2, 1]
    _header, read = read_back("".join(chunks))
    assert [row["Email"] for row in read] == [
        f"p{index}@example.com" for index in range(5)
    ]


def test_filters_by_consent_date_and_topic(topic):
    events = EnquiryTopicFactory(name="Events", slug="events")
    with time_machine.travel("2025-01-15 12:00+08:00", tick=False):
        EnquiryFactory(topic=topic, email="january@example.com", marketing_consent=True)
    with time_machine.travel("2025-03-15 12:00+08:00", tick=False):
        EnquiryFactory(topic=events, email="march@example.com", marketing_consent=True)
    import datetime

    def emails(**filters):
        return [row["Email"] for row in export(**filters)[1]]

    assert emails(since=datetime.date(2025, 3, 1)) == ["march@example.com"]
    assert emails(until=datetime.date(2025, 1, 15)) == ["january@example.com"]
    assert emails(topic="events") == ["march@example.com"]
    assert emails(topic="media") == ["january@example.com"]


def test_every_export_is_logged_with_its_row_count(topic):
    EnquiryFactory(topic=topic, marketing_consent=True)

    export(topic="media")

    log = ExportLog.objects.get()
    assert log.row_count == 1
    assert log.filters == {"topic": "media"}


def test_export_streams_from_the_database_in_chunks(
    topic, django_assert_max_num_queries
):
    for _ in range(5):
        EnquiryFactory(topic=topic, marketing_consent=True)

    _log, chunks = export_consented_contacts(via="command", chunk_size=2)
    # Rows query, log update, (savepoint); on PostgreSQL also the planner
    # setting for the cursor and its reset.
    expected = 5 if connection.vendor == "postgresql" else 3
    with django_assert_max_num_queries(expected):
        text = "".join(chunks)

    _header, rows = read_back(text)
    assert len(rows) == 5
    assert ExportLog.objects.get().row_count == 5


def test_export_leaves_the_connection_planning_as_it_found_it(topic):
    if connection.vendor != "postgresql":
        pytest.skip("cursor_tuple_fraction is PostgreSQL's")
    EnquiryFactory(topic=topic, marketing_consent=True)
    with connection.cursor() as cursor:
        cursor.execute("SHOW cursor_tuple_fraction")
        (before,) = cursor.fetchone()

    _log, chunks = export_consented_contacts(via="command")
    _header, rows = read_back("".join(chunks))

    with connection.cursor() as cursor:
        cursor.execute("SHOW cursor_tuple_fraction")
        assert cursor.fetchone() == (before,)
    assert len(rows) == 1


def test_command_writes_the_file_with_a_bom_and_a_progress_bar(topic, tmp_path, capsys):
    EnquiryFactory(topic=topic, name="陳大文", marketing_consent=True)
    output = tmp_path / "contacts.csv"

    call_command("export_consented_contacts", "--topic", "media", "--output", output)

    _header, rows = read_back(output.read_text(encoding="utf-8"))
    assert [row["Name"] for row in rows] == ["陳大文"]
    stderr = capsys.readouterr().err
    assert "1/1" in stderr  # tqdm
    assert "Exported 1 contacts" in stderr
    assert ExportLog.objects.get().via == "command"


def test_command_refuses_a_bad_date_or_unknown_topic(topic):
    with pytest.raises(CommandError, match="not a date"):
        call_command("export_consented_contacts", "--since", "yesterday")
    with pytest.raises(CommandError, match="no enquiry topic"):
        call_command("export_consented_contacts", "--topic", "nope")


def test_purge_removes_old_enquiries_without_consent_and_keeps_evidence(topic):
    with time_machine.travel("2024-01-01 12:00+08:00", tick=False):
        old_quiet = EnquiryFactory(topic=topic)
        old_consenting = EnquiryFactory(topic=topic, marketing_consent=True)
        old_withdrawn = EnquiryFactory(topic=topic, marketing_consent=True)
        services.consent_withdraw(email=old_withdrawn.email, source=ConsentSource.PHONE)
    recent = EnquiryFactory(topic=topic)
    out = io.StringIO()

    call_command("purge_enquiries", "--older-than", "365", "--dry-run", stdout=out)
    assert "2 enquiries would be deleted" in out.getvalue()
    assert Enquiry.objects.count() == 4

    call_command("purge_enquiries", "--older-than", "365", stdout=out)

    remaining = set(Enquiry.objects.values_list("pk", flat=True))
    assert remaining == {old_consenting.pk, recent.pk}
    assert old_quiet.pk not in remaining
    from contacts.models import ConsentEvent

    assert ConsentEvent.objects.filter(email=old_withdrawn.email).count() == 2


def test_demo_content_is_idempotent():
    from contacts.demo import load_demo_content
    from contacts.models import ConsentEvent, EnquiryTopic

    def snapshot():
        return (
            list(
                EnquiryTopic.objects.values_list(
                    "slug", "name_en", "name_zh_hant", "name_zh_hans", "position"
                )
            ),
            list(Enquiry.objects.values_list("email", "status", "language")),
            list(ConsentEvent.objects.values_list("email", "action", "language")),
        )

    load_demo_content(stdout=io.StringIO())
    first = snapshot()
    load_demo_content(stdout=io.StringIO())

    assert snapshot() == first
    assert ("media", "Media enquiry", "傳媒查詢", "媒体咨询", 10) in first[0]
    assert {language for _email, _status, language in first[1]} == {
        "en",
        "zh-hant",
        "zh-hans",
    }
    assert ("lee.wingsze@example.org", "withdrawn", "") in first[2]
    assert ("chan.taiman@example.com", "granted", "zh-hant") in first[2]
