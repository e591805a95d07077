"""CQC's rule for a local authority's overall rating (docs/sources.md): nine quality statement scores, each 1-4,
weighted equally, summed as a percentage of the maximum and rounded; the percentage falls in a band.
Plain arithmetic, no Django."""

from dataclasses import dataclass

MAX_SCORE = 4
STATEMENTS = 9  # the quality statements CQC scores
BANDS = [  # (lowest percentage, rating)
    (88, "Outstanding"),
    (63, "Good"),
    (39, "Requires improvement"),
    (25, "Inadequate"),
]
BAND_RANGES = {"Outstanding": (88, 100), "Good": (63, 87), "Requires improvement": (39, 62), "Inadequate": (25, 38)}


@dataclass(frozen=True)
class Rating:
    percentage: int
    rating: str

    @property
    def band(self):
        return BAND_RANGES[self.rating]

    @property
    def position_in_band(self):
        """Where the percentage sits in its band, from 0 (its floor) to 1 (its ceiling)."""
        low, high = self.band
        return (self.percentage - low) / (high - low)

    def describe(self):
        low, high = self.band
        return f"{self.percentage}%: {self.rating} (the band runs from {low}% to {high}%)"


def percentage(scores):
    scores = list(scores)
    # True == 1 and 2.0 == 2 in Python: a score must be a whole number, not merely equal to one.
    if not scores or any(isinstance(s, bool) or not isinstance(s, int) or not 1 <= s <= 4 for s in scores):
        raise ValueError("every score must be 1, 2, 3 or 4")
    maximum = len(scores) * MAX_SCORE
    # Rounded half up, in whole numbers so no float can land on the wrong side of a band's edge.
    return (200 * sum(scores) + maximum) // (2 * maximum)


def overall_rating(scores):
    share = percentage(scores)
    return Rating(share, next(name for floor, name in BANDS if share >= floor))


def overall_if_complete(scores):
    """The Rating of a result's scores of the current quality statements, or None until all nine are scored: a
    press release may give fewer, and CQC rates only the nine together."""
    scores = list(scores)
    return overall_rating(scores) if len(scores) == STATEMENTS else None
