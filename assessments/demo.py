"""The demo EIA, loaded word for word: Cheshire West and Chester's EIA of the joint commissioning of care at home.

The texts below are the council's own, spelling and punctuation included. Only the PDF extraction's artefacts
are undone: line breaks inside a cell, and cells the page breaks split in two (the Carers row, action 1).
"""

from datetime import date

from django.db import transaction
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from assessments.characteristics import ProtectedCharacteristic as P
from assessments.demo_kent import load_demo as load_kent
from assessments.models import (
    Assessment,
    AssessmentAction,
    Characteristic,
    DatePrecision,
    ImpactLevel,
    ImpactRow,
    Status,
    SubjectType,
)
from councils.demo import KENT
from councils.models import Role, Service
from councils.services import reference_take

TITLE = "Joint commissioning of care at home services (domiciliary care)"
SERVICE = "Strategic Commissioning"  # under "Adult Social Care", which load_demo creates

AIMS = "\n\n".join(
    [
        "Introduction",
        "The current care at home services (domiciliary care) is divided into three geographical service areas, with "
        "an estimated equal split of urban and rural areas, current service user numbers and population. The "
        "geographical service areas are Patch 1 – Chester, Patch 2 – Ellesmere Port and Patch 3 – Northwich/Winsford.",
        "The current arrangements modernised the domiciliary care market locally by changing the way we buy care from "
        "the time and task approach to a more personalised and outcomes driven approach to care that supports more "
        "choice and flexibility. This has involved assessing the customer's needs and then allocating the customer a "
        "weekly amount of support (in hours) to meet their care needs and assisting them in establishing a realistic "
        "outcome. The current contract has personalisation embedded into the contract as a core value. Customers "
        "receive their care that focuses on their agreed outcome and is flexible around the times that care is "
        "received.",
        "To further enhance the current service a redesigned model for the care at home services (was known as "
        "domiciliary care service) seeks to provide an integrated care at home service offer with Vale Royal Clinical "
        "Commissioning Group (VRCCG) and West Cheshire Clinical Commissioning Group (WCCCG). The diagram on page two "
        "demonstrates the joint commissioning of care at home service model. Three levels of care for health and "
        "social care activity (tier 1 – low, tier 2 - medium and tier 3 –high) and the review of geographical "
        "coverage to ensure that service users, carers and families have services available.",
        "The new service will be developed incorporating joint specifications, joint quality dashboard and reporting "
        "to help with the provision of quality care, monitoring services to ensure tailored outcomes for individuals "
        "are being achieved with the customer/patient at the centre of the service provision.",
        # The paper shows a diagram under this heading; the extraction kept only the heading.
        "Vision for the Joint Commissioning of Care at Home Service",
        "Service Aim:",
        "An integrated model will provide more volume within the framework and allow for an integrated approach and "
        "continuity of care for customers, whilst enabling joint approaches to contract management, joint quality "
        "dashboards and joint reporting. This approach will inevitably result in the better coordination of care, "
        "built around the needs of local residents, it is expected that this will result in higher levels of "
        "customer satisfaction.",
    ]
)

SERVICE_USERS = "\n\n".join(
    [
        "We have 800 service users who receive tier 1 care at home services across the three patches. The service is "
        "provided within their homes and tailored to individual needs that are detailed in their support plan. By "
        "2021 the population of the borough will have grown to over 350,000 residents and will increase the demand "
        "for the services identified in the vision.",
        "Additional information about health and exercise is currently being carried out by health to identify the "
        "numbers of service users currently receiving services for tier 2 and 3.",
    ]
)

HEADER = {
    "subject_type": SubjectType.SERVICE,
    "status": Status.DRAFT,
    "aims": AIMS,
    "service_users": SERVICE_USERS,
    "stakeholders": "Adult social care residents",
    "lead_officer": "Jamaila Tausif",
    "commissioning_officers": "Judith Culleton, Phil Green",
    "head_of_service": "Alistair Jeffs",
    # The body that moderates it, as the paper names it; not the paper's date of moderation (14 July 2014): in EqA
    # an EIA is moderated once it is signed off, and the moderation step records the date.
    "moderation_body": "Strategic Commissioning Directorate Equality Group",
}

