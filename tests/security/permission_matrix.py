"""Who gets what from every URL: the permission matrix as data.

docs/permissions.md is its readable form, and is generated from this file: never edit it by hand. After changing
the data here, write it again with

    DJANGO_SETTINGS_MODULE=eqa_site.test_settings .venv/bin/python -m tests.security.permission_matrix

tests/security/test_permission_matrix.py requests every URL with every method as every persona and checks the answers
against MATRIX, checks that every named URL is in it, and checks that docs/permissions.md is exactly what
`markdown()` makes of it, so the data, the document and the app cannot drift apart.

MATRIX maps a URL name to {method: {persona: expected answer}}. An answer is "200", "403", "404", "405", or
"302 <where>": one of REDIRECTS, checked by the URL name the redirect goes to. A POST is sent empty (apart from
what the step itself needs nothing): a permitted POST whose form is then invalid answers 200, the form shown
again with its errors, except an edit form's, which answers 400: a save that does not say which revision of the
record its form was opened on could overwrite somebody else's unseen. SETUP says what state the record of each
URL is in when it is requested; NOTES say the conditions a reader needs to know.
"""

from django.urls import URLPattern, URLResolver, get_resolver

SIGNED_OUT = "signed_out"
ROLES = ["author", "manager", "approver", "moderator", "viewer", "council_admin"]  # councils.models.Role's values
OTHER = "other_council"
SUPERUSER = "superuser"
PERSONAS = [SIGNED_OUT, *ROLES, OTHER, SUPERUSER]
PERSONA_LABELS = {
    SIGNED_OUT: "Signed out",
    "author": "Author",
    "manager": "Manager",
    "approver": "Approver",
    "moderator": "Moderator",
    "viewer": "Viewer",
    "council_admin": "Council admin",
    OTHER: "Other council",
    SUPERUSER: "Superuser",
}
METHODS = ["GET", "POST", "PUT"]

OK, BAD_REQUEST, FORBIDDEN, NOT_FOUND, NOT_ALLOWED = "200", "400", "403", "404", "405"
SIGN_IN = "302 sign-in"
HOME = "302 home"
EIA_PAGE = "302 EIA page"
EIA_GRID = "302 EIA grid page"
PLAN_PAGE = "302 plan page"
EIA_LIST = "302 EIA list"
PLAN_LIST = "302 plan list"
ADMIN = "302 admin"
PEOPLE_PAGE = "302 people page"
GRID_ROWS_PAGE = "302 grid rows page"
DUTIES_PAGE = "302 equality duties page"
SERVICES_PAGE = "302 services page"
GROUPS_PAGE = "302 groups and roles page"
SCREENING_PAGE = "302 screening page"
QUESTIONS_PAGE = "302 EIA fields and questions page"
STATUS_WORDS_PAGE = "302 status words page"
FRAMEWORK_PAGE = "302 framework page"
IMPORT_PREVIEW = "302 import preview"
# Where each kind of redirect must go, by URL name.
REDIRECTS = {
    SIGN_IN: "sign-in",
    HOME: "home",
    EIA_PAGE: "assessments:detail",
    EIA_GRID: "assessments:grid",
    PLAN_PAGE: "actionplans:plan",
    EIA_LIST: "assessments:list",
    PLAN_LIST: "actionplans:list",
    ADMIN: "admin:index",
    PEOPLE_PAGE: "councils:people",
    GRID_ROWS_PAGE: "assessments:settings-grid-rows",
    DUTIES_PAGE: "assessments:settings-duties",
    QUESTIONS_PAGE: "assessments:settings-questions",
    STATUS_WORDS_PAGE: "actionplans:settings-status-words",
    SERVICES_PAGE: "councils:services",
    GROUPS_PAGE: "councils:group-roles",
    SCREENING_PAGE: "assessments:screening",
    FRAMEWORK_PAGE: "actionplans:settings-framework",
    IMPORT_PREVIEW: "actionplans:import-preview",
}
ANSWERS = {OK, BAD_REQUEST, FORBIDDEN, NOT_FOUND, NOT_ALLOWED, *REDIRECTS}


def row(default, *, signed_out=SIGN_IN, other=NOT_FOUND, superuser=None, **by_role):
    """The answers of one method: `default` for every role of the owning council not named in by_role. A
    superuser holds no role in any council, so outside the admin gets what the other council's person gets,
    unless `superuser` says otherwise."""
    unknown = set(by_role) - set(ROLES)
    assert not unknown, f"not roles: {unknown}"
    return {
        SIGNED_OUT: signed_out,
        **{role: by_role.get(role, default) for role in ROLES},
        OTHER: other,
        SUPERUSER: other if superuser is None else superuser,
    }


# The answers that most URLs share.
NO_PUT = row(NOT_ALLOWED, other=NOT_ALLOWED)  # Every view names its methods; signing in is checked first.
LIST = {"GET": row(OK, other=OK), "POST": row(NOT_ALLOWED, other=NOT_ALLOWED), "PUT": NO_PUT}
READ = {"GET": row(OK), "POST": row(NOT_ALLOWED, other=NOT_ALLOWED), "PUT": NO_PUT}
# A page anyone may read, signed in or not, and nobody may send anything to.
NOBODY_SENDS = row(NOT_ALLOWED, signed_out=NOT_ALLOWED, other=NOT_ALLOWED)
EVERYONE_GETS = row(OK, signed_out=OK, other=OK)
PUBLIC = {"GET": EVERYONE_GETS, "POST": NOBODY_SENDS, "PUT": NOBODY_SENDS}


def only(who, get=OK, post=OK, other=NOT_FOUND):
    """A page and its form for the named roles; 403 for the council's other roles. A "start" page the other
    council's person may use in their own council (other=OK) refuses a superuser, who has no council."""
    superuser = FORBIDDEN if other == OK else None
    return {
        "GET": row(FORBIDDEN, other=other, superuser=superuser, **{role: get for role in who}),
        "POST": row(FORBIDDEN, other=other, superuser=superuser, **{role: post for role in who}),
        "PUT": NO_PUT,
    }


EIA_WRITERS = ["author"]
PLAN_WRITERS = ["manager", "author"]
CQC_RECORDERS = ["manager", "approver", "council_admin"]
# What happens after sign-off: the decision an EIA informed, its actions done.
FOLLOW_UP = ["author", "approver", "council_admin"]
# Who sees and changes the council's remembered choices of a plan file's columns: whoever imports, and the admin.
COLUMN_CHOOSERS = [*PLAN_WRITERS, "council_admin"]
# A council settings page: its council admin's, 403 for the council's other roles.
SETTINGS_PAGE = {"GET": row(FORBIDDEN, council_admin=OK), "POST": row(NOT_ALLOWED, other=NOT_ALLOWED), "PUT": NO_PUT}
COUNCIL_ADMINS = ["council_admin"]
# Single sign-on's pages while the environment names no provider, as in these tests (its own tests switch it on).
OFF_UNTIL_SET = {method: row(NOT_FOUND, signed_out=NOT_FOUND) for method in METHODS}
# The Django admin: a superuser's, and nobody else's, staff or not (councils/admin_site.py).
SUPERUSERS_ONLY = {method: row(NOT_FOUND, superuser=OK) for method in METHODS}

