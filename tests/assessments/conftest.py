import pytest

from councils.models import ScreeningUse


@pytest.fixture
def screening_council(council):
    """Our council, letting an officer start with a screening; a screened-out decision is looked at in two years."""
    council.screening_use = ScreeningUse.OPTIONAL
    council.review_months_screened_out = 24
    council.save()
    return council
