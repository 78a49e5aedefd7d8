"""
A busy day at the Contact Us form: many visitors submitting at once.

Each client does what a browser does: GET /contact/, keep the CSRF cookie,
read the CSRF and form tokens and a topic from the page, POST the form back
with the cookie, and count it sent only when the answer is the redirect to the
thanks page. The server sends its emails to a real SMTP server on loopback
(bench/mailserver.py). Afterwards the redirects received, the rows stored for
this run and the messages the SMTP server accepted are compared: none lost,
none stored twice, each enquiry's acknowledgement and staff notification
received once.
"""

import http.client
import re
import threading
import time
import uuid
from collections import Counter
from dataclasses import dataclass
from urllib.parse import urlencode

from bench.server import PORT

CLIENTS = 32
FIELD = re.compile(r'name="(csrfmiddlewaretoken|form_token)" value="([^"]+)"')
TOPIC = re.compile(r'<option value="(\d+)"')
CSRF_COOKIE = re.compile(r"csrftoken=([^;]+)")


class Visitor(threading.Thread):
    def __init__(self, number, *, run_id, deadline, port):
        super().__init__(daemon=True)
        self.number = number
        self.run_id = run_id
        self.deadline = deadline
        self.port = port
        self.sent = 0
        self.refused = {}
        self.failures = 0
        self.latencies = []  # (GET seconds, POST seconds) of each sent form

    def run(self):
        count = 0
        while time.monotonic() < self.deadline:
            count += 1
            try:
                self.submit(count)
            except (OSError, http.client.HTTPException, ValueError):
                self.failures += 1

    def request(self, method, path, *, body=None, headers=None):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            connection.request(method, path, body=body, headers=headers or {})
            response = connection.getresponse()
            return response, response.read().decode()
        finally:
            connection.close()

    def submit(self, count):
        started = time.perf_counter()
        response, page = self.request("GET", "/contact/")
        shown = time.perf_counter()
        cookie = CSRF_COOKIE.search(response.getheader("Set-Cookie") or "")
        fields = dict(FIELD.findall(page))
        topic = TOPIC.search(page)
        if response.status != 200 or not cookie or len(fields) != 2 or not topic:
            raise ValueError("the contact form page was not as expected")
        subject = f"bench-{self.run_id}-{self.number}-{count}"
        form = {
            **fields,
            "name": "陳大文 Bench",
            # Unique to this run, so its emails can be told apart.
            "email": f"visitor{self.number}.{count}.{self.run_id}@example.org",
            "phone": "+852 2123 4567",
            "organisation": "Bench Ltd",
            "topic": topic.group(1),
            "subject": subject,
            "message": "I would like a visit to the robotics laboratory. " * 4,
            "privacy_acknowledged": "on",
            "website": "",
        }
        if count % 5 < 2:
            form["marketing_consent"] = "on"
        response, _ = self.request(
            "POST",
            "/contact/",
            body=urlencode(form),
            headers={
                "Content-Type": "application/x-www-form-urlencoded",
                "Cookie": f"csrftoken={cookie.group(1)}",
            },
        )
        if response.status == 302 and response.getheader("Location", "").endswith(
            "/contact/thanks/"
        ):
            self.sent += 1
            self.latencies.append((shown - started, time.perf_counter() - shown))
        else:
            self.refused[response.status] = self.refused.get(response.status, 0) + 1


@dataclass
class Run:
    run_id: str
    clients: int
    seconds: float
    visitors: list


def submit_enquiries(*, seconds, clients=CLIENTS, port=PORT):
    """Submit for `seconds` from `clients` threads; `account()` judges it."""
    run_id = uuid.uuid4().hex[:8]
    deadline = time.monotonic() + seconds
    visitors = [
        Visitor(number, run_id=run_id, deadline=deadline, port=port)
        for number in range(clients)
    ]
    started = time.monotonic()
    for visitor in visitors:
        visitor.start()
    for visitor in visitors:
        visitor.join()
    return Run(
        run_id=run_id,
        clients=clients,
        seconds=time.monotonic() - started,
        visitors=visitors,
    )


def account(run, *, messages):
    """Redirects received, rows stored and emails received, side by side.

    Called once the server has stopped, so no request is still writing.
    """
    from django.conf import settings

    from contacts.models import ConsentEvent, Enquiry

    stored = Enquiry.objects.filter(subject__startswith=f"bench-{run.run_id}-")
    stored_count = stored.count()
    distinct = stored.values("subject").distinct().count()
    consents = ConsentEvent.objects.filter(enquiry__in=stored).count()
    sent = sum(visitor.sent for visitor in run.visitors)
    refused = Counter()
    for visitor in run.visitors:
        refused.update({str(status): n for status, n in visitor.refused.items()})
    latencies = [latency for visitor in run.visitors for latency in visitor.latencies]
    gets = sorted(get for get, _ in latencies)
    posts = sorted(post for _, post in latencies)
    return {
        "clients": run.clients,
        "seconds": round(run.seconds, 1),
        "sent": sent,
        "submissions_per_second": round(sent / run.seconds, 1),
        "refused_by_status": dict(refused),
        "connection_failures": sum(visitor.failures for visitor in run.visitors),
        "rows_stored": stored_count,
        "consent_events_stored": consents,
        "lost": max(0, sent - stored_count),
        # Stored although the client never saw the redirect (a timeout).
        "stored_unanswered": max(0, stored_count - sent),
        "doubled": stored_count - distinct,
        "emails": email_accounting(
            enquiries=list(stored.values_list("email", "email_status")),
            messages=messages,
            notify=settings.CONTACT_NOTIFY_EMAILS,
        ),
        "get_p50_ms": _percentile_ms(gets, 50),
        "get_p99_ms": _percentile_ms(gets, 99),
        "post_p50_ms": _percentile_ms(posts, 50),
        "post_p99_ms": _percentile_ms(posts, 99),
    }


def email_accounting(*, enquiries, messages, notify):
    """Each stored enquiry owes one acknowledgement (to the visitor) and one
    staff notification (to `notify`, replying to the visitor): how many of
    them the SMTP server accepted, how many are missing or came twice, and
    the email status the enquiries record.

    `enquiries` are (email, email_status) pairs; `messages` are the records
    bench/mailserver.py wrote.
    """
    senders = {email.lower() for email, _status in enquiries}
    notify = {address.lower() for address in notify}
    acknowledgements, notifications, unmatched = Counter(), Counter(), 0
    for message in messages:
        to = set(message["to"])
        if notify and to <= notify and message["reply_to"] in senders:
            notifications[message["reply_to"]] += 1
        elif len(to) == 1 and to <= senders:
            acknowledgements[to.pop()] += 1
        else:
            unmatched += 1
    expected = len(senders) * (2 if notify else 1)
    received = len(acknowledgements) + len(notifications)
    return {
        "expected": expected,
        "received": len(messages),
        "acknowledgements": len(acknowledgements),
        "notifications": len(notifications),
        "missing": expected - received,
        "duplicated": sum(acknowledgements.values())
        + sum(notifications.values())
        - received,
        "unmatched": unmatched,
        "enquiry_email_status": dict(Counter(status for _, status in enquiries)),
    }


def _percentile_ms(values, percent):
    if not values:
        return None
    index = min(len(values) - 1, round(len(values) * percent / 100))
    return round(values[index] * 1000, 1)
