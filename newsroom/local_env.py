"""
Write a `.env` for a laptop: `make demo` runs this before anything else.

With it, the README's management commands work as written after `make demo`
(`.venv/bin/python manage.py export_consented_contacts`, …), which otherwise
stop at "SECRET_KEY is not set": the settings read `.env` beside manage.py.
An existing `.env` is never touched. The file is in .gitignore.

    python -m newsroom.local_env [PATH] [SITE_URL]

SITE_URL is the address `make demo` serves on, so that links made by commands
run in another terminal (the export's unsubscribe links) point at it too.

Standard library only: it runs before Django can be configured.
"""

import secrets
import sys
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent

TEMPLATE = """\
# Written by `make demo` for local development on this machine only: never
# commit it, never use it in production (.env.example lists every variable).
DEBUG=true
SECRET_KEY={secret_key}
"""


def write_local_env(path=BASE_DIR / ".env", *, site_url=None):
    """Write `path` with DEBUG on and a new secret key (and SITE_URL, when
    given), unless it exists. Returns whether it was written.
    """
    path = Path(path)
    text = TEMPLATE.format(secret_key=secrets.token_urlsafe(50))
    if site_url:
        text += (
            "# Where make demo served first; change it if you serve on another port.\n"
            f"SITE_URL={site_url}\n"
        )
    try:
        # "x": fails if the file exists, even one made a moment ago by another
        # process, so an operator's .env can never be overwritten.
        with path.open("x", encoding="utf-8") as env_file:
            env_file.write(text)
    except FileExistsError:
        return False
    return True


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    path = Path(argv[0]) if argv else BASE_DIR / ".env"
    site_url = argv[1] if len(argv) > 1 else None
    if write_local_env(path, site_url=site_url):
        print(f"Wrote {path}: DEBUG=true and a new SECRET_KEY, for this machine only.")
    else:
        print(f"Kept the existing {path}.")


if __name__ == "__main__":
    main()
