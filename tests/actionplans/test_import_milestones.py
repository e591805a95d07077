"""Milestones cells: every one of Sefton's plan's, read line by line, and imported as the action's milestones."""

from datetime import date

import pytest

from actionplans import importer
from tests.actionplans.importing import import_seed, seed_rows

# Every Milestones cell of Sefton's plan, as the CSV has it, with what each line reads as:
# (description, due month or None, done). Year-only and financial-year lines keep their words and no date.
SEED_MILESTONES = {
    "T1.1": (
        "Framework April 2023\nEvaluation of impact May-Sep 2023",
        [
            ("Framework April 2023", date(2023, 4, 1), False),
            ("Evaluation of impact May-Sep 2023", date(2023, 9, 1), False),
        ],
    ),
    "T1.2": ("Plan in place March 2023", [("Plan in place March 2023", date(2023, 3, 1), False)]),
    "T1.4": (
        "Business Case to consider greater structural alignment\nMarch 2023",
        [
            ("Business Case to consider greater structural alignment", None, False),
            ("March 2023", date(2023, 3, 1), False),
        ],
    ),
    "T1.5": (
        "January 2023 to improve capacity.\nApril 2023 to review model\nApril 2023",
        [
            ("January 2023 to improve capacity.", date(2023, 1, 1), False),
            ("April 2023 to review model", date(2023, 4, 1), False),
            ("April 2023", date(2023, 4, 1), False),
        ],
    ),
    "T1.7": (
        "April 2023\nAdditional support from Empower identified to review pathway and processes",
        [
            ("April 2023", date(2023, 4, 1), False),
            ("Additional support from Empower identified to review pathway and processes", None, False),
        ],
    ),
    "T1.8": ("March 2023", [("March 2023", date(2023, 3, 1), False)]),
    "T1.9": ("June 2023", [("June 2023", date(2023, 6, 1), False)]),
    "T1.10": (
        "April 2023\nFirst Draft January 2023",
        [("April 2023", date(2023, 4, 1), False), ("First Draft January 2023", date(2023, 1, 1), False)],
    ),
    "T1.11": ("April 2023", [("April 2023", date(2023, 4, 1), False)]),
    "T2.1": ("Refresh completed March 2023", [("Refresh completed March 2023", date(2023, 3, 1), False)]),
    "T2.2": (
        "Review with front line teams March 2023\nSeptember 2023",
        [
            ("Review with front line teams March 2023", date(2023, 3, 1), False),
            ("September 2023", date(2023, 9, 1), False),
        ],
    ),
    "T2.3": ("March 2024", [("March 2024", date(2024, 3, 1), False)]),
    "T2.4": ("March 2024", [("March 2024", date(2024, 3, 1), False)]),
    "T2.5": ("March 2023", [("March 2023", date(2023, 3, 1), False)]),
    "T2.6": ("April 2023", [("April 2023", date(2023, 4, 1), False)]),
    "T2.7": (
        "Initial strategy developed by April 2023",
        [("Initial strategy developed by April 2023", date(2023, 4, 1), False)],
    ),
    "T3.1": ("Initial options completed June 2023", [("Initial options completed June 2023", date(2023, 6, 1), False)]),
    "T3.2": ("March 2023", [("March 2023", date(2023, 3, 1), False)]),
    "T3.3": ("Completed", [("Completed", None, True)]),
    "T3.4": ("March 2023", [("March 2023", date(2023, 3, 1), False)]),
    "T3.5": ("March 2023", [("March 2023", date(2023, 3, 1), False)]),
    "T3.6": (
        "Dedicated work programme developed by Feb 2023",
        [("Dedicated work programme developed by Feb 2023", date(2023, 2, 1), False)],
    ),
    "T4.1": ("April 2023", [("April 2023", date(2023, 4, 1), False)]),
    "T4.2": ("First Phase completed April 2023", [("First Phase completed April 2023", date(2023, 4, 1), False)]),
    "T4.3": (
        "Co-production sessions delivered March 2023",
        [("Co-production sessions delivered March 2023", date(2023, 3, 1), False)],
    ),
    "T4.4": (
        "March 2023\nProgress monitored through April - Sep 2023",
        [
            ("March 2023", date(2023, 3, 1), False),
            ("Progress monitored through April - Sep 2023", date(2023, 9, 1), False),
        ],
    ),
    "T4.5": (
        "Relaunch by April 2023\nFurther Evaluation July 2023",
        [
            ("Relaunch by April 2023", date(2023, 4, 1), False),
            ("Further Evaluation July 2023", date(2023, 7, 1), False),
        ],
    ),
    "T4.6": (
        "Action plan in place April 2023\nImplementation through 2023",
        [("Action plan in place April 2023", date(2023, 4, 1), False), ("Implementation through 2023", None, False)],
    ),
    "T4.7": (
        "Initial review completed April 2023\nDedicated work throughout 2023/24",
        [
            ("Initial review completed April 2023", date(2023, 4, 1), False),
            ("Dedicated work throughout 2023/24", None, False),
        ],
    ),
}


def test_the_list_has_every_milestone_cell_of_seed_001():
    assert {row[1]: row[7] for row in seed_rows()[1:]} == {ref: cell for ref, (cell, _) in SEED_MILESTONES.items()}


@pytest.mark.parametrize("ref", list(SEED_MILESTONES))
def test_seed_001_milestone_cells(ref):
    cell, expected = SEED_MILESTONES[ref]
    items, cell_problems = importer.read_milestone_cell(cell)
    assert cell_problems == []
    assert [
        (i["description"], date.fromisoformat(i["due"]) if i["due"] else None, i["done"]) for i in items
    ] == expected
    assert all(i["precision"] == "month" for i in items)


def test_the_imported_milestones_are_those_of_the_cells(plan, manager):
    import_seed(plan, manager)
    for action in plan.actions.prefetch_related("milestones"):
        assert [(m.description, m.due_date, m.done) for m in action.milestones.all()] == SEED_MILESTONES[action.ref][
            1
        ], action.ref
