"""What the generated councils write: services, EIA wording and action plan wording, in the words officers use.

Each pool is short; records combine a few of its entries, so that cells vary in length as real ones do."""

# Directorates and the teams under them. A council of 60 services has all eight directorates and 52 teams.
DIRECTORATES = {
    "Adult Social Care": [
        "Strategic Commissioning",
        "Safeguarding Adults",
        "Learning Disabilities",
        "Mental Health",
        "Reablement",
        "Occupational Therapy",
        "Carers Support",
        "Day Opportunities",
    ],
    "Children's Services": [
        "Early Help",
        "Children's Social Care",
        "Fostering and Adoption",
        "SEND",
        "Youth Justice",
        "Education Welfare",
        "Family Hubs",
    ],
    "Public Health": [
        "Health Improvement",
        "Drug and Alcohol Services",
        "Sexual Health",
        "Healthy Child Programme",
        "Health Protection",
        "Health Intelligence",
    ],
    "Housing": [
        "Homelessness Prevention",
        "Housing Allocations",
        "Private Sector Housing",
        "Disabled Facilities Grants",
        "Tenancy Services",
        "Supported Housing",
    ],
    "Place and Environment": [
        "Waste and Recycling",
        "Highways",
        "Parks and Open Spaces",
        "Planning",
        "Passenger Transport",
        "Environmental Health",
        "Climate Emergency",
    ],
    "Resources": [
        "Finance",
        "Revenues and Benefits",
        "Human Resources",
        "ICT",
        "Procurement",
        "Legal Services",
    ],
    "Communities": [
        "Libraries",
        "Leisure",
        "Community Safety",
        "Culture and Heritage",
        "Customer Services",
        "Voluntary Sector Grants",
    ],
    "Economy and Regeneration": [
        "Employment and Skills",
        "Business Support",
        "Town Centres",
        "Regeneration Programmes",
        "Adult Learning",
        "Inward Investment",
    ],
}

# The row councils most often add to the default grid, and the one they most often leave out.
ADDED_CHARACTERISTIC = (
    "Armed forces community",
    "Serving personnel, reservists, veterans and their families, as the Armed Forces Covenant asks.",
)
LEFT_OUT_CHARACTERISTIC = "Marriage and civil partnership"
LEFT_OUT_REASON = "The proposal does not touch employment, where the duty on marriage and civil partnership applies."

FIRST_NAMES = [
    "Aisha",
    "Alistair",
    "Amrit",
    "Bethan",
    "Caroline",
    "Colin",
    "Dave",
    "Deborah",
    "Fatima",
    "Gareth",
    "Hannah",
    "Imran",
    "Jamaila",
    "Judith",
    "Karen",
    "Lewis",
    "Mandeep",
    "Niamh",
    "Olu",
    "Phil",
    "Priya",
    "Rachel",
    "Sam",
    "Siobhan",
    "Tom",
    "Yusuf",
]
LAST_NAMES = [
    "Ashcroft",
    "Begum",
    "Brennan",
    "Culleton",
    "Davies",
    "Evans",
    "Green",
    "Hughes",
    "Jeffs",
    "Kaur",
    "Khan",
    "Lloyd",
    "Mensah",
    "Nowak",
    "O'Brien",
    "Patel",
    "Roberts",
    "Shah",
    "Tausif",
    "Thomas",
    "Walsh",
    "Williams",
]
JOB_TITLES = [
    "Commissioning Manager",
    "Service Manager",
    "Head of Service",
    "Policy Officer",
    "Project Lead",
    "Contracts Officer",
    "Team Manager",
]

CHANGES = [
    "Recommissioning of",
    "Review of",
    "Changes to",
    "Redesign of",
    "Consultation on",
    "Introduction of",
    "Budget saving proposal:",
    "Closure and relocation of",
    "Extension of",
]
SUBJECTS = [
    "care at home services",
    "day opportunities for adults with learning disabilities",
    "the carers' support service",
    "the community equipment service",
    "extra care housing",
    "the telecare offer",
    "short breaks for disabled children",
    "the family hubs network",
    "school transport eligibility",
    "the homelessness prevention pathway",
    "the housing allocations policy",
    "the council tax reduction scheme",
    "discretionary housing payments",
    "library opening hours",
    "the garden waste collection charge",
    "residents' parking zones",
    "the leisure centre concessions scheme",
    "community grants",
    "the customer contact centre",
    "the digital by default programme",
    "the drug and alcohol treatment service",
    "the stop smoking service",
    "sexual health clinics",
    "the supported employment service",
    "the adult learning curriculum",
    "town centre public realm works",
    "the flexible working policy",
    "the recruitment and selection policy",
    "the tree planting programme",
    "bus service subsidies",
]