MATRIX = {
    # The site
    "home": LIST,
    "sign-in": {
        "GET": row(HOME, signed_out=OK, other=HOME),
        "POST": row(HOME, signed_out=OK, other=HOME),
        # Django's LoginView takes a PUT as a POST: harmless (CSRF applies), but see NOTES.
        "PUT": row(HOME, signed_out=OK, other=HOME),
    },
    "sign-on": OFF_UNTIL_SET,
    "sign-on-done": OFF_UNTIL_SET,
    "sign-on-no-role": OFF_UNTIL_SET,
    "sign-out": {
        "GET": row(NOT_ALLOWED, other=NOT_ALLOWED),
        "POST": row(SIGN_IN, other=SIGN_IN),
        "PUT": NO_PUT,
    },
    "keep-alive": {
        "GET": row(NOT_ALLOWED, other=NOT_ALLOWED),
        "POST": row(OK, other=OK),
        "PUT": NO_PUT,
    },
    "password-change": {
        "GET": row(OK, other=OK, superuser=OK),
        "POST": row(OK, other=OK, superuser=OK),
        "PUT": NO_PUT,
    },
    "notification-choices": {
        "GET": row(OK, other=OK, superuser=OK),
        "POST": row(OK, other=OK, superuser=OK),
        "PUT": NO_PUT,
    },
    "password-choose": {
        "GET": row(OK, other=OK, superuser=HOME),
        "POST": row(OK, other=OK, superuser=HOME),
        "PUT": NO_PUT,
    },
    # A forgotten password: anybody may ask for a link, signed in or not; the link's page (here with a link that
    # never worked) says it no longer works.
    "password-reset": {"GET": EVERYONE_GETS, "POST": EVERYONE_GETS, "PUT": NOBODY_SENDS},
    "password-reset-sent": PUBLIC,
    "password-reset-confirm": {"GET": EVERYONE_GETS, "POST": EVERYONE_GETS, "PUT": NOBODY_SENDS},
    "password-reset-done": PUBLIC,
    # An emailed invitation's link: anybody may open one; here one that never worked, whose page says so.
    "invitation-accept": {"GET": EVERYONE_GETS, "POST": EVERYONE_GETS, "PUT": NOBODY_SENDS},
    "accessibility": {
        "GET": row(OK, signed_out=OK, other=OK),
        "POST": row(NOT_ALLOWED, signed_out=NOT_ALLOWED, other=NOT_ALLOWED),
        "PUT": row(NOT_ALLOWED, signed_out=NOT_ALLOWED, other=NOT_ALLOWED),
    },
    "healthz": {
        "GET": row(OK, signed_out=OK, other=OK),
        "POST": row(NOT_ALLOWED, signed_out=NOT_ALLOWED, other=NOT_ALLOWED),
        "PUT": row(NOT_ALLOWED, signed_out=NOT_ALLOWED, other=NOT_ALLOWED),
    },
    # EIAs
    "assessments:list": LIST,
    "assessments:start": only(EIA_WRITERS, other=OK),
    "assessments:register-xlsx": LIST,
    "assessments:cumulative": READ,
    "assessments:cumulative-pdf": READ,
    "assessments:annual-report": READ,
    "assessments:annual-report-records": READ,
    "assessments:annual-report-pdf": READ,
    "assessments:annual-report-xlsx": READ,
    "assessments:register-csv": LIST,
    "assessments:detail": READ,
    "assessments:edit": only(EIA_WRITERS, post=BAD_REQUEST),
    "assessments:delete": only(["author", "council_admin"], post=EIA_LIST),
    "assessments:grid": only(EIA_WRITERS, post=BAD_REQUEST),
    "assessments:coverage": only(EIA_WRITERS, post=BAD_REQUEST),
    "assessments:action-add": only(EIA_WRITERS, post=BAD_REQUEST),
    "assessments:action-edit": only(EIA_WRITERS, post=BAD_REQUEST),
    "assessments:action-remove": only(EIA_WRITERS, post=EIA_PAGE),
    "assessments:action-done": only(FOLLOW_UP, post=BAD_REQUEST),
    "assessments:row-add": only(EIA_WRITERS, post=BAD_REQUEST),
    "assessments:row-remove": only(EIA_WRITERS, post=EIA_GRID),
    "assessments:submit": only(["author"], post=EIA_PAGE),
    "assessments:return": only(["approver"]),
    "assessments:approve": only(["approver"], post=EIA_PAGE),
    "assessments:moderate": only(["moderator"]),
    "assessments:publish": only(["approver", "council_admin"], post=EIA_PAGE),
    "assessments:start-review": only(["author"], post=EIA_PAGE),
    "assessments:decision-add": only(FOLLOW_UP, post=BAD_REQUEST),
    "assessments:decision-correct": only(FOLLOW_UP, post=BAD_REQUEST),
    "assessments:history": READ,
    "assessments:pdf": READ,
    # EIAs made before EqA, brought in from Word
    "assessments:legacy-list": LIST,
    "assessments:legacy": READ,
    "assessments:legacy-file": READ,
    "assessments:legacy-history": READ,
    "assessments:legacy-review": {
        "GET": row(FORBIDDEN, author=NOT_ALLOWED),
        "POST": row(FORBIDDEN, author=EIA_PAGE),
        "PUT": row(FORBIDDEN, author=NOT_ALLOWED),
    },
    "assessments:issued-pdf": READ,
    # Screenings
    "assessments:screening-start": only(EIA_WRITERS, other=OK),
    "assessments:screening": READ,
    "assessments:screening-edit": only(EIA_WRITERS, post=BAD_REQUEST),
    "assessments:screening-answers": only(EIA_WRITERS, post=BAD_REQUEST),
    "assessments:screening-delete": only(["author", "council_admin"], post=EIA_LIST),
    "assessments:screening-submit": only(["author"], post=SCREENING_PAGE),
    "assessments:screening-return": only(["approver"]),
    "assessments:screening-screen-out": only(["approver"], post=SCREENING_PAGE),
    "assessments:screening-require-full-eia": only(["approver"]),
    "assessments:screening-start-eia": only(["author"], post=EIA_PAGE),
    "assessments:screening-reopen": only(["author"], post=SCREENING_PAGE),
    "assessments:screening-history": READ,
    "assessments:screening-pdf": READ,
    "assessments:screening-issued-pdf": READ,
    # A council's public register, for anyone, signed in or not: our council's is switched on.
    "register:list": PUBLIC,
    "register:csv": PUBLIC,
    "register:json": PUBLIC,
    "register:eia-pdf": PUBLIC,
    "register:screening-pdf": PUBLIC,
    "register:word-file": PUBLIC,
    # Action plans
    "actionplans:list": LIST,
    "actionplans:start": only(PLAN_WRITERS, other=OK),
    "actionplans:plan": READ,
    "actionplans:edit": only(PLAN_WRITERS, post=BAD_REQUEST),
    "actionplans:delete": only(["manager", "council_admin"], post=PLAN_LIST),
    "actionplans:action-add": only(PLAN_WRITERS, post=BAD_REQUEST),
    "actionplans:action": READ,
    "actionplans:action-edit": only(PLAN_WRITERS, post=BAD_REQUEST),
    "actionplans:action-update": only(PLAN_WRITERS),
    "actionplans:update-withdraw": only(["manager", "council_admin"]),
    "actionplans:submit": only(PLAN_WRITERS, post=PLAN_PAGE),
    "actionplans:return": only(["approver"]),
    "actionplans:approve": only(["approver"], post=PLAN_PAGE),
    "actionplans:import": only(PLAN_WRITERS),
    "actionplans:import-preview": {
        "GET": row(FORBIDDEN, manager=OK, author=NOT_FOUND),
        "POST": row(FORBIDDEN, manager=OK, author=NOT_FOUND),
        "PUT": NO_PUT,
    },
    "actionplans:import-columns": {
        "GET": row(FORBIDDEN, manager=OK, author=NOT_FOUND),
        "POST": row(FORBIDDEN, manager=BAD_REQUEST, author=NOT_FOUND),
        "PUT": NO_PUT,
    },
    "actionplans:import-statuses": {
        "GET": row(FORBIDDEN, manager=OK, author=NOT_FOUND),
        "POST": row(FORBIDDEN, manager=IMPORT_PREVIEW, author=NOT_FOUND),
        "PUT": NO_PUT,
    },
    "actionplans:import-mappings": {
        "GET": row(FORBIDDEN, other=OK, superuser=FORBIDDEN, **{role: OK for role in COLUMN_CHOOSERS}),
        "POST": row(NOT_ALLOWED, other=NOT_ALLOWED),
        "PUT": NO_PUT,
    },
    "actionplans:import-mapping": only(COLUMN_CHOOSERS, post=BAD_REQUEST),
    "actionplans:import-status-value": only(COLUMN_CHOOSERS, post=BAD_REQUEST),
    "actionplans:export-xlsx": READ,
    "actionplans:export-csv": READ,
    "actionplans:history": READ,
    "actionplans:pdf": READ,
    "actionplans:progress-report": READ,
    # CQC results
    "actionplans:cqc-list": LIST,
    "actionplans:cqc-start": only(CQC_RECORDERS, other=OK),
    "actionplans:cqc-result": READ,
    "actionplans:cqc-correct": only(CQC_RECORDERS, post=BAD_REQUEST),
    "actionplans:cqc-history": READ,
    "actionplans:cqc-compare": READ,
    # Council settings
    "councils:settings": SETTINGS_PAGE,
    "councils:people": SETTINGS_PAGE,
    "councils:person-add": only(COUNCIL_ADMINS),
    "councils:person-temporary-password": only(COUNCIL_ADMINS),
    "councils:person-unlock": only(COUNCIL_ADMINS, post=PEOPLE_PAGE),
    "councils:person-invite": only(COUNCIL_ADMINS),
    "councils:invitation-resend": only(COUNCIL_ADMINS, post=PEOPLE_PAGE),
    "councils:invitation-withdraw": only(COUNCIL_ADMINS, post=PEOPLE_PAGE),
    "councils:person-deactivate": only(COUNCIL_ADMINS),
    "councils:person-restore": only(COUNCIL_ADMINS, post=PEOPLE_PAGE),
    "councils:role-remove": only(COUNCIL_ADMINS, post=PEOPLE_PAGE),
    "councils:approver-services": only(COUNCIL_ADMINS, post=PEOPLE_PAGE),
    "councils:group-roles": SETTINGS_PAGE,
    "councils:group-role-add": only(COUNCIL_ADMINS),
    "councils:group-role-remove": only(COUNCIL_ADMINS, post=GROUPS_PAGE),
    "councils:review-periods": only(COUNCIL_ADMINS),
    "councils:references": only(COUNCIL_ADMINS),
    "councils:screening": only(COUNCIL_ADMINS),
    "councils:public-register": only(COUNCIL_ADMINS),
    "councils:services": SETTINGS_PAGE,
    "councils:service-add": only(COUNCIL_ADMINS),
    "councils:service-edit": only(COUNCIL_ADMINS),
    "councils:service-remove": only(COUNCIL_ADMINS, post=SERVICES_PAGE),
    "councils:settings-history": SETTINGS_PAGE,
    "assessments:settings-grid-rows": SETTINGS_PAGE,
    "assessments:settings-grid-row-add": only(COUNCIL_ADMINS),
    "assessments:settings-grid-row-edit": only(COUNCIL_ADMINS),
    "assessments:settings-grid-row-move": {
        "GET": row(FORBIDDEN, council_admin=NOT_ALLOWED),
        "POST": row(FORBIDDEN, council_admin=GRID_ROWS_PAGE),
        "PUT": row(FORBIDDEN, council_admin=NOT_ALLOWED),
    },
    "assessments:settings-grid-row-remove": only(COUNCIL_ADMINS, post=GRID_ROWS_PAGE),
    "assessments:settings-duties": only(COUNCIL_ADMINS),
    "assessments:settings-duties-add-rows": {
        "GET": row(FORBIDDEN, council_admin=NOT_ALLOWED),
        "POST": row(FORBIDDEN, council_admin=DUTIES_PAGE),
        "PUT": row(FORBIDDEN, council_admin=NOT_ALLOWED),
    },
    "assessments:settings-questions": {
        "GET": row(FORBIDDEN, council_admin=OK),
        "POST": row(FORBIDDEN, council_admin=QUESTIONS_PAGE),
        "PUT": NO_PUT,
    },
    "assessments:settings-standard-fields": only(COUNCIL_ADMINS),
    "assessments:settings-question-add": only(COUNCIL_ADMINS),
    "assessments:settings-question-edit": only(COUNCIL_ADMINS),
    "assessments:settings-question-move": {
        "GET": row(FORBIDDEN, council_admin=NOT_ALLOWED),
        "POST": row(FORBIDDEN, council_admin=QUESTIONS_PAGE),
        "PUT": row(FORBIDDEN, council_admin=NOT_ALLOWED),
    },
    "assessments:settings-question-retire": only(COUNCIL_ADMINS, post=QUESTIONS_PAGE),
    "assessments:legacy-import": only(COUNCIL_ADMINS),
    "assessments:legacy-import-preview": only(COUNCIL_ADMINS),
    "actionplans:settings-status-words": {
        "GET": row(FORBIDDEN, council_admin=OK),
        "POST": row(FORBIDDEN, council_admin=STATUS_WORDS_PAGE),
        "PUT": NO_PUT,
    },
    "actionplans:settings-status-word-add": only(COUNCIL_ADMINS),
    "actionplans:settings-status-word-edit": only(COUNCIL_ADMINS, post=BAD_REQUEST),
    "actionplans:settings-status-word-move": {
        "GET": row(FORBIDDEN, council_admin=NOT_ALLOWED),
        "POST": row(FORBIDDEN, council_admin=STATUS_WORDS_PAGE),
        "PUT": row(FORBIDDEN, council_admin=NOT_ALLOWED),
    },
    "actionplans:settings-status-word-retire": only(COUNCIL_ADMINS, post=STATUS_WORDS_PAGE),
    "actionplans:settings-frameworks": SETTINGS_PAGE,
    "actionplans:settings-framework-add": only(COUNCIL_ADMINS),
    "actionplans:settings-framework": SETTINGS_PAGE,
    "actionplans:settings-framework-edit": only(COUNCIL_ADMINS, post=BAD_REQUEST),
    "actionplans:settings-theme-add": only(COUNCIL_ADMINS, post=BAD_REQUEST),
    "actionplans:settings-theme-edit": only(COUNCIL_ADMINS, post=BAD_REQUEST),
    "actionplans:settings-theme-move": {
        "GET": row(FORBIDDEN, council_admin=NOT_ALLOWED),
        "POST": row(FORBIDDEN, council_admin=FRAMEWORK_PAGE),
        "PUT": row(FORBIDDEN, council_admin=NOT_ALLOWED),
    },
    "actionplans:settings-theme-remove": only(COUNCIL_ADMINS, post=FRAMEWORK_PAGE),
    "actionplans:settings-item-add": only(COUNCIL_ADMINS, post=BAD_REQUEST),
    "actionplans:settings-item-edit": only(COUNCIL_ADMINS, post=BAD_REQUEST),
    "actionplans:settings-item-move": {
        "GET": row(FORBIDDEN, council_admin=NOT_ALLOWED),
        "POST": row(FORBIDDEN, council_admin=FRAMEWORK_PAGE),
        "PUT": row(FORBIDDEN, council_admin=NOT_ALLOWED),
    },
    "actionplans:settings-item-remove": only(COUNCIL_ADMINS, post=FRAMEWORK_PAGE),
    # The Django admin: the index, its sign-in form, and a page of each kind that would give away another
    # council's records (an EIA, a screening) or a role in another council (a membership).
    "admin:index": SUPERUSERS_ONLY,
    "admin:login": {method: row(NOT_FOUND, superuser=ADMIN) for method in METHODS},
    "admin:assessments_assessment_change": SUPERUSERS_ONLY,
    "admin:assessments_screening_change": SUPERUSERS_ONLY,
    "admin:councils_membership_add": SUPERUSERS_ONLY,
    "admin:councils_membership_change": SUPERUSERS_ONLY,
}

