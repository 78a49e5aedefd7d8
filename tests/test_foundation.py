import subprocess
import sys

import pytest
from django.db import DatabaseError
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_healthz_answers_200_with_json_when_the_database_answers(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "up"}
    assert "no-cache" in response["Cache-Control"]


def test_healthz_answers_503_when_the_database_is_down(client, monkeypatch):
    def broken_cursor(*args, **kwargs):
        raise DatabaseError("connection refused")

    monkeypatch.setattr("newsroom.views.connection.cursor", broken_cursor)

    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json()["status"] == "unavailable"


def test_home_page_has_header_navigation_skip_link_and_footer(client):
    response = client.get("/")

    assert response.status_code == 200
    html = response.content.decode()
    assert 'href="#main"' in html and "Skip to main content" in html
    assert f'href="{reverse("pressroom:list")}"' in html
    assert f'href="{reverse("contacts:contact")}"' in html
    assert "<footer" in html
    assert "vendor/bootstrap/bootstrap.min.css" in html
    assert "cdn" not in html.lower()


def test_unknown_page_is_a_friendly_404_in_the_site_look(client):
    response = client.get("/no-such-page/")

    assert response.status_code == 404
    assert "Page not found" in response.content.decode()
    assert "Skip to main content" in response.content.decode()


def test_server_error_page_renders_without_a_request_context():
    from django.test import RequestFactory
    from django.views.defaults import server_error

    response = server_error(RequestFactory().get("/"))

    assert response.status_code == 500
    assert "Something went wrong" in response.content.decode()


def test_admin_login_page_is_served(client):
    response = client.get("/admin/login/")

    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="username"' in html and 'name="password"' in html


def _settings_with(env):
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; from django.conf import settings; "
            "print(settings.SECRET_KEY[:6])",
        ],
        env={
            "PATH": "/usr/bin:/bin",
            "DJANGO_SETTINGS_MODULE": "newsroom.settings",
            **env,
        },
        capture_output=True,
        text=True,
        check=False,
    )


def test_missing_secret_key_without_debug_is_a_clear_startup_error():
    result = _settings_with({"DEBUG": "false", "SECRET_KEY": ""})

    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_debug_mode_runs_without_a_secret_key():
    result = _settings_with({"DEBUG": "true", "SECRET_KEY": ""})

    assert result.returncode == 0, result.stderr
