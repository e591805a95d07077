"""What a council's public register lists: its published EIAs and its screened-out decisions in force, each with
its reference, title, service, date signed off, review date, worst negative impact, signed-off PDF and that PDF's
SHA-256, the decisions an EIA informed (and whether it was signed off before each meeting), and the names of the
people who took each step where the council shows their role's names. Nothing a draft,
a returned record or a record not yet published holds is read. The same entries make the page, the CSV and the JSON,
in a fixed number of queries however many there are; a page's entries are made for that page alone."""

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property

from django.db.models import OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import ExtractYear
from django.urls import reverse
from django.utils import timezone

from assessments import review
from assessments.models import (
    Assessment,
    DecisionRecord,
    ImpactLevel,
    ImpactRow,
    IssuedPdf,
    LegacyAssessment,
    Screening,
    ScreeningStatus,
    Status,
)
from councils.templatetags.people import person

EIA, SCREENING, WORD = "eia", "screening", "word"
KIND_WORDS = {
    EIA: "Equality impact assessment",
    SCREENING: "Screening: no full EIA needed",
    WORD: "Equality impact assessment made before EqA, brought in from Word",
}
NO_NEGATIVE = "No negative impact"
NOT_READ = "Not read: see the Word file"


# What each role the council may name did, as the register's columns and its JSON's keys say it.
NAMED_STEPS = {"author": "Written by", "approver": "Signed off by", "moderator": "Moderated by"}
NAMED_KEYS = {"author": "written_by", "approver": "signed_off_by", "moderator": "moderated_by"}


@dataclass
class Decision:
    """A decision an EIA on the register informed, as the register says it."""

    meeting: str
    meeting_date: date
    report_reference: str
    outcome: str
    # Whether the signed-off EIA existed before the meeting (None: signed off that day), and that in words.
    in_time: bool | None
    timing: str

    @classmethod
    def of(cls, record):
        timing = record.timing
        return cls(
            meeting=record.meeting,
            meeting_date=record.meeting_date,
            report_reference=record.report_reference,
            outcome=record.get_outcome_display(),
            in_time=timing.in_time,
            timing=timing.words,
        )

    def as_json(self):
        return {
            "meeting": self.meeting,
            "meeting_date": self.meeting_date.isoformat(),
            "report_reference": self.report_reference or None,
            "outcome": self.outcome,
            "signed_off_before_meeting": self.in_time,
            "timing": self.timing,
        }

    def __str__(self):
        report = f", report {self.report_reference}" if self.report_reference else ""
        return f"{self.meeting}, {self.meeting_date.isoformat()}{report}: {self.outcome}. {self.timing}"


