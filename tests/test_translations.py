"""The interface's catalogues: every string translated, compiled and true to the code.

Django reads the compiled .mo files, never the .po files translators edit, and it
shows the English text for anything missing, fuzzy or stale, silently. A string
left untranslated, a .mo not compiled again after an edit, or a placeholder
mistyped (which raises KeyError when the page formats it) would reach readers of
the Chinese site; these tests catch each before it is merged.
"""

import ast
import gettext
import re
from dataclasses import dataclass, field

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import translation

from contacts.models import Enquiry

LOCALES = ["zh_Hant", "zh_Hans"]
LOCALE_DIR = settings.LOCALE_PATHS[0]

# Placeholders and markup a translation must carry unchanged: Python's
# %-formatting (only in entries flagged python-format, where a literal "%00"
# is not one), str.format fields (python-brace-format) and HTML tags.
PERCENT = re.compile(r"%(?:\([^)]+\))?[-#0 +]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa%]")
BRACE = re.compile(r"\{[^{}]*\}")
TAG = re.compile(r"<[^>]+>")


@dataclass
class Entry:
    """One message of a .po file, as gettext's tools read it."""

    msgid: str = ""
    msgid_plural: str | None = None
    msgctxt: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)
    line: int = 0


def read_po(path):
    """The entries of a .po file (its header included, obsolete ones left out)."""
    entries, entry, target = [], Entry(), None
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#~"):
            if target is not None:
                entries.append(entry)
            entry, target = Entry(), None
        elif line.startswith("#,"):
            entry.flags.update(flag.strip() for flag in line[2:].split(","))
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            value = ast.literal_eval(line)
            if isinstance(target, int):
                entry.msgstr[target] += value
            else:
                setattr(entry, target, getattr(entry, target) + value)
        else:
            keyword, value = line.split(" ", 1)
            value = ast.literal_eval(value)
            if keyword.startswith("msgstr"):
                target = int(keyword[7:-1]) if "[" in keyword else 0
                entry.msgstr[target] = value
            else:
                target = keyword
                setattr(entry, target, value)
                entry.line = entry.line or number
    if target is not None:
        entries.append(entry)
    return entries


def po_path(locale):
    return LOCALE_DIR / locale / "LC_MESSAGES" / "django.po"


def messages(locale):
    return [entry for entry in read_po(po_path(locale)) if entry.msgid]


def placeholders(text, flags):
    found = TAG.findall(text)
    if "python-format" in flags:
        found += PERCENT.findall(text)
    if "python-brace-format" in flags:
        found += BRACE.findall(text)
    return sorted(found)


def describe(locale, entry):
    return (
        f"{po_path(locale).relative_to(settings.BASE_DIR)}:{entry.line} {entry.msgid!r}"
    )


@pytest.mark.parametrize("locale", LOCALES)
def test_every_interface_string_is_translated_and_none_is_fuzzy(locale):
    header = read_po(po_path(locale))[0]
    assert header.msgid == "" and "fuzzy" not in header.flags, (
        "a fuzzy header makes msgfmt drop the charset and plural forms"
    )
    assert "nplurals=1; plural=0;" in header.msgstr[0]
    entries = messages(locale)
    assert len(entries) > 300, "the catalogue lost its messages"
    untranslated = [describe(locale, e) for e in entries if not all(e.msgstr.values())]
    fuzzy = [describe(locale, e) for e in entries if "fuzzy" in e.flags]
    assert untranslated == []
    assert fuzzy == []


@pytest.mark.parametrize("locale", LOCALES)
def test_translations_keep_every_placeholder_and_tag(locale):
    mismatched = []
    for entry in messages(locale):
        source = entry.msgid_plural if entry.msgid_plural is not None else entry.msgid
        expected = placeholders(source, entry.flags)
        for translated in entry.msgstr.values():
            if placeholders(translated, entry.flags) != expected:
                mismatched.append(f"{describe(locale, entry)} -> {translated!r}")
    assert mismatched == []


@pytest.mark.parametrize("locale", LOCALES)
def test_compiled_catalogue_matches_its_po_file(locale):
    """The committed .mo says what the .po says (run `make messages` after edits)."""
    mo_path = po_path(locale).with_suffix(".mo")
    with mo_path.open("rb") as mo_file:
        compiled = gettext.GNUTranslations(mo_file)
    stale = []
    for entry in messages(locale):
        expected = entry.msgstr[0]
        if entry.msgid_plural is not None:
            found = {
                compiled.npgettext(entry.msgctxt, entry.msgid, entry.msgid_plural, n)
                if entry.msgctxt is not None
                else compiled.ngettext(entry.msgid, entry.msgid_plural, n)
                for n in (1, 2, 5)
            }
        elif entry.msgctxt is not None:
            found = {compiled.pgettext(entry.msgctxt, entry.msgid)}
        else:
            found = {compiled.gettext(entry.msgid)}
        if found != {expected}:
            stale.append(f"{describe(locale, entry)}: .mo has {found!r}")
    assert stale == []
    assert "nplurals=1" in compiled.info().get("plural-forms", "")