# The Django admin's URLs in the matrix; walk() leaves out its others.
ADMIN_URLS = [name for name in MATRIX if name.startswith("admin:")]

# The state of the record each URL is requested with (tests/security/test_permission_matrix.py builds it).
EIA_DRAFT, EIA_SUBMITTED, EIA_SIGNED_OFF, EIA_MODERATED, EIA_PUBLISHED = (
    "EIA draft",
    "EIA submitted",
    "EIA signed off",
    "EIA moderated",
    "EIA published",
)
PLAN_DRAFT, PLAN_SUBMITTED, PLAN_SIGNED_OFF = "plan draft", "plan submitted", "plan signed off"
SCREENING_DRAFT, SCREENING_SCREENED_IN, SCREENING_SUBMITTED, SCREENING_SCREENED_OUT = (
    "screening draft",
    "screening screened in",
    "screening submitted",
    "screening screened out",
)
CQC_RESULT = "CQC result"
COLUMN_MAPPING = "column mapping"
STATUS_VALUE = "status value"
ROLE = "role"
GROUP_ROLE = "group role"
LEGACY, LEGACY_UPLOAD = "old EIA from Word", "upload from Word"
PERSON, LOCKED_OUT, TEMPORARY_PASSWORD = "person", "locked out", "temporary password"
INVITATION, LEFT = "invitation", "left"
STATES = [
    None,
    EIA_DRAFT,
    EIA_SUBMITTED,
    EIA_SIGNED_OFF,
    EIA_MODERATED,
    EIA_PUBLISHED,
    SCREENING_DRAFT,
    SCREENING_SCREENED_IN,
    SCREENING_SUBMITTED,
    SCREENING_SCREENED_OUT,
    PLAN_DRAFT,
    PLAN_SUBMITTED,
    PLAN_SIGNED_OFF,
    CQC_RESULT,
    COLUMN_MAPPING,
    STATUS_VALUE,
    ROLE,
    GROUP_ROLE,
    LEGACY,
    LEGACY_UPLOAD,
    PERSON,
    LOCKED_OUT,
    TEMPORARY_PASSWORD,
    INVITATION,
    LEFT,
]
STATE_LABELS = {
    None: "",
    EIA_DRAFT: "a draft EIA",
    EIA_SUBMITTED: "a submitted EIA",
    EIA_SIGNED_OFF: "a signed-off EIA",
    EIA_MODERATED: "a moderated EIA",
    EIA_PUBLISHED: "a published EIA, with its issued PDF, on our council's public register",
    SCREENING_DRAFT: "a draft screening, every answer No, with the author's reason",
    SCREENING_SCREENED_IN: "a draft screening with an answer Yes, and its reason",
    SCREENING_SUBMITTED: "a submitted screening",
    SCREENING_SCREENED_OUT: "a screened-out screening, with its issued PDF",
    PLAN_DRAFT: "a draft plan",
    PLAN_SUBMITTED: "a submitted plan",
    PLAN_SIGNED_OFF: "a signed-off plan",
    CQC_RESULT: "a CQC result",
    COLUMN_MAPPING: "our council's remembered choice of a plan file's columns",
    STATUS_VALUE: "our council's remembered choice of what a status its plan files write is read as",
    ROLE: "the approver's role in our council",
    GROUP_ROLE: "a group of the identity provider that gives the author role in our council",
    LEGACY: "an EIA made before EqA, brought in from Word, with its Word file",
    LEGACY_UPLOAD: "an upload of Word files by our council admin, waiting to be confirmed",
    PERSON: "our approver, whose only role is in our council",
    LOCKED_OUT: "our approver, locked out after five wrong passwords",
    TEMPORARY_PASSWORD: "each person of both councils just signed in with a temporary password (the superuser "
    "without one)",
    INVITATION: "our council admin's invitation by email, waiting for an answer",
    LEFT: "an author of our council who left, their work passed to our author",
}

