"""The nine protected characteristics of the Equality Act 2010 and the default grid a new council starts with."""

from django.db import models


class ProtectedCharacteristic(models.TextChoices):
    AGE = "age", "Age"
    DISABILITY = "disability", "Disability"
    GENDER_REASSIGNMENT = "gender_reassignment", "Gender reassignment"
    MARRIAGE = "marriage", "Marriage and civil partnership"
    PREGNANCY = "pregnancy", "Pregnancy and maternity"
    RACE = "race", "Race"
    RELIGION = "religion", "Religion or belief"
    SEX = "sex", "Sex"
    SEXUAL_ORIENTATION = "sexual_orientation", "Sexual orientation"


def uncovered(covers_lists):
    """The statutory characteristics that none of the given rows covers, in the Act's order."""
    covered = {code for covers in covers_lists for code in covers}
    return [choice for choice in ProtectedCharacteristic if choice.value not in covered]


def covers_text(covers):
    """The statutory characteristics a row covers, by name: 'Age, Disability'."""
    labels = dict(ProtectedCharacteristic.choices)
    return ", ".join(str(labels.get(code, code)) for code in covers)


P = ProtectedCharacteristic

# (label, guidance, covers): the nine characteristics of the Act, then the local rows most councils add.
DEFAULT_CHARACTERISTICS = [
    ("Age", "Consider people of every age; the needs of a group matter more than its age band.", [P.AGE]),
    ("Disability", "Physical and mental impairments, long-term conditions, learning disability.", [P.DISABILITY]),
    (
        "Gender reassignment",
        "People proposing to undergo, undergoing or who have undergone gender reassignment.",
        [P.GENDER_REASSIGNMENT],
    ),
    ("Marriage and civil partnership", "", [P.MARRIAGE]),
    ("Pregnancy and maternity", "", [P.PREGNANCY]),
    (
        "Race",
        "Ethnic or national origins, colour or nationality, including Gypsies and Travellers, migrant workers "
        "and asylum seekers.",
        [P.RACE],
    ),
    ("Religion or belief", "Including a lack of religion or belief.", [P.RELIGION]),
    ("Sex", "Women and men.", [P.SEX]),
    ("Sexual orientation", "Including heterosexual, lesbian, gay and bisexual people.", [P.SEXUAL_ORIENTATION]),
    ("Carers", "People with caring responsibilities.", []),
    ("Rural communities", "", []),
    ("Areas of deprivation", "", []),
    ("Human rights", "", []),
    (
        "Health and wellbeing",
        "Wider determinants of health such as education, housing, employment, environment, "
        "crime and transport, and the effect on lifestyles and on health and care services.",
        [],
    ),
]