def test_placeholder_check_catches_a_dropped_or_renamed_placeholder():
    """The check above compares what it should (it must not pass on anything)."""
    flags = {"python-format"}
    source = 'Send to our <a href="%(contact_url)s">form</a>, %(count)d times'
    kept = '請透過<a href="%(contact_url)s">表格</a>發送 %(count)d 次'
    assert placeholders(kept, flags) == placeholders(source, flags)
    for broken in (
        '請透過<a href="%(contact)s">表格</a>發送 %(count)d 次',
        "請透過表格發送 %(count)d 次",
        '請透過<a href="%(contact_url)s">表格</a>發送 %(count)s 次',
    ):
        assert placeholders(broken, flags) != placeholders(source, flags)
    assert placeholders("(%00)", set()) == []


# -- Pages and emails as a Chinese reader sees them ---------------------------
#
# Each is fetched with the language active, under its language's URL prefix and
# asked for by the browser, so the check holds wherever the language comes from
# (the active translation, or LocaleMiddleware with i18n_patterns).

HANT, HANS = "zh-hant", "zh-hans"
# Full-width punctuation on purpose: it is part of a correct Chinese translation.
SEEN = {
    "form": {
        HANT: ["提交查詢", "標有星號（*）的欄位必須填寫。", "查詢類別"],  # noqa: RUF001
        HANS: ["提交咨询", "标有星号（*）的字段为必填项。", "咨询类别"],  # noqa: RUF001
    },
    "errors": {
        HANT: ["請更正以下各項：", "錯誤："],  # noqa: RUF001
        HANS: ["请更正以下各项：", "错误："],  # noqa: RUF001
    },
    "404": {HANT: ["找不到網頁", "前往主頁"], HANS: ["找不到页面", "前往首页"]},
    "500": {
        HANT: ["出現錯誤", "請於數分鐘後再試。"],
        HANS: ["出现错误", "请在几分钟后重试。"],
    },
    "429": {
        HANT: ["請求過多", "未有發送任何內容。"],
        HANS: ["请求过多", "未发送任何内容。"],
    },
    "unsubscribe": {
        HANT: [
            "取消訂閱直接促銷資訊",
            "停止向 c…@example.com 發送",
            "取消訂閱不收取任何費用。",
        ],
        HANS: ["退订营销信息", "停止向 c…@example.com 发送", "退订不收取任何费用。"],
    },
    "invalid link": {
        HANT: ["此取消訂閱連結無效", "連結可能未有完整複製"],
        HANS: ["此退订链接无效", "链接可能未完整复制"],
    },
    "notification": {
        HANT: ["新查詢 #", "：Media enquiry。", "在管理介面處理"],  # noqa: RUF001
        HANS: ["新咨询 #", "：Media enquiry。", "在管理后台处理"],  # noqa: RUF001
    },
    "ack": {
        HANT: ["陳大文 您好：", "感謝您聯絡", "「Interview request」"],  # noqa: RUF001
        HANS: ["陈大文，您好：", "感谢您联系", "“Interview request”"],  # noqa: RUF001
    },
}
# Interface text only: the consent wording and other content come from the
# database, translated by editors, not by these catalogues.
ENGLISH = [
    "Send enquiry",
    "Fields marked with an asterisk",
    "Please correct the following",
    "Page not found",
    "Something went wrong",
    "Too many requests",
    "Thank you for contacting",
    "To stop receiving marketing",
    "Unsubscribe from marketing",
    "This unsubscribe link is not valid",
    "Handle it in the admin",
]


@pytest.fixture
def client(language):
    """A reader whose browser asks for the language under test."""
    return Client(headers={"accept-language": language})


@pytest.fixture
def contact_form(db, settings):
    """A valid Contact Us submission, the fill-time wait and rate limit relaxed."""
    from contacts import antispam
    from contacts.models import ConsentWording
    from tests.contacts.factories import EnquiryTopicFactory

    settings.CONTACT_MIN_FILL_SECONDS = 0
    settings.CONTACT_CLIENT_IP_HEADER = ""
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    topic = EnquiryTopicFactory(name="Media enquiry", slug="media")

    def data():
        return {
            "name": "陳大文",
            "email": "chan.taiman@example.com",
            "topic": str(topic.pk),
            "subject": "Interview request",
            "message": "Could your spokesperson speak to us on Friday?",
            "privacy_acknowledged": "on",
            "website": "",
            "form_token": antispam.sign_form_token(
                wording_id=ConsentWording.objects.current().pk
            ),
        }

    return data


