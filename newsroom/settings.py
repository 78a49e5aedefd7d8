"""
Settings for Newsroom.

Everything that differs between a laptop, CI and production comes from the
environment (or an optional `.env` file beside manage.py) through one
`environ.Env()`; `.env.example` lists every variable. Production differs only by
environment: no second settings module.
"""

import datetime
from pathlib import Path

import environ
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env")  # Optional; real environment variables win.

# --------------------------------------------------------------------------------
# Core
# https://docs.djangoproject.com/en/5.2/ref/settings/#debug
DEBUG = env.bool("DEBUG", default=False)

# https://docs.djangoproject.com/en/5.2/ref/settings/#secret-key
# A development key is only ever used with DEBUG on; production must set its own.
SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set the SECRET_KEY environment variable (for "
            "example: python3 -c 'import secrets; print(secrets.token_urlsafe(50))'), "
            "or set DEBUG=true for local development."
        )
    SECRET_KEY = "django-insecure-local-development-only-never-in-production"

# https://docs.djangoproject.com/en/5.2/ref/settings/#allowed-hosts
ALLOWED_HOSTS = env.list(
    "ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"] if DEBUG else []
)
# https://docs.djangoproject.com/en/5.2/ref/settings/#csrf-trusted-origins
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

# Absolute URL of the public site, for links that leave the request cycle
# (feeds, sitemaps, emails, exports).
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")
SITE_NAME = env.str("SITE_NAME", default="Newsroom")

ROOT_URLCONF = "newsroom.urls"
WSGI_APPLICATION = "newsroom.wsgi.application"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --------------------------------------------------------------------------------
# Applications
INSTALLED_APPS = [
    # Before the admin, as its documentation asks: its admin classes and
    # widgets then take precedence (MODELTRANSLATION_* settings below).
    "modeltranslation",
    "newsroom.apps.NewsroomAdminConfig",  # django.contrib.admin, our AdminSite
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "django.contrib.sitemaps",
    "django.forms",  # its widget templates, for FORM_RENDERER below
    "csp",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_prose_editor",
    "axes",  # sign-in throttling (newsroom/signin.py)
    "pressroom",
    "contacts",
    # Last, as its documentation asks: removes a replaced or deleted upload's
    # file once the transaction commits (pressroom.images does the renditions).
    "django_cleanup.apps.CleanupConfig",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "newsroom.headers.SecurityHeadersMiddleware",  # before WhiteNoise: static too
    # Before anything reads the query string (no NUL reaches PostgreSQL).
    "newsroom.middleware.RejectNullCharactersMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # The page's language from its address (/zh-hant/…, /zh-hans/…; none is English).
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.http.ConditionalGetMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # The admin in its user's language, whatever LocaleMiddleware decided for
    # the address (it acts once the view is known: any place here works).
    "newsroom.admin_language.AdminLanguageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: turns a locked-out sign-in into its page.
    "axes.middleware.AxesMiddleware",
]

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "newsroom.context_processors.site",
            ],
        },
    },
]

# --------------------------------------------------------------------------------
# Database
# https://django-environ.readthedocs.io/en/latest/types.html#environ-env-db-url
# Embedded SQLite by default; production sets postgres://user:pass@host:5432/name.
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")
}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=0)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DATABASES["default"]["ATOMIC_REQUESTS"] = False

# --------------------------------------------------------------------------------
# Cache (also holds the Contact Us rate-limit counters, so it must be shared by
# every app server in production: redis://127.0.0.1:6379/0)
# https://django-environ.readthedocs.io/en/latest/types.html#environ-env-cache-url
CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://newsroom")}
if CACHES["default"]["BACKEND"] == "django_redis.cache.RedisCache":
    # django-redis (what django-environ picks for redis://): a Redis outage
    # degrades to no cache, logged, instead of failing every page and every save.
    # Its client is kept between operations: a `get` costs 40 µs against Django's
    # own RedisCache's 100-150 µs, which makes a new redis-py client every time.
    # https://github.com/jazzband/django-redis#memcached-exceptions-behavior
    CACHES["default"].setdefault("OPTIONS", {}).update(
        {
            "IGNORE_EXCEPTIONS": True,
            # A Redis that accepts and never answers costs a request at most a
            # second per cache operation, instead of holding the worker.
            "SOCKET_CONNECT_TIMEOUT": 1,
            "SOCKET_TIMEOUT": 1,
        }
    )
DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True

# --------------------------------------------------------------------------------
# Email: console by default; smtp+tls://user:pass@host:587 in production.
# https://django-environ.readthedocs.io/en/latest/types.html#environ-env-email-url
vars().update(env.email_url("EMAIL_URL", default="consolemail://"))
DEFAULT_FROM_EMAIL = env.str(
    "DEFAULT_FROM_EMAIL", default="Newsroom <newsroom@localhost>"
)
SERVER_EMAIL = env.str("SERVER_EMAIL", default=DEFAULT_FROM_EMAIL)
# Seconds to wait on the mail server at each step before giving up. Emails go
# out during the visitor's request: a server that accepts and never answers
# must not hold it until the worker is killed.
# https://docs.djangoproject.com/en/5.2/ref/settings/#email-timeout
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=10)
EMAIL_SUBJECT_PREFIX = f"[{SITE_NAME}] "