SETUP = {
    "home": None,
    "sign-in": None,
    "sign-on": None,
    "sign-on-done": None,
    "sign-on-no-role": None,
    "sign-out": None,
    "password-change": None,
    "notification-choices": None,
    "password-choose": TEMPORARY_PASSWORD,
    "keep-alive": None,
    "password-reset": None,
    "password-reset-sent": None,
    "password-reset-confirm": None,
    "password-reset-done": None,
    "invitation-accept": None,
    "accessibility": None,
    "healthz": None,
    "assessments:list": EIA_DRAFT,
    "assessments:start": None,
    "assessments:register-xlsx": EIA_DRAFT,
    "assessments:cumulative": EIA_DRAFT,
    "assessments:cumulative-pdf": EIA_DRAFT,
    "assessments:annual-report": EIA_DRAFT,
    "assessments:annual-report-records": EIA_DRAFT,
    "assessments:annual-report-pdf": EIA_DRAFT,
    "assessments:annual-report-xlsx": EIA_DRAFT,
    "assessments:register-csv": EIA_DRAFT,
    "assessments:detail": EIA_DRAFT,
    "assessments:edit": EIA_DRAFT,
    "assessments:delete": EIA_DRAFT,
    "assessments:grid": EIA_DRAFT,
    "assessments:coverage": EIA_DRAFT,
    "assessments:action-add": EIA_DRAFT,
    "assessments:action-edit": EIA_DRAFT,
    "assessments:action-remove": EIA_DRAFT,
    "assessments:action-done": EIA_SIGNED_OFF,
    "assessments:row-add": EIA_DRAFT,
    "assessments:row-remove": EIA_DRAFT,
    "assessments:submit": EIA_DRAFT,
    "assessments:return": EIA_SUBMITTED,
    "assessments:approve": EIA_SUBMITTED,
    "assessments:moderate": EIA_SIGNED_OFF,
    "assessments:publish": EIA_MODERATED,
    "assessments:start-review": EIA_SIGNED_OFF,
    "assessments:decision-add": EIA_SIGNED_OFF,
    "assessments:decision-correct": EIA_SIGNED_OFF,
    "assessments:history": EIA_DRAFT,
    "assessments:pdf": EIA_DRAFT,
    "assessments:legacy-list": LEGACY,
    "assessments:legacy": LEGACY,
    "assessments:legacy-file": LEGACY,
    "assessments:legacy-history": LEGACY,
    "assessments:legacy-review": LEGACY,
    "assessments:issued-pdf": EIA_SIGNED_OFF,
    "assessments:screening-start": None,
    "assessments:screening": SCREENING_DRAFT,
    "assessments:screening-edit": SCREENING_DRAFT,
    "assessments:screening-answers": SCREENING_DRAFT,
    "assessments:screening-delete": SCREENING_DRAFT,
    "assessments:screening-submit": SCREENING_DRAFT,
    "assessments:screening-return": SCREENING_SUBMITTED,
    "assessments:screening-screen-out": SCREENING_SUBMITTED,
    "assessments:screening-require-full-eia": SCREENING_SUBMITTED,
    "assessments:screening-start-eia": SCREENING_SCREENED_IN,
    "assessments:screening-reopen": SCREENING_SCREENED_OUT,
    "assessments:screening-history": SCREENING_DRAFT,
    "assessments:screening-pdf": SCREENING_DRAFT,
    "assessments:screening-issued-pdf": SCREENING_SCREENED_OUT,
    "register:list": EIA_PUBLISHED,
    "register:csv": EIA_PUBLISHED,
    "register:json": EIA_PUBLISHED,
    "register:eia-pdf": EIA_PUBLISHED,
    "register:screening-pdf": SCREENING_SCREENED_OUT,
    "register:word-file": LEGACY,
    "actionplans:list": PLAN_DRAFT,
    "actionplans:start": None,
    "actionplans:plan": PLAN_DRAFT,
    "actionplans:edit": PLAN_DRAFT,
    "actionplans:delete": PLAN_DRAFT,
    "actionplans:action-add": PLAN_DRAFT,
    "actionplans:action": PLAN_DRAFT,
    "actionplans:action-edit": PLAN_DRAFT,
    "actionplans:action-update": PLAN_SIGNED_OFF,
    "actionplans:update-withdraw": PLAN_SIGNED_OFF,
    "actionplans:submit": PLAN_DRAFT,
    "actionplans:return": PLAN_SUBMITTED,
    "actionplans:approve": PLAN_SUBMITTED,
    "actionplans:import": PLAN_DRAFT,
    "actionplans:import-preview": PLAN_DRAFT,
    "actionplans:import-columns": PLAN_DRAFT,
    "actionplans:import-statuses": PLAN_DRAFT,
    "actionplans:import-mappings": COLUMN_MAPPING,
    "actionplans:import-mapping": COLUMN_MAPPING,
    "actionplans:import-status-value": STATUS_VALUE,
    "actionplans:export-xlsx": PLAN_DRAFT,
    "actionplans:export-csv": PLAN_DRAFT,
    "actionplans:history": PLAN_DRAFT,
    "actionplans:pdf": PLAN_DRAFT,
    "actionplans:progress-report": PLAN_SIGNED_OFF,
    "actionplans:cqc-list": CQC_RESULT,
    "actionplans:cqc-start": None,
    "actionplans:cqc-result": CQC_RESULT,
    "actionplans:cqc-correct": CQC_RESULT,
    "actionplans:cqc-history": CQC_RESULT,
    "actionplans:cqc-compare": PLAN_DRAFT,
    "councils:settings": None,
    "councils:people": None,
    "councils:person-add": None,
    "councils:person-temporary-password": PERSON,
    "councils:person-unlock": LOCKED_OUT,
    "councils:person-invite": None,
    "councils:invitation-resend": INVITATION,
    "councils:invitation-withdraw": INVITATION,
    "councils:person-deactivate": PERSON,
    "councils:person-restore": LEFT,
    "councils:role-remove": ROLE,
    "councils:approver-services": ROLE,
    "councils:group-roles": GROUP_ROLE,
    "councils:group-role-add": None,
    "councils:group-role-remove": GROUP_ROLE,
    "councils:review-periods": None,
    "councils:references": None,
    "councils:screening": None,
    "councils:public-register": None,
    "councils:services": None,
    "councils:service-add": None,
    "councils:service-edit": None,
    "councils:service-remove": None,
    "councils:settings-history": None,
    "assessments:settings-grid-rows": None,
    "assessments:settings-grid-row-add": None,
    "assessments:settings-grid-row-edit": None,
    "assessments:settings-grid-row-move": None,
    "assessments:settings-grid-row-remove": None,
    "assessments:settings-duties": None,
    "assessments:settings-duties-add-rows": None,
    "assessments:settings-questions": None,
    "assessments:settings-standard-fields": None,
    "assessments:settings-question-add": None,
    "assessments:settings-question-edit": None,
    "assessments:settings-question-move": None,
    "assessments:settings-question-retire": None,
    "assessments:legacy-import": None,
    "assessments:legacy-import-preview": LEGACY_UPLOAD,
    "actionplans:settings-status-words": None,
    "actionplans:settings-status-word-add": None,
    "actionplans:settings-status-word-edit": None,
    "actionplans:settings-status-word-move": None,
    "actionplans:settings-status-word-retire": None,
    "actionplans:settings-frameworks": None,
    "actionplans:settings-framework-add": None,
    "actionplans:settings-framework": None,
    "actionplans:settings-framework-edit": None,
    "actionplans:settings-theme-add": None,
    "actionplans:settings-theme-edit": None,
    "actionplans:settings-theme-move": None,
    "actionplans:settings-theme-remove": None,
    "actionplans:settings-item-add": None,
    "actionplans:settings-item-edit": None,
    "actionplans:settings-item-move": None,
    "actionplans:settings-item-remove": None,
    "admin:index": None,
    "admin:login": None,
    "admin:assessments_assessment_change": EIA_DRAFT,
    "admin:assessments_screening_change": SCREENING_DRAFT,
    "admin:councils_membership_add": None,
    "admin:councils_membership_change": ROLE,
}