@dataclass
class Entry:
    kind: str
    pk: int
    reference: str
    title: str
    service: str
    signed_off: date
    review_due: date | None
    overdue: bool
    worst: str
    # The PDF issued at sign-off, which committee papers carry; and, for an EIA moderated after it, the PDF
    # re-issued with its moderation. "" where there is none.
    pdf_url: str = ""
    sha256: str = ""
    moderated_pdf_url: str = ""
    moderated_sha256: str = ""
    names: list = field(default_factory=list)  # (role, name), in the order the steps were taken
    # The decisions an EIA informed, by their meetings' dates, and its PDF re-issued with them as they now read.
    decisions: list = field(default_factory=list)
    decision_pdf_url: str = ""
    decision_sha256: str = ""
    # An EIA brought in from Word: its Word file as it was uploaded, and that file's SHA-256. Its `signed_off` is
    # the date of its assessment, or the day it was brought in where the file gives none.
    word_url: str = ""
    word_sha256: str = ""

    @property
    def is_word(self):
        return self.kind == WORD

    @property
    def kind_words(self):
        return KIND_WORDS[self.kind]

    @property
    def named(self):
        return [(NAMED_STEPS[role], name) for role, name in self.names]

    def as_json(self, absolute):
        """The entry for the JSON download; `absolute` makes a link whole (request.build_absolute_uri)."""
        return {
            "type": self.kind_words,
            "reference": self.reference,
            "title": self.title,
            "service": self.service,
            "signed_off": self.signed_off.isoformat(),
            "review_due": self.review_due.isoformat() if self.review_due else None,
            "review_overdue": self.overdue,
            "worst_negative_impact": self.worst,
            "pdf": absolute(self.pdf_url) if self.pdf_url else None,
            "pdf_sha256": self.sha256 or None,
            "moderated_pdf": absolute(self.moderated_pdf_url) if self.moderated_pdf_url else None,
            "moderated_pdf_sha256": self.moderated_sha256 or None,
            "decisions": [decision.as_json() for decision in self.decisions],
            "decision_pdf": absolute(self.decision_pdf_url) if self.decision_pdf_url else None,
            "decision_pdf_sha256": self.decision_sha256 or None,
            "word_file": absolute(self.word_url) if self.word_url else None,
            "word_file_sha256": self.word_sha256 or None,
            **{NAMED_KEYS[role]: name for role, name in self.names},
        }

    def csv_row(self, roles, absolute):
        names = dict(self.names)
        return [
            self.kind_words,
            self.reference,
            self.title,
            self.service,
            self.signed_off,
            self.review_due,
            self.overdue,
            self.worst,
            absolute(self.pdf_url) if self.pdf_url else "",
            self.sha256,
            absolute(self.moderated_pdf_url) if self.moderated_pdf_url else "",
            self.moderated_sha256,
            "\n".join(str(decision) for decision in self.decisions),
            absolute(self.decision_pdf_url) if self.decision_pdf_url else "",
            self.decision_sha256,
            absolute(self.word_url) if self.word_url else "",
            self.word_sha256,
            *(names.get(role, "") for role in roles),
        ]


CSV_HEADER = [
    "Type",
    "Reference",
    "Title",
    "Service",
    "Signed off",
    "Review due",
    "Review overdue",
    "Worst negative impact",
    "Signed-off PDF",
    "Its SHA-256",
    "PDF re-issued with its moderation",
    "Its SHA-256 (moderated)",
    "Decisions it informed",
    "PDF re-issued with the decisions",
    "Its SHA-256 (decisions)",
    "Word file (an EIA made before EqA)",
    "Its SHA-256 (Word file)",
]


def named_roles(council):
    """The roles whose names the council's register shows, in the order the steps are taken."""
    return [role for role in NAMED_STEPS if role in council.register_names]


def published_eias(council):
    return Assessment.objects.filter(council=council, status=Status.PUBLISHED)


def screened_out(council):
    return Screening.objects.filter(council=council, status=ScreeningStatus.APPROVED)


def years(council):
    """The years anything on the register was signed off in, newest first."""
    found = set()
    for records in (published_eias(council), screened_out(council)):
        signed_off = records.annotate(year=ExtractYear("approved_at")).order_by("year")
        found |= set(signed_off.values_list("year", flat=True).distinct())
    for assessed_on, imported_at in from_word(council).values_list("assessed_on", "imported_at"):
        found.add(_word_date(assessed_on, imported_at).year)
    return sorted(found, reverse=True)


def from_word(council):
    """The council's EIAs made before EqA, brought in from Word: on its register from the day they are."""
    return LegacyAssessment.objects.filter(council=council)


def _word_date(assessed_on, imported_at):
    return assessed_on or timezone.localtime(imported_at).date()


def _word_negatives(rows):
    """The labels of the rows an EIA brought in from Word rates negative with a level, and the worst level."""
    rated = [row for row in rows if row.get("negative") and row.get("level") in review.SEVERITY]
    return {row["label"] for row in rated}, review.worst_level(row["level"] for row in rated)


def characteristics(council):
    """The grid rows' labels any published EIA (or one brought in from Word) rates a negative impact on, for the
    filter."""
    labels = set(
        ImpactRow.objects.filter(assessment__in=published_eias(council))
        .exclude(negative_level="")
        .order_by()
        .values_list("label", flat=True)
        .distinct()
    )
    for rows in from_word(council).values_list("rows", flat=True):
        labels |= _word_negatives(rows)[0]
    return sorted(labels)


