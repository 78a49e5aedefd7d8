"""Demo content for `manage.py load_demo`: a fictional science park's press room.

About thirty releases over several years, tags, media contacts, Pillow-drawn
hero and gallery images (with their renditions), PDF fact sheets drawn in code,
one release scheduled for tomorrow and one draft, in English and, for most of
them, Traditional and Simplified Chinese (pressroom.demo_translations).
Everything is keyed on slugs and email addresses, so a second run changes
nothing.
"""

import datetime
import io
import random
import zoneinfo

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone, translation
from django.utils.html import escape
from PIL import Image, ImageDraw

from pressroom import demo_translations as chinese
from pressroom.models import (
    MediaContact,
    Release,
    ReleaseAttachment,
    ReleaseImage,
    ReleaseMediaContact,
    Tag,
)

PARK = "Harbour Science Park"
HONG_KONG = zoneinfo.ZoneInfo("Asia/Hong_Kong")

TAGS = {
    "sustainability": ("Sustainability", "Greener buildings, cleaner energy."),
    "innovation": ("Innovation", "New ideas from our labs and start-ups."),
    "start-ups": ("Start-ups", "Companies growing in our incubation programmes."),
    "biotech": ("Biotech", "Life sciences, health and medical technology."),
    "ai-robotics": ("AI & Robotics", "Artificial intelligence and robotics."),
    "events": ("Events", "Forums, open days and competitions."),
    "partnerships": ("Partnerships", "Agreements with universities and industry."),
    "talent": ("Talent", "Internships, fellowships and careers."),
    "corporate": ("Corporate", "Results, appointments and governance."),
    "smart-city": ("Smart city", "Technology for the city we live in."),
}

CONTACTS = [
    ("Grace Leung", "Head of Corporate Communications", "grace.leung"),
    ("Daniel Wong", "Senior Manager, Media Relations", "daniel.wong"),
    ("Priya Raman", "Manager, Public Affairs", "priya.raman"),
    ("Martin Ho", "Communications Officer, Start-up Programmes", "martin.ho"),
    ("Sophie Chan", "Manager, Digital Communications", "sophie.chan"),
    ("Kenneth Lau", "Former Head of Communications", "kenneth.lau"),
]

SPOKESPEOPLE = [
    ("Dr Helen Cheung", "Chief Executive Officer"),
    ("Albert Ng", "Chief Corporate Development Officer"),
    ("Dr Rachel Yip", "Head of Biomedical Technology"),
    ("Vincent Tsang", "Head of Incubation Programmes"),
]