AIMS = [
    "The proposal aims to make {subject} more personalised, giving people more choice and control over the support "
    "they receive.",
    "The council must deliver savings of {amount} over the next two years while protecting the people who rely most "
    "on {subject}.",
    "The current contract ends next year; the new arrangements bring {subject} together under one specification with "
    "joint outcomes and quality monitoring.",
    "The review looks at whether {subject} still meets local needs, and how it could be delivered more efficiently.",
    "Outcomes sought: people stay independent for longer, demand on crisis services falls, and satisfaction rises.",
]
SERVICE_USERS = [
    "About {count} residents use {subject} each year, most of them aged over 65.",
    "{count} households received support last year; a third live in the most deprived wards.",
    "The service is open to all residents; around {count} people contact it each month, many by telephone.",
    "Carers, families and providers are affected as well as the {count} people who use the service directly.",
]
STAKEHOLDERS = [
    "Service users and their carers; providers; the integrated care board; elected members; staff and trade unions.",
    "Residents, voluntary and community sector partners, town and parish councils.",
    "Schools, parents and carers, the parent carer forum, health partners.",
]
EVIDENCE = [
    "Service activity and performance data for the last three years.",
    "Census 2021 data for the borough, and the Joint Strategic Needs Assessment.",
    "Complaints and compliments received in the last two years.",
    "Customer satisfaction survey results, broken down by protected characteristic where numbers allow.",
    "Benchmarking with comparable councils, and national research on similar changes.",
    "Equality monitoring of current service users; gaps in recording are noted in the grid.",
]
ENGAGEMENT = [
    "A twelve-week public consultation, online and on paper, with {count} responses.",
    "Focus groups with service users and carers, and drop-in sessions at libraries.",
    "Workshops with providers and the voluntary sector; briefings for ward members.",
    "Engagement with the local disability partnership board and the older people's forum.",
]
DECISION_REASONS = [
    "The analysis found no unlawful discrimination; the actions below address the barriers identified.",
    "Adjustments to the proposal, set out in the action plan, remove the barriers the consultation raised.",
    "The saving is unavoidable; the impact is reduced by the transitional support in the action plan and will be "
    "reviewed after six months.",
]

# The cells of the grid. {label} is the row's characteristic in lower case.
NEUTRAL = [
    "No differential impact is expected in terms of {label}: the service is open to everyone who meets the "
    "eligibility criteria.",
    "The proposal applies in the same way to everyone, so no impact in terms of {label} is expected.",
    "Monitoring data show take-up in line with the local population in terms of {label}.",
    "Providers must comply with the council's equality and diversity policy.",
    "Service users are not asked to disclose this to use the service; no barriers are perceived.",
]
POSITIVE = [
    "Support is personalised, so needs related to {label} are met in each person's plan.",
    "The new arrangements give more choice and flexibility, which benefits people in terms of {label}.",
    "Staff will complete equality and diversity training as part of the contract.",
    "Information will be available in easy read and community languages, and in print on request.",
    "Engagement with local groups shaped the design, so the service better reflects people's needs.",
    "Targeted outreach will increase take-up among groups who use the service least.",
]
NEGATIVE = [
    "Moving the service to one site may make it harder to reach for some people, in terms of {label}.",
    "Some people may find the online-first approach harder to use; a telephone and face-to-face route will stay.",
    "Reduced opening hours could affect people who rely on the service, in terms of {label}.",
    "Higher charges could fall hardest on people on low incomes, who are over-represented here.",
    "Consultation responses raised concerns about the continuity of care workers.",
    "Recording of this characteristic is poor, so the impact cannot yet be ruled out.",
]

