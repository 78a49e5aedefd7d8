import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import translation

pytestmark = pytest.mark.django_db


@pytest.fixture
def load_demo(monkeypatch):
    """Run `manage.py load_demo` for its accounts; the apps' demo content has its
    own tests (tests/pressroom/test_demo.py, tests/contacts/)."""
    command = "pressroom.management.commands.load_demo"
    monkeypatch.setattr(f"{command}.load_pressroom_demo", lambda stdout: 0)
    monkeypatch.setattr(f"{command}.load_contacts_demo", lambda stdout: 0)

    def run(*args):
        out = StringIO()
        call_command("load_demo", *args, stdout=out)
        return out.getvalue()

    return run


def test_load_demo_prints_the_credentials_of_one_account_per_role(load_demo):
    output = load_demo("--with-demo-accounts")

    assert "with password 'newsroom-demo' as:" in output
    # One line per account, its username first ("demo" alone is in the password).
    listed = re.findall(r"^ +(\S+) ", output, re.MULTILINE)
    assert listed == ["demo", "editor", "handler", "exporter"]


def test_load_demo_twice_keeps_the_same_accounts(load_demo, django_user_model):
    load_demo("--with-demo-accounts")
    load_demo("--with-demo-accounts")

    assert django_user_model.objects.count() == 4


@pytest.mark.parametrize(
    ("username", "allowed", "refused"),
    [
        ("editor", "/admin/pressroom/release/", "/admin/contacts/enquiry/"),
        ("handler", "/admin/contacts/enquiry/", "/admin/pressroom/release/add/"),
    ],
)
def test_each_demo_account_signs_in_and_sees_its_part(
    load_demo, client, username, allowed, refused
):
    load_demo("--with-demo-accounts")

    signed_in = client.post(
        "/admin/login/?next=/admin/",
        {"username": username, "password": "newsroom-demo"},
    )
    assert signed_in.status_code == 302
    assert client.get(allowed).status_code == 200
    assert client.get(refused).status_code == 403


def test_load_demo_creates_no_account_with_a_published_password_unless_asked(
    load_demo, django_user_model
):
    output = load_demo()

    assert not django_user_model.objects.exists()
    assert "newsroom-demo" not in output
    assert "--with-demo-accounts" in output


def test_load_demo_writes_each_language_where_it_belongs_and_twice_changes_nothing(
    monkeypatch,
):
    """The real command, run from a shell whose language is Chinese, twice."""
    from pressroom import demo
    from pressroom.models import MediaContact, Release, Tag

    # Pictures a quarter of their size: their renditions take seconds.
    draw = demo._draw_image
    monkeypatch.setattr(
        demo, "_draw_image", lambda seed, w, h: draw(seed, w // 4, h // 4)
    )

    def rows():
        return [
            # Named: modeltranslation leaves translations out of a bare values().
            list(
                model.objects.order_by("pk").values(
                    *(field.attname for field in model._meta.concrete_fields)
                )
            )
            for model in (Release, Tag, MediaContact)
        ]

    with translation.override("zh-hans"):
        call_command("load_demo", stdout=StringIO())
    first = rows()
    with translation.override("zh-hant"):
        out = StringIO()
        call_command("load_demo", stdout=out)

    assert "0 demo releases created, 30 already there." in out.getvalue()
    assert rows() == first
    release = Release.objects.get(slug="harbour-walkway-sensors")
    assert release.title_en == "Sensors on the harbour walkway warn of flooding"
    assert release.title_zh_hant == "海濱長廊感應器預警水浸"
    assert release.title_zh_hans == "海滨步道传感器可预警内涝"
    english_only = Release.objects.get(slug="new-chair-appointed")
    assert english_only.title_en
    assert not english_only.title_zh_hant and not english_only.title_zh_hans
    tag = Tag.objects.get(slug="ai-robotics")
    assert (tag.name_en, tag.name_zh_hant, tag.name_zh_hans) == (
        "AI & Robotics",
        "人工智能與機械人",
        "人工智能与机器人",
    )