NO_BARRIERS = "No barriers perceived as the service is available to all."

# The council's 13 rows in the paper's order. The paper's parenthesis after a label becomes its guidance.
# Marriage and pregnancy have no row on the paper: the app is meant to warn about that, so no row claims them.
GRID = [
    {
        "label": "Race and ethnicity",
        "guidance": "Including Gypsies and Travellers; migrant workers, asylum seekers etc.",
        "covers": [P.RACE],
        "neutral": NO_BARRIERS,
        "positive": "The care at home service is considered to have a positive effect on race, as one to one service "
        "is provided to everyone, despite language or cultural barriers. The council requires all its contractors to "
        "comply with its policies on equality and diversity. Services personalised with a support plan that details "
        "people’s individual needs.",
        "negative": "The council also has services such as an interpreter service that could be used to remove any "
        "perceived barriers to enable people from different race and ethnicity backgrounds to access services. "
        "Specification to be developed with equality and diversity training to ensure staff has awareness of "
        "culture, gender, disability etc. (Low impact)",
    },
    {
        "label": "Disability",
        "guidance": "",
        "covers": [P.DISABILITY],
        "neutral": NO_BARRIERS,
        "positive": "Services are delivered to individual homes and they have choice, control and flexibility to "
        "shape their care package. Other services are available if they need to adapt their own so they can fully "
        "utilise the services available.",
        "negative": "Care delivered in their own homes therefore no significant barriers perceived. Individuals can "
        "be signposted to other council and health services to improve access around individuals own homes if "
        "needed. (Low impact)",
    },
    {
        "label": "Gender/gender reassignment",
        "guidance": "",
        "covers": [P.SEX, P.GENDER_REASSIGNMENT],
        "neutral": "Services will be delivered to all and any provider will need to comply with our equality and "
        "diversity policy.",
        "positive": "Services are available to all individuals within the borough.",
        "negative": "",
    },
    {
        "label": "Religion and belief",
        "guidance": "",
        "covers": [P.RELIGION],
        "neutral": "To monitor any changes in service eligibility and scope to ensure there is not a detrimental "
        "effect to individuals from culturally diverse community groups.",
        "positive": "",
        "negative": "No perceived changes to service eligibility. (Low impact)",
    },
    {
        "label": "Sexual orientation",
        "guidance": "Including heterosexual, lesbian, gay, bisexual",
        "covers": [P.SEXUAL_ORIENTATION],
        "neutral": "No barriers perceived as the service is available to all. Service users are not required to "
        "disclose this information to access the service.",
        "positive": "",
        "negative": "",
    },
    {
        "label": "Age",
        "guidance": "Children and young people aged 0 – 24, adults aged 25 – 50, younger older people aged 51 – "
        "75/80; older older people 81+. The age categories are for illustration only as overriding consideration "
        "should be given to needs.",
        "covers": [P.AGE],
        "neutral": "There is no age limitation for this service.",
        "positive": "",
        "negative": "The majority of service users accessing services will be older people to enable them to remain "
        "in their own homes. (Low Impact)",
    },
    {
        "label": "Carers/those with caring responsibility",
        "guidance": "",
        "covers": [],
        "neutral": "",
        "positive": "The service provision is perceived as additional resource for carers to enable them to have "
        "support with their caring responsibilities. Enables carers and service users to stay in their homes longer "
        "and assists carers to care for their families and friends providing independence, choice and control for "
        "service users in their own homes.",
        # " ." before the full stop is as extracted; it may be the paper's own.
        "negative": "The new contract will also incorporate the key findings of the recent Safeguarding Scrutiny "
        "Committee review into the quality of care at home provision and suggested improvements. This will give "
        "confidence to service users to continue to use the service and minimise safeguarding issues (Low impact) .",
    },
    {
        "label": "Rural communities",
        "guidance": "",
        "covers": [],
        "neutral": "",
        "positive": "The service provision is provided in three patch areas: Chester, Ellesmere Port, Northwich and "
        "Winsford. The areas have an estimated equal split of urban and rural areas to ensure there is service "
        "provision available across the borough.",
        "negative": "Geographical coverage will be mapped and the patches revised according to the needs of our "
        "residents. This will be addressed in our specification and tendering for the new service provision. "
        "(Low impact)",
    },
    {
        "label": "Areas of deprivation",
        "guidance": "",
        "covers": [],
        "neutral": "No barriers perceived as the service is available to all across the borough and care is tailored "
        "to individual needs.",
        "positive": "",
        "negative": "",
    },
    {
        "label": "Human Rights",
        "guidance": "",
        "covers": [],
        "neutral": "No barriers perceived as the service is available to all and the service is to enhance life of "
        "service users and to enable them to stay in their homes for longer and be in control of their own care.",
        "positive": "",
        "negative": "",
    },
    {
        "label": "Health and Wellbeing",
        "guidance": "Consider both the wider determinants of health such as education, housing, employment, "
        "environment, crime and transport, as well as the possible impacts on lifestyles and the effect there may be "
        "on health and care services",
        "covers": [],
        "neutral": "",
        "positive": "The services provide a positive impact on lifestyle as support is provided to undertake daily "
        "tasks.",
        "negative": "",
    },
    {
        # "(providers)" says whose staff, so it stays part of the label rather than guidance.
        "label": "Staff retention (providers)",
        "guidance": "",
        "covers": [],
        "neutral": "Consistency and retention of care workers to provide continuity for service user, carer and "
        "families.",
        "positive": "",
        "negative": "This will be addressed in our contract monitoring and provider visits to ensure staff employed "
        "by providers have the appropriate skills and training to provide good care and that care managers are able "
        "to ensure that recruitment processes are robust to ensure consistency and retention of care workers to "
        "alleviate any concerns for service users, carers and families. Work has been successfully completed in the "
        "current service provision to address this issue. Some issues with the availability of male carers. This is "
        "to be addressed as part of the specification. (Low impact)",
    },
    {
        "label": "Procurement/partnership",
        "guidance": "If project due to be carried out by contractors/partners etc, identify steps taken to ensure "
        "equality compliance",
        "covers": [],
        "neutral": "",
        # The paper puts "(Low impact)" in this positive cell and leaves the negative one empty; kept so.
        "positive": "A detailed specification will be developed jointly with our health colleagues to capture the "
        "needs of patients, service users, carers and families. Equality compliance will be in the tender document "
        "to ensure there is buy in from the successful providers. (Low impact)",
        "negative": "",
    },
]

