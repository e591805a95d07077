"""Which services have an in-date equality record on a day: the one rule the annual report counts coverage by.

A record stands on a day when it had been signed off by then and had not yet been replaced by a newer signed-off
version. It is in date when it stands and its review date is not past; it is overdue when it stands and its review
date is past. A service is covered on a day when a record of any source below is in date for it.

Each kind of record that may cover a service is a Source: a model with a `council`, a `service`, a review date
(`review_field`), a `reference`, a `title` and a page (`get_absolute_url`), and what "standing on a day" means for
it. To count another kind, add a Source to SOURCES; the report's figures, its records pages and its appendix all
read them from here."""

import operator
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import reduce

from django.db.models import Exists, OuterRef, Q

from assessments.models import IN_FORCE, Assessment, LegacyAssessment, Screening, ScreeningStatus, Status


@dataclass(frozen=True)
class Source:
    kind: str  # what the records pages call one
    model: type
    # The filter of the records standing on a day, through `prefix` from a row that points at one.
    standing_q: Callable[[date, str], Q]
    review_field: str = "review_due"

    def in_date_q(self, on):
        return self.standing_q(on) & Q(**{f"{self.review_field}__gte": on})

    def overdue_q(self, on):
        return self.standing_q(on) & Q(**{f"{self.review_field}__lt": on})

    def review_date(self, record):
        return getattr(record, self.review_field)


def eia_standing_q(on, prefix=""):
    """The EIAs signed off by the end of the day and not yet replaced: a superseded version stood until its review
    was signed off."""
    return Q(**{f"{prefix}approved_at__date__lte": on}) & (
        Q(**{f"{prefix}status__in": IN_FORCE})
        | Q(**{f"{prefix}status": Status.SUPERSEDED, f"{prefix}next_version__approved_at__date__gt": on})
    )


def _screened_out_standing_q(on, prefix=""):
    # Only a screened-out decision is reopened, so a superseded version was screened out until the next version
    # was decided.
    return Q(**{f"{prefix}approved_at__date__lte": on}) & (
        Q(**{f"{prefix}status": ScreeningStatus.APPROVED})
        | Q(**{f"{prefix}status": ScreeningStatus.SUPERSEDED, f"{prefix}next_version__approved_at__date__gt": on})
    )


def _from_word_standing_q(on, prefix=""):
    """An EIA made before EqA stood from its assessment (always, where the file gave no date: it was made before it
    was brought in) until the review started from it in EqA was signed off."""
    made = Q(**{f"{prefix}assessed_on__lte": on}) | Q(**{f"{prefix}assessed_on__isnull": True})
    not_replaced = Q(**{f"{prefix}review__approved_at__isnull": True}) | Q(
        **{f"{prefix}review__approved_at__date__gt": on}
    )
    return made & not_replaced


SOURCES = [
    Source("EIA", Assessment, eia_standing_q),
    Source("Screening: no full EIA needed", Screening, _screened_out_standing_q),
    Source("EIA made before EqA, brought in from Word", LegacyAssessment, _from_word_standing_q),
]


def covered_q(on):
    """A filter of services: those with an in-date record of any source on the day."""
    return reduce(
        operator.or_,
        (Q(Exists(source.model.objects.filter(source.in_date_q(on), service=OuterRef("pk")))) for source in SOURCES),
    )