_DRAFT_ONLY = (
    "Only while the EIA is a draft and the newest version: once it is submitted or signed off, 403 for everyone."
)
_PLAN_DRAFT_ONLY = "Only while the plan is a draft: once it is submitted or signed off, 403 for everyone."
_STEP = "The right role at the wrong moment (somebody moved it on) goes back to the {0} page, saying why (302)."
NOTES = {
    "sign-in": "Somebody already signed in is sent to their home page. Signed out, a PUT is taken as a POST "
    "(Django's sign-in view does so; CSRF still applies); it should answer 405.",
    "sign-on": "Single sign-on: sends the person to their council's identity provider (302 there). Off, as here, "
    "until the environment names a provider; tests/councils/test_single_sign_on.py tests it on.",
    "sign-on-done": "Where the provider sends the person back: signed in if the token is the provider's, for EqA, "
    "fresh and this sign-in's, and a group gives them a role; refused otherwise (302 sign-in).",
    "sign-on-no-role": "Says to a person whom no group gives a role whom to ask, with the groups EqA received: only "
    "after such a sign-in (otherwise 302 sign-in).",
    "sign-out": "Only by POST (the page's sign-out button), so another site cannot sign a person out.",
    "password-reset": "Forgotten your password? Anybody may ask for a link to choose a new one, sent to each account "
    "with the email address given; the next page says the same whether or not one has it. Each address may ask "
    "PASSWORD_RESETS_PER_MINUTE times a minute (429 beyond).",
    "password-reset-confirm": "The emailed link's page: a new password, once, within PASSWORD_RESET_TIMEOUT; "
    "checked here with a link that never worked, which the page says no longer works.",
    "password-change": "Everyone's own password, never anybody else's: the current one, then a new one. The "
    "person stays signed in; their other sessions end.",
    "notification-choices": "Email notifications: everyone's own choice, per kind of email, of at once, a daily "
    "digest or off; never anybody else's. Nothing of any council is shown or changed.",
    "password-choose": "Only after signing in with a temporary password, and then every other page sends the "
    "person here until they have chosen their own; anyone else is sent to their home page.",
    "keep-alive": '"Stay signed in": restarts the person\'s own idle clock; changes nothing else.',
    "accessibility": "The accessibility statement, public.",
    "healthz": "For load balancers: says only whether the database answers.",
    "register:list": "The council's public register: its published EIAs and screened-out decisions, for anyone. A "
    "council that has not switched it on answers 404, as does anything not on it.",
    "register:eia-pdf": "A published EIA's issued PDF, for anyone; any other EIA's answers 404.",
    "register:screening-pdf": "A screened-out decision's issued PDF, for anyone; any other screening's answers 404.",
    "register:word-file": "An EIA brought in from Word, its Word file as it was uploaded, for anyone.",
    "assessments:legacy-list": "Only the EIAs brought in from Word of the person's own councils.",
    "assessments:legacy-review": "An author's, as starting an EIA is: a new draft EIA reviewing it, then its page "
    "(302); asked again, the same draft, and nothing more is started.",
    "assessments:legacy-import-preview": "The council admin's own upload; an empty POST shows the questions again, "
    "with their errors.",
    "assessments:list": "Lists only the EIAs of the person's own councils.",
    "assessments:start": "Authors only: EIAs are written by authors. The other council's person starts EIAs of "
    "their own council only; our services are not offered to them.",
    "assessments:register-xlsx": "Only the EIAs of the person's own councils.",
    "assessments:cumulative": "A budget round's proposals together, for anyone of the council; another council's "
    "answers 404.",
    "assessments:cumulative-pdf": "The round as a PDF, for anyone of the council: the draft EIA names a round.",
    "assessments:annual-report": "The council's annual equality report, for anyone of the council, viewers too "
    "(committee officers write committee papers); another council's answers 404.",
    "assessments:annual-report-records": "The records behind a figure of the annual report (asked for none, the "
    "services with an in-date EIA or screening), for anyone of the council.",
    "assessments:annual-report-pdf": "The annual report as a committee PDF, for anyone of the council.",
    "assessments:annual-report-xlsx": "The annual report's figures as a spreadsheet, for anyone of the council.",
    "assessments:register-csv": "Only the EIAs of the person's own councils.",
    "assessments:decision-add": "Recording the decision a signed-off EIA informed: its authors, approvers and council "
    "admins; a draft's goes back to its page, saying it must be signed off first. A POST without the revision the "
    "form was opened on is a 400.",
    "assessments:decision-correct": "Correcting a recorded decision, by the same roles; History keeps what it said.",
    "assessments:action-done": "Recording an action of a signed-off EIA as done, or correcting when, by the same "
    "roles: the plan stays as it was signed off. A POST without the revision the form was opened on is a 400.",
    "assessments:edit": _DRAFT_ONLY,
    "assessments:grid": _DRAFT_ONLY,
    "assessments:coverage": _DRAFT_ONLY,
    "assessments:action-add": _DRAFT_ONLY,
    "assessments:action-edit": _DRAFT_ONLY,
    "assessments:action-remove": _DRAFT_ONLY,
    "assessments:row-add": _DRAFT_ONLY,
    "assessments:row-remove": _DRAFT_ONLY + " Only a row the author added: the council's rows cannot be removed (404).",
    "assessments:delete": "A draft never submitted, by the author who started it (the matrix's author) or a council "
    "admin, after an 'Are you sure' page; 403 for everyone else. Once submitted it is kept: "
    "back to the EIA's page, saying so (302). The deletion log keeps who deleted what.",
    "assessments:screening-delete": "A draft never submitted, by the author who started it or a council admin, "
    "after an 'Are you sure' page; 403 for everyone else. Once submitted, or once it has started its full EIA, it is "
    "kept: back to the screening's page, saying so (302). The deletion log keeps who deleted what.",
    "assessments:submit": "Needs a draft that is the newest version. " + _STEP.format("EIA's"),
    "assessments:return": "Needs the EIA submitted; the reason is required. An approver limited to some services "
    "returns only those services' EIAs (403 for others). " + _STEP.format("EIA's"),
    "assessments:approve": "Needs the EIA submitted. Never by its author: an approver who wrote or changed it (or, "
    "while a new version is unchanged, the version it copies) gets 403. An approver "
    "limited to some services signs off only those services' EIAs "
    "(403 for others). " + _STEP.format("EIA's"),
    "assessments:moderate": "Needs the EIA signed off. " + _STEP.format("EIA's"),
    "assessments:publish": "Needs the EIA moderated (or only signed off, where the council does not moderate). "
    + _STEP.format("EIA's"),
    "assessments:start-review": "Needs the EIA signed off, moderated or published, and the newest version; makes "
    "the next version as a draft. " + _STEP.format("EIA's"),
    "assessments:issued-pdf": "The PDF kept byte for byte at sign-off.",
    "actionplans:list": "Lists only the plans of the person's own councils.",
    "actionplans:start": "Managers and authors only. The other council's person starts plans of their own council "
    "only.",
    "actionplans:edit": _PLAN_DRAFT_ONLY,
    "actionplans:action-add": _PLAN_DRAFT_ONLY,
    "actionplans:action-edit": _PLAN_DRAFT_ONLY,
    "actionplans:action-update": "Recording an update (the only way an action's status moves): managers and "
    "authors, whatever the plan's status.",
    "actionplans:update-withdraw": "Tested with an update the manager recorded a moment ago. Its writer may "
    "withdraw it within 24 hours; a council admin at any time; 403 for everyone "
    "else. The update is kept, marked withdrawn; it is never deleted.",
    "actionplans:delete": "A draft never submitted, with no status updates, by the person who started it (the "
    "matrix's manager) or a council admin, after an 'Are you sure' page; 403 for everyone "
    "else. Once submitted it is kept: back to the plan's page, saying so (302).",
    "actionplans:submit": "Needs a draft. " + _STEP.format("plan's"),
    "actionplans:return": "Needs the plan submitted; the reason is required. " + _STEP.format("plan's"),
    "actionplans:approve": "Needs the plan submitted. Never by its author: an approver who started it or changed "
    "it gets 403. " + _STEP.format("plan's"),
    "actionplans:import": "Managers and authors; a plan that is not a draft goes back to the plan's page (302).",
    "actionplans:import-preview": "An upload is seen only by the person who uploaded it: the matrix's upload is the "
    "manager's, so the author (who may import too) gets 404 for it.",
    "actionplans:import-columns": "Choosing what each column of an upload is: only the person who uploaded it, as "
    "the upload's preview. Sent without the revision of the council's choices it was opened on, it answers 400.",
    "actionplans:import-mappings": "The remembered choices of the councils where the person imports plans or is "
    "council admin; 403 for a person who is neither anywhere.",
    "actionplans:import-mapping": "Managers, authors and council admins of its council; History keeps each change.",
    "actionplans:import-statuses": "Choosing what each status an upload writes is read as: only the person who "
    "uploaded it. The matrix's upload has no status column, so choosing nothing goes on to its preview.",
    "actionplans:import-status-value": "Managers, authors and council admins of its council; History keeps each "
    "change.",
    "actionplans:progress-report": "A GET form: with a date it answers the PDF. Only a signed-off plan offers "
    "the form.",
    "actionplans:cqc-correct": "Correcting a result typed wrongly: managers, approvers and council admins of its "
    "council; History keeps each correction.",
    "actionplans:cqc-start": "Managers, approvers and council admins. The other council's person records results "
    "of their own council only.",
    "actionplans:cqc-compare": "A plan's quality statements with its council's own latest CQC scores beside another "
    "council's, from the results the plan's council keeps: everyone of that council reads it.",
    "councils:settings": "A council admin manages only the councils they are council admin of: every council "
    "settings page is theirs, 403 for the council's other roles and 404 outside it.",
    "councils:person-add": "Gives a person a role in this council only, making their account if the username is "
    "new. Nobody is made a superuser or staff here.",
    "councils:person-temporary-password": "Shows a new password once, in the answer to the POST. Only for a person "
    "whose every role is in a council this council admin runs, never for "
    "staff, a superuser or the admin themselves: otherwise the people page "
    "says why (302) and nothing changes.",
    "councils:person-unlock": "A person of another council answers 404. A person not locked out: the people page "
    "says so (302) and nothing changes.",
    "councils:person-invite": "Invites to this council only, with roles of this council; an address with an account "
    "or already invited is refused on the form. Nothing is made until the invitee follows the emailed link.",
    "invitation-accept": "The link's signed token names the invitation; one that never worked, is too old, was "
    "replaced, withdrawn or used says so and makes nothing.",
    "councils:person-deactivate": "A person of another council answers 404. The one who takes over must have a "
    "role in this council. An admin cannot deactivate themselves, nor staff or a superuser: the people page says "
    "why (302) and nothing changes. The account is closed only when the person has no role in another council.",
    "councils:person-restore": "Only a person who left this council and holds no role in it now (404 otherwise).",
    "councils:role-remove": "The council's last council admin role cannot be removed: the page says so and "
    "nothing changes.",
    "councils:approver-services": "Only for an approver's role (404 for any other role). Sent empty, it lets the "
    "approver sign off every service.",
    "councils:service-edit": "Tested with our council's service.",
    "councils:service-remove": "Tested with our council's service, which nothing refers to. A service in use (an "
    "EIA is for it, it has teams, an approver signs off for it) is kept: the services "
    "page says why.",
    "assessments:settings-grid-row-edit": "Tested with the first row of our council's grid.",
    "assessments:settings-grid-row-move": "Only by POST (the list's Move up and Move down buttons). Sent empty, it "
    "moves nothing and goes back to the list.",
    "assessments:settings-grid-row-remove": "A row no EIA has used is removed; one that an EIA has used is retired "
    "instead (not offered in new EIAs).",
    "assessments:settings-duties": "Sent empty, the form answers 200 with its error: choose the nation.",
    "assessments:settings-duties-add-rows": "Only by POST (the equality duties page's button). It adds a row for each "
    "duty of the council's nation that no row offered in new EIAs covers: none when every one is covered.",
    "assessments:settings-questions": "Its POST asks a retired question again (Ask it again on the list). Sent "
    "empty, it changes nothing and goes back to the list.",
    "assessments:settings-question-edit": "Tested with a question of our council.",
    "assessments:settings-question-move": "Only by POST (the list's Move up and Move down buttons). Sent empty, it "
    "moves nothing and goes back to the list.",
    "assessments:settings-question-retire": "Retiring keeps the question and every answer to it; drafts stop asking "
    "it.",
    "actionplans:settings-status-words": "Its POST offers a retired status word again (Offer it again on the list). "
    "Sent empty, it changes nothing and goes back to the list.",
    "actionplans:settings-status-word-edit": "Tested with our council's first status word, To be started. Its meaning "
    "can be changed only while no action has had the word; the edit is checked against what was saved since the page "
    "was opened.",
    "actionplans:settings-status-word-move": "Only by POST (the list's Move up and Move down buttons). Sent empty, it "
    "moves nothing and goes back to the list.",
    "actionplans:settings-status-word-retire": "Tested with To be started, the only word a new action could start "
    "with: it is kept, and the list says why (302). Any other word is retired: updates no longer offer it, and "
    "actions that have it keep it.",
    "actionplans:settings-frameworks": "Lists the frameworks EqA provides, which nobody changes here, and the "
    "council's own.",
    "actionplans:settings-framework": "Tested with a framework of our council's own, of one theme with one item; one "
    "EqA provides shows too, without the means to change it. Every page that changes a framework, its themes or its "
    "items is for the council's own only: 404 for one EqA provides.",
    "actionplans:settings-framework-edit": "Its save, and every save of a theme or item, is checked against what was "
    "saved to the framework since the page was opened.",
    "actionplans:settings-theme-move": "Only by POST (the framework page's Move up and Move down buttons). Sent "
    "empty, it moves nothing and goes back to the framework.",
    "actionplans:settings-theme-remove": "A theme no action has is removed, with its items; one that an action has "
    "is retired instead (not offered for new actions).",
    "actionplans:settings-item-move": "Only by POST (the framework page's Move up and Move down buttons). Sent "
    "empty, it moves nothing and goes back to the framework.",
    "actionplans:settings-item-remove": "An item no action has is removed; one that an action has is retired instead.",
    "admin:index": "The Django admin is for superusers only; to anyone else signed in, staff or not, every "
    "admin URL answers 404. Council admins manage their council on the council settings pages.",
    "admin:login": "The admin's own sign-in form never shows: signed out, it sends you on to EqA's sign-in "
    "(and, signed in there as a superuser, back to the admin).",
}

