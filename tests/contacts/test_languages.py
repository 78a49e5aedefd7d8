"""
Contact Us in the visitor's language: the consent wording versioned per
language, the evidence recording the language and exact text, the emails,
the unsubscribe pages, the export's language column, the privacy statement
and the admin's view of missing or outdated translations.
"""

import csv
import io

import pytest
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from contacts import antispam, services
from contacts.export import export_consented_contacts
from contacts.models import (
    ConsentEvent,
    ConsentWording,
    Enquiry,
    EnquiryTopic,
    PrivacyStatement,
)
from tests.contacts.conftest import localised
from tests.contacts.factories import EnquiryFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("language_urls")]

HANT = "本人同意"  # Opens the seeded Traditional wording …
HANT_ONLY = "電郵地址"  # … whose script tells it from the Simplified one.
HANS_ONLY = "电子邮件地址"


def wording(language):
    return ConsentWording.objects.current(language)


def contact_post(language, form_data, **changes):
    data = {
        **form_data,
        "form_token": antispam.sign_form_token(wording_id=wording(language).pk),
        **changes,
    }
    return localised("contacts:contact", language), data


def test_migrations_give_each_language_its_own_current_wording():
    current = ConsentWording.objects.current_set()

    assert set(current) == {"en", "zh-hant", "zh-hans"}
    assert "direct marketing" in current["en"].text
    assert HANT in current["zh-hant"].text and HANT_ONLY in current["zh-hant"].text
    assert "直接促銷" in current["zh-hant"].text
    assert (
        HANS_ONLY in current["zh-hans"].text and "直接促销" in current["zh-hans"].text
    )
    assert "免" in current["zh-hant"].text and "免" not in current["zh-hans"].text


def test_versions_are_numbered_per_language():
    english = services.consent_wording_create(text="English v2.")
    chinese = services.consent_wording_create(text="繁體第二版。", language="zh-hant")

    assert (english.version, chinese.version) == (2, 2)
    assert wording("en").text == "English v2."
    assert wording("zh-hant").text == "繁體第二版。"
    assert wording("zh-hans").version == 1


@pytest.mark.parametrize("language", ["en", "zh-hant", "zh-hans"])
def test_form_asks_for_consent_in_the_visitors_language(client, topic, language):
    html = client.get(localised("contacts:contact", language)).content.decode()

    # Whole wordings: the interface around them shares words with them.
    assert wording(language).text in html
    for other in {"en", "zh-hant", "zh-hans"} - {language}:
        assert wording(other).text not in html


def test_without_a_wording_in_their_language_visitors_are_asked_in_marked_english(
    client, topic
):
    simplified = wording("zh-hans").text
    ConsentWording.objects.filter(language="zh-hans").delete()

    html = client.get(localised("contacts:contact", "zh-hans")).content.decode()

    assert f'<span lang="en">{wording("en").text}</span>' in html
    assert simplified not in html


def test_evidence_records_the_visitors_language_and_the_exact_text_shown(
    client, form_data
):
    path, data = contact_post("zh-hant", form_data, marketing_consent="on")

    response = client.post(path, data)

    assert response.status_code == 302
    assert response["Location"] == localised("contacts:thanks", "zh-hant")
    event = ConsentEvent.objects.get()
    assert event.language == "zh-hant"
    assert event.wording == wording("zh-hant")
    assert event.wording.sha256 == ConsentWording.digest(event.wording.text)
    assert Enquiry.objects.get().language == "zh-hant"


def test_evidence_of_an_english_fallback_names_the_english_wording(client, form_data):
    english = wording("en")
    ConsentWording.objects.filter(language="zh-hans").delete()
    path = localised("contacts:contact", "zh-hans")
    data = {
        **form_data,
        "form_token": antispam.sign_form_token(wording_id=english.pk),
        "marketing_consent": "on",
    }

    client.post(path, data)

    event = ConsentEvent.objects.get()
    assert (event.language, event.wording) == ("zh-hans", english)


