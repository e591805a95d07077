"""Cumulative impact: a budget or savings round's proposals seen together, so that members see when many small cuts
fall on the same people. An EIA is in a round when its "Budget or savings round" field names it; the newest version
of each counts. For each row of the council's grid, how many proposals rate a negative impact on it, at each level,
and which."""

from dataclasses import dataclass, field

from assessments.models import Assessment, ImpactLevel, ImpactRow

LEVELS = [ImpactLevel.HIGH, ImpactLevel.MEDIUM, ImpactLevel.LOW]


@dataclass
class Affected:
    label: str
    proposals: list = field(default_factory=list)  # (EIA, level), the most severe first

    def count(self, level):
        return sum(1 for _, rated in self.proposals if rated == level)

    @property
    def counts(self):
        return [self.count(level) for level in LEVELS]


def rounds(council):
    """{round: the ids of its EIAs} of the rounds the council's EIAs name, in order. The field is typed, so names
    that differ only in capitals or spaces ("2027/28 savings", "2027/28 Savings ") are one round, under the spelling
    most of its EIAs use."""
    named = Assessment.objects.latest_versions().filter(council=council).exclude(budget_round="")
    spellings, members = {}, {}
    for pk, name in named.values_list("pk", "budget_round"):
        spellings.setdefault(same_key(name), []).append(name.strip())
        members.setdefault(same_key(name), []).append(pk)
    found = {
        max(set(names), key=lambda name: (names.count(name), name)): members[key] for key, names in spellings.items()
    }
    return dict(sorted(found.items(), key=lambda item: item[0].casefold()))


def same_key(name):
    """A round's name as compared: without capitals or extra spaces."""
    return " ".join(name.split()).casefold()


def proposals(pks):
    return list(Assessment.objects.filter(pk__in=pks).select_related("service").order_by("reference", "title", "pk"))


def affected(council, eias):
    """Each grid row some proposal rates a negative impact on, in the order of the council's grid (rows an author
    added, after), with its proposals. Two queries however many proposals there are."""
    if not eias:
        return []
    by_pk = {eia.pk: eia for eia in eias}
    order = {label: position for position, label in enumerate(council.characteristics.values_list("label", flat=True))}
    found = {}
    for assessment_id, label, level in ImpactRow.objects.filter(
        assessment__in=list(by_pk), negative_level__in=LEVELS
    ).values_list("assessment_id", "label", "negative_level"):
        found.setdefault(label, Affected(label)).proposals.append((by_pk[assessment_id], level))
    for entry in found.values():
        entry.proposals.sort(key=lambda pair: (LEVELS.index(pair[1]), pair[0].reference, pair[0].title))
    return sorted(found.values(), key=lambda entry: (order.get(entry.label, len(order)), entry.label))
