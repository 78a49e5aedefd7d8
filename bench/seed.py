# The seeded Chinese sentences are punctuated as Chinese is.
# ruff: noqa: RUF001
"""
Years of news and a decade of enquiries, written inside PostgreSQL.

A row at a time through save() would take hours for a million enquiries, so
the rows are made by `INSERT ... SELECT generate_series(...)` from a small pool
of real texts and files: the demo's releases (titles, summaries, sanitised
bodies), images cut once through the real upload path (so every rendition a
page links to exists), a PDF fact sheet. Each call tops the tables up to the
next scale, so 1k, 10k and 100k are seeded once each, oldest news last.

Public releases are exactly the scale asked for; drafts (3%) and scheduled
releases (1%) come on top. Four in five have a Traditional Chinese
translation, seven in ten a Simplified one (written from a small vocabulary,
the same sentences in both scripts); the rest are English only. Enquiries:
40% give marketing consent, a tenth of those withdraw it later, 15% come
from senders who wrote before.
"""

import random

from django.core.files.base import ContentFile
from django.db import connection
from django.utils import timezone
from django.utils.html import escape

from pressroom import demo
from pressroom.models import (
    MediaContact,
    Release,
    ReleaseAttachment,
    ReleaseImage,
    Tag,
)

TAGS = 300
MEDIA_CONTACTS = 40
HEROES = 4
GALLERY_IMAGES = 4
# Minutes between two releases going back in time: 100k releases span 17 years.
RELEASE_SPACING_MINUTES = 90
# Minutes between two enquiries: a million span about 9.5 years.
ENQUIRY_SPACING_MINUTES = 5
TEMPLATE_SLUG = "bench-photo-library"

WORDS = (
    "robotics laboratory partnership research campus innovation start-up "
    "incubator funding biomedical semiconductor sustainability energy solar "
    "hydrogen mobility artificial intelligence data centre students university "
    "award exhibition conference delegation investment programme talent "
    "scholarship pilot platform sensors batteries materials manufacturing "
    "healthcare diagnostics vaccine fintech blockchain cybersecurity quantum "
    "photonics agritech water recycling carbon smart city transport drones "
    "satellite ocean climate accelerator mentors founders venture capital"
).split()
# Chinese words, Traditional and Simplified, for the seeded translations. The
# words searched are placed so that each is in about as many releases as the
# English word searched (robotics, in a fifth): 中心 only in the event
# 創新中心開幕 (one in five), AI at the head of three titles in ten.
CHINESE_WORDS = [
    ("創新", "创新"), ("科技", "科技"), ("研究所", "研究所"),
    ("實驗室", "实验室"), ("合作夥伴", "合作伙伴"), ("初創企業", "初创企业"),
    ("資助計劃", "资助计划"), ("生物醫藥", "生物医药"), ("半導體", "半导体"),
    ("可持續發展", "可持续发展"), ("太陽能", "太阳能"), ("氫能", "氢能"),
    ("人工智能", "人工智能"), ("數據平台", "数据平台"), ("大學生", "大学生"),
    ("獎項", "奖项"), ("展覽", "展览"), ("國際會議", "国际会议"),
    ("代表團", "代表团"), ("投資", "投资"), ("人才", "人才"),
    ("獎學金", "奖学金"), ("平台", "平台"), ("感測器", "传感器"),
    ("電池", "电池"), ("新材料", "新材料"), ("先進製造", "先进制造"),
    ("醫療診斷", "医疗诊断"), ("疫苗", "疫苗"), ("金融科技", "金融科技"),
    ("區塊鏈", "区块链"), ("網絡安全", "网络安全"), ("量子", "量子"),
    ("智慧城市", "智慧城市"), ("無人機", "无人机"), ("衛星", "卫星"),
    ("海洋", "海洋"), ("氣候", "气候"), ("加速器", "加速器"),
]  # fmt: skip
CHINESE_EVENTS = [
    ("創新中心開幕", "创新中心开幕"), ("正式啟動", "正式启动"),
    ("簽署合作協議", "签署合作协议"), ("公布成果", "公布成果"),
    ("接受申請", "接受申请"),
]  # fmt: skip
NAMES = [
    "Chan Tai Man",
    "陳大文",
    "Wong Siu Ming",
    "李小龍",
    "Amelia Ng",
    "Rahul Mehta",
    "Sophie Martin",
    "張偉",
    "Lee Ka Yan",
    "James O'Connor",
]
ORGANISATIONS = [
    "South China Morning Post",
    "HKU",
    "Acme Robotics Ltd",
    "",
    "Greenfield Ventures",
    "明報",
    "Independent",
    "CUHK",
]


