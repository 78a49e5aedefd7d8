# Chinese punctuation (commas, question marks) is full-width on purpose.
# ruff: noqa: RUF001
"""
Demo content for `manage.py load_demo`: enquiry topics and a few enquiries,
from visitors reading English, Traditional and Simplified Chinese. The consent
wording and the privacy statement in the three languages come with the
migrations (contacts 0002 and 0006), as on every site.
"""

from django.conf import settings
from django.urls import reverse
from django.utils import translation

from contacts import services
from contacts.models import (
    ConsentSource,
    ConsentWording,
    Enquiry,
    EnquiryStatus,
    EnquiryTopic,
)

# (slug, English, Traditional Chinese, Simplified Chinese)
DEMO_TOPICS = [
    ("general", "General enquiry", "一般查詢", "一般咨询"),
    ("media", "Media enquiry", "傳媒查詢", "媒体咨询"),
    ("events", "Events and programmes", "活動及計劃", "活动及项目"),
    ("partnerships", "Partnerships and sponsorship", "合作及贊助", "合作与赞助"),
    (
        "privacy",
        "Personal data access or correction",
        "查閱或改正個人資料",
        "查阅或更正个人资料",
    ),
]

# (name, email, organisation, topic, subject, message, language, consented,
#  withdrawn later)
DEMO_ENQUIRIES = [
    (
        "陳大文",
        "chan.taiman@example.com",
        "海港藝術中心",
        "events",
        "春季節目團體訂票",
        "我們約有二十人，想預訂春季節目的門票，請問有團體優惠嗎？",
        "zh-hant",
        True,
        False,
    ),
    (
        "Priya Raman",
        "priya.raman@example.net",
        "Daily Ledger",
        "media",
        "Interview request about the annual results",
        "This is a demo enquiry.",
        "en",
        False,
        False,
    ),
    (
        "Lee Wing Sze",
        "lee.wingsze@example.org",
        "",
        "general",
        "Newsletter question",
        "This is a demo enquiry.",
        "en",
        True,
        True,
    ),
    (
        "王晓明",
        "wang.xiaoming@example.cn",
        "深圳创新科技研究院",
        "partnerships",
        "合作洽谈",
        "我们希望了解贵机构的合作项目，请与我联系。",
        "zh-hans",
        True,
        False,
    ),
]


def contact_path(language):
    with translation.override(language):
        return reverse("contacts:contact")


def load_demo_content(*, stdout=None):
    """Create demo topics and enquiries. Idempotent: a second run changes nothing."""
    created_topics = 0
    for position, (slug, english, traditional, simplified) in enumerate(DEMO_TOPICS):
        topic, was_created = EnquiryTopic.objects.get_or_create(
            slug=slug, defaults={"name_en": english, "position": position * 10}
        )
        created_topics += was_created
        # Chinese names where none is given yet (a topic kept from an earlier
        # demo, or the site's first topic): a second run changes nothing.
        missing = {
            field: text
            for field, text in [
                ("name_zh_hant", traditional),
                ("name_zh_hans", simplified),
            ]
            if not getattr(topic, field)
        }
        if missing:
            EnquiryTopic.objects.filter(pk=topic.pk).update(**missing)

    created_enquiries = 0
    for (
        name,
        email,
        organisation,
        slug,
        subject,
        message,
        language,
        consented,
        withdrawn,
    ) in DEMO_ENQUIRIES:
        if Enquiry.objects.filter(email=email).exists():
            continue
        enquiry = services.enquiry_submit(
            name=name,
            email=email,
            organisation=organisation,
            phone="+852 2123 4567",
            topic=EnquiryTopic.objects.get(slug=slug),
            subject=subject,
            message=message,
            marketing_consent=consented,
            wording=ConsentWording.objects.for_reader(language),
            language=language,
            source_url=f"{settings.SITE_URL}{contact_path(language)}",
            ip_address="127.0.0.1",
            user_agent="Demo data",
            send_emails=False,
        )
        if withdrawn:
            services.consent_withdraw(
                email=email,
                source=ConsentSource.PHONE,
                note="Demo: asked by phone to stop newsletters.",
            )
            Enquiry.objects.filter(pk=enquiry.pk).update(status=EnquiryStatus.CLOSED)
        created_enquiries += 1

    if stdout is not None:
        stdout.write(
            f"Contact Us: {created_topics} enquiry topics and "
            f"{created_enquiries} demo enquiries created (the rest kept)."
        )