def test_acknowledgement_speaks_the_visitors_language_and_staff_get_english(
    topic, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        enquiry = EnquiryFactory(topic=topic, language="zh-hant")

    acknowledgement, notification = sorted(
        mailoutbox, key=lambda message: message.to != [enquiry.email]
    )
    assert acknowledgement.extra_headers["Content-Language"] == "zh-Hant"
    assert '<html lang="zh-Hant">' in acknowledgement.alternatives[0][0]
    assert (
        localised(
            "contacts:unsubscribe", "zh-hant", kwargs={"token": "x"}
        ).removesuffix("x/")
        in acknowledgement.body
    )
    assert notification.extra_headers["Content-Language"] == "en"
    assert '<html lang="en">' in notification.alternatives[0][0]
    assert "/zh-hant/" not in notification.body
    with translation.override("zh-hant"):
        subject = services._("We have received your enquiry: %(subject)s") % {
            "subject": enquiry.subject
        }
    assert acknowledgement.subject.endswith(subject)


def test_unsubscribe_link_opens_the_pages_in_the_enquirys_language(client, topic):
    enquiry = EnquiryFactory(topic=topic, language="zh-hans", marketing_consent=True)
    _log, chunks = export_consented_contacts(via="command")
    (row,) = list(csv.DictReader(io.StringIO("".join(chunks).removeprefix("\ufeff"))))
    path = row["Unsubscribe URL"].removeprefix("https://news.example.com")

    page = client.get(path)
    done = client.post(path, follow=True)

    assert path.startswith("/zh-hans/contact/unsubscribe/")
    assert page.wsgi_request.LANGUAGE_CODE == "zh-hans"
    assert done.redirect_chain[-1][0] == localised("contacts:unsubscribed", "zh-hans")
    withdrawal = ConsentEvent.objects.filter(email=enquiry.email).first()
    assert (withdrawal.action, withdrawal.language) == ("withdrawn", "zh-hans")


def test_export_has_the_language_of_each_grant(topic):
    for language in ("en", "zh-hant", "zh-hans"):
        EnquiryFactory(
            topic=topic,
            email=f"{language}@example.com",
            language=language,
            marketing_consent=True,
        )

    _log, chunks = export_consented_contacts(via="command")
    rows = list(csv.DictReader(io.StringIO("".join(chunks).removeprefix("\ufeff"))))

    assert {row["Email"]: row["Language"] for row in rows} == {
        "en@example.com": "en",
        "zh-hans@example.com": "zh-hans",
        "zh-hant@example.com": "zh-hant",
    }
    unsubscribe = {row["Email"]: row["Unsubscribe URL"] for row in rows}
    assert "/zh-hant/contact/unsubscribe/" in unsubscribe["zh-hant@example.com"]
    assert "/zh-hans/contact/unsubscribe/" in unsubscribe["zh-hans@example.com"]
    assert (
        "https://news.example.com/contact/unsubscribe/" in unsubscribe["en@example.com"]
    )


def test_export_query_count_stays_fixed_in_every_language(topic):
    languages = ["en", "zh-hant", "zh-hans"]

    def queries_to_export(contacts):
        for number in range(contacts):
            EnquiryFactory(
                topic=topic, language=languages[number % 3], marketing_consent=True
            )
        _log, chunks = export_consented_contacts(via="command", chunk_size=5)
        with CaptureQueriesContext(connection) as queries:
            text = "".join(chunks)
        assert text.count("\n") == Enquiry.objects.count() + 1
        return len(queries)

    small, large = queries_to_export(3), queries_to_export(12)

    # Rows, log update (and a savepoint); PostgreSQL's planner setting and reset.
    assert small == large <= (5 if connection.vendor == "postgresql" else 3)


@pytest.mark.parametrize(
    ("language", "words", "lang"),
    [
        ("en", "What we collect", "en"),
        ("zh-hant", "我們收集的資料", "zh-Hant"),
        ("zh-hans", "我们收集的信息", "zh-Hans"),
    ],
)
def test_privacy_statement_is_shown_in_the_readers_language(
    client, language, words, lang, django_assert_max_num_queries
):
    with django_assert_max_num_queries(1):
        response = client.get(localised("privacy", language))

    html = response.content.decode()
    assert response.status_code == 200
    assert words in html
    assert f'<div class="privacy-statement" lang="{lang}">' in html
    assert 'role="note"' not in html


def test_privacy_statement_missing_in_a_language_shows_english_with_a_notice(client):
    PrivacyStatement.objects.filter(language="zh-hant").delete()

    html = client.get(localised("privacy", "zh-hant")).content.decode()

    assert '<div class="privacy-statement" lang="en">' in html
    assert "What we collect" in html
    assert 'role="note"' in html


def test_privacy_statement_is_stored_sanitised():
    statement = services.privacy_statement_create(
        text='<h2>Who</h2><p onclick="x()">Us.<script>alert(1)</script></p>'
        '<a href="javascript:alert(1)">link</a>',
        language="zh-hans",
    )

    assert "onclick" not in statement.text
    assert "<script" not in statement.text
    assert "javascript:" not in statement.text
    assert "<h2>Who</h2>" in statement.text
    assert PrivacyStatement.objects.for_reader("zh-hans") == statement


def admin_list(client, model):
    return client.get(reverse(f"admin:contacts_{model}_changelist")).content.decode()


def test_admin_flags_chinese_wordings_left_behind_by_a_new_english_one(
    client, superuser
):
    client.force_login(superuser)
    assert "older than the current English" not in admin_list(client, "consentwording")

    client.post(
        reverse("admin:contacts_consentwording_add"),
        {"purpose": "direct_marketing", "language": "en", "text": "New English."},
    )
    html = admin_list(client, "consentwording")

    assert "The Traditional Chinese version (version 1) is older" in html
    assert "The Simplified Chinese version (version 1) is older" in html
    assert html.count("Current, older than the English version") == 2
    assert "?language=zh-hant" in html


def test_admin_says_which_languages_have_no_version(client, superuser):
    PrivacyStatement.objects.filter(language="zh-hans").delete()
    client.force_login(superuser)

    html = admin_list(client, "privacystatement")

    assert "There is no Simplified Chinese version yet" in html
    assert "Traditional Chinese version" not in html


def test_admin_add_form_starts_from_the_current_text_of_the_language_asked(
    client, superuser
):
    client.force_login(superuser)
    url = reverse("admin:contacts_consentwording_add")

    html = client.get(url + "?language=zh-hans").content.decode()

    assert wording("zh-hans").text in html


def test_evidence_page_shows_language_and_exact_text(client, handler, topic):
    enquiry = EnquiryFactory(topic=topic, language="zh-hant", marketing_consent=True)
    event = enquiry.consent_events.get()
    client.force_login(handler)

    html = client.get(
        reverse("admin:contacts_consentevent_change", args=[event.pk])
    ).content.decode()

    assert f'<span lang="zh-Hant">{event.wording.text}</span>' in html
    assert html.count("Traditional Chinese") >= 2  # The visitor's and the wording's.
    assert event.wording.sha256 in html


def test_withdrawal_recorded_by_staff_names_no_language(topic):
    enquiry = EnquiryFactory(topic=topic, language="zh-hant", marketing_consent=True)

    event = services.consent_withdraw(email=enquiry.email, source="letter")

    assert (event.action, event.language) == ("withdrawn", "")


def test_grant_without_a_language_is_refused_by_the_database(topic):
    enquiry = EnquiryFactory(topic=topic)
    grant = ConsentEvent(
        email=enquiry.email,
        action="granted",
        wording=wording("en"),
        source="contact_form",
        language="",
    )

    with pytest.raises(IntegrityError), transaction.atomic():
        grant.save()


def test_admin_adds_a_privacy_statement_version_from_the_current_text(
    client, superuser
):
    client.force_login(superuser)
    url = reverse("admin:contacts_privacystatement_add")

    page = client.get(url + "?language=zh-hant")
    client.post(url, {"language": "zh-hant", "text": "<h2>新版</h2><p>內容。</p>"})

    assert page.status_code == 200
    assert "我們收集的資料" in page.content.decode()
    statement = PrivacyStatement.objects.current("zh-hant")
    assert (statement.version, statement.created_by) == (2, superuser)
    assert statement.text == "<h2>新版</h2><p>內容。</p>"


def test_form_offers_topics_in_the_visitors_language_or_else_in_english(client):
    EnquiryTopic.objects.create(
        slug="media", name_en="Media enquiry", name_zh_hant="傳媒查詢", position=1
    )

    traditional = client.get(localised("contacts:contact", "zh-hant")).content.decode()
    simplified = client.get(localised("contacts:contact", "zh-hans")).content.decode()
    english = client.get(localised("contacts:contact", "en")).content.decode()

    assert "傳媒查詢" in traditional and "一般查詢" in traditional
    assert "Media enquiry" in simplified and "一般咨询" in simplified
    assert "Media enquiry" in english and "General enquiry" in english
    assert "傳媒查詢" not in english


def test_staff_notification_names_the_topic_in_english(
    topic, mailoutbox, django_capture_on_commit_callbacks
):
    EnquiryTopic.objects.filter(pk=topic.pk).update(name_zh_hant="傳媒查詢")

    with django_capture_on_commit_callbacks(execute=True):
        EnquiryFactory(topic=topic, language="zh-hant")

    (notification,) = [m for m in mailoutbox if m.to == ["enquiries@newsroom.test"]]
    assert "Media enquiry" in notification.subject
    assert "傳媒查詢" not in notification.body


def test_editor_names_a_topic_in_each_language_in_the_admin(client, superuser):
    client.force_login(superuser)

    client.post(
        reverse("admin:contacts_enquirytopic_add"),
        {
            "name_en": "Investor relations",
            "name_zh_hant": "投資者關係",
            "name_zh_hans": "投资者关系",
            "slug": "investors",
            "position": "5",
        },
    )

    topic = EnquiryTopic.objects.get(slug="investors")
    assert (topic.name_en, topic.name_zh_hant, topic.name_zh_hans) == (
        "Investor relations",
        "投資者關係",
        "投资者关系",
    )
