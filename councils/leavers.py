"""A person who leaves the council: their work passes, in one step, to a person of the council who takes it over,
and their roles in the council end. What their work is, each app says through its AppConfig (`people_work()`, a
list of Work: a model's field that names a person, and which of its rows are still being worked on), so that a new
kind of work is one line there.

Someone with roles in another council keeps their account for that council's work: a council admin of one council
ends only that council's roles, and the account is closed (no sign-in, every session ended) only when no role is
left anywhere. A council admin may restore the account of a person who left by mistake: their roles in the council
come back, and their work stays with whoever took it over."""

from dataclasses import dataclass, field

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from councils.audit import person
from councils.models import AccountChange, Membership, Role
from councils.services import RoleRefused


@dataclass(frozen=True)
class Work:
    """One kind of a person's work: the rows of `model` whose `field` names them, in the council (`council` is the
    path to it) and `still` being worked on; `nouns`, (one, many), what the leaving page and History call them."""

    model: type
    field: str
    nouns: tuple
    still: Q = field(default_factory=Q)
    council: str = "council"

    def of(self, someone, council):
        return self.model._default_manager.filter(self.still, **{self.council: council, self.field: someone})

    def noun(self, count):
        return self.nouns[0] if count == 1 else self.nouns[1]


def works():
    found = []
    for config in apps.get_app_configs():
        if hasattr(config, "people_work"):
            found.extend(config.people_work())
    return found


def work_of(someone, council):
    """[(work, count)] of the person's work in the council, one query a kind of work."""
    return [(work, work.of(someone, council).count()) for work in works()]


def in_words(counts):
    """ "3 open EIAs they started and 2 actions they lead", of what [(noun one, noun many, count)] counts."""
    said = [f"{count} {one if count == 1 else many}" for one, many, count in counts if count]
    if not said:
        return ""
    return said[0] if len(said) == 1 else ", ".join(said[:-1]) + " and " + said[-1]


def leaving_refusal(*, council, someone, by):
    """Why `by` may not record `someone` leaving the council, or None."""
    name = person(someone)
    if someone.pk == by.pk:
        return "You cannot record yourself leaving. Ask another council admin of the council."
    if someone.is_superuser or someone.is_staff:
        return f"{name} helps run EqA itself, so only whoever runs EqA can close their account."
    return None


def _end_sessions(user):
    """Sign the person out everywhere: sessions are rows, each holding whose it is in its encoded data."""
    ended = [
        session.pk
        for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator()
        if session.get_decoded().get("_auth_user_id") == str(user.pk)
    ]
    Session.objects.filter(pk__in=ended).delete()


def person_leave(*, council, someone, successor, by):
    """`someone` leaves the council: all their work in it passes to `successor`, their roles in it end and, when they
    have no role left anywhere, their account is closed and every session of it ends. One transaction; History in
    the council's settings and on each record. Returns the AccountChange that says so."""
    with transaction.atomic():
        memberships = list(Membership.objects.select_for_update().filter(council=council, user=someone))
        # Locked, so that two council admins deactivating each other at once cannot leave the council with none.
        admins = set(
            Membership.objects.select_for_update()
            .filter(council=council, role=Role.COUNCIL_ADMIN)
            .values_list("user_id", flat=True)
        )
        if admins == {someone.pk}:
            raise RoleRefused(
                f"{person(someone)} is the council's only council admin. Give another person the council admin role "
                f"first."
            )
        if not Membership.objects.filter(council=council, user=successor, user__is_active=True).exists():
            raise RoleRefused(f"{person(successor)} no longer has a role in the council. Choose somebody else.")
        moved = []
        for work in works():
            rows = list(work.of(someone, council).select_for_update(of=("self",)))
            for row in rows:
                _pass_on(row, work.field, successor, by)
            moved.append([*work.nouns, len(rows)])
        roles = [membership.role for membership in memberships]
        # An approver limited to some services is limited to them again if restored, never widened to every one.
        services = [
            pk for m in memberships if m.role == Role.APPROVER for pk in m.services.values_list("pk", flat=True)
        ]
        for membership in memberships:
            membership._history_user = by
            membership.delete()
        closed = not Membership.objects.filter(user=someone).exists()
        if closed:
            someone.is_active = False
            someone.save(update_fields=["is_active"])
            _end_sessions(someone)
        return AccountChange.objects.create(
            council=council,
            user=someone,
            kind=AccountChange.Kind.LEFT,
            by=by,
            successor=successor,
            details={"moved": moved, "roles": roles, "services": services, "closed": closed},
        )


def _pass_on(row, name, successor, by):
    """Name `successor` in the row's field, saved with the row's own History (said as `by`'s). A record still being
    written counts it as an edit (its revision goes up), so that a form opened before on somebody's screen cannot
    put the leaver back unseen; who changed its content is not touched, as nobody did."""
    setattr(row, name, successor)
    row._history_user = by
    fields = [name]
    frozen = getattr(row, "mutable_when_frozen", None)
    if hasattr(row, "revision") and not (frozen is not None and row.is_frozen_in_database()):
        row.revision += 1
        fields.append("revision")
    row.save(update_fields=fields)


def left_here(council):
    """The people who left the council and hold no role in it now, each with the AccountChange that said so, newest
    first: whom a council admin may restore."""
    members = Membership.objects.filter(council=council).values("user_id")
    found = {}
    for change in (
        AccountChange.objects.filter(council=council, kind=AccountChange.Kind.LEFT)
        .exclude(user__in=members)
        .select_related("user", "successor")
        .order_by("-at", "-id")
    ):
        found.setdefault(change.user_id, change)
    return list(found.values())


def person_restore(*, council, change, by):
    """Undo a leaving recorded by mistake: the account opens again and the roles held in the council come back. The
    work stays with whoever took it over."""
    with transaction.atomic():
        someone = get_user_model().objects.select_for_update().get(pk=change.user_id)
        for role in change.details.get("roles", []):
            membership, made = Membership.objects.get_or_create(user=someone, council=council, role=role)
            if made and role == Role.APPROVER:
                membership.services.set(council.services.filter(pk__in=change.details.get("services", [])))
        if not someone.is_active:
            someone.is_active = True
            someone.save(update_fields=["is_active"])
        return AccountChange.objects.create(council=council, user=someone, kind=AccountChange.Kind.RESTORED, by=by)
