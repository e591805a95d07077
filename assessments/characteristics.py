"""What the equality duties of the council's nation ask an EIA to consider, and the default grid a new council
starts with. England: the nine protected characteristics of the Equality Act 2010 (s.149, the Public Sector
Equality Duty). Wales and Scotland: the same nine and their further duties. Northern Ireland: Section 75 of the
Northern Ireland Act 1998 and the disability duties."""

from dataclasses import dataclass, field

from django.db import models

from councils.models import Nation
from councils.templatetags.text import mid_sentence


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


@dataclass(frozen=True)
class Duty:
    """One thing the law asks an EIA to consider. `value` is its stable code, kept in a grid row's covers and in
    an EIA's reasons for leaving it out; a code means the same group in every nation that has it."""

    value: str
    label: str
    source: str
    # How a sentence names it: "say why the grid does not consider the Welsh language".
    named: str = ""

    @property
    def phrase(self):
        return self.named or mid_sentence(self.label)


@dataclass(frozen=True)
class NationDuties:
    items: list = field(default_factory=list)
    # "the council's duty under …", in a committee paper
    duty: str = ""
    # the verb after `duty`: "… asks an EIA to consider", or "ask" where `duty` names several
    asks: str = "ask"
    # "… which {protects} protects", where the grid leaves some out
    protects: str = ""
    # the coverage page's opening sentence, and what it and the PDF say when nothing is left out
    intro: str = ""
    all_covered: str = ""
    pdf_all_covered: str = ""
    pdf_heading: str = ""
    # the council's grid row settings: what a row may cover
    covers_question: str = ""
    # the council's choice of nation: what its duties name
    hint: str = ""


ACT = "Equality Act 2010, s.4: a protected characteristic, under the Public Sector Equality Duty (s.149)"
NINE = [Duty(c.value, c.label, ACT) for c in ProtectedCharacteristic]
PSED = "the Public Sector Equality Duty (Equality Act 2010, s.149)"

SOCIO_ECONOMIC_WALES = Duty(
    "socio_economic",
    "Socio-economic disadvantage",
    "The socio-economic duty: Equality Act 2010, s.1, in force in Wales since 31 March 2021",
)
WELSH_LANGUAGE = Duty(
    "welsh_language",
    "Welsh language",
    "The Welsh language standards under the Welsh Language (Wales) Measure 2011",
    named="the Welsh language",
)
FAIRER_SCOTLAND = Duty(
    "socio_economic",
    "Socio-economic disadvantage",
    "The Fairer Scotland Duty: Equality Act 2010, s.1, in force in Scotland since 1 April 2018",
)

S75 = "Northern Ireland Act 1998, s.75(1): equality of opportunity"
SECTION_75 = [
    Duty("religious_belief", "Religious belief", S75),
    Duty("political_opinion", "Political opinion", S75),
    Duty("racial_group", "Racial group", S75),
    Duty("age", "Age", S75),
    Duty("marital_status", "Marital status", S75),
    Duty("sexual_orientation", "Sexual orientation", S75),
    Duty("men_and_women", "Men and women generally", S75),
    Duty("disability", "Disability", S75),
    Duty("dependants", "Persons with dependants and persons without", S75),
]
GOOD_RELATIONS = Duty(
    "good_relations",
    "Good relations",
    "Northern Ireland Act 1998, s.75(2): good relations between persons of different religious belief, political "
    "opinion or racial group",
)
DISABILITY_DUTIES = Duty(
    "disability_duties",
    "Disability duties",
    "Disability Discrimination Act 1995, s.49A: positive attitudes towards disabled people and their participation "
    "in public life",
    named="the disability duties",
)

