"""The one place that decides what a person may see and do: objects of their own councils, and nothing else; their
roles in a council, read once a request; and the refusal of a request the pages never offered, logged one way for
every kind of record. Each app's permissions.py keeps only its own tables of who may take which step when."""

import logging
from functools import cached_property, wraps

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from councils.forms import typed_work
from councils.models import Council, Membership, Role

security_log = logging.getLogger("eqa.security")


def councils_for(user):
    return Council.objects.for_person(user)


def councils_where(user, *roles):
    """The councils where the person holds one of the roles: where they may start a record, say."""
    return Council.objects.filter(pk__in=Membership.objects.filter(user=user, role__in=roles).values("council_id"))


def scoped(queryset, person, council_field="council"):
    """Narrow a queryset to the councils the person belongs to. Given a request, its councils are those read once for
    it (my_councils: the header names them), written into the query as ids, for a list: PostgreSQL reads a page of
    one council's records from an index in the page's order and stops at its last row, which it cannot do through a
    subquery. Given a person, a subquery."""
    if isinstance(person, HttpRequest):
        councils = [council.pk for council in my_councils(person)]
    else:
        councils = Membership.objects.filter(user=person).values("council_id")
    return queryset.filter(**{f"{council_field}__in": councils})


def get_for_person(queryset, user, council_field="council", **lookup):
    """Fetch one object of the person's councils. Anyone else's answers 404, never 403, never its data."""
    return get_object_or_404(scoped(queryset, user, council_field), **lookup)


def memberships(request):
    """Every membership of the person, in every council, with its council and its service limits (the home page
    asks of all their councils at once): two queries, once a request, whoever asks."""
    if not hasattr(request, "_eqa_memberships"):
        request._eqa_memberships = list(
            Membership.objects.filter(user=request.user).select_related("council").prefetch_related("services")
        )
    return request._eqa_memberships


def my_councils(request):
    """The person's councils, read once a request: the header names them, and a page that names each service's
    council when there are several asks again."""
    # Kept with whose they are: a request that signs a person in reads theirs afresh.
    kept = getattr(request, "_eqa_councils", None)
    if kept is None or kept[0] != request.user.pk:
        kept = request._eqa_councils = (request.user.pk, list(councils_for(request.user)))
    return kept[1]


def councils_with(found, *roles):
    """The ids of the councils where these memberships hold any of `roles`."""
    return sorted({m.council_id for m in found if m.role in roles})


class Standing:
    """A person's roles in one council, read once, so a page can ask about every step and button without more
    queries (as Django's ModelBackend reads a person's permissions once into a cache). In a view, take it with
    Standing.of(request, council), or from fetch(), so a request reads it once however often it is asked."""

    def __init__(self, person, council):
        self.person = person
        self.council = council
        self.memberships = {m.role: m for m in Membership.objects.filter(user=person, council=council)}

    @classmethod
    def of(cls, request, council):
        """The person's standing in the council, kept on the request: asking again costs no query."""
        if not hasattr(request, "_eqa_standings"):
            request._eqa_standings = {}
        kept = request._eqa_standings
        if council.pk not in kept:
            kept[council.pk] = cls(request.user, council)
        return kept[council.pk]

    def has(self, *roles):
        return any(role in self.memberships for role in roles)

    def approves_for(self, service):
        """An approver may be limited to some services (and the teams under them); none means all."""
        if not self.has(Role.APPROVER):
            return False
        return service.is_within(self._approver_limits)

    @cached_property
    def _approver_limits(self):
        # Read only when a page asks about signing off, and then once: most people are not approvers.
        return list(self.memberships[Role.APPROVER].services.all())


def fetch(request, queryset, **lookup):
    """One record of the person's councils, with their standing in its council. Anyone else's record answers 404,
    never 403, never its data."""
    record = get_for_person(queryset, request.user, **lookup)
    return record, Standing.of(request, record.council)


def refuse(request, record, what):
    """Refuse (403) and log an attempt the pages never offered: a forged or stale request. `record` is None for a
    page that starts one."""
    security_log.warning(
        "refused user=%s council=%s record=%s:%s action=%s path=%r",
        request.user.pk,
        record and record.council_id,
        record and record._meta.label,
        record and record.pk,
        what,
        request.path,
    )
    raise PermissionDenied


class NotEditableNow(Exception):
    """An edit that the record's status no longer allows (submitted, signed off, an older version), asked for by a
    person who edits such records: a bookmark or an old tab, answered with a page that says why and what to do
    instead (explains_not_editable), rather than a bare refusal. `typed` is what the person sent from the old
    tab, as councils.forms.typed_work gives it, for that page to show them."""

    def __init__(self, record, standing, typed=()):
        super().__init__(record.status)
        self.record, self.standing, self.typed = record, standing, list(typed)


def fetch_to_edit(request, queryset, *, may_edit, editors, form=None, **lookup):
    """fetch(), for an edit page: a person who edits the council's records but may not edit this one now meets
    NotEditableNow, with what they typed when `form(record)` gives the page's form bound to what was sent; anyone
    else of the council is refused (403, logged)."""
    record, standing = fetch(request, queryset, **lookup)
    if not may_edit(record, standing):
        if standing.has(*editors):
            sent = form is not None and request.method == "POST"
            raise NotEditableNow(record, standing, typed_work(form(record)) if sent else ())
        refuse(request, record, "edit")
    return record, standing


def explains_not_editable(page):
    """A view decorator: NotEditableNow answers with `page(request, record, standing, typed)`, the app's own page
    saying why the record cannot be changed now, and showing what the person typed, with status 403. Nothing was
    changed."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            try:
                return view(request, *args, **kwargs)
            except NotEditableNow as refused:
                response = page(request, refused.record, refused.standing, refused.typed)
                response.status_code = 403
                return response

        return wrapper

    return decorator


def get_council_to_manage(request, slug):
    """The council whose settings the person manages: 404 unless they belong to it, 403 unless they are its
    council admin. A council admin manages only the councils they are admin of."""
    council = get_object_or_404(councils_for(request.user), slug=slug)
    if not Standing.of(request, council).has(Role.COUNCIL_ADMIN):
        raise PermissionDenied
    return council
