import uuid

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.db import connection, models
from django.db.models import F, Sum
from django.db.models.functions import Length
from django.urls import reverse
from simple_history.models import HistoricalRecords

from councils.references import DEFAULT_PATTERN, PATTERN_LIMIT


class Role(models.TextChoices):
    AUTHOR = "author", "Author (commissioning officer)"
    MANAGER = "manager", "Manager (ASC or service manager)"
    APPROVER = "approver", "Approver (head of service)"
    MODERATOR = "moderator", "Moderator (equality group)"
    VIEWER = "viewer", "Viewer (councillor or committee officer)"
    COUNCIL_ADMIN = "council_admin", "Council admin"


class Nation(models.TextChoices):
    """Where the council is: each nation's equality duties ask an EIA to consider different things."""

    ENGLAND = "england", "England"
    WALES = "wales", "Wales"
    SCOTLAND = "scotland", "Scotland"
    NORTHERN_IRELAND = "northern_ireland", "Northern Ireland"


class ScreeningUse(models.TextChoices):
    """Whether a council's EIAs start with a screening, the short first step that decides whether one is needed."""

    ALWAYS = "always", "Always: every EIA starts with a screening"
    OPTIONAL = "optional", "Optional: an officer may start with a screening or go straight to a full EIA"
    NOT_USED = "not_used", "Not used: officers start full EIAs"


# The roles whose people the public register may name, for the step each took.
REGISTER_NAME_ROLES = {
    "approver": "Approvers (heads of service), who signed off",
    "author": "Authors (commissioning officers), who wrote it",
    "moderator": "Moderators (equality groups), who moderated it",
}


def default_register_names():
    return ["approver"]


class CouncilQuerySet(models.QuerySet):
    def for_person(self, user):
        if not user.is_authenticated:
            return self.none()
        return self.filter(memberships__user=user).distinct()

    def register_revision_sql(self, slug):
        """The statement (SQL and parameters) that reads (pk, register revision, the names it shows) of the council at
        `slug` whose public register is published, finding no row if there is none. A crowd may make every request
        to a register, so it is one plain statement, sent with the request's count (councils.throttling): the ORM's
        own work for this query costs several times the database's."""
        table = connection.ops.quote_name(self.model._meta.db_table)
        return f"SELECT id, register_revision, register_names FROM {table} WHERE slug = %s AND register_public", [slug]

    def register_changed(self, pk):
        """What the council's public register shows may have changed: its pages kept in the cache are not used
        again, on any server."""
        self.filter(pk=pk).update(register_revision=F("register_revision") + 1)


class Council(models.Model):
    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    nation = models.CharField(
        max_length=20,
        choices=Nation.choices,
        default=Nation.ENGLAND,
        help_text="Its equality duties decide what an EIA's impact grid must consider.",
    )
    # How long an EIA's sign-off lasts, by its worst negative impact (by default 1, 2 and 3 years).
    review_months_high = models.PositiveSmallIntegerField("review after a High negative impact (months)", default=12)
    review_months_medium = models.PositiveSmallIntegerField(
        "review after a Medium negative impact (months)", default=24
    )
    review_months_low = models.PositiveSmallIntegerField("review after a Low negative impact (months)", default=36)
    review_months_none = models.PositiveSmallIntegerField("review when no negative impact (months)", default=36)
    eia_moderation_required = models.BooleanField(
        "EIAs are moderated before they are published",
        default=True,
        help_text="When on, an equality group must record its moderation before an EIA can be published.",
    )
    # Each record's reference number comes from the pattern (councils/references.py) and the counter, which only
    # goes up: a number once given is never given again, even when its draft is deleted.
    reference_pattern = models.CharField(
        "pattern for reference numbers", max_length=PATTERN_LIMIT, default=DEFAULT_PATTERN
    )
    last_reference_number = models.PositiveIntegerField(default=0)
    screening_use = models.CharField(
        "screening before an EIA", max_length=20, choices=ScreeningUse.choices, default=ScreeningUse.NOT_USED
    )
    # How long a decision that no full EIA is needed lasts before it is looked at again.
    review_months_screened_out = models.PositiveSmallIntegerField(
        "review of a screened-out decision (months)", default=36
    )

    # The public register (/register/<slug>/): off until a council admin switches it on; and whose names it shows,
    # by the role they acted in (the approver who signed off, the author, the moderating equality group's member).
    register_public = models.BooleanField("the public register is published", default=False)
    register_names = models.JSONField("names the public register shows", default=default_register_names, blank=True)
    # Goes up whenever a record of the council moves from one status to another (councils/lifecycle.py), or anything
    # else the public register shows changes (CouncilQuerySet.register_changed): the register's pages are kept in the
    # cache under it, so that a newly published record shows at once on every server.
    register_revision = models.PositiveIntegerField(default=0, editable=False)

    objects = CouncilQuerySet.as_manager()
    # What a council admin changes on the council settings pages, for their History page.
    history = HistoricalRecords(excluded_fields=["register_revision"])

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(review_months_high__gt=0)
                & models.Q(review_months_medium__gt=0)
                & models.Q(review_months_low__gt=0)
                & models.Q(review_months_none__gt=0),
                name="council_review_periods_positive",
            ),
            models.CheckConstraint(
                condition=models.Q(review_months_screened_out__gt=0), name="council_screening_period_positive"
            ),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        # The counter is written only by councils.services.reference_take, on the locked row: a settings page's save
        # of a copy read earlier must not put back a number already given.
        if not self._state.adding and kwargs.get("update_fields") is None:
            kwargs["update_fields"] = [
                field.name
                for field in self._meta.concrete_fields
                if not field.primary_key and field.name != "last_reference_number"
            ]
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("councils:settings", args=[self.slug])


