"""CQC's rule for a local authority's overall rating (docs/sources.md): nine quality statement
scores of 1-4, weighted equally, summed as a percentage of 36, rounded to a whole number; 25-38% Inadequate,
39-62% Requires improvement, 63-87% Good, 88% and above Outstanding.

With nine scores the percentage can only be 100 x sum / 36, rounded, so 38%, 62%, 63%, 87% and 88% never
come out of nine scores (see test_nine_scores_never_give_these_percentages). The band edges themselves are
tested with a helper input of 25 scores, whose maximum is 100, so that the percentage is exactly the sum."""

from itertools import pairwise

import pytest

from actionplans.framework_data import EXAMPLE_RESULTS
from actionplans.rating import BAND_RANGES, BANDS, Rating, overall_if_complete, overall_rating, percentage

NINE = 9


def nine_scores_summing_to(total):
    """Nine scores of 1-4 that add up to total (9-36)."""
    assert NINE <= total <= NINE * 4
    extra, scores = total - NINE, []
    for _ in range(NINE):
        step = min(3, extra)
        scores.append(1 + step)
        extra -= step
    assert sum(scores) == total and len(scores) == NINE
    return scores


def scores_giving_exactly(share):
    """A helper input, not a real CQC result: 25 scores (maximum 100), so the percentage is the sum itself."""
    extra, scores = share - 25, []
    for _ in range(25):
        step = min(3, extra)
        scores.append(1 + step)
        extra -= step
    assert sum(scores) == share
    return scores


def cqc_band(share):
    """The bands as CQC writes them (docs/sources.md), to check the code against."""
    if share >= 88:
        return "Outstanding"
    if share >= 63:
        return "Good"
    if share >= 39:
        return "Requires improvement"
    return "Inadequate"


class TestBandEdges:
    @pytest.mark.parametrize(
        ("share", "expected"),
        [
            (38, "Inadequate"),
            (39, "Requires improvement"),
            (62, "Requires improvement"),
            (63, "Good"),
            (87, "Good"),
            (88, "Outstanding"),
        ],
    )
    def test_each_edge_falls_on_the_side_the_rule_says(self, share, expected):
        result = overall_rating(scores_giving_exactly(share))
        assert (result.percentage, result.rating) == (share, expected)

    @pytest.mark.parametrize("share", range(25, 101))
    def test_every_percentage_is_in_the_band_cqc_gives(self, share):
        result = overall_rating(scores_giving_exactly(share))
        assert result.rating == cqc_band(share)
        low, high = result.band
        assert low <= share <= high

    def test_the_bands_run_from_25_to_100_without_gaps_or_overlaps(self):
        ranges = sorted(BAND_RANGES.values())
        assert ranges[0][0] == 25 and ranges[-1][1] == 100
        assert all(upper + 1 == lower for (_, upper), (lower, _) in pairwise(ranges))
        assert {name: BAND_RANGES[name][0] for _, name in BANDS} == {name: floor for floor, name in BANDS}


