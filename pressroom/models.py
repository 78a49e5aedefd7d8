"""
The press room: releases, their tags, images and attachments, and media contacts.

What the public may see is decided in one place, `ReleaseQuerySet` (`published()`,
`scheduled()`, `public_state()`), which every view, feed and sitemap uses.
"""

import datetime
import functools
import operator
import os

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import (
    SearchRank,
    SearchVector,
    SearchVectorField,
)
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connections, models, transaction
from django.db.models.functions import Coalesce, NullIf
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.functional import cached_property
from django.utils.text import slugify
from django.utils.translation import get_language, get_supported_language_variant
from django.utils.translation import gettext_lazy as _
from django_prose_editor.fields import ProseEditorField
from modeltranslation.manager import (
    get_translatable_fields_for_model,
    rewrite_lookup_key,
)
from modeltranslation.settings import DEFAULT_LANGUAGE
from modeltranslation.utils import build_localized_fieldname

from pressroom import images
from pressroom.sanitiser import body_sanitiser
from pressroom.search import has_words, search_words, tsquery

# What editors may attach, by file extension: the file type shown to readers and
# how the file's first bytes must start (checked in pressroom.forms). Office
# documents are ZIP containers.
ATTACHMENT_TYPES = {
    ".pdf": ("application/pdf", b"%PDF-"),
    ".zip": ("application/zip", b"PK\x03\x04"),
    ".docx": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        b"PK\x03\x04",
    ),
    ".xlsx": (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        b"PK\x03\x04",
    ),
    ".pptx": (
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        b"PK\x03\x04",
    ),
    ".jpg": ("image/jpeg", b"\xff\xd8\xff"),
    ".jpeg": ("image/jpeg", b"\xff\xd8\xff"),
    ".png": ("image/png", b"\x89PNG\r\n\x1a\n"),
}

# What the body editor offers is exactly what the sanitiser keeps: the editor's
# extension list drives nh3's allow-list (django-prose-editor builds both).
BODY_EXTENSIONS = {
    "Bold": True,
    "Italic": True,
    "Underline": True,
    "Subscript": True,
    "Superscript": True,
    "Heading": {"levels": [2, 3, 4]},
    "BulletList": True,
    "OrderedList": True,
    "ListItem": True,
    "Blockquote": True,
    "HardBreak": True,
    "HorizontalRule": True,
    "Link": {"enableTarget": False, "protocols": ["http", "https", "mailto", "tel"]},
    "Table": True,
    "TableRow": True,
    "TableHeader": True,
    "TableCell": True,
    "History": True,
}


# Press releases are dated within these years: far enough back for an archive
# imported from the last century, far enough ahead for any schedule. Outside
# them a typo (year 1, year 9999) is not a date anyone means, and the edges of
# the calendar break time-zone conversions: year 1 in Hong Kong is year 0 in
# UTC, which Python cannot hold. Database constraints keep them out of every
# date of a release whatever writes the row (Release.Meta.constraints); bounds
# in UTC.
EARLIEST_PUBLISH_AT = datetime.datetime(1900, 1, 1, tzinfo=datetime.UTC)
LATEST_PUBLISH_AT = datetime.datetime(2101, 1, 1, tzinfo=datetime.UTC)  # excluded
PUBLISH_YEARS = range(EARLIEST_PUBLISH_AT.year, LATEST_PUBLISH_AT.year)


def validate_publish_at(value):
    """Refuse a publish time outside PUBLISH_YEARS, with a message to act on."""
    # Compared as aware datetimes: no conversion, so year 1 cannot overflow.
    if not EARLIEST_PUBLISH_AT <= value < LATEST_PUBLISH_AT:
        raise ValidationError(
            _(
                "Choose a publish time between the years %(first)s and %(last)s. "
                "Please check the year."
            ),
            code="publish_at_out_of_range",
            params={"first": PUBLISH_YEARS[0], "last": PUBLISH_YEARS[-1]},
        )


# The fixed path segments under /news/ in pressroom/urls.py. A release with one of
# these slugs would be hidden behind that page (/news/feed/ is the feed, not the
# release "feed"), so they are refused as slugs and skipped by the generator.
RESERVED_RELEASE_SLUGS = frozenset({"feed", "preview", "tag"})


def validate_release_slug(value):
    """Refuse a slug that an address under /news/ already answers."""
    if value in RESERVED_RELEASE_SLUGS:
        raise ValidationError(
            _(
                "“%(slug)s” is taken by the news section's own pages (its address "
                "would open them, not this release). Please choose another slug, "
                "e.g. “%(slug)s-news”."
            ),
            code="reserved_slug",
            params={"slug": value},
        )