# The paper gives review dates as months, so they are stored as the 1st with month precision.
ACTIONS = [
    {
        "action_required": "Joint specification development",
        "key_activity": "Write into specification equality and diversity policy training for staff being employed "
        "to provide care. Request for providers to send a current monthly staff list to our contracts team so that "
        "providers with a high staff turnover can be monitored and involve our workforce development team to assist "
        "providers. Availability of male carers to be addressed as part of specification.",
        "outcomes_required": "Increase consistency of care worker to provide stability for service users, carers "
        "and families.",
        "officer_responsible": "Jamaila Tausif/Colin Ashcroft",
        "review_month": date(2015, 7, 1),
        "review_date_note": "",
        "mitigates": ["Staff retention (providers)"],
    },
    {
        "action_required": "Training provided for staff employed for the provision of the care at home contract",
        "key_activity": "Write into specification that a training plan and record for each employee must be "
        "maintained and that specialist training such as gender reassignment awareness must be provided.",
        "outcomes_required": "Care workers to be provided with the training and skills to provide a quality service "
        "for all service users, carers and families.",
        "officer_responsible": "Judith Culleton/Phil Green",
        "review_month": date(2014, 8, 1),
        "review_date_note": "",
        "mitigates": ["Gender/gender reassignment", "Staff retention (providers)"],
    },
    {
        "action_required": "Joint quality dashboards and reporting",
        "key_activity": "Consistency of data, statistics and reporting to provide information regarding service "
        "provision and levels of quality supplied. Working with providers to be proactive and identifying issues and "
        "solutions to maintain quality services.",
        "outcomes_required": "Indicators will provide crucial information regarding the level and quality of "
        "services provided.",
        "officer_responsible": "Judith Culleton/Dave Thomas",
        "review_month": date(2015, 9, 1),
        "review_date_note": "and throughout contract monitoring meetings",
        # Monitors quality in general; the paper ties it to no one row, so neither do we.
        "mitigates": [],
    },
    {
        "action_required": "Geographical coverage",
        "key_activity": "Map current service provision to ensure that geographical coverage is in line with the "
        "needs of the customer.",
        "outcomes_required": "To ensure that geographical coverage matches the demand for the service and that "
        "successful providers have the capacity to provide the services in the right patches.",
        "officer_responsible": "Judith Culleton/Phil Green",
        "review_month": date(2014, 8, 1),
        "review_date_note": "",
        "mitigates": ["Rural communities"],
    },
]