# --------------------------------------------------------------------------------
# Authentication
# https://docs.djangoproject.com/en/5.2/topics/auth/passwords/#password-validation
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation."
        "UserAttributeSimilarityValidator"
    },
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "admin:login"
# The first backend refuses a locked-out sign-in before the password is checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

# --------------------------------------------------------------------------------
# Sign-in throttling (django-axes; newsroom/signin.py explains the two rules)
# https://django-axes.readthedocs.io/en/latest/4_configuration.html
# Failed sign-ins of one account from one address before it is locked out.
AXES_FAILURE_LIMIT = env.int("SIGNIN_FAILURE_LIMIT", default=5)
# Failed sign-ins from one address, whatever the accounts, before it is.
SIGNIN_ADDRESS_FAILURE_LIMIT = env.int("SIGNIN_ADDRESS_FAILURE_LIMIT", default=20)
# How long failures count, and a lockout lasts.
AXES_COOLOFF_TIME = datetime.timedelta(
    minutes=env.int("SIGNIN_COOLOFF_MINUTES", default=15)
)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
AXES_HANDLER = "newsroom.signin.SignInFailures"
AXES_LOCKOUT_CALLABLE = "newsroom.signin.locked_out"
AXES_COOLOFF_MESSAGE = _("Too many failed sign-ins")
# The address the Contact Us rate limit counts by: REMOTE_ADDR, or the entry
# your own proxy appended (CONTACT_CLIENT_IP_HEADER), never a visitor's own.
AXES_CLIENT_IP_CALLABLE = "contacts.antispam.client_ip"
# The logs of failures carry no username or address (personal data), and no
# banner starts every manage.py command.
AXES_SENSITIVE_PARAMETERS = ["username", "ip_address"]
AXES_VERBOSE = False

# --------------------------------------------------------------------------------
# Internationalisation: English by default, every string marked for translation.
# https://docs.djangoproject.com/en/5.2/topics/i18n/
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", _("English")),
    ("zh-hant", _("Traditional Chinese")),
    ("zh-hans", _("Simplified Chinese")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
# The reader's choice of language, set by the header's switcher
# (newsroom/languages.py) and followed by the home page: kept a year, never read
# by scripts, sent over HTTPS only in production.
# https://docs.djangoproject.com/en/5.2/ref/settings/#language-cookie-age
LANGUAGE_COOKIE_AGE = 365 * 24 * 60 * 60
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=not DEBUG)
# Translated content (django-modeltranslation, pressroom/translation.py): each
# translated field has a column per language (title_en, title_zh_hant,
# title_zh_hans) on the same table. English is the default language, what a
# language without its own text falls back to, and the one slugs are made from
# (one slug per release, whatever the language of the page).
# https://django-modeltranslation.readthedocs.io/en/latest/registration.html
MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_FALLBACK_LANGUAGES = ("en",)
MODELTRANSLATION_PREPOPULATE_LANGUAGE = "en"
TIME_ZONE = env.str("TIME_ZONE", default="Asia/Hong_Kong")
USE_I18N = True
USE_TZ = True

# --------------------------------------------------------------------------------
# Static files (served by WhiteNoise) and uploaded media.
# https://whitenoise.readthedocs.io/en/stable/django.html
STATIC_URL = "static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = env.str("MEDIA_URL", default="/media/")
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
# Serve MEDIA_URL from MEDIA_ROOT in the app (newsroom/media.py), with or without
# DEBUG: right for one server. Turn it off when nginx or object storage serves
# the media (README, "Deploying").
SERVE_MEDIA = env.bool("SERVE_MEDIA", default=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
# Uploads larger than this are streamed to a temporary file instead of memory.
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# --------------------------------------------------------------------------------
# Security. Production defaults are strict; each can be relaxed by environment
# (for example behind a TLS-terminating proxy set SECURE_PROXY_SSL_HEADER=true).
# https://docs.djangoproject.com/en/5.2/howto/deployment/checklist/
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=not DEBUG)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool(
    "SECURE_HSTS_INCLUDE_SUBDOMAINS", default=not DEBUG
)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=not DEBUG)
if env.bool("SECURE_PROXY_SSL_HEADER", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
# The healthz probe is answered over plain HTTP by the load balancer.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

# Permissions-Policy and Cross-Origin-Resource-Policy (newsroom/headers.py): no
# page needs these browser features, so none may use them, whatever script got
# onto a page; browsing-topics opts the site out of interest-based advertising
# (interest-cohort, FLoC's name for it, is gone from browsers, which log it as
# an unknown feature).
# https://developer.mozilla.org/en-US/docs/Web/HTTP/Headers/Permissions-Policy
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "ambient-light-sensor",
        "autoplay",
        "bluetooth",
        "browsing-topics",
        "camera",
        "display-capture",
        "encrypted-media",
        "geolocation",
        "gyroscope",
        "hid",
        "idle-detection",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "screen-wake-lock",
        "serial",
        "usb",
        "xr-spatial-tracking",
    )
}
# Other sites may not load this server's responses into their pages.
# https://developer.mozilla.org/en-US/docs/Web/HTTP/Headers/Cross-Origin-Resource-Policy
CROSS_ORIGIN_RESOURCE_POLICY = "same-origin"