NATIONS = {
    Nation.ENGLAND: NationDuties(
        items=NINE,
        duty=PSED,
        asks="asks",
        protects="the Equality Act 2010",
        intro="The Equality Act 2010 protects nine characteristics.",
        all_covered="The grid considers all nine protected characteristics.",
        pdf_all_covered="The grid considers all nine characteristics the Equality Act 2010 protects.",
        pdf_heading="Protected characteristics the grid does not consider",
        covers_question="Which protected characteristics of the Equality Act 2010 does it cover?",
        hint="The nine protected characteristics of the Equality Act 2010, under the Public Sector Equality Duty "
        "(s.149).",
    ),
    Nation.WALES: NationDuties(
        items=[*NINE, SOCIO_ECONOMIC_WALES, WELSH_LANGUAGE],
        duty=f"{PSED}, the socio-economic duty (Equality Act 2010, s.1) and the Welsh language standards (Welsh "
        "Language (Wales) Measure 2011)",
        protects="the Equality Act 2010 and the Welsh Language (Wales) Measure 2011",
        intro="In Wales an EIA considers the nine characteristics the Equality Act 2010 protects, socio-economic "
        "disadvantage and the Welsh language.",
        all_covered="The grid considers the nine protected characteristics, socio-economic disadvantage and the "
        "Welsh language.",
        pdf_all_covered="The grid considers the nine characteristics the Equality Act 2010 protects, socio-economic "
        "disadvantage and the Welsh language.",
        pdf_heading="Duties the grid does not consider",
        covers_question="Which protected characteristics and duties does it cover?",
        hint="The nine protected characteristics, the socio-economic duty (Equality Act 2010, s.1) and the Welsh "
        "language standards (Welsh Language (Wales) Measure 2011).",
    ),
    Nation.SCOTLAND: NationDuties(
        items=[*NINE, FAIRER_SCOTLAND],
        duty=f"{PSED} and the Fairer Scotland Duty (Equality Act 2010, s.1)",
        protects="the Equality Act 2010",
        intro="In Scotland an EIA considers the nine characteristics the Equality Act 2010 protects and, under the "
        "Fairer Scotland Duty, socio-economic disadvantage.",
        all_covered="The grid considers the nine protected characteristics and socio-economic disadvantage.",
        pdf_all_covered="The grid considers the nine characteristics the Equality Act 2010 protects and "
        "socio-economic disadvantage.",
        pdf_heading="Duties the grid does not consider",
        covers_question="Which protected characteristics and duties does it cover?",
        hint="The nine protected characteristics and the Fairer Scotland Duty (Equality Act 2010, s.1).",
    ),
    Nation.NORTHERN_IRELAND: NationDuties(
        items=[*SECTION_75, GOOD_RELATIONS, DISABILITY_DUTIES],
        duty="Section 75 of the Northern Ireland Act 1998 and the disability duties (Disability Discrimination Act "
        "1995, s.49A)",
        protects="Section 75 of the Northern Ireland Act 1998",
        intro="Section 75 of the Northern Ireland Act 1998 names nine categories of people, and asks for good "
        "relations between some of them; the disability duties ask for positive attitudes towards disabled people "
        "and their participation in public life.",
        all_covered="The grid considers the nine Section 75 categories, good relations and the disability duties.",
        pdf_all_covered="The grid considers the nine categories Section 75 of the Northern Ireland Act 1998 names, "
        "good relations and the disability duties.",
        pdf_heading="Section 75 categories and duties the grid does not consider",
        covers_question="Which Section 75 categories and duties does it cover?",
        hint="The nine categories of Section 75 of the Northern Ireland Act 1998 and good relations between some "
        "of them, and the disability duties (Disability Discrimination Act 1995, s.49A).",
    ),
}
# Every code any nation has, once, in a stable order: a council may have changed its nation since an EIA began.
ALL_DUTIES = list({duty.value: duty for nation in NATIONS.values() for duty in nation.items}.values())


def nation_duties(nation):
    return NATIONS[Nation(nation)]


def duties(nation):
    """The items the coverage check asks the grid of a council in this nation to cover, in the law's order."""
    return nation_duties(nation).items


def uncovered(covers_lists, nation):
    """The nation's items that none of the given rows covers, in the law's order."""
    covered = {code for covers in covers_lists for code in covers}
    return [duty for duty in duties(nation) if duty.value not in covered]


def covers_choices(nation):
    """What a council's grid row may say it covers."""
    return [(duty.value, duty.label) for duty in duties(nation)]


def covers_text(covers, nation):
    """The statutory items a row covers, by name: 'Age, Disability'. A code of another nation (the council has
    changed its nation) keeps its name."""
    labels = {duty.value: duty.label for duty in ALL_DUTIES} | dict(covers_choices(nation))
    return ", ".join(str(labels.get(code, code)) for code in covers)


P = ProtectedCharacteristic

# (label, guidance, covers): the local rows most councils add, after the law's.
LOCAL_ROWS = [
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

# The nine characteristics of the Act, as an English council's grid words them.
THE_ACTS_ROWS = [
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
]


def row_for(duty):
    """A grid row for one of the law's items, worded after its source."""
    return (duty.label, duty.source + ".", [duty.value])


FURTHER_ROWS = {
    Nation.ENGLAND: [],
    Nation.WALES: [
        (
            "Socio-economic disadvantage",
            "Low income, material deprivation and area deprivation: the socio-economic duty asks how the decision "
            "can reduce the inequalities of outcome they cause.",
            [SOCIO_ECONOMIC_WALES.value],
        ),
        (
            "Welsh language",
            "Opportunities to use the Welsh language, and treating it no less favourably than English.",
            [WELSH_LANGUAGE.value],
        ),
    ],
    Nation.SCOTLAND: [
        (
            "Socio-economic disadvantage",
            "Low income, material deprivation and area deprivation: the Fairer Scotland Duty asks how the "
            "decision can reduce the inequalities of outcome they cause.",
            [FAIRER_SCOTLAND.value],
        ),
    ],
}


def default_characteristics(nation):
    """The grid a new council of this nation starts with: the law's items, then the common local rows."""
    nation = Nation(nation)
    if nation == Nation.NORTHERN_IRELAND:
        return [row_for(duty) for duty in duties(nation)] + LOCAL_ROWS
    return THE_ACTS_ROWS + FURTHER_ROWS[nation] + LOCAL_ROWS


DEFAULT_CHARACTERISTICS = default_characteristics(Nation.ENGLAND)


def rows_for(items, nation):
    """A grid row for each of the given items, worded as the nation's default grid words it."""
    worded = {tuple(map(str, covers)): row for row in default_characteristics(nation) for _, _, covers in [row]}
    return [worded.get((item.value,), row_for(item)) for item in items]