def seed_characteristics():
    return [(row["label"], row["guidance"], [c.value for c in row["covers"]]) for row in GRID]


def use_seed_characteristics(council):
    current = [(c.label, c.guidance, list(c.covers)) for c in council.characteristics.filter(is_active=True)]
    if current == seed_characteristics():
        return  # deleting and recreating would only renumber the rows other EIAs point at
    council.characteristics.all().delete()
    bulk_create_with_history(
        [
            Characteristic(council=council, position=position, label=label, guidance=guidance, covers=covers)
            for position, (label, guidance, covers) in enumerate(seed_characteristics(), start=1)
        ],
        Characteristic,
    )


def load_demo(council, people):
    """Each demo council's records: Cheshire's EIA below, Kent's setup and screening in assessments.demo_kent."""
    if council.slug == KENT:
        return load_kent(council, people)
    return load_cheshire(council, people)


@transaction.atomic
def load_cheshire(council, people):
    use_seed_characteristics(council)
    existing = Assessment.objects.filter(council=council, title=TITLE).first()
    if existing:
        return existing

    service = Service.objects.get(council=council, name=SERVICE)
    assessment = Assessment.objects.create(
        council=council,
        reference=reference_take(council=council),
        service=service,
        title=TITLE,
        created_by=people[Role.AUTHOR],
        **HEADER,
    )
    assessment.copy_grid_from_council()

    rows = {row.label: row for row in assessment.rows.all()}
    for cells in GRID:
        row = rows[cells["label"]]
        row.neutral, row.positive, row.negative = cells["neutral"], cells["positive"], cells["negative"]
        # The paper rates every negative it has as low.
        row.negative_level = ImpactLevel.LOW if row.negative else ""
    # Through the history-keeping calls, so the EIA's history starts with what the paper said.
    bulk_update_with_history(
        list(rows.values()),
        ImpactRow,
        ["neutral", "positive", "negative", "negative_level"],
        default_user=people[Role.AUTHOR],
    )
    for position, a in enumerate(ACTIONS, start=1):
        action = AssessmentAction.objects.create(
            assessment=assessment,
            position=position,
            action_required=a["action_required"],
            key_activity=a["key_activity"],
            priority=ImpactLevel.LOW,
            outcomes_required=a["outcomes_required"],
            officer_responsible=a["officer_responsible"],
            review_date=a["review_month"],
            review_date_precision=DatePrecision.MONTH,
            review_date_note=a["review_date_note"],
        )
        action.mitigates.set([rows[label] for label in a["mitigates"]])
    return assessment