# Content-Security-Policy (django-csp): nothing inline, nothing from other hosts.
# Pages, the admin and the rich-text editor need no 'unsafe-inline' (the browser
# tests serve every page under this policy and fail on what it blocks). Media on
# another host (object storage, CDN) is allowed with CSP_MEDIA_HOSTS.
# https://django-csp.readthedocs.io/en/latest/configuration.html
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "img-src": [SELF, "data:", *env.list("CSP_MEDIA_HOSTS", default=[])],
        "media-src": [SELF, *env.list("CSP_MEDIA_HOSTS", default=[])],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

# --------------------------------------------------------------------------------
# Forms: widgets rendered by the TEMPLATES above, so a widget may use a template
# of templates/ (pressroom/widgets/); django-crispy-forms with Bootstrap 5.
# https://docs.djangoproject.com/en/5.2/ref/forms/renderers/#templatessetting
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"
# https://django-crispy-forms.readthedocs.io/en/latest/install.html
CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# --------------------------------------------------------------------------------
# Logging: to stderr, so the process manager collects it. Records never carry
# personal data (emails, names, messages): log ids instead.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "plain"},
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
    },
}

# --------------------------------------------------------------------------------
# Press room
# Upload limits an editor meets in the admin; the error messages quote them.
PRESSROOM_MAX_IMAGE_BYTES = env.int(
    "PRESSROOM_MAX_IMAGE_BYTES", default=15 * 1024 * 1024
)
# Well below Pillow's decompression-bomb threshold (89 megapixels): a 48 MP camera
# photo passes, a crafted image that would exhaust memory when decoded does not.
PRESSROOM_MAX_IMAGE_PIXELS = env.int("PRESSROOM_MAX_IMAGE_PIXELS", default=50_000_000)
PRESSROOM_MAX_ATTACHMENT_BYTES = env.int(
    "PRESSROOM_MAX_ATTACHMENT_BYTES", default=25 * 1024 * 1024
)
# Seconds public pages stay in the cache at most. Every write through Django
# empties it at once and scheduled releases appear on time whatever this says;
# the limit only bounds how long a change made behind Django's back (raw SQL)
# stays unseen.
PRESSROOM_CACHE_SECONDS = env.int("PRESSROOM_CACHE_SECONDS", default=300)

# --------------------------------------------------------------------------------
# Contact Us
# Staff addresses told about each new enquiry (comma-separated).
CONTACT_NOTIFY_EMAILS = env.list("CONTACT_NOTIFY_EMAILS", default=[])
# Enquiries one client IP may send, as django-ratelimit's "count/period" (5/h, 20/d).
# Only accepted enquiries count: a visitor's mistakes do not use it up. With the
# cache down the form fails open (contacts/antispam.py says why).
CONTACT_RATE_LIMIT = env.str("CONTACT_RATE_LIMIT", default="5/h")
# Posts of the form one client IP may make, accepted or not: a brake on scripts,
# by default ten times CONTACT_RATE_LIMIT over the same period.
_sends, _, _period = CONTACT_RATE_LIMIT.partition("/")
CONTACT_ATTEMPT_LIMIT = env.str(
    "CONTACT_ATTEMPT_LIMIT", default=f"{int(_sends) * 10}/{_period}"
)
# Only behind a proxy you run: the header it puts the client IP in (e.g.
# X-Forwarded-For). Empty means REMOTE_ADDR, which a visitor cannot forge.
CONTACT_CLIENT_IP_HEADER = env.str("CONTACT_CLIENT_IP_HEADER", default="")
# How many proxies of yours append to that header; the client IP is the entry
# this many places from its right end.
CONTACT_TRUSTED_PROXY_COUNT = env.int("CONTACT_TRUSTED_PROXY_COUNT", default=1)
# Seconds a person needs at least to fill the form; quicker submissions are bots.
CONTACT_MIN_FILL_SECONDS = env.int("CONTACT_MIN_FILL_SECONDS", default=3)
# Seconds a form page stays valid before it must be reloaded.
CONTACT_MAX_FILL_SECONDS = env.int("CONTACT_MAX_FILL_SECONDS", default=24 * 60 * 60)