GROUPS = [
    ("The site", lambda name: ":" not in name),
    ("Council settings", lambda name: name.startswith("councils:") or ":settings-" in name),
    ("The Django admin", lambda name: name.startswith("admin:")),
    ("EIAs", lambda name: name.startswith("assessments:")),
    ("CQC results", lambda name: name.startswith("actionplans:cqc-")),
    ("Action plans", lambda name: name.startswith("actionplans:")),
    ("The public register", lambda name: name.startswith("register:")),
]
GROUP_ORDER = [
    "The site",
    "The public register",
    "EIAs",
    "Action plans",
    "CQC results",
    "Council settings",
    "The Django admin",
]


def walk(patterns=None, namespace="", prefix="/"):
    """(name, parameters, route) of every named URL of the URLconf, as tests/security/test_scoping.py walks it; of the
    Django admin's, only those of ADMIN_URLS (the admin has hundreds, all behind the same check)."""
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(entry, URLPattern) and namespace == "admin:" and f"admin:{entry.name}" not in ADMIN_URLS:
            continue
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from walk(entry.url_patterns, inner, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}{entry.name}", list(entry.pattern.regex.groupindex), prefix + str(entry.pattern)


def group_of(name):
    return next(group for group, belongs in GROUPS if belongs(name))


INTRO = """\
# Who may do what in EqA

**The rules.** A person sees only the records of their own councils: another council's EIA, plan or CQC result
answers 404 (not found), never 403 and never any of its data. Signed out, every page but {public}
sends you to sign in. Every change is a POST behind Django's CSRF protection; a GET changes nothing.
Only an approver signs off, and never an EIA or plan they wrote or changed. EIAs are written by authors;
action plans by managers and authors, who alone record their actions' updates. A viewer (like a moderator, outside
moderation) reads and exports, and changes nothing. Nothing is changed in a record once it is signed off: a change
is a new version.

This page is generated from `tests/security/permission_matrix.py`; `tests/security/test_permission_matrix.py`
requests every URL with every method as each person below and fails when any answer differs from this page, or
when a URL is not on it. Do not edit it by hand: change the data and run
`DJANGO_SETTINGS_MODULE=eqa_site.test_settings .venv/bin/python -m tests.security.permission_matrix`.

**The people.** *Signed out*; one person for each of the six roles of the council that owns the record (each
holding that role only; the council admin also has staff status); *Other council*: a person who holds all six
roles, but in another council (with staff status too); and *Superuser*: a superuser, who holds no role in any
council. On a page that is not about one record (a list, a "start" page) the other council's person gets what
their roles give them in their own council, and sees only their own council's records. The Django admin
(`/admin/`) is for superusers only: to anyone else signed in, staff or not, it answers 404.

**The records.** Each URL is tested with one record of the owning council, in the state named under its table:
an EIA complete enough to submit, written by the author, with one action (and, once signed off, its issued PDF);
a plan started by the manager, with one action and an upload of the manager's waiting to be confirmed; a CQC
result.

**The answers.** 200: the page (or the file). 200 to a POST: the form again, with what is wrong (the test sends
forms empty). 302 sign-in: sent to sign in. 302 … page: done, and sent back to the record's page (or, for a
step the record's state no longer allows, sent back saying why). 403: refused, and logged as an attempt the
pages never offered. 404: not found. 405: the method is not accepted.
A PUT answers 405 (signed out, 302 sign-in, as sign-in is checked first) except where a PUT row below says
otherwise. PATCH and DELETE are refused by the same lists of methods each view takes, but are not tested here.
"""