def seed_library(*, now):
    """What every scale shares: tags, media contacts, topics, the photo library.

    The photos and the fact sheet are saved through the models, so their
    renditions are cut by pressroom.images exactly as for an editor's upload;
    the seeded releases then point at these files.
    """
    Tag.objects.bulk_create(
        Tag(name=f"{word.title()} {number}", slug=f"{word}-{number}")
        for number, word in (
            (index // len(WORDS) + 1, WORDS[index % len(WORDS)])
            for index in range(TAGS)
        )
    )
    MediaContact.objects.bulk_create(
        MediaContact(
            name=f"Spokesperson {number}",
            role="Communications Manager",
            organisation="Harbour Science Park",
            email=f"press{number}@example.com",
            phone=f"+852 2000 {number:04d}",
        )
        for number in range(1, MEDIA_CONTACTS + 1)
    )
    from contacts.models import EnquiryTopic

    EnquiryTopic.objects.bulk_create(
        EnquiryTopic(name=name, slug=slug, position=position)
        for position, (name, slug) in enumerate(
            [
                ("Media enquiry", "media"),
                ("Partnership", "partnership"),
                ("Leasing", "leasing"),
                ("Events", "events"),
            ],
            start=10,
        )
    )
    heroes = []
    for number in range(HEROES):
        release = Release(
            title=f"Photo library {number}",
            slug=f"{TEMPLATE_SLUG}-{number}",
            summary="Not public: the bench's photo library.",
            body="<p>Photo library.</p>",
            status=Release.Status.DRAFT,
            publish_at=now,
            hero_alt=f"A drawn skyline, number {number}",
            hero_caption="The park at dusk.",
            hero_credit="Bench photographer",
        )
        release.hero_image = ContentFile(
            demo._draw_image(number, 2400, 1600), name=f"hero-{number}.jpg"
        )
        release.save()
        heroes.append(release)
    for number in range(GALLERY_IMAGES):
        ReleaseImage(
            release=heroes[0],
            image=ContentFile(
                demo._draw_image(100 + number, 1600, 1067), name=f"photo-{number}.jpg"
            ),
            alt_text=f"A drawn photo, number {number}",
            position=number,
        ).save()
    ReleaseAttachment(
        release=heroes[0],
        file=ContentFile(demo._fact_sheet_pdf("Fact sheet"), name="fact-sheet.pdf"),
        title="Fact sheet (PDF)",
    ).save()
    _load_texts()


def _load_texts(variants=8):
    """A pool of release texts: each demo release with one of a few extra
    paragraphs, so that searches match a realistic share of the releases,
    and a Chinese translation of it in both scripts."""
    rng = random.Random(7)
    texts = []
    for index, (slug, title, summary, *_rest) in enumerate(demo.RELEASES):
        for _variant in range(variants):
            extra = " ".join(rng.choice(WORDS) for _ in range(6))
            body = demo._body(title, summary, index) + f"<p>{escape(extra)}.</p>"
            chinese = _chinese_texts(rng)
            texts.append((len(texts), title, slug, summary, body, *chinese))
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE UNLOGGED TABLE bench_text (k int PRIMARY KEY, title text, "
            "slug text, summary text, body text, title_zh_hant text, "
            "summary_zh_hant text, body_zh_hant text, title_zh_hans text, "
            "summary_zh_hans text, body_zh_hans text)"
        )
        cursor.executemany(
            f"INSERT INTO bench_text VALUES ({', '.join(['%s'] * 11)})", texts
        )
    return len(texts)


# The sentences of the seeded translations, Traditional then Simplified.
CHINESE_SENTENCES = {
    "park": ("科學園", "科学园"),
    "summary": (
        "{park}今日宣布，{0}與{1}的{2}{event}。",
        "{park}今日宣布，{0}与{1}的{2}{event}。",
    ),
    "paragraph": (
        "<p>{0}、{1}和{2}是{park}的重點，{3}團隊將繼續推動發展。</p>",
        "<p>{0}、{1}和{2}是{park}的重点，{3}团队将继续推动发展。</p>",
    ),
}  # fmt: skip


def _chinese_texts(rng):
    """Title, summary and body in Traditional, then the same in Simplified:
    sentences of the vocabulary's words, a few hundred characters of body."""
    title_words, event = rng.sample(CHINESE_WORDS, 2), rng.choice(CHINESE_EVENTS)
    summary_words = rng.sample(CHINESE_WORDS, 3)
    paragraphs = [rng.sample(CHINESE_WORDS, 4) for _ in range(5)]
    head = "AI " if rng.random() < 0.3 else ""
    texts = []
    for i in (0, 1):
        park = CHINESE_SENTENCES["park"][i]
        texts += [
            f"{head}{park}{title_words[0][i]}{title_words[1][i]}{event[i]}",
            CHINESE_SENTENCES["summary"][i].format(
                *(word[i] for word in summary_words), park=park, event=event[i]
            ),
            "".join(
                CHINESE_SENTENCES["paragraph"][i].format(
                    *(word[i] for word in words), park=park
                )
                for words in paragraphs
            ),
        ]
    return texts


def seed_releases(*, upto, now):
    """Top the public releases up to `upto`, with 3% drafts and 1% scheduled.

    New releases are older than those already there: history grows backwards,
    as it does when an organisation imports its archive.
    """
    public = Release.objects.published().count()
    if upto <= public:
        return 0
    batch = upto - public
    with connection.cursor() as cursor:
        cursor.execute("SELECT max(id) FROM pressroom_release")
        (max_id,) = cursor.fetchone()
        cursor.execute("SELECT count(*) FROM bench_text")
        (texts,) = cursor.fetchone()
        for status, prefix, first, count, when in (
            ("published", "", public + 1, batch, "%(now)s - g * %(spacing)s::interval"),
            (
                "draft",
                "draft-",
                public + 1,
                max(1, batch * 3 // 100),
                "%(now)s - g * %(spacing)s::interval",
            ),
            (
                "published",
                "soon-",
                public + 1,
                max(1, batch // 100),
                # A day ahead at least: none turns public during the run,
                # which would move the pages' validators mid-measurement.
                "%(now)s + interval '1 day' + g * interval '1 minute'",
            ),
        ):
            cursor.execute(
                f"""
                INSERT INTO pressroom_release (
                    title, slug, subtitle, dateline, summary, body,
                    title_en, subtitle_en, dateline_en, summary_en, body_en,
                    title_zh_hant, subtitle_zh_hant, dateline_zh_hant,
                    summary_zh_hant, body_zh_hant,
                    title_zh_hans, subtitle_zh_hans, dateline_zh_hans,
                    summary_zh_hans, body_zh_hans,
                    status, publish_at, hero_image, hero_alt, hero_caption,
                    hero_alt_en, hero_caption_en,
                    hero_credit, hero_renditions, created_at, updated_at
                )
                SELECT
                    t.title, %(prefix)s || t.slug || '-' || g, '', 'Hong Kong',
                    t.summary, t.body,
                    t.title, '', 'Hong Kong', t.summary, t.body,
                    -- Traditional on four in five, Simplified on seven in ten.
                    CASE WHEN g %% 5 <> 0 THEN t.title_zh_hant END,
                    CASE WHEN g %% 5 <> 0 THEN '' END,
                    CASE WHEN g %% 5 <> 0 THEN '香港' END,
                    CASE WHEN g %% 5 <> 0 THEN t.summary_zh_hant END,
                    CASE WHEN g %% 5 <> 0 THEN t.body_zh_hant END,
                    CASE WHEN g %% 10 >= 3 THEN t.title_zh_hans END,
                    CASE WHEN g %% 10 >= 3 THEN '' END,
                    CASE WHEN g %% 10 >= 3 THEN '香港' END,
                    CASE WHEN g %% 10 >= 3 THEN t.summary_zh_hans END,
                    CASE WHEN g %% 10 >= 3 THEN t.body_zh_hans END,
                    %(status)s, {when},
                    coalesce(h.hero_image, ''), coalesce(h.hero_alt, ''),
                    coalesce(h.hero_caption, ''), coalesce(h.hero_alt, ''),
                    coalesce(h.hero_caption, ''), coalesce(h.hero_credit, ''),
                    coalesce(h.hero_renditions, '{{}}'::jsonb),
                    {when} - interval '1 day', {when}
                FROM generate_series(%(first)s, %(last)s) AS g
                JOIN bench_text AS t ON t.k = g %% %(texts)s
                LEFT JOIN (
                    SELECT row_number() OVER (ORDER BY id) - 1 AS k, *
                    FROM pressroom_release WHERE slug LIKE %(templates)s
                ) AS h ON g %% 2 = 0 AND h.k = g %% {HEROES}
                """,
                {
                    "prefix": prefix,
                    "status": status,
                    "now": now,
                    "spacing": f"{RELEASE_SPACING_MINUTES} minutes",
                    "first": first,
                    "last": first + count - 1,
                    "texts": texts,
                    "templates": f"{TEMPLATE_SLUG}-%",
                },
            )
        _link_new_releases(cursor, after_id=max_id)
    return batch


def _link_new_releases(cursor, *, after_id):
    """Tags, media contacts, photos and attachments for releases past after_id.

    Tags are drawn with a skew (a few tags are on many releases, most on few),
    like any real tag cloud, so the busiest tag's page is a real test.
    """
    params = {"after": after_id, "templates": f"{TEMPLATE_SLUG}-%"}
    cursor.execute("SELECT setseed(0.42)")
    cursor.execute(
        """
        INSERT INTO pressroom_release_tags (release_id, tag_id)
        SELECT r.id, tags.ids[1 + floor(cardinality(tags.ids)
                                        * power(random(), 3))::int]
        FROM pressroom_release AS r
        CROSS JOIN generate_series(1, 3) AS n
        CROSS JOIN (SELECT array_agg(id ORDER BY id) AS ids FROM pressroom_tag) AS tags
        WHERE r.id > %(after)s AND n <= 1 + r.id %% 3
        ON CONFLICT DO NOTHING
        """,
        params,
    )
    cursor.execute(
        """
        INSERT INTO pressroom_releasemediacontact
            (release_id, media_contact_id, position)
        SELECT r.id, contacts.ids[1 + (r.id * n * 7 + n) %% cardinality(contacts.ids)],
               n - 1
        FROM pressroom_release AS r
        CROSS JOIN generate_series(1, 2) AS n
        CROSS JOIN (
            SELECT array_agg(id ORDER BY id) AS ids FROM pressroom_mediacontact
        ) AS contacts
        WHERE r.id > %(after)s AND n <= 1 + r.id %% 2
        ON CONFLICT DO NOTHING
        """,
        params,
    )
    cursor.execute(
        """
        INSERT INTO pressroom_releaseimage (
            release_id, image, alt_text, caption, alt_text_en, caption_en, credit,
            position, renditions
        )
        SELECT r.id, i.image, i.alt_text, i.caption, i.alt_text_en, i.caption_en,
               i.credit, i.position, i.renditions
        FROM pressroom_release AS r
        CROSS JOIN pressroom_releaseimage AS i
        JOIN pressroom_release AS library ON library.id = i.release_id
        WHERE r.id > %(after)s AND r.id %% 10 = 0 AND library.slug LIKE %(templates)s
        """,
        params,
    )
    cursor.execute(
        """
        INSERT INTO pressroom_releaseattachment (
            release_id, file, title, title_en, content_type, size, position
        )
        SELECT r.id, a.file, a.title, a.title_en, a.content_type, a.size, a.position
        FROM pressroom_release AS r
        CROSS JOIN pressroom_releaseattachment AS a
        JOIN pressroom_release AS library ON library.id = a.release_id
        WHERE r.id > %(after)s AND r.id %% 10 = 5 AND library.slug LIKE %(templates)s
        """,
        params,
    )


def seed_enquiries(*, upto, now):
    """Top enquiries up to `upto`, with their consent evidence."""
    from contacts.models import ConsentWording, Enquiry

    existing = Enquiry.objects.count()
    if upto <= existing:
        return 0
    wording = ConsentWording.objects.current()
    params = {
        "first": existing + 1,
        "last": upto,
        "now": now,
        "spacing": f"{ENQUIRY_SPACING_MINUTES} minutes",
        "names": NAMES,
        "organisations": ORGANISATIONS,
        "words": WORDS,
        "wording": wording.pk,
    }
    with connection.cursor() as cursor:
        cursor.execute("SELECT coalesce(max(id), 0) FROM contacts_enquiry")
        (max_id,) = cursor.fetchone()
        cursor.execute(
            """
            INSERT INTO contacts_enquiry (
                name, email, phone, organisation, subject, message, source_url,
                submitted_at, status, internal_notes, email_status, email_error,
                email_attempted_at, acknowledged_at, staff_notified_at, topic_id
            )
            SELECT
                (%(names)s::text[])[1 + g %% cardinality(%(names)s::text[])],
                CASE WHEN g %% 100 < 15
                     THEN 'returning' || (g %% 5000) || '@example.net'
                     ELSE 'person' || g || '@example.com' END,
                '+852 ' || lpad((g %% 100000000)::text, 8, '0'),
                (%(organisations)s::text[])
                    [1 + g %% cardinality(%(organisations)s::text[])],
                'About '
                    || (%(words)s::text[])[1 + g %% cardinality(%(words)s::text[])],
                repeat('I would like to know more about your programmes. ', 6),
                'http://127.0.0.1/contact/',
                %(now)s - g * %(spacing)s::interval,
                CASE WHEN g %% 7 = 0 THEN 'new' ELSE 'closed' END,
                '', 'sent', '',
                %(now)s - g * %(spacing)s::interval,
                %(now)s - g * %(spacing)s::interval,
                %(now)s - g * %(spacing)s::interval,
                topics.ids[1 + g %% cardinality(topics.ids)]
            FROM generate_series(%(first)s, %(last)s) AS g
            CROSS JOIN (
                SELECT array_agg(id ORDER BY id) AS ids FROM contacts_enquirytopic
            ) AS topics
            """,
            params,
        )
        cursor.execute(
            """
            INSERT INTO contacts_consentevent (
                email, purpose, action, recorded_at, source, source_url,
                ip_address, user_agent, note, wording_id, enquiry_id
            )
            SELECT e.email, 'direct_marketing', 'granted', e.submitted_at,
                   'contact_form', 'http://127.0.0.1/contact/',
                   ('203.0.113.' || (e.id %% 250 + 1))::inet,
                   'Mozilla/5.0 (bench)', '', %(wording)s, e.id
            FROM contacts_enquiry AS e
            WHERE e.id > %(after)s AND e.id %% 5 < 2
            """,
            {**params, "after": max_id},
        )
        cursor.execute(
            """
            INSERT INTO contacts_consentevent (
                email, purpose, action, recorded_at, source, source_url,
                ip_address, user_agent, note, enquiry_id
            )
            SELECT e.email, 'direct_marketing', 'withdrawn',
                   e.submitted_at + interval '30 days', 'unsubscribe_link', '',
                   ('198.51.100.' || (e.id %% 250 + 1))::inet,
                   'Mozilla/5.0 (bench)', '', e.id
            FROM contacts_enquiry AS e
            WHERE e.id > %(after)s AND e.id %% 50 = 0
              AND e.submitted_at + interval '30 days' < %(now)s
            """,
            {**params, "after": max_id},
        )
    return upto - existing


def analyse():
    """Fresh statistics and visibility map, as autovacuum would soon make."""
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")


def table_sizes():
    """Rows and on-disk size of the tables the pages and the export read."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT relname, reltuples::bigint, pg_total_relation_size(oid)
            FROM pg_class
            WHERE relname IN ('pressroom_release', 'pressroom_release_tags',
                              'contacts_enquiry', 'contacts_consentevent')
            ORDER BY relname
            """
        )
        return {
            name: {"rows": rows, "bytes": size}
            for name, rows, size in cursor.fetchall()
        }


def seeded_now():
    """The time the seeded history ends at, fixed for the whole run."""
    return timezone.now().replace(microsecond=0)
