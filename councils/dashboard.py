"""What every app's home page panels share: the person's memberships, read once for the whole page, and a panel of
the first ten rows of a queryset with, through a subquery, how many there are in all: one query a panel,
however many records wait. A panel of several kinds of record (EIAs and screenings) makes one such query a kind.

An app offers its panels with a `dashboard_panels(request)` method on its AppConfig (councils/views.py)."""

import heapq

from django.db.models import IntegerField, OuterRef, Subquery

TEMPLATE = "includes/dashboard_panel.html"
LIMIT = 10


def row(title, url, place, date, **extra):
    """A panel's row: a linked title, where it belongs (a service, a plan), a date, and any detail."""
    return {"title": title, "url": url, "place": place, "date": date, **extra}


def panel(key, title, queryset, make_row, *, nouns=("assessment", "assessments"), **words):
    """The first rows of `queryset`, each made by `make_row`, and how many there are in all. `words` are the
    panel's: date_label, empty, more_url, more_hint, and optionally detail_label and place_label."""
    found, total = _first(queryset)
    return _panel(key, title, [make_row(obj) for obj in found], total, _counted(total, nouns), **words)


def panel_of_kinds(key, title, kinds, *, newest_first=False, **words):
    """One panel of several kinds of record, each kind given as (queryset, make_row, nouns) and each queryset in
    the panel's order, by its rows' dates: the first rows of all of them together, by date, and how many of each
    kind there are ("2 EIAs and 1 screening"). Each kind's first rows are the only ones that can be among the
    panel's first, so a query a kind is enough."""
    rows, counts, total = [], [], 0
    for queryset, make_row, nouns in kinds:
        found, count = _first(queryset)
        rows.append([make_row(obj) for obj in found])
        total += count
        if count:
            counts.append(_counted(count, nouns))
    items = list(heapq.merge(*rows, key=lambda item: item["date"], reverse=newest_first))[:LIMIT]
    return _panel(key, title, items, total, " and ".join(counts), **words)


def _counted(count, nouns):
    return f"{count} {nouns[0] if count == 1 else nouns[1]}"


class _CountOf(Subquery):
    """How many rows a queryset has, as a value of another query's rows: a subquery that does not refer to the
    outer query, which the database counts once."""

    template = "(SELECT COUNT(*) FROM (%(subquery)s) counted)"
    output_field = IntegerField()


def _first(queryset):
    """The first rows and how many there are, in one query. The count is a subquery of its own rather than a window
    over the rows: the rows are then read in the panel's order from an index and stop at the tenth, and the count
    reads only what its filter needs, rather than every matching row being read whole and sorted."""
    found = list(queryset.annotate(panel_total=_CountOf(queryset.order_by().values("pk")))[:LIMIT])
    return found, found[0].panel_total if found else 0


def _panel(
    key,
    title,
    items,
    total,
    counted,
    *,
    date_label,
    empty,
    more_url,
    more_hint,
    detail_label="",
    place_label="Service",
):
    return {
        "key": key,
        "title": title,
        "items": items,
        "count": total,
        "more": max(total - LIMIT, 0),
        "more_url": more_url,
        "more_hint": more_hint,
        "date_label": date_label,
        "detail_label": detail_label,
        "place_label": place_label,
        # How many, in words: "3 assessments"; "2 EIAs and 1 screening" in a panel of several kinds.
        "counted": counted,
        # Rows that say what kind of record each is, and its reference.
        "typed": any("kind" in item for item in items),
        "empty": empty,
        "template": TEMPLATE,
    }


def _status_changes(records):
    """The status-change model of a record with lifecycle steps (councils.lifecycle.StepsMixin), and its link."""
    relation = records.model.status_changes
    return relation.rel.related_model, relation.field.name


def waiting_for_sign_off(records, *, by):
    """The submitted ones of `records` that `by` did not write or change (an approver never signs off what they
    wrote or changed), the longest waiting first, each with when it was submitted (`submitted_at`)."""
    Status = records.model.Status
    changes, link = _status_changes(records)
    submitted_at = (
        changes.objects.filter(**{link: OuterRef("pk")}, to_status=Status.SUBMITTED).order_by("-at", "-id").values("at")
    )
    return (
        records.filter(status=Status.SUBMITTED)
        .exclude(created_by=by)
        .exclude(last_edited_by=by)
        .exclude(contributors=by)
        .annotate(submitted_at=Subquery(submitted_at[:1]))
        .order_by("submitted_at", "pk")
    )


def returns(records):
    """The returns for changes of those of `records` that are drafts because of them (the return is their last
    step), newest first, each with who returned it."""
    Status = records.model.Status
    changes, link = _status_changes(records)
    last_change = changes.objects.filter(**{link: OuterRef(link)}).order_by("-at", "-id")
    return (
        changes.objects.filter(
            **{f"{link}__in": records.filter(status=Status.DRAFT)},
            from_status=Status.SUBMITTED,
            to_status=Status.DRAFT,
            pk=Subquery(last_change.values("pk")[:1]),
        )
        .select_related("by")
        .order_by("-at", "-id")
    )


def return_detail(change):
    """A returned record's row's detail: the reason, and who gave it."""
    returned_by = change.by.get_full_name() or change.by.username
    return {"detail": change.note, "detail_meta": f"By {returned_by}"}
