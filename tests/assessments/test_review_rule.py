"""The review-date rule of Cheshire West and Chester's template: High 1 year, Medium 2, Low 3, none 3; periods
are the council's."""

from datetime import date

from assessments.review import ReviewPeriods, add_months, describe_rule, review_due, worst_level


def test_it_reviews_a_high_impact_after_one_year():
    assert review_due(date(2025, 3, 10), "high") == date(2026, 3, 10)


def test_it_reviews_a_medium_impact_after_two_years():
    assert review_due(date(2025, 3, 10), "medium") == date(2027, 3, 10)


def test_it_reviews_a_low_impact_after_three_years():
    assert review_due(date(2025, 3, 10), "low") == date(2028, 3, 10)


def test_it_reviews_an_assessment_without_negative_impact_after_three_years():
    assert review_due(date(2025, 3, 10), None) == date(2028, 3, 10)


def test_it_gives_seed_004s_worked_example():
    # All negatives Low, signed off 14 July 2014: review due 14 July 2017.
    worst = worst_level(["low", "", "low", "", "low"])
    assert review_due(date(2014, 7, 14), worst) == date(2017, 7, 14)


def test_it_moves_29_february_to_28_february():
    assert review_due(date(2024, 2, 29), "high") == date(2025, 2, 28)


def test_it_keeps_29_february_when_the_review_year_has_one():
    assert add_months(date(2024, 2, 29), 48) == date(2028, 2, 29)


def test_it_uses_the_councils_own_periods():
    periods = ReviewPeriods(high=6, medium=18, low=24, none=60)
    assert review_due(date(2025, 1, 31), "high", periods) == date(2025, 7, 31)
    assert review_due(date(2025, 1, 31), "medium", periods) == date(2026, 7, 31)
    assert review_due(date(2025, 1, 31), None, periods) == date(2030, 1, 31)


def test_it_finds_the_worst_level():
    assert worst_level(["low", "medium", "", "low"]) == "medium"
    assert worst_level(["low", "high", "medium"]) == "high"
    assert worst_level(["", ""]) is None


def test_it_says_the_rule_in_words():
    assert describe_rule("low") == "Low impact: review within three years of sign-off"
    assert describe_rule("high") == "High impact: review within one year of sign-off"
    assert describe_rule(None) == "No negative impact: review within three years of sign-off"
    assert describe_rule("medium", ReviewPeriods(medium=18)) == "Medium impact: review within 18 months of sign-off"