def language_codes():
    """The codes of the languages content is written in: en, zh-hant, zh-hans."""
    return [code for code, _name in settings.LANGUAGES]


def localized(field, language=None):
    """`field` in `language` (by default the active one), English when empty.

    For a subquery or `values()`, where modeltranslation would select one
    column per fallback language: this selects one.
    """
    column = build_localized_fieldname(field, language or translation.get_language())
    english = build_localized_fieldname(field, DEFAULT_LANGUAGE)
    if column == english:
        return models.F(english)
    # modeltranslation makes a field class per translated field: Django
    # cannot tell the columns are all text.
    text = models.TextField()
    return Coalesce(
        NullIf(models.F(column), models.Value(""), output_field=text),
        models.F(english),
        output_field=text,
    )


def english_fallback(field, language=None):
    """Whether `localized(field, language)` falls back to English: True when
    the field is empty in `language` (never for English itself)."""
    column = build_localized_fieldname(field, language or translation.get_language())
    if column == build_localized_fieldname(field, DEFAULT_LANGUAGE):
        return models.Value(False)
    empty = models.Q(**{f"{column}__isnull": True}) | models.Q(**{column: ""})
    return models.ExpressionWrapper(empty, output_field=models.BooleanField())


class TranslatedQuerySet(models.QuerySet):
    """Bulk updates that keep a translated field's original column English.

    modeltranslation turns `update(title=…)` into `update(title_en=…)` (in
    the active language): the `title` column, which the search documents and
    check constraints read, would keep the old text. An update of an English
    column writes the original one in the same statement.
    """

    def update(self, **kwargs):
        if not getattr(self, "_rewrite", True):  # Already told the columns.
            return super().update(**kwargs)
        values = {rewrite_lookup_key(self.model, key): v for key, v in kwargs.items()}
        for field in get_translatable_fields_for_model(self.model) or ():
            english = build_localized_fieldname(field, DEFAULT_LANGUAGE)
            if english in values:
                values[field] = values[english]
        return self.rewrite(False).update(**values)

    update.alters_data = True


class TranslatedModel(models.Model):
    """A model with fields in several languages (pressroom/translation.py).

    django-modeltranslation writes a translated field's original column (the
    `title` beside `title_en`, `title_zh_hant`…) in the language active at
    save time: an editor whose admin is in Chinese would turn it Chinese.
    Saved in English, the original columns always hold the English text,
    which the search documents, the check constraints and the slug read.
    """

    objects = TranslatedQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        with translation.override(DEFAULT_LANGUAGE):
            super().save(*args, **kwargs)