class Service(models.Model):
    """A directorate, service or team. Services form a tree: Adult Social Care > Strategic Commissioning."""

    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="services")
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children")
    name = models.CharField(max_length=200)
    # The whole path, kept so that lists can show and sort by it without walking the tree.
    path = models.CharField(max_length=1000, editable=False)

    history = HistoricalRecords()

    class Meta:
        ordering = ["council", "path"]
        constraints = [
            models.UniqueConstraint(fields=["council", "parent", "name"], name="service_unique_name_under_parent"),
        ]

    def __str__(self):
        return self.path

    def save(self, *args, **kwargs):
        self.path = f"{self.parent.path} > {self.name}" if self.parent else self.name
        super().save(*args, **kwargs)
        for child in self.children.all():
            child.save()

    def is_within(self, limits):
        """Whether the service is one of an approver's `limits` or a team under one; no limits means every service."""
        return not limits or any(self.pk == s.pk or self.path.startswith(f"{s.path} > ") for s in limits)

    @property
    def in_council(self):
        """The service named with its council, for a person who works with several: "Kent: Adult Social Care"."""
        return f"{self.council.name}: {self.path}"


class Membership(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=20, choices=Role.choices)
    # An approver may be limited to some services; none means all of the council's services.
    services = models.ManyToManyField(Service, blank=True, related_name="+")
    # The identity provider's group that gave the role at single sign-on (councils/single_sign_on.py), which each
    # sign-on makes match the person's groups again; blank for a role a council admin gave, which sign-on leaves be.
    from_group = models.CharField(max_length=256, blank=True, default="")

    history = HistoricalRecords(m2m_fields=[services])

    class Meta:
        ordering = ["council", "user__username", "role"]
        constraints = [
            models.UniqueConstraint(fields=["user", "council", "role"], name="membership_unique_role"),
        ]

    def __str__(self):
        return f"{self.user} – {self.get_role_display()} at {self.council}"


# Entra ID sends a group's object ID (36 characters) or its name; Okta, Google and Keycloak a name or a path.
GROUP_NAME = 256


class GroupRole(models.Model):
    """A group of the council's identity provider, as it names it in the ID token, and the council role it gives
    at single sign-on: "ASC-EIA-Approvers" gives an approver of Adult Social Care. Services only for an approver,
    as Membership has them; none means every service."""

    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="group_roles")
    group = models.CharField(max_length=GROUP_NAME)
    role = models.CharField(max_length=20, choices=Role.choices)
    services = models.ManyToManyField(Service, blank=True, related_name="+")

    history = HistoricalRecords(m2m_fields=[services])

    class Meta:
        ordering = ["council", "group", "role"]
        constraints = [models.UniqueConstraint(fields=["council", "group", "role"], name="group_role_unique")]

    def __str__(self):
        return f"{self.group} – {self.get_role_display()} at {self.council}"


