"""wrk's script: a mix of URLs in random order, errors counted."""

import http.server
import shutil
import threading
from collections import Counter

import pytest
from django.test import Client

from bench import load
from bench.pages import mix_paths
from tests.pressroom.factories import ReleaseFactory, TagFactory


class Site(http.server.BaseHTTPRequestHandler):
    """Answers 200 to every path but /missing (404) and /moved (302), and
    counts what it was asked."""

    protocol_version = "HTTP/1.1"
    seen = Counter()

    def do_GET(self):
        self.seen[self.path] += 1
        body = b"ok"
        self.send_response({"/missing": 404, "/moved": 302}.get(self.path, 200))
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def site():
    Site.seen.clear()
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Site)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server.server_address[1]
    server.shutdown()
    server.server_close()


@pytest.mark.skipif(shutil.which("wrk") is None, reason="wrk is not installed")
def test_wrk_requests_every_url_of_the_list_and_counts_answers_but_200(site, tmp_path):
    paths = ["/news/", "/news/?page=2", "/news/a-release/", "/missing", "/moved"]
    paths_file = tmp_path / "paths.txt"
    paths_file.write_text("\n".join(paths) + "\n")

    run = load.wrk("/not-listed/", seconds=1, port=site, paths_file=paths_file)

    assert set(Site.seen) == set(paths)
    statuses = run["statuses"]
    assert set(statuses) == {"200", "302", "404"}
    assert sum(statuses.values()) == run["requests"]
    # The redirect too, which wrk's "Non-2xx or 3xx responses" lets pass.
    assert run["errors"]["status"] == statuses["302"] + statuses["404"]
    assert run["wrk_non_2xx_3xx"] == statuses["404"]
    assert run["errors_total"] == run["errors"]["status"]


@pytest.mark.django_db
def test_every_url_of_the_mix_answers_and_all_kinds_are_in_it():
    tags = TagFactory.create_batch(3)
    for number in range(25):
        ReleaseFactory(tags=[tags[number % 3]])
    ReleaseFactory(draft=True)

    paths = mix_paths(releases=20, tags=2, list_pages=2, tag_feeds=1)

    assert len(paths) == len(set(paths)) == 3 + 2 + 2 + 1 + 20
    client = Client()
    assert {path: client.get(path).status_code for path in paths} == dict.fromkeys(
        paths, 200
    )