class TestNineScores:
    @pytest.mark.parametrize(
        ("total", "share", "expected"),
        [
            (13, 36, "Inadequate"),  # 36.1%
            (14, 39, "Requires improvement"),  # 38.9%: rounding, not truncation, puts it over the edge
            (22, 61, "Requires improvement"),  # 61.1%
            (23, 64, "Good"),  # 63.9%
            (31, 86, "Good"),  # 86.1%
            (32, 89, "Outstanding"),  # 88.9%
        ],
    )
    def test_the_sums_either_side_of_each_edge(self, total, share, expected):
        result = overall_rating(nine_scores_summing_to(total))
        assert (result.percentage, result.rating) == (share, expected)

    def test_nine_scores_never_give_these_percentages(self):
        reachable = {percentage(nine_scores_summing_to(total)) for total in range(9, 37)}
        assert not reachable & {38, 62, 63, 87, 88}

    def test_the_percentage_does_not_depend_on_which_statement_has_which_score(self):
        assert percentage([4, 1, 1, 1, 1, 1, 1, 1, 3]) == percentage([1, 1, 1, 1, 1, 1, 1, 3, 4]) == 39

    def test_gloucestershires_nine_scores_of_2_is_50_percent_requires_improvement(self):
        gloucestershire = next(r for r in EXAMPLE_RESULTS if r["council_name"] == "Gloucestershire County Council")
        scores = list(gloucestershire["scores"].values())
        assert scores == [2] * 9
        result = overall_rating(scores)
        assert (result.percentage, result.rating) == (50, "Requires improvement")
        assert result.rating == gloucestershire["overall_rating"]

    def test_all_4s_is_100_percent_outstanding(self):
        assert overall_rating([4] * 9) == Rating(100, "Outstanding")

    def test_all_1s_is_25_percent_inadequate(self):
        assert overall_rating([1] * 9) == Rating(25, "Inadequate")

    def test_the_percentage_is_a_whole_number(self):
        assert all(type(percentage(nine_scores_summing_to(total))) is int for total in range(9, 37))


class TestRounding:
    """Half a per cent rounds up, as people round; Python's round() would take 62.5 to 62."""

    @pytest.mark.parametrize(
        ("scores", "share", "expected"),
        [
            ([1, 2] * 4, 38, "Inadequate"),  # 12 / 32 = 37.5%
            ([2, 3] * 4, 63, "Good"),  # 20 / 32 = 62.5%
            ([3, 4] * 4, 88, "Outstanding"),  # 28 / 32 = 87.5%
            ([2] * 7 + [3] * 6, 62, "Requires improvement"),  # 32 / 52 = 61.5%
            ([3] * 7 + [4] * 6, 87, "Good"),  # 45 / 52 = 86.5%
        ],
    )
    def test_half_a_per_cent_rounds_up(self, scores, share, expected):
        result = overall_rating(scores)
        assert (result.percentage, result.rating) == (share, expected)


class TestScoresOutsideOneToFour:
    @pytest.mark.parametrize("bad", [0, 5, -1, 2.5, "3", None])
    def test_a_score_outside_1_to_4_is_refused(self, bad):
        with pytest.raises(ValueError):
            percentage([2] * 8 + [bad])
        with pytest.raises(ValueError):
            overall_rating([2] * 8 + [bad])

    def test_no_scores_at_all_is_refused(self):
        with pytest.raises(ValueError):
            overall_rating([])

    @pytest.mark.parametrize("odd", [True, 2.0])
    def test_a_score_that_is_not_a_whole_number_is_refused(self, odd):
        with pytest.raises(ValueError):
            percentage([2] * 8 + [odd])


class TestPositionInBand:
    @pytest.mark.parametrize(
        ("share", "position"),
        [
            (25, 0),
            (38, 1),
            (39, 0),
            (50, 11 / 23),
            (62, 1),
            (63, 0),
            (75, 12 / 24),
            (87, 1),
            (88, 0),
            (94, 6 / 12),
            (100, 1),
        ],
    )
    def test_it_runs_from_0_at_the_floor_to_1_at_the_ceiling(self, share, position):
        assert overall_rating(scores_giving_exactly(share)).position_in_band == pytest.approx(position)

    def test_gloucestershire_sits_just_under_half_way_through_requires_improvement(self):
        result = overall_rating([2] * 9)
        assert result.band == (39, 62)
        assert result.position_in_band == pytest.approx(11 / 23)
        assert result.describe() == "50%: Requires improvement (the band runs from 39% to 62%)"


class TestOnlyAllNineAreRated:
    @pytest.mark.parametrize("count", [1, 8])
    def test_fewer_than_nine_scores_have_no_rating(self, count):
        assert overall_if_complete([3] * count) is None

    def test_no_scores_have_no_rating(self):
        assert overall_if_complete([]) is None

    def test_nine_scores_have_their_rating(self):
        assert overall_if_complete([2] * 9) == Rating(50, "Requires improvement")