# (slug, title, summary, tags, year, month, day, extras)
RELEASES = [
    (
        "park-commits-to-net-zero-by-2045",
        f"{PARK} commits to net zero by 2045",
        "A roadmap for cutting the park's carbon emissions, from solar roofs to "
        "district cooling.",
        ["sustainability", "corporate"],
        2021,
        2,
        24,
        {"pdf"},
    ),
    (
        "green-tech-fund-opens",
        "HK$200 million fund opens for green-tech start-ups",
        "Start-ups working on clean energy and waste can apply for matched "
        "funding of up to HK$10 million.",
        ["sustainability", "start-ups"],
        2021,
        4,
        12,
        set(),
    ),
    (
        "robotics-challenge-2021-winners",
        "Robotics Challenge 2021 crowns three student teams",
        "Teams from three universities built robots that sort "
        "recycling, climb stairs and help in hospital wards.",
        ["ai-robotics", "events", "talent"],
        2021,
        6,
        18,
        {"gallery"},
    ),
    (
        "biomedical-centre-opens",
        "New biomedical centre opens with 40 wet labs",
        "The centre gives life-science companies shared equipment and clean rooms "
        "from day one.",
        ["biotech", "innovation"],
        2021,
        9,
        7,
        set(),
    ),
    (
        "annual-results-2021",
        f"{PARK} reports record occupancy for 2021",
        "Occupancy reached 94 per cent as 180 companies joined the park during the "
        "year.",
        ["corporate"],
        2021,
        12,
        15,
        {"pdf"},
    ),
    (
        "ai-lab-partnership-university",
        "Joint AI lab with Harbour University to train 500 engineers",
        "The lab pairs university researchers with park "
        "companies on applied machine-learning projects.",
        ["ai-robotics", "partnerships", "talent"],
        2022,
        1,
        20,
        set(),
    ),
    (
        "smart-lamp-posts-pilot",
        "Smart lamp posts pilot measures air quality across the park",
        "Sixty connected lamp posts now report air quality, "
        "footfall and parking in real time.",
        ["smart-city", "sustainability"],
        2022,
        3,
        9,
        set(),
    ),
    (
        "incubation-cohort-spring-2022",
        "Forty-two start-ups join the spring incubation cohort",
        "The largest cohort yet includes companies in fintech, medtech and agritech.",
        ["start-ups"],
        2022,
        4,
        28,
        {"gallery"},
    ),
    (
        "open-day-2022",
        "Open Day welcomes 12,000 visitors back to the park",
        "Families tried robot football, virtual-reality surgery and a solar car "
        "workshop.",
        ["events"],
        2022,
        6,
        11,
        {"gallery"},
    ),
    (
        "summer-internships-2022",
        "300 students start summer internships at park companies",
        "The internship scheme places students in engineering, design and data roles.",
        ["talent"],
        2022,
        7,
        4,
        set(),
    ),
    (
        "medtech-startup-raises-series-b",
        "Medtech start-up NovaScan raises US$45 million",
        "The incubatee's portable ultrasound is now used in clinics in nine countries.",
        ["biotech", "start-ups"],
        2022,
        9,
        22,
        set(),
    ),
    (
        "district-cooling-phase-one",
        "District cooling cuts building energy use by 30 per cent",
        "The first phase of the seawater cooling system now serves eight buildings.",
        ["sustainability", "smart-city"],
        2022,
        11,
        3,
        {"pdf"},
    ),
    (
        "annual-results-2022",
        f"{PARK} annual results 2022",
        "Revenue grew 11 per cent and park companies filed 410 patents.",
        ["corporate"],
        2022,
        12,
        14,
        set(),
    ),
    (
        "new-chair-appointed",
        "Board appoints Professor Lydia Fung as Chair",
        "Professor Fung, an engineer and former university vice-president, "
        "succeeds Mr Samuel Ko.",
        ["corporate"],
        2023,
        1,
        16,
        set(),
    ),
    (
        "robotics-challenge-2023",
        "Robotics Challenge 2023 opens to secondary schools",
        "For the first time, teams aged 14 to 18 can enter a junior league.",
        ["ai-robotics", "events", "talent"],
        2023,
        3,
        6,
        set(),
    ),
    (
        "biotech-mou-european-institute",
        "Memorandum with European institute to speed up clinical trials",
        "Park companies gain access to trial sites and regulatory advice in Europe.",
        ["biotech", "partnerships"],
        2023,
        4,
        19,
        set(),
    ),
    (
        "autonomous-shuttle-trial",
        "Driverless shuttle carries first passengers around the park",
        "The electric shuttle runs a 2-kilometre loop between "
        "the ferry pier and the labs.",
        ["ai-robotics", "smart-city"],
        2023,
        6,
        1,
        {"gallery"},
    ),
    (
        "women-in-tech-fellowship",
        "Women in Tech fellowship doubles to 60 places",
        "Fellows receive mentoring, a stipend and lab access for a year.",
        ["talent", "start-ups"],
        2023,
        8,
        8,
        set(),
    ),
    (
        "solar-rooftops-complete",
        "Solar panels now cover every park rooftop",
        "The 4.2-megawatt installation supplies 12 per cent of the park's electricity.",
        ["sustainability"],
        2023,
        10,
        25,
        set(),
    ),
    (
        "annual-results-2023",
        f"{PARK} annual results 2023",
        "Park companies employed 21,000 people, up 9 per cent on the year.",
        ["corporate"],
        2023,
        12,
        13,
        {"pdf"},
    ),
    (
        "innovation-forum-2024",
        "Innovation Forum 2024 brings 80 speakers to the harbour",
        "The two-day forum covers climate tech, AI safety and the future of health.",
        ["events", "innovation"],
        2024,
        2,
        27,
        set(),
    ),
    (
        "agritech-vertical-farm",
        "Vertical farm start-up opens in the park",
        "GreenStack grows 30 tonnes of vegetables a year in a former warehouse.",
        ["start-ups", "sustainability", "innovation"],
        2024,
        4,
        15,
        {"gallery"},
    ),
    (
        "data-centre-heat-reuse",
        "Waste heat from the data centre now warms the swimming pool",
        "Heat recovered from servers replaces gas boilers at the park's sports centre.",
        ["sustainability", "smart-city"],
        2024,
        6,
        20,
        set(),
    ),
    (
        "ai-compute-platform",
        "Shared AI computing platform opens to park companies",
        "Start-ups can rent GPU time by the hour instead of buying their own servers.",
        ["ai-robotics", "start-ups"],
        2024,
        9,
        10,
        set(),
    ),
    (
        "annual-results-2024",
        f"{PARK} annual results 2024",
        "A record 520 companies are now based at the park.",
        ["corporate"],
        2024,
        12,
        12,
        set(),
    ),
    (
        "talent-housing-opens",
        "Talent apartments open for young researchers",
        "The 400 flats are let at below-market rents to park employees under 35.",
        ["talent", "corporate"],
        2025,
        3,
        3,
        set(),
    ),
    (
        "biotech-accelerator-launch",
        "Biotech accelerator backs its first ten companies",
        "Each company receives lab space, seed funding and access to "
        "hospital partners.",
        ["biotech", "start-ups"],
        2025,
        5,
        21,
        set(),
    ),
    (
        "harbour-walkway-sensors",
        "Sensors on the harbour walkway warn of flooding",
        "The early-warning system was built by two park start-ups.",
        ["smart-city", "innovation"],
        2025,
        9,
        16,
        set(),
    ),
]

