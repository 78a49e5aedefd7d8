"""`make demo` writes a local .env (newsroom/local_env.py), so that the README's
management commands work after it without SECRET_KEY in the environment."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from newsroom import local_env

PROJECT = Path(local_env.__file__).resolve().parent.parent


def test_a_missing_env_file_is_written_with_debug_and_a_new_secret_key(tmp_path):
    first, second = tmp_path / "one" / ".env", tmp_path / "two" / ".env"
    first.parent.mkdir()
    second.parent.mkdir()

    assert local_env.write_local_env(first)
    assert local_env.write_local_env(second)

    values = [_read(path) for path in (first, second)]
    assert values[0]["DEBUG"] == "true"
    assert len(values[0]["SECRET_KEY"]) >= 50
    assert values[0]["SECRET_KEY"] != values[1]["SECRET_KEY"]


def _read(path):
    return dict(
        line.split("=", 1)
        for line in path.read_text().splitlines()
        if line and not line.startswith("#")
    )


def test_an_existing_env_file_is_kept_as_it_is(tmp_path):
    path = tmp_path / ".env"
    path.write_text("DEBUG=false\nSECRET_KEY=the-operators-own\n")

    assert not local_env.write_local_env(path)

    assert path.read_text() == "DEBUG=false\nSECRET_KEY=the-operators-own\n"


def test_settings_load_from_the_written_env_file_without_secret_key_set(tmp_path):
    # The project's settings, beside a .env as `make demo` writes it.
    shutil.copytree(PROJECT / "newsroom", tmp_path / "newsroom")
    local_env.main([str(tmp_path / ".env")])

    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "from django.conf import settings; "
            "print(settings.DEBUG, settings.SECRET_KEY)",
        ],
        cwd=tmp_path,
        env={
            "PATH": "/usr/bin:/bin",
            "PYTHONPATH": str(tmp_path),
            "DJANGO_SETTINGS_MODULE": "newsroom.settings",
        },
        capture_output=True,
        text=True,
        check=False,
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", _read(tmp_path / ".env")["SECRET_KEY"]]


def make_demo_commands(*arguments, **environment):
    """What `make demo` would run (make -n: nothing is run)."""
    result = subprocess.run(
        ["make", "-n", "demo", *arguments],
        cwd=PROJECT,
        env={"PATH": "/usr/bin:/bin", **environment},
        capture_output=True,
        text=True,
        check=True,
    )
    return [line for line in result.stdout.splitlines() if "manage.py" in line]


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_make_demo_on_another_port_links_to_that_port():
    commands = make_demo_commands("PORT=8123")

    runserver = next(line for line in commands if "runserver" in line)
    assert "SITE_URL=http://127.0.0.1:8123 " in runserver
    assert runserver.endswith("runserver 127.0.0.1:8123")


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_make_demo_keeps_a_site_url_set_by_the_user():
    commands = make_demo_commands(SITE_URL="https://demo.example.com")

    runserver = next(line for line in commands if "runserver" in line)
    assert "SITE_URL=https://demo.example.com " in runserver


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_make_demo_asks_for_the_demo_accounts_explicitly():
    load_demo = next(line for line in make_demo_commands() if "load_demo" in line)

    assert load_demo.endswith("load_demo --with-demo-accounts")


def test_the_env_file_remembers_the_address_make_demo_serves_on(tmp_path):
    local_env.main([str(tmp_path / ".env"), "http://127.0.0.1:8123"])

    assert _read(tmp_path / ".env")["SITE_URL"] == "http://127.0.0.1:8123"
