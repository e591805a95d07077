"""The one place that decides what a person may see: objects of their own councils, and nothing else."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from councils.models import Council, Membership, Role


def councils_for(user):
    return Council.objects.for_person(user)


def scoped(queryset, user, council_field="council"):
    """Narrow a queryset to the councils the person belongs to."""
    return queryset.filter(**{f"{council_field}__in": Membership.objects.filter(user=user).values("council_id")})


def get_for_person(queryset, user, council_field="council", **lookup):
    """Fetch one object of the person's councils. Anyone else's answers 404, never 403, never its data."""
    return get_object_or_404(scoped(queryset, user, council_field), **lookup)


def roles_in(user, council):
    return set(Membership.objects.filter(user=user, council=council).values_list("role", flat=True))


def has_role(user, council, *roles):
    return Membership.objects.filter(user=user, council=council, role__in=roles).exists()


def require_role(user, council, *roles):
    """Refuse (403) a person of the council who lacks every one of the roles."""
    if not has_role(user, council, *roles):
        raise PermissionDenied


def get_council_to_manage(user, slug):
    """The council whose settings the person manages: 404 unless they belong to it, 403 unless they are its
    council admin. A council admin manages only the councils they are admin of."""
    council = get_object_or_404(councils_for(user), slug=slug)
    require_role(user, council, Role.COUNCIL_ADMIN)
    return council
