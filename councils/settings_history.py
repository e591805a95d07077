"""The history of a council's settings in sentences a council admin can read. What it reads is one list, sources():
the council's own fields (review periods, references, screening, its nation), its services, its people's roles and
accounts, whatever each app keeps for the council (AppConfig.council_settings_history_sources(): the EIAs' grid rows,
fields and questions, the plans' frameworks of the council's own) and the drafts deleted before they were submitted.
The page's introduction names the same list, so it says what the page tells of. Each history table is read once for
the council."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from django.apps import apps
from django.contrib.auth import get_user_model

from councils.audit import Change, Describer, Said, by_object, changed_fields, consecutive, entries, label, person, read
from councils.invitations import roles_in_words
from councils.leavers import in_words
from councils.models import (
    REGISTER_NAME_ROLES,
    AccountChange,
    Council,
    DeletedDraft,
    GroupRole,
    Invitation,
    Membership,
    Role,
    Service,
)

REVIEW_PERIODS = "Review periods and moderation"
SCREENING = "Screening"
PUBLIC_REGISTER = "Public register"
# The council's fields its settings pages change, each with what the History's introduction calls it (the page
# that changes it).
COUNCIL_FIELDS = {
    "name": "The council's name",
    "review_months_high": REVIEW_PERIODS,
    "review_months_medium": REVIEW_PERIODS,
    "review_months_low": REVIEW_PERIODS,
    "review_months_none": REVIEW_PERIODS,
    "eia_moderation_required": REVIEW_PERIODS,
    "nation": "Equality duties: the nation the council is in",
    "reference_pattern": "Reference numbers",
    "screening_use": SCREENING,
    "review_months_screened_out": SCREENING,
    "register_public": PUBLIC_REGISTER,
    "register_names": PUBLIC_REGISTER,
}
# An account made this close to a role given is taken to have been made for it.
MADE_WITH = timedelta(seconds=5)
RANK = {Council: 0, Service: 1, Membership: 2, GroupRole: 3, AccountChange: 4, Invitation: 5}


def _council_changes(records):
    describe = Describer(
        names={"register_names": (REGISTER_NAME_ROLES, "(a role no longer named)")},
        empty_as={"register_names": "No one's"},
    )
    for prev, record in consecutive(records):
        if prev is None:
            continue  # made by whoever set EqA up, before there were settings pages
        for name in changed_fields(prev, record, list(COUNCIL_FIELDS)):
            yield (
                record,
                Change(
                    (Council, record.id, name),
                    label=label(Council, name),
                    old=describe.of(Council, name, prev),
                    new=describe.of(Council, name, record),
                ),
            )


def _service_changes(records):
    for prev, record in consecutive(records):
        key = (Service, record.id)
        if record.history_type == "+":
            yield record, Change((*key, "+"), text=f"Added the service ‘{record.path}’")
        elif record.history_type == "-":
            yield record, Change((*key, "-"), text=f"Removed the service ‘{record.path}’")
        elif prev is not None and changed_fields(prev, record, ["name", "parent"]):
            # A team whose parent was renamed has a new path too; only the service that was changed is said.
            yield record, Change((*key, "path"), label="Service", old=prev.path, new=record.path)


def _membership_changes(records, people, services):
    save = None
    for prev, record in consecutive(records):
        key = (Membership, record.id)
        # A save of a role writes a record, then one more for each removal and each addition of its services: a
        # record that changed the services belongs to the save before it, whose services are said as one change.
        if prev is None or record.history_type != "~" or services(prev) == services(record):
            save = record.history_id
        who, role = people.get(record.user_id), Role(record.role).label
        name = person(who) if who else "an account that no longer exists"
        # A role that came from the identity provider's groups at single sign-on says so, and which group.
        group = record.from_group
        if record.history_type == "+":
            made = who is not None and abs(who.date_joined - record.history_date) <= MADE_WITH
            text = (
                f"Made an account for {name} ({who.username}){' at their first single sign-on' if group else ''} "
                f"and gave them the role {role}"
                if made
                else f"Gave {name} the role {role}"
            )
            if group:
                text += f", from the identity provider’s group ‘{group}’"
            yield record, Change((*key, "+"), text=text)
        elif record.history_type == "-":
            text = f"Removed the role {role} from {name}"
            if group:
                text += ", as the identity provider’s groups no longer give it"
            yield record, Change((*key, "-"), text=text)
        elif prev is not None:
            old, new = services(prev), services(record)
            if old != new:
                yield (
                    record,
                    Change((*key, "services"), label=f"Services {name} signs off", old=old, new=new, save=save),
                )


def _group_role_changes(records, services):
    save = None
    for prev, record in consecutive(records):
        key = (GroupRole, record.id)
        if prev is None or record.history_type != "~" or services(prev) == services(record):
            save = record.history_id
        what = f"the identity provider’s group ‘{record.group}’"
        role = Role(record.role).label
        if record.history_type == "+":
            yield record, Change((*key, "+"), text=f"Gave {what} the role {role}")
        elif record.history_type == "-":
            yield record, Change((*key, "-"), text=f"Stopped {what} giving the role {role}")
        elif prev is not None and services(prev) != services(record):
            yield (
                record,
                Change(
                    (*key, "services"),
                    label=f"Services the approvers of {what} sign off",
                    old=services(prev),
                    new=services(record),
                    save=save,
                ),
            )


def _services_of(membership_records, model=Membership):
    """A function giving, for a membership's (or a group's role's) history record, the services it was limited to
    then."""
    through = model.history.model.services.model
    linked = {}
    for history_id, service_id in through.objects.filter(
        history__council_id__in={record.council_id for record in membership_records}
    ).values_list("history_id", "service_id"):
        linked.setdefault(history_id, []).append(service_id)
    paths = dict(Service.objects.filter(pk__in={s for ids in linked.values() for s in ids}).values_list("pk", "path"))

    def services(record):
        found = sorted(paths.get(pk, "a removed service") for pk in linked.get(record.history_id, ()))
        return "; ".join(found) or "Every service"

    return services


def _account_changes(council):
    """What the council admins did to people's accounts, and when each person then chose their own password.
    Never a password: none is kept."""
    for change in AccountChange.objects.filter(council=council).select_related("user", "by", "successor"):
        name = f"{person(change.user)} ({change.user.username})"
        if change.kind == AccountChange.Kind.UNLOCKED:
            text = f"Unlocked the account of {name}, locked out after too many wrong passwords"
        elif change.kind == AccountChange.Kind.LEFT:
            text = _left(name, change)
        elif change.kind == AccountChange.Kind.RESTORED:
            text = f"Restored the account of {name}, who had left, with the roles they held"
        else:
            text = f"Set a temporary password for {name}"
        yield Said(
            change.at,
            change.by_id,
            change.by,
            Change((AccountChange, change.pk), text=text),
            (RANK[AccountChange], change.pk),
        )
        if change.own_password_chosen_at:
            # Every temporary password that stood is replaced at once: said once.
            yield Said(
                change.own_password_chosen_at,
                change.user_id,
                change.user,
                Change(
                    (AccountChange, change.user_id, "chosen", change.own_password_chosen_at),
                    text="Chose their own password in place of the temporary one",
                ),
                (RANK[AccountChange], change.pk),
            )


def _left(name, change):
    details = change.details
    moved = in_words(details.get("moved", []))
    successor = person(change.successor) if change.successor_id else "an account that no longer exists"
    return " ".join(
        [
            f"{name} left the council.",
            f"Passed to {successor}: {moved}." if moved else "They had no work to pass on.",
            "Their account was closed." if details.get("closed") else "They kept their account for another council.",
        ]
    )


def _invitation_changes(council):
    """Invitations sent, sent again, withdrawn and accepted."""
    for records in by_object(read(Invitation.history.filter(council_id=council.pk))).values():
        for prev, record in consecutive(records):
            key, name = (Invitation, record.id), f"{record.first_name} {record.last_name} ({record.email})"
            if record.history_type == "+":
                text = f"Invited {name} by email, as {roles_in_words(record.roles)}"
            elif prev is None or record.history_type != "~":
                continue
            elif record.accepted_at and not prev.accepted_at:
                text = f"Accepted the invitation to {record.email} and chose a password"
            elif record.withdrawn_at and not prev.withdrawn_at:
                text = f"Withdrew the invitation to {name}"
            elif record.sent_at != prev.sent_at:
                text = f"Sent the invitation to {name} again, with a new link"
            else:
                continue
            yield Said.of(record, Change((*key, record.history_id), text=text), RANK[Invitation])


@dataclass(frozen=True)
class Source:
    """One kind of change the council settings' History tells of: what its introduction calls them (`what`, a
    sentence start each), and `changes(council)`, the Said of each."""

    what: tuple
    changes: Callable


def _council(council):
    records = read(Council.history.filter(id=council.pk))
    return [Said.of(record, change, RANK[Council]) for record, change in _council_changes(records)]


def _services(council):
    return [
        Said.of(record, change, RANK[Service])
        for records in by_object(read(Service.history.filter(council_id=council.pk))).values()
        for record, change in _service_changes(records)
    ]


def _memberships(council):
    membership_list = read(Membership.history.filter(council_id=council.pk))
    people = get_user_model().objects.in_bulk({record.user_id for record in membership_list})
    services = _services_of(membership_list)
    return [
        Said.of(record, change, RANK[Membership])
        for records in by_object(membership_list).values()
        for record, change in _membership_changes(records, people, services)
    ]


def _group_roles(council):
    records = read(GroupRole.history.filter(council_id=council.pk))
    services = _services_of(records, GroupRole)
    return [
        Said.of(record, change, RANK[GroupRole])
        for found in by_object(records).values()
        for record, change in _group_role_changes(found, services)
    ]


def sources():
    """What the council settings' History reads, in the order its introduction names it."""
    found = [
        Source(tuple(dict.fromkeys(COUNCIL_FIELDS.values())), _council),
        Source(("Services",), _services),
        Source(("People and roles",), _memberships),
        Source(("Groups and roles",), _group_roles),
        Source(
            ("Accounts unlocked or given a temporary password, people who left and accounts restored",),
            _account_changes,
        ),
        Source(("Invitations by email",), _invitation_changes),
    ]
    for config in apps.get_app_configs():
        if hasattr(config, "council_settings_history_sources"):
            found.extend(config.council_settings_history_sources())
    found.append(Source(("Drafts deleted before they were submitted",), _deletions))
    return found


def covered():
    """What the History tells of, for its introduction: each kind of change once, in order."""
    return list(dict.fromkeys(what for source in sources() for what in source.what))


def council_settings_history(council):
    """The council's settings' changes as entries, newest first."""
    return entries([said for source in sources() for said in source.changes(council)])


def _deletions(council):
    """The council's deletion log: drafts deleted before they were ever submitted, so none goes unsaid."""
    for deleted in DeletedDraft.objects.filter(council=council).select_related("deleted_by"):
        yield Said(
            deleted.deleted_at,
            deleted.deleted_by_id,
            deleted.deleted_by,
            Change(
                (DeletedDraft, deleted.pk),
                text=f"Deleted the draft {deleted.kind} ‘{deleted.title}’, which was never submitted",
            ),
            (len(RANK), deleted.pk),
        )
