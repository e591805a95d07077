"""Changes to a council's people that span several records: an account and its role, or the council's last admin."""

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from councils.models import Council, GroupRole, Membership, Role
from councils.references import format_reference


class RoleRefused(Exception):
    """A change to a role that would break a rule; the message says why, to the person who asked."""


def person_give_role(*, council, username, role, first_name="", last_name="", email=""):
    """Give a person a role in the council, making their account first when the username is new. An existing
    account is left as it is: its name and email are its own council admins' business too. Returns the
    membership and whether the account was made."""
    User = get_user_model()
    with transaction.atomic():
        user = User.objects.filter(username=username).first()
        made = user is None
        if made:
            # No password: until somebody sets one, the account cannot sign in (README, "People and roles").
            user = User(username=username, first_name=first_name, last_name=last_name, email=email)
            user.set_unusable_password()
            user.save()
        membership = Membership.objects.create(user=user, council=council, role=role)
    return membership, made


def role_remove(*, membership):
    """Remove a role. A council is never left without a council admin: its last one cannot be removed."""
    with transaction.atomic():
        if membership.role == Role.COUNCIL_ADMIN:
            # Locked, so that two admins removing each other at once cannot both succeed.
            admins = list(
                Membership.objects.select_for_update()
                .filter(council_id=membership.council_id, role=Role.COUNCIL_ADMIN)
                .values_list("pk", flat=True)
            )
            if admins == [membership.pk]:
                raise RoleRefused(
                    "This is the council's only council admin, so the role cannot be removed. Give "
                    "another person the council admin role first."
                )
        membership.delete()


def service_remove(*, service):
    """Remove a service nothing refers to. One in use (an EIA is for it, it has teams, or an approver signs off
    for it) is kept: renamed or moved, never removed, so that no record loses its service."""
    with transaction.atomic():
        if (
            service.children.exists()
            or service.assessments.exists()
            or Membership.services.through.objects.filter(service=service).exists()
            # A group's mapping limited to the service would give every service once it was gone.
            or GroupRole.services.through.objects.filter(service=service).exists()
        ):
            raise ServiceInUse(
                f"‘{service.path}’ is in use, so it cannot be removed: an EIA is for it, it has "
                f"teams, or an approver or a group of the identity provider signs off for it. Rename or move it "
                f"instead."
            )
        service.delete()


class ServiceInUse(Exception):
    """The service is referred to; the message says so, to the person who asked to remove it."""


def reference_take(*, council, taken=lambda reference: False):
    """The council's next reference number, by its pattern, for a record started now. The council's row is locked
    until the caller's transaction ends, so two records started at once get two numbers; a number is never given
    twice, even when its record is deleted. `taken(reference)` says whether a reference is already used (one from an
    earlier pattern may be), and such a number is passed over."""
    with transaction.atomic():
        locked = Council.objects.select_for_update().get(pk=council.pk)
        year = timezone.localdate().year
        while True:
            locked.last_reference_number += 1
            reference = format_reference(locked.reference_pattern, year=year, n=locked.last_reference_number)
            if not taken(reference):
                break
        # Not through save(): the counter is no setting a council admin changed, so it makes no History line.
        Council.objects.filter(pk=locked.pk).update(last_reference_number=locked.last_reference_number)
    return reference