class Tag(TranslatedModel):
    name = models.CharField(_("name"), max_length=100, unique=True)
    slug = models.SlugField(
        _("slug"),
        max_length=100,
        unique=True,
        help_text=_("Used in the tag's web address, e.g. /news/tag/innovation/."),
    )
    description = models.TextField(
        _("description"),
        blank=True,
        help_text=_("Optional. Shown at the top of the tag's page."),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("tag")
        verbose_name_plural = _("tags")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("pressroom:tag", kwargs={"slug": self.slug})


class MediaContact(TranslatedModel):
    """A person journalists can call about a release."""

    name = models.CharField(
        translation.pgettext_lazy("a person's name", "name"), max_length=150
    )
    role = models.CharField(_("role"), max_length=150, blank=True)
    organisation = models.CharField(
        _("organisation or department"), max_length=200, blank=True
    )
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    is_active = models.BooleanField(
        _("active"),
        default=True,
        help_text=_("Inactive contacts are no longer offered for new releases."),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("media contact")
        verbose_name_plural = _("media contacts")

    def __str__(self):
        return f"{self.name} ({self.organisation})" if self.organisation else self.name


# The text-search configuration of each language's documents, by language
# code. English stems ("robots" finds "robot"); Chinese has no stemming, its
# words are the bigrams of pressroom.search, and Latin words inside Chinese
# text are kept as typed ('simple').
SEARCH_CONFIGS = {"en": "english", "zh-hant": "simple", "zh-hans": "simple"}


class CJKBigrams(models.Func):
    """Text with every run of CJK characters cut into overlapping bigrams, by
    the IMMUTABLE SQL function `newsroom_cjk_bigrams` (see pressroom.search)."""

    function = "newsroom_cjk_bigrams"
    output_field = models.TextField()


def release_search_vector(*, language=None, body=True):
    """The weighted text a release is found by on PostgreSQL, in one language.

    Title weighs most, then subtitle and summary, then (with `body`) the body
    with its HTML tags blanked out, all read from the `language` columns
    (`title_zh_hant`…) with CJK text cut into bigrams. Each language's
    `search_document` stores it whole, its `rank_document` without the body
    (a new migration if this changes). Without a `language`: the English
    document of the untranslated columns, as the migrations written before
    the translations (0006, 0008) built it.
    """
    config = SEARCH_CONFIGS[language or DEFAULT_LANGUAGE]

    def column(name):
        return models.F(build_localized_fieldname(name, language) if language else name)

    def text(name):
        return CJKBigrams(column(name)) if language else column(name)

    headline = SearchVector(text("title"), weight="A", config=config) + SearchVector(
        text("subtitle"), text("summary"), weight="B", config=config
    )
    if not body:
        return headline
    body_text = models.Func(
        column("body"),
        models.Value("<[^>]+>"),
        models.Value(" "),
        models.Value("g"),
        function="regexp_replace",
        output_field=models.TextField(),
    )
    if language:
        body_text = CJKBigrams(body_text)
    return headline + SearchVector(body_text, weight="C", config=config)


def release_language_document(language, *, body=True):
    """What a reader of `language` finds a release by: `release_search_vector`
    of that language, or, for a release with no title in it, of English (the
    text that reader is shown instead).

    Holding the English of such releases in the language's own document
    lets search read one document through one index, and neither filter on
    the language nor open a second document per match.
    """
    vector = release_search_vector(language=language, body=body)
    if language == DEFAULT_LANGUAGE:
        return vector
    return models.Case(
        models.When(
            ~_title_filled(language),
            then=release_search_vector(language=DEFAULT_LANGUAGE, body=body),
        ),
        default=vector,
        output_field=SearchVectorField(),
    )


class SearchDocument(models.Expression):
    """A language's document (`release_language_document()`) as the expression
    of a stored generated column; without a language, the English document of
    the untranslated columns that migrations 0006 and 0008 stored.

    PostgreSQL computes the document whenever a row is written, whatever wrote
    it (the admin, `QuerySet.update()`, COPY), and search ranks the stored
    vectors instead of parsing every matching body again: at 10,000 releases a
    common word took over a second that way. SQLite has no full-text vectors
    and searches with LIKE, so there the column holds an empty string.
    """

    output_field = SearchVectorField()

    def __init__(self, *, language=None, body=True):
        super().__init__()
        self.language = language
        self.body = body

    def resolve_expression(self, *args, **kwargs):
        resolved = self.copy()
        if self.language:
            vector = release_language_document(self.language, body=self.body)
        else:
            vector = release_search_vector(body=self.body)
        resolved.vector = vector.resolve_expression(*args, **kwargs)
        return resolved

    def as_sql(self, compiler, connection):
        return compiler.compile(self.vector)

    def as_sqlite(self, compiler, connection):
        return "''", []


class SearchDocumentIndex(GinIndex):
    """The GIN index full-text search needs, on PostgreSQL; a plain index elsewhere.

    SQLite has no GIN indexes, and no full-text vectors: there the search
    documents are empty strings (SearchDocument) and this a plain index on
    them, small and never read. One declaration, and one migration, then
    serve both databases, and SQLite can rebuild the table (as it does for
    most schema changes) without meeting `USING gin`.
    """

    def create_sql(self, model, schema_editor, using="", **kwargs):
        if schema_editor.connection.vendor == "postgresql":
            return super().create_sql(model, schema_editor, using=using, **kwargs)
        return models.Index.create_sql(
            self, model, schema_editor, using=using, **kwargs
        )


class QueryTime(models.Expression):
    """The current time, read when the query runs (not when it is built).

    Like the database's NOW(), a queryset built once (a view's class attribute, a
    sitemap) still compares with the time of each request. Unlike NOW(), it reads
    Django's clock, the one `Release.is_public` uses and tests can pin with
    time-machine.
    """

    output_field = models.DateTimeField()

    def as_sql(self, compiler, connection):
        return models.Value(timezone.now(), output_field=self.output_field).as_sql(
            compiler, connection
        )


class ReleaseQuerySet(TranslatedQuerySet):
    """Reads of releases, and the one place that says what the public may see.

    A release is public when its status is Published and its publish time has
    come, and scheduled while that time is still ahead. Every other status
    (Draft, and any added later) keeps a release off the site. Views, feeds and
    sitemaps ask `published()`, `scheduled()` and `public_state()`; none of
    them spells the rule out again.
    """

    def _published_status(self):
        # Public or scheduled: the publish time alone tells the two apart.
        return self.filter(status=Release.Status.PUBLISHED)

    def published(self):
        """Releases the public may see: published, and their publish time has come.

        Comparing with the clock at query time is what makes a release scheduled
        for 09:00 appear at 09:00 by itself, with no cron job.
        """
        return self._published_status().filter(publish_at__lte=QueryTime())

    def scheduled(self):
        """Published releases whose publish time is still to come, soonest first."""
        return (
            self._published_status()
            .filter(publish_at__gt=QueryTime())
            .order_by("publish_at", "pk")
        )

    def public_state(self):
        """What the public releases are, in one aggregate query: how many
        (`count`), when they last changed (`last_changed`, the latest
        `updated_at`), the newest and oldest publish times (`last_published`,
        `first_published`), and when the set next changes by itself
        (`next_scheduled`, the soonest scheduled release, or None).

        Public and scheduled are split at one instant, the same for both
        halves. Only status, publish time and update time are read, the
        columns of `release_state_idx`, so PostgreSQL answers from that index
        without reading the releases' rows.
        """
        now = timezone.now()
        public, scheduled = models.Q(publish_at__lte=now), models.Q(publish_at__gt=now)
        return self._published_status().aggregate(
            count=models.Count("publish_at", filter=public),
            last_changed=models.Max("updated_at", filter=public),
            last_published=models.Max("publish_at", filter=public),
            first_published=models.Min("publish_at", filter=public),
            next_scheduled=models.Min("publish_at", filter=scheduled),
        )

    def in_language(self, language):
        """Releases that exist in `language` (a code of LANGUAGES): their
        title in it is filled. English, required, has them all."""
        return self.filter(_title_filled(language))

    def missing_language(self, language):
        """Releases not written in `language` yet: no title in it."""
        return self.exclude(_title_filled(language))

    def with_neighbours(self):
        """Each release with the slug and title of the public release published
        just before it (`previous_slug`, `previous_title`) and just after it
        (`next_slug`, `next_title`), in the same query.

        The comparisons start with `publish_at <=`/`>=` so the database can
        walk an index on the publish time; the primary key breaks ties
        between releases published in the same second. Titles are in the
        active language, in English where a release has none in it.
        """
        public = Release.objects.published()
        publish_at, pk = models.OuterRef("publish_at"), models.OuterRef("pk")
        earlier = (
            public.filter(publish_at__lte=publish_at)
            .exclude(publish_at=publish_at, pk__gte=pk)
            .order_by("-publish_at", "-pk")
        )
        later = (
            public.filter(publish_at__gte=publish_at)
            .exclude(publish_at=publish_at, pk__lte=pk)
            .order_by("publish_at", "pk")
        )
        # Annotated, then selected: modeltranslation's values() given only
        # an expression would select every column. `…_in_english` says a
        # title fell back to English, so that a page can mark it lang="en".
        in_english = english_fallback("title")
        earlier = earlier.annotate(
            neighbour_title=localized("title"), neighbour_in_english=in_english
        )
        later = later.annotate(
            neighbour_title=localized("title"), neighbour_in_english=in_english
        )
        return self.annotate(
            previous_slug=models.Subquery(earlier.values("slug")[:1]),
            previous_title=models.Subquery(earlier.values("neighbour_title")[:1]),
            previous_title_in_english=models.Subquery(
                earlier.values("neighbour_in_english")[:1]
            ),
            next_slug=models.Subquery(later.values("slug")[:1]),
            next_title=models.Subquery(later.values("neighbour_title")[:1]),
            next_title_in_english=models.Subquery(
                later.values("neighbour_in_english")[:1]
            ),
        )

    def search(self, query, *, language=None):
        """Releases matching the words a reader typed, best matches first.

        Searched in the reader's `language` (the active one by default): a
        release's text in that language, or its English text when it has no
        title in that language (the English a reader of that language is
        shown instead). English is stemmed ("robots" finds "robot"); Chinese
        is found by any word of one character or more inside a sentence, in
        the script the reader reads (a /zh-hant/ reader searches the
        Traditional text, a /zh-hans/ one the Simplified text); a query may mix
        both ("AI 創新"): every word must be found. A query of punctuation
        alone finds nothing; an empty one returns the queryset unchanged.

        On PostgreSQL: ranked full-text search over the stored documents of
        that language (GIN indexes; English `websearch` syntax: "quoted
        phrases", -excluded words, OR), ranked by how well the title, subtitle
        and summary match (`rank_document…`; matches in the body alone come
        after them), then newest. On SQLite: every word is a substring of the
        title, subtitle, summary or body; newest first. Compose freely:
        `published().search(q).filter(tags__slug=...)`.
        """
        query = " ".join((query or "").split())
        if not query:
            return self
        if not has_words(query):
            return self.none()
        language = search_language(language)
        if connections[self.db].vendor != "postgresql":
            words, excluded = search_words(query)
            matches = _all_words_in(words, excluded, DEFAULT_LANGUAGE)
            if language != DEFAULT_LANGUAGE:
                translated = _all_words_in(words, excluded, language)
                matches = (_title_filled(language) & translated) | (
                    ~_title_filled(language) & matches
                )
            return self.filter(matches).order_by("-publish_at", "-pk")
        # The language's document holds the English of releases missing it
        # (release_language_document): either query may match it.
        search_query = tsquery(
            query, SEARCH_CONFIGS[language], SEARCH_CONFIGS[DEFAULT_LANGUAGE]
        )
        return (
            self.filter(**{search_document_name("search", language): search_query})
            .annotate(
                rank=SearchRank(
                    models.F(search_document_name("rank", language)), search_query
                )
            )
            .order_by("-rank", "-publish_at", "-pk")
        )


def search_language(language=None):
    """The code of the language to search for `language` (a language code,
    the active language by default); English for one the site does not have."""
    try:
        code = get_supported_language_variant(language or get_language() or "")
    except LookupError:
        return DEFAULT_LANGUAGE
    return code if code in SEARCH_CONFIGS else DEFAULT_LANGUAGE


def search_document_name(kind, language):
    """The stored document ("search" or "rank") of `language`: the English
    ones kept their names (`search_document`), the others carry the
    language (`search_document_zh_hant`)."""
    name = f"{kind}_document"
    if language == DEFAULT_LANGUAGE:
        return name
    return build_localized_fieldname(name, language)


def _all_words_in(words, excluded, language):
    """Every one of `words` and none of `excluded` a substring of the title,
    subtitle, summary or body in `language` (SQLite's search)."""

    def anywhere(word):
        return functools.reduce(
            operator.or_,
            (
                models.Q(
                    **{f"{build_localized_fieldname(field, language)}__icontains": word}
                )
                for field in ("title", "subtitle", "summary", "body")
            ),
        )

    matches = models.Q()
    for word in words:
        matches &= anywhere(word)
    for word in excluded:
        matches &= ~anywhere(word)
    return matches


# The stored search columns (see Release), which no page reads.
SEARCH_DOCUMENTS = [
    search_document_name(kind, language)
    for language in SEARCH_CONFIGS
    for kind in ("search", "rank")
]


def _title_filled(language):
    if language not in language_codes():
        raise ValueError(f"{language!r} is not a language of LANGUAGES.")
    title = build_localized_fieldname("title", language)
    return models.Q(**{f"{title}__isnull": False}) & ~models.Q(**{title: ""})


class ReleaseManager(models.Manager.from_queryset(ReleaseQuerySet)):
    def get_queryset(self):
        # A few kilobytes a row that no page shows.
        return super().get_queryset().defer(*SEARCH_DOCUMENTS)


class Release(TranslatedModel):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    title = models.CharField(_("title"), max_length=250)
    slug = models.SlugField(
        _("slug"),
        max_length=250,
        unique=True,
        blank=True,
        validators=[validate_release_slug],
        help_text=_(
            "The release's web address. Filled from the title; once the release is "
            "published, change it only on purpose, as old links will stop working."
        ),
    )
    subtitle = models.CharField(_("subtitle"), max_length=300, blank=True)
    dateline = models.CharField(
        _("dateline"),
        max_length=100,
        blank=True,
        help_text=_("Where the news comes from, e.g. “Hong Kong”."),
    )
    summary = models.TextField(
        _("summary"),
        max_length=600,
        help_text=_(
            "Plain text, one or two sentences. Shown in news lists, feeds and search "
            "results."
        ),
    )
    body = ProseEditorField(
        _("body"), extensions=BODY_EXTENSIONS, sanitize=body_sanitiser(BODY_EXTENSIONS)
    )
    # Status is indexed with the publish time (Meta.indexes); the publish time
    # alone too, for the admin's list of every release, newest first.
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=Status.choices,
        default=Status.DRAFT,
    )
    publish_at = models.DateTimeField(
        _("publish time"),
        default=timezone.now,
        db_index=True,
        validators=[validate_publish_at],
        help_text=_(
            "A published release appears on the site at this time. Set a future time "
            "to schedule it."
        ),
    )
    hero_image = models.ImageField(
        _("hero image"), upload_to="releases/hero/%Y/%m/", blank=True
    )
    hero_alt = models.CharField(
        _("hero image alt text"),
        max_length=250,
        blank=True,
        help_text=_("Describe the image for people who cannot see it. Required."),
    )
    hero_caption = models.CharField(_("hero image caption"), max_length=300, blank=True)
    hero_credit = models.CharField(_("hero image credit"), max_length=150, blank=True)
    # Names and pixel sizes of the hero's renditions (see pressroom.images), made
    # once when the image is uploaded.
    hero_renditions = models.JSONField(
        _("hero image renditions"), default=dict, blank=True, editable=False
    )
    tags = models.ManyToManyField(
        Tag, verbose_name=_("tags"), related_name="releases", blank=True
    )
    media_contacts = models.ManyToManyField(
        MediaContact,
        verbose_name=_("media contacts"),
        through="ReleaseMediaContact",
        related_name="releases",
        blank=True,
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("updated by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )

    # Stored, not computed per query: see SearchDocument. Left out of every
    # query unless asked for (ReleaseManager): only search reads them, in SQL.
    # One pair per language, so each is read alone and the English one keeps
    # its stemming: see ReleaseQuerySet.search.
    search_document = models.GeneratedField(
        expression=SearchDocument(language="en"),
        output_field=SearchVectorField(),
        db_persist=True,
        verbose_name=_("search document"),
    )
    # Ranking reads this small vector (title, subtitle, summary) of each
    # match, not the whole document: at 100,000 releases a word found in 19,000
    # of them was ranked in 310 ms from the documents, 75 ms from these.
    rank_document = models.GeneratedField(
        expression=SearchDocument(language="en", body=False),
        output_field=SearchVectorField(),
        db_persist=True,
        verbose_name=_("rank document"),
    )
    search_document_zh_hant = models.GeneratedField(
        expression=SearchDocument(language="zh-hant"),
        output_field=SearchVectorField(),
        db_persist=True,
        verbose_name=_("search document (Traditional Chinese)"),
    )
    rank_document_zh_hant = models.GeneratedField(
        expression=SearchDocument(language="zh-hant", body=False),
        output_field=SearchVectorField(),
        db_persist=True,
        verbose_name=_("rank document (Traditional Chinese)"),
    )
    search_document_zh_hans = models.GeneratedField(
        expression=SearchDocument(language="zh-hans"),
        output_field=SearchVectorField(),
        db_persist=True,
        verbose_name=_("search document (Simplified Chinese)"),
    )
    rank_document_zh_hans = models.GeneratedField(
        expression=SearchDocument(language="zh-hans", body=False),
        output_field=SearchVectorField(),
        db_persist=True,
        verbose_name=_("rank document (Simplified Chinese)"),
    )

    objects = ReleaseManager()

    class Meta:
        ordering = ["-publish_at", "-pk"]
        get_latest_by = "publish_at"
        verbose_name = _("release")
        verbose_name_plural = _("releases")
        indexes = [
            # Every public page that is not served from the cache asks how many
            # releases are public and when they last changed
            # (ReleaseQuerySet.public_state). The rows carry the bodies: at
            # 100,000 releases that aggregate read 185 MB of them, where this
            # index alone answers it (an index-only scan on PostgreSQL). Lists
            # of public releases can walk it too, newest first.
            # The update time is a key column rather than an `include=` one,
            # which SQLite would ignore with a warning at every migrate.
            models.Index(
                fields=["status", "publish_at", "updated_at"],
                name="release_state_idx",
            ),
            # Full-text search (ReleaseQuerySet.search), one per language.
            SearchDocumentIndex(
                fields=["search_document"], name="release_search_document_idx"
            ),
            SearchDocumentIndex(
                fields=["search_document_zh_hant"], name="release_search_zh_hant_idx"
            ),
            SearchDocumentIndex(
                fields=["search_document_zh_hans"], name="release_search_zh_hans_idx"
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(hero_image="") | ~models.Q(hero_alt=""),
                name="release_hero_has_alt_text",
                violation_error_message=_("Describe the hero image in its alt text."),
            ),
            models.CheckConstraint(
                condition=models.Q(
                    publish_at__gte=EARLIEST_PUBLISH_AT,
                    publish_at__lt=LATEST_PUBLISH_AT,
                ),
                name="release_publish_at_in_range",
                violation_error_code="publish_at_out_of_range",
                violation_error_message=_(
                    "Choose a publish time between the years 1900 and 2100."
                ),
            ),
            # Django sets these to the current time; the constraint keeps a
            # value written another way from breaking every page that shows it.
            models.CheckConstraint(
                condition=models.Q(
                    created_at__gte=EARLIEST_PUBLISH_AT,
                    created_at__lt=LATEST_PUBLISH_AT,
                    updated_at__gte=EARLIEST_PUBLISH_AT,
                    updated_at__lt=LATEST_PUBLISH_AT,
                ),
                name="release_timestamps_in_range",
            ),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        # The slug is only ever filled in, never recomputed: a title edit after
        # publication must not break links already shared.
        slug_filled_in = not self.slug
        if slug_filled_in:
            self.slug = self._unique_slug()
        # Whatever path saved it (admin, shell, demo loader), the stored body is
        # the sanitised one in every language, so what is stored is what is
        # shown.
        sanitize = self._meta.get_field("body").sanitize
        for language in language_codes():
            body = build_localized_fieldname("body", language)
            text = getattr(self, body)
            if text or language == DEFAULT_LANGUAGE:
                setattr(self, body, sanitize(text or ""))
        with images.renditions_saved_with(
            self,
            field="hero_image",
            record="hero_renditions",
            renditions=images.HERO_RENDITIONS,
        ):
            if slug_filled_in:
                self._save_with_unique_slug(*args, **kwargs)
            else:
                super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("pressroom:detail", kwargs={"slug": self.slug})

    def clean(self):
        # In English at least: a page in a language without its own alt text
        # shows the English one.
        alt = build_localized_fieldname("hero_alt", DEFAULT_LANGUAGE)
        if self.hero_image and not (getattr(self, alt) or "").strip():
            raise ValidationError(
                {
                    alt: ValidationError(
                        _("Describe the hero image for people who cannot see it."),
                        code="alt_required",
                    )
                },
            )

    @property
    def languages(self):
        """The codes of the languages this release exists in, in LANGUAGES
        order: those its title is written in (English always). No query."""
        return [
            language
            for language in language_codes()
            if getattr(self, build_localized_fieldname("title", language))
        ]

    @property
    def is_public(self):
        return (
            self.status == self.Status.PUBLISHED and self.publish_at <= timezone.now()
        )

    @property
    def is_scheduled(self):
        return self.status == self.Status.PUBLISHED and self.publish_at > timezone.now()

    def _save_with_unique_slug(self, *args, **kwargs):
        """
        Save, taking the next free slug if another release took this one meanwhile.

        The check in _unique_slug cannot see a release another transaction is
        saving: two editors saving the same title at once would both choose
        it, and the unique constraint would refuse the second. The insert
        runs in a savepoint so a refusal can be retried with the next number.
        """
        for _attempt in range(10):
            try:
                with transaction.atomic():
                    return super().save(*args, **kwargs)
            except IntegrityError:
                taken = Release.objects.exclude(pk=self.pk).filter(slug=self.slug)
                if not taken.exists():
                    raise  # Another constraint: not ours to retry.
                self.slug = self._unique_slug()
        return super().save(*args, **kwargs)

    def _unique_slug(self):
        # From the English title whatever the editor's language: one slug
        # per release, the same address in every language.
        english_title = getattr(self, f"title_{DEFAULT_LANGUAGE}")
        base = slugify(english_title or "")[:240] or "release"
        slug, number = base, 1
        others = Release.objects.exclude(pk=self.pk)
        while slug in RESERVED_RELEASE_SLUGS or others.filter(slug=slug).exists():
            number += 1
            slug = f"{base}-{number}"
        return slug

    @cached_property
    def picture(self):
        """The hero image for `templates/pressroom/includes/picture.html`.

        An `images.Picture` (alt text, caption, credit and renditions `thumb`,
        `detail`, `social`), or None when the release has no hero image. Built
        from stored fields: no query, no file read.
        """
        if not self.hero_image:
            return None
        return images.build_picture(
            self.hero_image.storage,
            self.hero_renditions,
            alt=self.hero_alt,
            caption=self.hero_caption,
            credit=self.hero_credit,
        )

    @property
    def social_image(self):
        """The 1200x630 social card for Open Graph and Twitter tags, or None.

        An `images.SocialImage` with `url` (site-relative: make it absolute with
        `request.build_absolute_uri`), `width`, `height` and `mime_type`.
        """
        picture = self.picture
        card = picture and picture.renditions.get("social")
        if not card:
            return None
        return images.SocialImage(
            url=card.src,
            width=card.width,
            height=card.height,
            mime_type=card.fallback_type,
            alt=picture.alt,
        )

    @property
    def hero_enclosure(self):
        """The hero image as a feed enclosure, or None.

        An `images.Enclosure` with `url` (site-relative), `length` in bytes and
        `mime_type`, describing the largest JPEG/PNG detail rendition (the
        original may be a huge camera file).
        """
        picture = self.picture
        detail = picture and picture.renditions.get("detail")
        if not detail:
            return None
        return images.Enclosure(
            url=detail.src, length=detail.largest_bytes, mime_type=detail.fallback_type
        )


class ReleaseMediaContact(models.Model):
    """A media contact listed on a release, in the order editors chose."""

    release = models.ForeignKey(Release, on_delete=models.CASCADE)
    media_contact = models.ForeignKey(
        MediaContact, verbose_name=_("media contact"), on_delete=models.PROTECT
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("media contact")
        verbose_name_plural = _("media contacts")
        constraints = [
            models.UniqueConstraint(
                fields=["release", "media_contact"],
                name="release_media_contact_once",
            ),
        ]

    def __str__(self):
        return str(self.media_contact)


class ReleaseImage(TranslatedModel):
    """A gallery photo of a release."""

    release = models.ForeignKey(
        Release, on_delete=models.CASCADE, related_name="gallery_images"
    )
    image = models.ImageField(_("image"), upload_to="releases/gallery/%Y/%m/")
    alt_text = models.CharField(
        _("alt text"),
        max_length=250,
        help_text=_("Describe the image for people who cannot see it."),
    )
    caption = models.CharField(_("caption"), max_length=300, blank=True)
    credit = models.CharField(_("credit"), max_length=150, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    renditions = models.JSONField(
        _("renditions"), default=dict, blank=True, editable=False
    )

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("gallery image")
        verbose_name_plural = _("gallery images")

    def __str__(self):
        return self.alt_text

    def save(self, *args, **kwargs):
        with images.renditions_saved_with(
            self,
            field="image",
            record="renditions",
            renditions=images.GALLERY_RENDITIONS,
        ):
            super().save(*args, **kwargs)

    @cached_property
    def picture(self):
        """The photo for `templates/pressroom/includes/picture.html`.

        An `images.Picture` with renditions `thumb` and `detail`; None if the
        renditions are missing. No query, no file read.
        """
        return images.build_picture(
            self.image.storage,
            self.renditions,
            alt=self.alt_text,
            caption=self.caption,
            credit=self.credit,
        )


class ReleaseAttachment(TranslatedModel):
    """A downloadable file: a PDF fact sheet, a photo pack."""

    release = models.ForeignKey(
        Release, on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField(_("file"), upload_to="releases/attachments/%Y/%m/")
    title = models.CharField(_("title"), max_length=200)
    content_type = models.CharField(_("file type"), max_length=100, editable=False)
    size = models.PositiveBigIntegerField(_("size in bytes"), editable=False, default=0)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        # Type and size are recorded once, from the upload, so pages can show
        # "PDF, 1.2 MB" without touching storage.
        if self.file and not self.file._committed:
            extension = os.path.splitext(self.file.name)[1].lower()
            self.content_type = ATTACHMENT_TYPES.get(
                extension, ("application/octet-stream", b"")
            )[0]
            self.size = self.file.size
        super().save(*args, **kwargs)

    @property
    def type_label(self):
        """A short file type for readers: "PDF", "ZIP", "DOCX"…"""
        return os.path.splitext(self.file.name)[1].lstrip(".").upper()


@receiver(post_delete, sender=Release)
def delete_hero_renditions(sender, instance, using, **kwargs):
    """A deleted release's hero renditions go once the deletion commits.

    A receiver, not `delete()`: the admin's bulk delete and cascades do not call
    `delete()`. Originals and attachments are removed by django-cleanup.
    """
    images.delete_stale_renditions(
        instance.hero_image.storage, instance.hero_renditions, using=using
    )


@receiver(post_delete, sender=ReleaseImage)
def delete_gallery_renditions(sender, instance, using, **kwargs):
    """A deleted gallery image's renditions go once the deletion commits."""
    images.delete_stale_renditions(
        instance.image.storage, instance.renditions, using=using
    )
