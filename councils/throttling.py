"""Throttling. Sign-in: django-axes counts wrong passwords for each username from each address; this adds a limit
for an address whatever the usernames, so one address cannot try a few passwords against every account. Pages that
anyone may read (the public register): a limit of requests a minute for each address, counted in the database."""

import ipaddress
from datetime import timedelta
from functools import wraps

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.models import AccessAttempt
from django.conf import settings
from django.db import connection
from django.db.models import Sum
from django.shortcuts import render
from django.utils import timezone

from councils.addresses import client_address
from councils.models import AddressRequests


def address_locked_out(request):
    """Whether the request's address has had SIGN_IN_FAILURES_PER_ADDRESS wrong passwords within the cool-off time,
    whatever the usernames."""
    failures = (
        AccessAttempt.objects.filter(
            ip_address=request.axes_ip_address,
            attempt_time__gte=get_cool_off_threshold(request),
        ).aggregate(total=Sum("failures_since_start"))["total"]
        or 0
    )
    return failures >= settings.SIGN_IN_FAILURES_PER_ADDRESS


class UsernameAndAddressHandler(AxesDatabaseHandler):
    """django-axes compares one count with one limit (AXES_FAILURE_LIMIT, for a username from an address). An
    address gets a higher limit of its own (SIGN_IN_FAILURES_PER_ADDRESS), as many colleagues can share one: once
    it is reached, every username from that address counts as locked out until the cool-off time has passed."""

    def get_failures(self, request, credentials=None):
        failures = super().get_failures(request, credentials)
        if address_locked_out(request):
            return max(failures, settings.AXES_FAILURE_LIMIT)
        return failures


def count_request(scope, address, reading=None):
    """(This request counted for the address, `reading`'s row.) The count is the address's requests of the last 60
    seconds, this one included, estimated from this minute's count and the minute before's, weighted by the share of
    that minute still within the 60 seconds. A count by the clock's minutes alone would let an address send twice
    the limit across the turn of a minute.

    One statement adds or counts up, so that two servers counting at once never lose a request. On PostgreSQL the
    minute before's count, and `reading` (SQL and parameters of a SELECT of at most one row, which the view would
    otherwise send next; its row is None when it finds none), are read in the same statement: a crowd's every
    request makes it, and each round trip to the database is a large share of what a page kept in the cache costs."""
    now = timezone.now()
    minute = now.replace(second=0, microsecond=0)
    before = minute - timedelta(minutes=1)
    table = connection.ops.quote_name(AddressRequests._meta.db_table)
    # As the ORM writes a date and time, so that its rows and these are the same minute on every database.
    minute_value, before_value = (connection.ops.adapt_datetimefield_value(value) for value in (minute, before))
    upsert = (
        f"INSERT INTO {table} (scope, address, minute, count) VALUES (%s, %s, %s, 1) "
        f"ON CONFLICT (scope, address, minute) DO UPDATE SET count = {table}.count + 1 RETURNING count"
    )
    earlier = f"SELECT count FROM {table} WHERE scope = %s AND address = %s AND minute = %s"
    read_sql, read_params = reading or ("SELECT 1 WHERE FALSE", [])
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # A count lost if the database stops this instant does no harm, so the request need not wait for the
            # disk. Sent as one with the upsert, the setting holds for the upsert's transaction alone. The row read
            # is marked, as a row it finds may hold nothing but NULLs.
            cursor.execute(
                f"SET LOCAL synchronous_commit TO OFF; WITH counted AS ({upsert}) "
                f"SELECT counted.count, ({earlier}), reading.* FROM counted "
                f"LEFT JOIN (SELECT TRUE AS found, one.* FROM ({read_sql}) AS one) AS reading ON TRUE",
                [scope, address, minute_value, scope, address, before_value, *read_params],
            )
            count, counted_before, found, *row = cursor.fetchone()
            read = tuple(row) if found else None
        else:
            cursor.execute(upsert, [scope, address, minute_value])
            count = cursor.fetchone()[0]
            cursor.execute(earlier, [scope, address, before_value])
            counted_before = (cursor.fetchone() or [0])[0]
            read = None
            if reading:
                cursor.execute(read_sql, read_params)
                read = cursor.fetchone()
    if count == 1:
        # The address's first request this minute: its counts of the minutes before the last are done with.
        AddressRequests.objects.filter(scope=scope, address=address, minute__lt=before).delete()
    return count + (counted_before or 0) * (1 - (now - minute).total_seconds() / 60), read


def counted_as(address):
    """Whom a request is counted against: its address; for IPv6, its /64 network, which one device or household
    is usually given whole and may move about in freely."""
    try:
        found = ipaddress.ip_address(address or "")
    except ValueError:
        return address or ""
    if found.version == 6:
        return str(ipaddress.ip_network(f"{found}/64", strict=False))
    return str(found)


def limited(request, scope, per_minute, reading=None):
    """(The 429 answer, with the time to wait, when the request's address is past `per_minute` requests to `scope`
    this minute, else None; `reading`'s row, as count_request reads it.)"""
    count, read = count_request(scope, counted_as(client_address(request)), reading)
    if count <= per_minute:
        return None, read
    response = render(request, "429.html", {"scope": scope}, status=429)
    response["Retry-After"] = str(60 - timezone.now().second)
    return response, read


def throttled(scope, per_minute):
    """A view that answers 429, with the time to wait, to an address past `per_minute()` requests this minute."""

    def decorate(view):
        @wraps(view)
        def view_limited(request, *args, **kwargs):
            too_many, _ = limited(request, scope, per_minute())
            return too_many or view(request, *args, **kwargs)

        return view_limited

    return decorate