class SignOnIdentity(models.Model):
    """Who a person is at the identity provider: the ID token's issuer and subject, which never change for one
    person, unlike an email address or a username, which are reused and renamed."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="sign_on_identity")
    issuer = models.CharField(max_length=255)
    subject = models.CharField(max_length=255)
    first_at = models.DateTimeField(auto_now_add=True)
    last_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "sign-on identities"
        constraints = [models.UniqueConstraint(fields=["issuer", "subject"], name="sign_on_identity_unique")]

    def __str__(self):
        return f"{self.subject} at {self.issuer}"


class CreatedOnce(models.Model):
    """A create form's one-time key, and what its first POST made. Back then Save again, or the same POST sent
    twice, sends the same key: it finds the record the first made instead of making a second. A person's key is
    unique in the database, so two POSTs at the same moment cannot both create."""

    key = models.UUIDField()
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    content_type = models.ForeignKey("contenttypes.ContentType", on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    created = GenericForeignKey("content_type", "object_id")

    class Meta:
        verbose_name_plural = "records created once"
        constraints = [models.UniqueConstraint(fields=["created_by", "key"], name="one_record_per_form_key")]

    def __str__(self):
        return f"{self.content_type.model} {self.object_id}"


class DeletedDraft(models.Model):
    """A draft EIA, screening or plan deleted before it was ever submitted: who deleted what, and when, so that a
    deletion is never silent. The record's own history keeps its content as it was."""

    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=50)
    record_id = models.PositiveBigIntegerField()
    title = models.CharField(max_length=300)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    deleted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    deleted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-deleted_at", "-id"]

    def __str__(self):
        return f"{self.kind} ‘{self.title}’, deleted"


class AccountChange(models.Model):
    """What a council admin did to a person's account, for the council's History: never the password itself. A
    temporary password stands until the person chooses their own (own_password_chosen_at); until then, every
    page sends them to choose one (councils/accounts.py)."""

    class Kind(models.TextChoices):
        TEMPORARY_PASSWORD = "temporary_password", "Set a temporary password"
        UNLOCKED = "unlocked", "Unlocked after too many wrong passwords"
        LEFT = "left", "Left the council, their work passed on"
        RESTORED = "restored", "Restored after leaving"

    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="account_changes")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    own_password_chosen_at = models.DateTimeField(null=True, blank=True)
    # Who took over the work of a person who left (councils/leavers.py), and what passed to them, the roles they held
    # and whether their account was closed, as said in History then (the counts are not read again from records
    # that may have moved on since).
    successor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    details = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind="temporary_password") | models.Q(own_password_chosen_at__isnull=True),
                name="account_change_only_a_temporary_password_is_replaced",
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.user} at {self.council}"


class InvitationQuerySet(models.QuerySet):
    def waiting(self):
        return self.filter(accepted_at__isnull=True, withdrawn_at__isnull=True)


class Invitation(models.Model):
    """A council admin's invitation by email (councils/invitations.py): the account is made, with the roles, only
    when the person follows the emailed link and chooses a password, so that nobody who never answered holds a
    role, is reminded or is offered as an approver meanwhile. `key` is new at each sending: only the newest link
    works."""

    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField("email address", max_length=150)
    first_name = models.CharField(max_length=150)
    last_name = models.CharField(max_length=150)
    roles = models.JSONField(default=list)
    key = models.UUIDField(default=uuid.uuid4)
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    sent_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    # The account made when the invitation was accepted.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = InvitationQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["key"])

    class Meta:
        ordering = ["email"]
        constraints = [
            # Inviting an address again while its invitation waits would make two people of one.
            models.UniqueConstraint(
                fields=["council", "email"],
                condition=models.Q(accepted_at__isnull=True, withdrawn_at__isnull=True),
                name="one_waiting_invitation_an_address",
            )
        ]

    def __str__(self):
        return f"Invitation of {self.email} to {self.council}"


def text_length(queryset, names):
    """Characters in the fields `names` of every record in `queryset`, counted by the database in one query."""
    return queryset.aggregate(length=Sum(sum((Length(name) for name in names[1:]), Length(names[0]))))["length"] or 0