def entries(council, *, q="", service=None, year=None, characteristic="", overdue=False):
    """The register's entries that match, newest sign-off first, as Entries: a sequence whose length and order cost
    two narrow queries, and whose entries are made only for the slice asked for (a page's twenty) in three more,
    however many EIAs the council has published."""
    today = timezone.localdate()
    eias, screenings, words = published_eias(council), screened_out(council), from_word(council)
    if q:
        found = Q(title__icontains=q) | Q(reference__icontains=q)
        eias, screenings, words = eias.filter(found), screenings.filter(found), words.filter(found)
    if service is not None:
        within = Q(service=service) | Q(service__path__startswith=service.path + " > ")
        eias, screenings, words = eias.filter(within), screenings.filter(within), words.filter(within)
    if year:
        eias, screenings = eias.filter(approved_at__year=year), screenings.filter(approved_at__year=year)
    if characteristic:
        # By the EIAs' ids, not a join, so that the worst impact below is still worked out from all of an EIA's rows.
        rated = ImpactRow.objects.filter(label=characteristic, negative_level__in=list(review.SEVERITY))
        eias = eias.filter(pk__in=rated.values("assessment_id"))
        # A screened-out decision found no adverse impact on anyone.
        screenings = screenings.none()
    if overdue:
        eias, screenings = eias.filter(review_due__lt=today), screenings.filter(review_due__lt=today)
        words = words.filter(review_due__lt=today)
    # EIAs brought in from Word are few, and some filters read their grid's rows: they are made whole here.
    made = _from_word(council, words.select_related("service"), today, year=year, characteristic=characteristic)
    return Entries(council, today, eias, screenings, made)


class Entries(Sequence):
    """The entries that match, newest sign-off first (by the day signed off, then the reference, then the kind and
    id, so that the page and the downloads agree). A page's slice reads the order from each kind's dates and
    references alone, and makes an Entry of only the EIAs and screenings on the page; reading them all (the CSV, the
    JSON) makes each kind whole in one query, as the filters give them."""

    def __init__(self, council, today, eias, screenings, made):
        self.council, self.today, self.eias, self.screenings, self.words = council, today, eias, screenings, made

    @cached_property
    def order(self):
        keys = [
            (timezone.localtime(approved_at).date(), reference, kind, pk)
            for kind, records in ((EIA, self.eias), (SCREENING, self.screenings))
            for pk, approved_at, reference in records.order_by().values_list("pk", "approved_at", "reference")
        ]
        keys += [_key(entry) for entry in self.words]
        return [(kind, pk) for _, _, kind, pk in sorted(keys, reverse=True)]

    def __len__(self):
        return len(self.order)

    def __getitem__(self, index):
        wanted = self.order[index] if isinstance(index, slice) else [self.order[index]]
        pks = {kind: [pk for each, pk in wanted if each == kind] for kind in (EIA, SCREENING)}
        made = {
            (entry.kind, entry.pk): entry
            for entry in self._made(self.eias.filter(pk__in=pks[EIA]), self.screenings.filter(pk__in=pks[SCREENING]))
        }
        # A record superseded or reopened between the two reads has left the register: the page goes without it.
        found = [made[key] for key in wanted if key in made]
        if isinstance(index, slice):
            return found
        if not found:
            raise IndexError(index)
        return found[0]

    def __iter__(self):
        return iter(sorted(self._made(self.eias, self.screenings), key=_key, reverse=True))

    def _made(self, eias, screenings):
        return [
            *_eia_entries(self.council, eias, self.today),
            *_screening_entries(self.council, screenings, self.today),
            *self.words,
        ]


def _key(entry):
    return (entry.signed_off, entry.reference, entry.kind, entry.pk)