def assert_chinese(html, part, language):
    for text in SEEN[part][language]:
        assert text in html
    for text in ENGLISH:
        assert text not in html


@pytest.mark.parametrize("language", [HANT, HANS])
def test_contact_form_and_its_errors_are_in_the_visitors_script(
    client, contact_form, language
):
    with translation.override(language):
        url = reverse("contacts:contact")
        page = client.get(url)
        errors = client.post(url, {**contact_form(), "email": ""})

    assert page.status_code == 200
    assert_chinese(page.content.decode(), "form", language)
    # A person's name (姓名), not the name of a thing (名稱) as for a tag or topic.
    assert re.search(r'for="id_name"[^>]*>\s*姓名', page.content.decode())
    assert errors.status_code == 200
    html = errors.content.decode()
    assert_chinese(html, "errors", language)
    assert "陳大文" in html, "what the visitor typed is kept"


@pytest.mark.parametrize("language", [HANT, HANS])
def test_rate_limit_page_is_in_the_visitors_script(
    client, contact_form, settings, language
):
    settings.CONTACT_RATE_LIMIT = "1/h"
    with translation.override(language):
        url = reverse("contacts:contact")
        assert client.post(url, contact_form()).status_code == 302
        response = client.post(url, contact_form())

    assert response.status_code == 429
    assert_chinese(response.content.decode(), "429", language)
    assert Enquiry.objects.count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize("language", [HANT, HANS])
def test_error_pages_are_in_the_readers_script(client, language):
    from django.test import RequestFactory
    from django.views.defaults import server_error

    with translation.override(language):
        missing = client.get(f"/{language}/news/no-such-release-anywhere/")
        failed = server_error(RequestFactory().get(f"/{language}/"))

    assert missing.status_code == 404
    assert_chinese(missing.content.decode(), "404", language)
    assert failed.status_code == 500
    assert_chinese(failed.content.decode(), "500", language)


@pytest.mark.django_db
@pytest.mark.parametrize("language", [HANT, HANS])
def test_acknowledgement_email_is_in_the_visitors_script(language):
    from django.template.loader import render_to_string

    from tests.contacts.factories import EnquiryFactory

    enquiry = EnquiryFactory.build(
        name="陳大文" if language == HANT else "陈大文", subject="Interview request"
    )
    context = {
        "enquiry": enquiry,
        "site_name": "Harbour Science Park",
        "site_url": "https://news.example.com",
        "unsubscribe_url": "https://news.example.com/contact/unsubscribe/x/",
    }
    with translation.override(language):
        text = render_to_string("contacts/email/acknowledgement.txt", context)
        html = render_to_string("contacts/email/acknowledgement.html", context)

    for body in (text, html):
        assert_chinese(
            body.replace("&ldquo;", "“").replace("&rdquo;", "”"), "ack", language
        )


@pytest.mark.parametrize("language", [HANT, HANS])
def test_unsubscribe_pages_are_in_the_visitors_script(client, contact_form, language):
    from contacts.tokens import make_unsubscribe_token
    from tests.contacts.factories import EnquiryFactory

    enquiry = EnquiryFactory(email="chan.taiman@example.com", marketing_consent=True)
    with translation.override(language):
        confirm = client.get(
            reverse("contacts:unsubscribe", args=[make_unsubscribe_token(enquiry.pk)])
        )
        invalid = client.get(reverse("contacts:unsubscribe", args=["not-a-token"]))

    assert confirm.status_code == 200
    assert_chinese(confirm.content.decode(), "unsubscribe", language)
    assert invalid.status_code == 404
    assert_chinese(invalid.content.decode(), "invalid link", language)


@pytest.mark.django_db
@pytest.mark.parametrize("language", [HANT, HANS])
def test_staff_notification_can_be_read_in_chinese(language):
    from django.template.loader import render_to_string

    from tests.contacts.factories import EnquiryFactory, EnquiryTopicFactory

    enquiry = EnquiryFactory(topic=EnquiryTopicFactory(name="Media enquiry"))
    context = {"enquiry": enquiry, "admin_url": "https://news.example.com/admin/"}
    with translation.override(language):
        text = render_to_string("contacts/email/notification.txt", context)
        html = render_to_string("contacts/email/notification.html", context)

    assert_chinese(text, "notification", language)
    assert_chinese(html, "notification", language)