class AddressRequests(models.Model):
    """How many requests an address made to one part of the site in one minute (councils/throttling.py). Kept in the
    database, so that the limit holds however many servers answer."""

    scope = models.CharField(max_length=30)
    address = models.CharField(max_length=45)
    minute = models.DateTimeField()
    count = models.PositiveIntegerField(default=1)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["scope", "address", "minute"], name="one_count_a_minute")]

    def __str__(self):
        return f"{self.address}: {self.count} requests to {self.scope} at {self.minute:%H:%M}"


class StoredFile(models.Model):
    """The bytes of a file EqA keeps (an issued PDF, an old EIA's Word file), under the name its record's FileField
    holds (councils/storage.py). Kept in the database, so that they are written in the transaction of the record that
    issues them, every server reads them, and the database's backup holds them."""

    name = models.CharField(max_length=300, unique=True)
    data = models.BinaryField()
    size = models.PositiveIntegerField()
    stored_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return f"{self.name} ({self.size} bytes)"


class KeptPdf(models.Model):
    """A draft's PDF as WeasyPrint made it, under `key`, the SHA-256 of everything that went into it
    (councils/pdf.py), so that a draft downloaded again unchanged is not rendered again. Identical input makes an
    identical PDF, so a kept one is never stale. A cache: any row may go (those unused for days go daily), and a
    restore may drop them all."""

    key = models.CharField(max_length=64, unique=True)
    pdf = models.BinaryField()
    made_at = models.DateTimeField(auto_now_add=True)
    used_at = models.DateTimeField()

    def __str__(self):
        return f"PDF {self.key[:12]} ({len(self.pdf)} bytes)"


class NoticeKind(models.TextChoices):
    """What an email tells a person is waiting for them (councils/notifications.py); each person chooses, per kind,
    how they hear of it."""

    SUBMITTED = "submitted", "Something is waiting for your sign-off"
    RETURNED = "returned", "Something you submitted is returned for changes"
    SIGNED_OFF = "signed_off", "Something you submitted is signed off"
    MODERATION_DUE = "moderation_due", "An equality impact assessment is waiting for moderation"
    PUBLISHABLE = "publishable", "An equality impact assessment you signed off can be published"
    UPDATE_DUE = "update_due", "An action you lead is due its monthly update"
    ACTION_OVERDUE = "action_overdue", "An action you lead is past its target date"


class Delivery(models.TextChoices):
    AT_ONCE = "at_once", "At once: an email each time"
    DIGEST = "digest", "In a daily digest: one email a day with everything waiting"
    OFF = "off", "Off: no email"


class NotificationPreference(models.Model):
    """How a person hears of one kind of notice; without a row, at once."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_choices")
    kind = models.CharField(max_length=20, choices=NoticeKind.choices)
    delivery = models.CharField(max_length=10, choices=Delivery.choices, default=Delivery.AT_ONCE)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "kind"], name="one_notification_choice_a_kind")]

    def __str__(self):
        return f"{self.user}: {self.get_kind_display()} – {self.get_delivery_display()}"


class Notification(models.Model):
    """One email to one person, recorded in the transaction of the step that sets it off and sent by the worker once
    that has committed (the outbox). `key` says what it is of: the record and the step or period, so that the same
    notice to the same person is recorded once, and so sent once. It names its record by reference, title and link
    only: nothing else of a record leaves EqA by email."""

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=20, choices=NoticeKind.choices)
    key = models.CharField(max_length=120)
    delivery = models.CharField(max_length=10, choices=Delivery.choices)
    what = models.CharField(max_length=60)
    reference = models.CharField(max_length=60, blank=True)
    title = models.CharField(max_length=300)
    link = models.CharField(max_length=300)
    created_at = models.DateTimeField(auto_now_add=True)
    # A worker takes a notification by writing its claim, in one UPDATE that only one worker's can match.
    claim = models.UUIDField(null=True, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    sent_at = models.DateTimeField(null=True, blank=True)
    # The mail server failed every time it was tried (settings.NOTIFICATION_RETRY_DELAYS): left, and logged.
    given_up_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["recipient", "kind", "key"], name="one_notification_a_person_and_step")
        ]
        indexes = [models.Index(fields=["recipient", "delivery", "sent_at"])]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.reference} {self.title} to {self.recipient}"
