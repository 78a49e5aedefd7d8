"""
A brake on password guessing at the admin's sign-in, by django-axes.

Two rules, each over the last SIGNIN_COOLOFF_MINUTES:

* one account from one address: SIGNIN_FAILURE_LIMIT failures (5) and that
  pair is refused until the cool-off has passed. Keyed on the pair, so nobody
  can lock a colleague out by typing their username from elsewhere;
* one address, whatever the accounts: SIGNIN_ADDRESS_FAILURE_LIMIT failures
  (20), against one password tried on many accounts. Higher, so that a few
  typing mistakes by colleagues behind one office address do not lock them all
  out.

Failures are kept in the database (axes' database handler), not the cache: a
Redis restart or outage must not lift a lockout.
"""

from axes.handlers.database import AxesDatabaseHandler
from django.conf import settings
from django.contrib import admin
from django.db.models import Sum
from django.template.response import TemplateResponse


class SignInFailures(AxesDatabaseHandler):
    """axes' database handler with a limit of its own for an address.

    Axes compares one count of failures with one limit (AXES_FAILURE_LIMIT,
    the per-account one), the largest over AXES_LOCKOUT_PARAMETERS. The
    address's failures are scaled to that limit, so that they reach it at
    SIGNIN_ADDRESS_FAILURE_LIMIT.
    """

    def get_failures(self, request, credentials=None):
        # In the order of AXES_LOCKOUT_PARAMETERS (settings.py).
        per_account, per_address = (
            attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0
            for attempts in self.get_user_attempts(request, credentials)
        )
        scaled = (
            per_address
            * settings.AXES_FAILURE_LIMIT
            // settings.SIGNIN_ADDRESS_FAILURE_LIMIT
        )
        return max(per_account, scaled)


def locked_out(request, response=None, credentials=None):
    """The page a locked-out sign-in gets (AXES_LOCKOUT_CALLABLE), in the
    admin's look, 429 Too Many Requests."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    context = {
        **admin.site.each_context(request),
        "title": settings.AXES_COOLOFF_MESSAGE,
        "minutes": minutes,
    }
    return TemplateResponse(
        request, "admin/locked_out.html", context, status=429
    ).render()