def _cell(method, url, persona):
    return MATRIX[url][method][persona]


def markdown():
    """docs/permissions.md, from MATRIX, SETUP and NOTES."""
    routes = {name: route for name, _, route in walk()}
    by_group = {group: [] for group in GROUP_ORDER}
    for name in MATRIX:
        by_group[group_of(name)].append(name)
    public = [f"`{name}`" for name in MATRIX if MATRIX[name]["GET"][SIGNED_OUT] == OK]
    lines = [INTRO.format(public=", ".join(public[:-1]) + " and " + public[-1])]
    header = "| URL | | " + " | ".join(PERSONA_LABELS[p] for p in PERSONAS) + " |"
    rule = "|---|---|" + "---|" * len(PERSONAS)
    for group in GROUP_ORDER:
        lines += [f"## {group}", "", header, rule]
        for name in by_group[group]:
            shown = ["GET", "POST"] + (["PUT"] if MATRIX[name]["PUT"] != NO_PUT else [])
            for index, method in enumerate(shown):
                first = f"`{name}`<br>`{routes.get(name, '?')}`" if index == 0 else ""
                cells = " | ".join(_cell(method, name, persona) for persona in PERSONAS)
                lines.append(f"| {first} | {method} | {cells} |")
        lines += ["", "Conditions, and what each URL was tested with:", ""]
        for name in by_group[group]:
            said = [f"Tested with {STATE_LABELS[SETUP[name]]}." if SETUP[name] else "", NOTES.get(name, "")]
            if any(said):
                lines.append(f"- `{name}`: " + " ".join(part for part in said if part))
        lines.append("")
    return "\n".join(lines)


if __name__ == "__main__":
    import os
    from pathlib import Path

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "eqa_site.test_settings")
    django.setup()
    target = Path(__file__).resolve().parents[2] / "docs" / "permissions.md"
    target.write_text(markdown(), encoding="utf-8")
    print(f"wrote {target}")