def _eia_entries(council, eias, today):
    names = set(council.register_names)
    issued = IssuedPdf.objects.filter(assessment=OuterRef("pk")).order_by("-issued_at", "-pk")
    sign_off, moderation = issued.filter(kind=IssuedPdf.Kind.SIGN_OFF), issued.filter(kind=IssuedPdf.Kind.MODERATION)
    with_decisions = issued.filter(kind=IssuedPdf.Kind.DECISION)
    eias = (
        eias.select_related("service", "approved_by", "created_by", "moderated_by")
        .prefetch_related(Prefetch("decisions", queryset=DecisionRecord.objects.select_related("signed_off_pdf")))
        .with_worst_level()
        .annotate(
            pdf_pk=Subquery(sign_off.values("pk")[:1]),
            pdf_sha=Subquery(sign_off.values("sha256")[:1]),
            moderated_pk=Subquery(moderation.values("pk")[:1]),
            moderated_sha=Subquery(moderation.values("sha256")[:1]),
            decision_pdf_pk=Subquery(with_decisions.values("pk")[:1]),
            decision_pdf_sha=Subquery(with_decisions.values("sha256")[:1]),
        )
    )
    for eia in eias:
        worst = eia.worst_level
        yield Entry(
            kind=EIA,
            **_signed_off(eia, today),
            worst=ImpactLevel(worst).label if worst else NO_NEGATIVE,
            pdf_url=reverse("register:eia-pdf", args=[council.slug, eia.pdf_pk]) if eia.pdf_pk else "",
            sha256=eia.pdf_sha or "",
            moderated_pdf_url=(
                reverse("register:eia-pdf", args=[council.slug, eia.moderated_pk]) if eia.moderated_pk else ""
            ),
            moderated_sha256=eia.moderated_sha or "",
            names=_names(names, author=eia.created_by, approver=eia.approved_by, moderator=eia.moderated_by),
            decisions=[Decision.of(record) for record in eia.decisions.all()],
            decision_pdf_url=(
                reverse("register:eia-pdf", args=[council.slug, eia.decision_pdf_pk]) if eia.decision_pdf_pk else ""
            ),
            decision_sha256=eia.decision_pdf_sha or "",
        )


def _signed_off(record, today):
    """What the register says alike of an EIA and a screened-out decision."""
    return {
        "pk": record.pk,
        "reference": record.reference,
        "title": record.title,
        "service": record.service.path,
        "signed_off": timezone.localtime(record.approved_at).date(),
        "review_due": record.review_due,
        "overdue": bool(record.review_due and record.review_due < today),
    }


def _screening_entries(council, screenings, today):
    names = set(council.register_names)
    for screening in screenings.select_related("service", "approved_by", "created_by", "issued_pdf"):
        issued = getattr(screening, "issued_pdf", None)
        yield Entry(
            kind=SCREENING,
            **_signed_off(screening, today),
            worst=NO_NEGATIVE,
            pdf_url=reverse("register:screening-pdf", args=[council.slug, issued.pk]) if issued else "",
            sha256=issued.sha256 if issued else "",
            names=_names(names, author=screening.created_by, approver=screening.approved_by, moderator=None),
        )


def _from_word(council, records, today, *, year, characteristic):
    found = []
    for legacy in records:
        on = _word_date(legacy.assessed_on, legacy.imported_at)
        negatives, worst = _word_negatives(legacy.rows)
        if (year and on.year != year) or (characteristic and characteristic not in negatives):
            continue
        found.append(
            Entry(
                kind=WORD,
                pk=legacy.pk,
                reference=legacy.reference,
                title=legacy.title,
                service=legacy.service.path,
                signed_off=on,
                review_due=legacy.review_due,
                overdue=legacy.review_due < today,
                worst=ImpactLevel(worst).label if worst else (NO_NEGATIVE if legacy.rows else NOT_READ),
                word_url=reverse("register:word-file", args=[council.slug, legacy.pk]),
                word_sha256=legacy.sha256,
            )
        )
    return found


def _names(shown, **people):
    return [(role, person(people[role])) for role in NAMED_STEPS if role in shown and people[role]]