# slug: subtitle, for a few releases (the others have none, as most do).
SUBTITLES = {
    "park-commits-to-net-zero-by-2045": (
        "Five years ahead of Hong Kong's 2050 carbon-neutrality target"
    ),
    "biomedical-centre-opens": "The first twelve tenants move in this month",
    "ai-compute-platform": "Capacity doubles next year as a second hall opens",
    "harbour-walkway-sensors": (
        "Walkway users are alerted on their phones ten minutes before the water rises"
    ),
}

SCHEDULED = (
    "robotics-challenge-2026-opens",
    "Robotics Challenge 2026 opens for entries",
    "University and secondary-school teams can enter until the end of March.",
    ["ai-robotics", "events"],
)
DRAFT = (
    "park-expansion-phase-three",
    "Third phase of the park expansion approved",
    "Draft for review: new lab buildings on the eastern reclamation.",
    ["corporate", "innovation"],
)

PALETTES = [
    ((12, 74, 110), (56, 189, 248)),
    ((20, 83, 45), (132, 204, 22)),
    ((76, 29, 149), (192, 132, 252)),
    ((124, 45, 18), (251, 146, 60)),
    ((15, 23, 42), (45, 212, 191)),
]


def _draw_image(seed, width, height):
    """An abstract "photo" (gradient sky, buildings, sun) drawn with Pillow."""
    rng = random.Random(seed)
    top, bottom = rng.choice(PALETTES)
    gradient = Image.linear_gradient("L").resize((width, height))
    image = Image.composite(
        Image.new("RGB", (width, height), top),
        Image.new("RGB", (width, height), bottom),
        gradient.transpose(Image.Transpose.FLIP_TOP_BOTTOM),
    )
    draw = ImageDraw.Draw(image)
    radius = height // 6
    sun_x, sun_y = rng.randint(width // 5, width * 4 // 5), height // 4
    draw.ellipse(
        (sun_x - radius, sun_y - radius, sun_x + radius, sun_y + radius),
        fill=(253, 224, 71),
    )
    x = 0
    while x < width:
        block = rng.randint(width // 16, width // 7)
        tower = rng.randint(height // 4, height * 2 // 3)
        shade = rng.randint(20, 70)
        draw.rectangle((x, height - tower, x + block, height), fill=(shade,) * 3)
        for wy in range(height - tower + 12, height - 12, 24):
            for wx in range(x + 8, x + block - 8, 18):
                if rng.random() < 0.55:
                    draw.rectangle((wx, wy, wx + 8, wy + 10), fill=(254, 240, 138))
        x += block + rng.randint(2, 12)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=88)
    return buffer.getvalue()


def _fact_sheet_pdf(title):
    """A one-page PDF fact sheet, drawn with Pillow."""
    page = Image.new("RGB", (1240, 1754), "white")  # A4 at 150 dpi
    draw = ImageDraw.Draw(page)
    draw.rectangle((0, 0, 1240, 160), fill=(12, 74, 110))
    draw.text((80, 60), f"{PARK} - Fact sheet", fill="white", font_size=48)
    draw.text((80, 240), title, fill="black", font_size=36)
    for line, y in zip(
        [
            "Founded: 2001",
            "Companies: 520",
            "Employees: 21,000",
            "Floor area: 400,000 m2",
        ],
        range(360, 800, 70),
        strict=False,
    ):
        draw.text((80, y), line, fill=(30, 41, 59), font_size=32)
    buffer = io.BytesIO()
    page.save(buffer, "PDF", resolution=150, title=title)
    return buffer.getvalue()


def _body(title, summary, index):
    speaker, role = SPOKESPEOPLE[index % len(SPOKESPEOPLE)]
    paragraphs = [
        # No "Hong Kong -" opening: the page prints the dateline field before it.
        f"<p>{escape(summary)}</p>",
        f"<p>{escape(PARK)} announced the news today. The initiative builds on the "
        "park's work over the past two decades to bring researchers, start-ups "
        "and industry together on one campus by the harbour.</p>",
        f"<blockquote><p>“{escape(title)} is a milestone for our community of "
        "innovators. It shows what we can achieve when science, business and the "
        f"public sector work together,” said {escape(speaker)}, {escape(role)} of "
        f"{escape(PARK)}.</p></blockquote>",
        "<h2>Key facts</h2>",
        "<ul><li>Open to all companies based at the park</li>"
        "<li>Supported by university and industry partners</li>"
        "<li>Progress reported in the park's annual results</li></ul>",
        "<p>More information is available on the "
        '<a href="https://example.com/">park website</a>.</p>',
        f"<h3>About {escape(PARK)}</h3>",
        f"<p>{escape(PARK)} is a fictional science park created for this demo. It "
        "is home to more than 500 technology companies and 21,000 people.</p>",
    ]
    return "".join(paragraphs)


FACT_SHEET_TITLE = "Fact sheet (PDF)"


def _hero_alt(title):
    return f"Illustration for “{title}”: towers of the science park under a bright sky"


def _gallery_alt(title, number):
    return f"Scene {number} from “{title}”"


def _translate(obj, fields, *, english):
    """Give a demo object loaded before its translations existed its Chinese texts.

    Only objects whose English text is still the demo's (`english`: field name
    and text) are touched, and only blank fields are filled: what an editor
    wrote or changed stays. Returns whether the object was saved.
    """
    if any(getattr(obj, name) != text for name, text in english.items()):
        return False
    blank = {
        name: text for name, text in fields.items() if text and not getattr(obj, name)
    }
    if not blank:
        return False
    for name, text in blank.items():
        setattr(obj, name, text)
    obj.full_clean()
    obj.save()
    return True


def _say(stdout, message):
    if stdout is not None:
        stdout.write(message)


@transaction.atomic
def load_demo_content(*, stdout=None):
    """Create the demo releases. Idempotent: a second run changes nothing.

    A demo loaded before the translations existed is given them on the next run
    (see `_translate`).
    """
    # The texts above are English: with English active, `title=` and the like
    # fill the English fields whatever language the caller had on.
    with translation.override("en"):
        return _load(stdout=stdout)


def _load(*, stdout):
    tags = {}
    for slug, (name, description) in TAGS.items():
        tags[slug], created = Tag.objects.get_or_create(
            slug=slug,
            defaults={
                "name": name,
                "description": description,
                **chinese.tag_fields(slug),
            },
        )
        if not created:
            _translate(
                tags[slug],
                chinese.tag_fields(slug),
                english={"name_en": name, "description_en": description},
            )
    contacts = []
    organisation = f"{PARK} Corporation"
    for name, role, handle in CONTACTS:
        contact, created = MediaContact.objects.get_or_create(
            email=f"{handle}@harbour-science-park.example",
            defaults={
                "name": name,
                "role": role,
                "organisation": organisation,
                "phone": f"+852 2629 {1000 + len(contacts) * 7:04d}",
                "is_active": handle != "kenneth.lau",
                **chinese.contact_fields(handle),
            },
        )
        if not created:
            _translate(
                contact,
                chinese.contact_fields(handle),
                english={"role_en": role, "organisation_en": organisation},
            )
        contacts.append(contact)
    active_contacts = [c for c in contacts if c.is_active]

    tomorrow = timezone.localtime(timezone.now(), HONG_KONG).date() + (
        datetime.timedelta(days=1)
    )
    entries = [
        (
            slug,
            title,
            summary,
            tag_slugs,
            datetime.datetime(year, month, day, 10, 0, tzinfo=HONG_KONG),
            Release.Status.PUBLISHED,
            extras,
        )
        for slug, title, summary, tag_slugs, year, month, day, extras in RELEASES
    ]
    entries.append(
        (
            *SCHEDULED,
            datetime.datetime.combine(tomorrow, datetime.time(9, 0), HONG_KONG),
            Release.Status.PUBLISHED,
            set(),
        )
    )
    entries.append(
        (*DRAFT, timezone.now(), Release.Status.DRAFT, {"pdf"}),
    )

    # The home page features the newest public release: it always has a picture.
    featured = max(entries[: len(RELEASES)], key=lambda entry: entry[4])[0]
    created = translated = 0
    for index, (
        slug,
        title,
        summary,
        tag_slugs,
        publish_at,
        status,
        extras,
    ) in enumerate(entries):
        spokesperson = index % len(SPOKESPEOPLE)
        existing = Release.objects.filter(slug=slug).first()
        if existing is not None:
            translated += _translate_existing(existing, title, spokesperson)
            continue
        # Most releases have a hero image; a few do not, as in real life.
        has_hero = index % 4 != 3 or slug == featured
        release = Release(
            slug=slug,
            title=title,
            subtitle=SUBTITLES.get(slug, ""),
            summary=summary,
            body=_body(title, summary, index),
            dateline="Hong Kong",
            status=status,
            publish_at=publish_at,
            **chinese.release_fields(
                slug, spokesperson=spokesperson, has_hero=has_hero
            ),
        )
        if has_hero:
            release.hero_image = ContentFile(
                _draw_image(slug, 1200, 675), name=f"{slug}.jpg"
            )
            release.hero_alt = _hero_alt(title)
            release.hero_caption = f"{PARK} at dusk."
            release.hero_credit = f"{PARK} (illustration)"
        release.full_clean()
        release.save()
        release.tags.set(tags[t] for t in tag_slugs)
        for position, contact in enumerate(
            [active_contacts[index % len(active_contacts)]]
            + (
                [active_contacts[(index + 1) % len(active_contacts)]]
                if index % 3 == 0
                else []
            )
        ):
            ReleaseMediaContact.objects.create(
                release=release, media_contact=contact, position=position
            )
        if "gallery" in extras:
            for position in range(3):
                ReleaseImage.objects.create(
                    release=release,
                    image=ContentFile(
                        _draw_image(f"{slug}-{position}", 800, 533),
                        name=f"{slug}-{position + 1}.jpg",
                    ),
                    alt_text=_gallery_alt(title, position + 1),
                    caption=f"Photo {position + 1} of 3.",
                    credit=f"{PARK} (illustration)",
                    position=position,
                    **chinese.gallery_fields(slug, position + 1),
                )
        if "pdf" in extras:
            ReleaseAttachment.objects.create(
                release=release,
                title=FACT_SHEET_TITLE,
                file=ContentFile(_fact_sheet_pdf(title), name=f"{slug}-fact-sheet.pdf"),
                **chinese.attachment_fields(slug),
            )
        created += 1

    _say(
        stdout,
        f"Press room: {created} demo releases created, "
        f"{len(entries) - created} already there"
        + (f", {translated} given their Chinese texts" if translated else "")
        + ".\n",
    )
    return created


def _translate_existing(release, title, spokesperson):
    """Give a release, its gallery and fact sheet their missing Chinese texts."""
    slug = release.slug
    changed = _translate(
        release,
        {"subtitle_en": SUBTITLES.get(slug, "")}
        | chinese.release_fields(
            slug, spokesperson=spokesperson, has_hero=bool(release.hero_image)
        ),
        english={"title_en": title},
    )
    for image in release.gallery_images.all():
        number = image.position + 1
        changed |= _translate(
            image,
            chinese.gallery_fields(slug, number),
            english={"alt_text_en": _gallery_alt(title, number)},
        )
    for attachment in release.attachments.all():
        changed |= _translate(
            attachment,
            chinese.attachment_fields(slug),
            english={"title_en": FACT_SHEET_TITLE},
        )
    return changed