ACTIONS_REQUIRED = [
    "Keep a telephone and face-to-face route for people who cannot use the online service",
    "Write equality and diversity training into the specification",
    "Provide information in easy read and community languages",
    "Offer transitional support to people whose service changes",
    "Improve equality monitoring of service users",
    "Review take-up six months after the change",
    "Make reasonable adjustments available at every site",
    "Consult the disability partnership board on the detailed design",
]
KEY_ACTIVITIES = [
    "Contract monitoring meetings to include equality data each quarter.",
    "Publish the revised leaflet and web pages before the change takes effect.",
    "Letters to every affected service user, with a named contact.",
    "Add the missing monitoring questions to the assessment form.",
]
OUTCOMES = [
    "Nobody loses access to the service because of the change.",
    "Take-up among under-represented groups rises year on year.",
    "Complaints about access fall.",
    "Equality monitoring is at least 90% complete.",
]
MODERATION_BODIES = [
    "Corporate Equality and Diversity Group",
    "Adult Social Care Equality Group",
    "Equality Scrutiny Panel",
]
MODERATION_COMMENTS = [
    "A thorough assessment; the action plan should give dates for each action.",
    "Please strengthen the evidence on race and ethnicity at the next review.",
    "The group asks for the take-up review to be reported back to it.",
]
RETURN_REASONS = [
    "Please add the consultation results to the evidence section before I sign this off.",
    "The High impact on disability needs an action that addresses it.",
    "The decision needs a fuller justification given the impacts identified.",
    "Please check the grid: several rows repeat the same text.",
]

# Action plans against CQC's quality statements.
PLAN_TITLES = [
    ("lga_peer_review", "Adult Social Care peer review action plan {year}"),
    ("cqc_assessment", "CQC local authority assessment improvement plan {year}"),
    ("internal_audit", "Internal audit of adult social care assurance: management actions {year}"),
    ("other", "Adult Social Care improvement plan {year}"),
]
AREAS_OF_FOCUS = [
    "Reduce waiting times for Care Act assessments",
    "Strengthen the voice of people with lived experience in service design",
    "Improve the timeliness of annual reviews",
    "Develop the market for care at home in rural areas",
    "Embed strengths-based practice across all teams",
    "Improve transitions from children's to adults' services",
    "Strengthen safeguarding adults board assurance",
    "Improve the quality and use of performance data",
    "Increase the uptake of direct payments",
    "Support unpaid carers to have a life alongside caring",
    "Improve hospital discharge pathways with health partners",
    "Recruit and retain social care workforce",
    "Co-produce the prevention strategy with residents",
    "Improve access to information and advice",
    "Reduce the number of people waiting for occupational therapy",
]
ACTIONS_TAKEN = [
    "Triage of the waiting list by risk; additional assessors recruited on fixed-term contracts.",
    "Co-production group set up with people who draw on care and support, meeting monthly.",
    "New practice framework launched with training for all practitioners.",
    "Market position statement refreshed and shared with providers.",
    "Quarterly audit of case files against the practice standards.",
    "Joint working protocol agreed with the integrated care board.",
]
SUCCESS_MEASURES = [
    "Median wait for assessment under 28 days.",
    "90% of reviews completed on time.",
    "Positive feedback in the annual survey of adult social care users.",
    "Fewer delayed discharges, reported to the health and wellbeing board.",
    "Audit shows practice standards met in 80% of cases.",
]
PLAN_RETURN_REASON = "Please add success measures to every action."
MILESTONES = [
    "Project plan agreed",
    "Framework published",
    "Training completed",
    "Evaluation of impact",
    "Report to committee",
    "Pilot in one locality",
    "Roll-out to all teams",
    "Policy approved",
]
UPDATE_NOTES = {
    "To be started": [
        "Not yet started: waiting for the project lead to be appointed.",
        "Scheduled to start next quarter.",
    ],
    "Started": [
        "Scoping under way; first workshop held with staff.",
        "Project group meeting fortnightly.",
    ],
    "On track": [
        "Progressing as planned; milestones on schedule.",
        "Good progress this month; data shared with the board.",
        "On track; next report to committee in the autumn.",
    ],
    "Off track": [
        "Delayed by staff vacancies; recovery plan agreed.",
        "Behind schedule because partner data were late; escalated to the programme board.",
    ],
    "Complete": [
        "Complete; impact will be checked at the next annual review.",
        "Completed and signed off by the programme board.",
    ],
}
