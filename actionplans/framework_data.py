"""The frameworks improvement action plans are made against, as EqA ships them: CQC's local authority assessment
framework, CQC's five key questions, an LGA peer challenge's themes, a scrutiny review and an internal audit
(``OTHER_FRAMEWORKS``, each with its sources beside it), as plain Python data.

Nothing here imports Django; a migration, a management command or a test can load it as it stands.

Where each piece comes from (the documents are listed in docs/sources.md):

- ``THEMES``: the four themes of CQC's local authority assessment, named as CQC's framework names them. Each
  ``description`` is the theme's scope word for word from the theme headings of Sefton's plan (National
  Assurance Framework peer review action plan, November 2022), e.g. "Theme 1 - Working with People: assessing
  needs, ...".
- ``QUALITY_STATEMENTS``: the nine current quality statements, named as CQC's framework and Gloucestershire's
  CQC report name them, plus the two retired statements older plans still use (``retired=True``), placed where
  Sefton's plan's first table places them. Sorted by theme, then position.
  - ``we_statement``: word for word from Sefton's plan, which is a PDF-to-text extraction. Its first table quotes
    the theme 1 and 2 statements whole; the theme 3 and 4 statements come from the "Quality statement" cells of
    its action tables, re-joined where the extraction split them across rows and pages ("joined- up" is
    "joined-up"). Sefton's plan quotes the council's copy, which differs in places from CQC's own current wording
    (e.g. Oxford commas). Two statements end without a full stop in Sefton's plan (Partnerships and communities;
    Learning, improvement and innovation): the full stop is added, the words are unchanged. Sefton's plan gives no
    "we" statement for the two retired statements (it says only "No longer included latest iteration of in
    National Assurance Framework"), so theirs are "".
  - ``i_statement``: only "Equity in experience and outcomes" has one in these documents (Hertfordshire's
    CQC report, under "What people expect"); the others are "" until sourced.
  - ``aliases``: other spellings of the statement's name found in these documents, for an importer to match plan
    files on (Sefton's plan also marks "Equity in experiences and outcomes*" with a footnote asterisk, which an
    importer should strip rather than list).
- ``SCORE_WORDING``: CQC's wording of the four quality statement scores, as Hertfordshire's CQC report
  writes them ("3 - Evidence shows a good standard").
- ``EXAMPLE_RESULTS``: two published CQC assessment results for demo data.
  - Hertfordshire County Council, from its CQC report: one quality statement only (score 3), its key findings word
    for word (paragraphs separated by blank lines; the sub-headings are paragraphs of their own; the "Care
    Quality Commission" copyright footer is left out). The report gives no overall rating and no date.
  - Gloucestershire County Council, from its CQC report: overall "Requires improvement", all nine scores 2
    (the report writes "Supporting people to lead healthier lives"; keyed here by the current name), and the "Summary of
    people's experiences" word for word. The report has no per-statement findings and no date.
"""

from datetime import date

THEMES = [
    {
        "number": 1,
        "name": "Working with people",
        "description": (
            "assessing needs, care planning and review, direct payments, charging, supporting people to live "
            "healthier lives, prevention, wellbeing, information, and advice"
        ),
    },
    {
        "number": 2,
        "name": "Providing support",
        "description": (
            "shaping, commissioning, workforce capacity and capability, integration and partnership working"
        ),
    },
    {
        "number": 3,
        "name": "Ensuring safety",
        "description": (
            "safeguarding enquiries, reviews, Safeguarding Adults Board, safe systems, pathways, and continuity of care"
        ),
    },
    {
        "number": 4,
        "name": "Leadership",
        "description": (
            "culture, strategic planning, learning, improvement, innovation, governance, management, and sustainability"
        ),
    },
]

QUALITY_STATEMENTS = [
    # Theme 1: Working with people
    {
        "theme": 1,
        "position": 1,
        "name": "Assessing needs",
        "we_statement": (
            "We maximise the effectiveness of people's care and treatment by assessing and reviewing their health, "
            "care, wellbeing, and communication needs with them."
        ),
        "i_statement": "",
        "retired": False,
        "aliases": ["Assessing Needs"],
    },
    {
        "theme": 1,
        "position": 2,
        "name": "Supporting people to live healthier lives",
        "we_statement": (
            "We support people to manage their health and wellbeing so they can maximise their independence, "
            "choice and control, live healthier lives, and where possible reduce their future needs for care and "
            "support."
        ),
        "i_statement": "",
        "retired": False,
        "aliases": ["Supporting people to lead healthier lives"],
    },
    {
        "theme": 1,
        "position": 3,
        "name": "Equity in experience and outcomes",
        # Hertfordshire's CQC report has the same words without the comma after "support".
        "we_statement": (
            "We actively seek out and listen to information about people who are most likely to experience "
            "inequality in experience or outcomes. We tailor the care, support, and treatment in response to this."
        ),
        "i_statement": (
            "I have care and support that enables me to live as I want to, seeing me as a unique person with "
            "skills, strengths and goals."
        ),
        "retired": False,
        "aliases": ["Equity in experiences and outcomes"],
    },
    # Theme 2: Providing support
    {
        "theme": 2,
        "position": 1,
        "name": "Care provision, integration and continuity",
        "we_statement": (
            "We understand the diverse health and care needs of people and local communities, so care is "
            "joined-up, flexible and supports choice and continuity."
        ),
        "i_statement": "",
        "retired": False,
        "aliases": ["Care provision, integration, and continuity"],
    },
    {
        "theme": 2,
        "position": 2,
        "name": "Partnerships and communities",
        "we_statement": (
            "We understand our duty to collaborate and work in partnership, so our services work seamlessly for "
            "people. We share information and learning with partners and collaborate for improvement."
        ),
        "i_statement": "",
        "retired": False,
        "aliases": [],
    },
    {
        "theme": 2,
        "position": 3,
        "name": "Workforce equality, diversity and inclusion",
        "we_statement": "",
        "i_statement": "",
        "retired": True,
        "aliases": ["Workforce equality, diversity, and inclusion"],
    },
    # Theme 3: Ensuring safety
    {
        "theme": 3,
        "position": 1,
        "name": "Safe pathways, systems and transitions",
        "we_statement": (
            "We work with people and our partners to establish and maintain safe systems of care, in which safety "
            "is managed, monitored and assured. We ensure continuity of care, including when people move between "
            "different services."
        ),
        "i_statement": "",
        "retired": False,
        "aliases": ["Safe systems, pathways, and transitions"],
    },
    {
        "theme": 3,
        "position": 2,
        "name": "Safeguarding",
        "we_statement": (
            "We work with people to understand what being safe means to them and work with them as well as our "
            "partners on the best way to achieve this. We concentrate on improving people's lives while protecting "
            "their right to live in safety, free from bullying, harassment, abuse, discrimination, avoidable harm, "
            "and neglect, and we make sure we share concerns quickly and appropriately."
        ),
        "i_statement": "",
        "retired": False,
        "aliases": [],
    },
    # Theme 4: Leadership
    {
        "theme": 4,
        "position": 1,
        "name": "Governance, management and sustainability",
        "we_statement": (
            "We have clear responsibilities, roles, systems of accountability and good governance to manage and "
            "deliver good quality, sustainable care, treatment, and support. We act on the best information about "
            "risk, performance, and outcomes, and we share this securely with others when appropriate."
        ),
        "i_statement": "",
        "retired": False,
        "aliases": [],
    },
    {
        "theme": 4,
        "position": 2,
        "name": "Learning, improvement and innovation",
        "we_statement": (
            "We focus on continuous learning, innovation and improvement across our organisation and the local "
            "system. We encourage creative ways of delivering equality of experience, outcome, and quality of life "
            "for people. We actively contribute to safe, effective practice and research."
        ),
        "i_statement": "",
        "retired": False,
        "aliases": ["Learning, improvement, and innovation"],
    },
    {
        "theme": 4,
        "position": 3,
        "name": "Capable, compassionate and inclusive leaders",
        "we_statement": "",
        "i_statement": "",
        "retired": True,
        "aliases": ["Capable, compassionate, and inclusive leaders"],
    },
]

SCORE_WORDING = {
    1: "Evidence shows significant shortfalls",
    2: "Evidence shows some shortfalls",
    3: "Evidence shows a good standard",
    4: "Evidence shows an exceptional standard",
}

_HERTFORDSHIRE_EQUITY_FINDINGS = (
    "Understanding and reducing barriers to care and support and reducing inequalities\n\n"
    "The local authority had a good understanding of the changing demographics that had taken place in the area in the "
    "last few years and the impact that this had on requests for support and services. There was good partnership "
    "working with Public Health with regard to the predictions for further demographic changes over the forthcoming "
    "years. This had influenced strategies for the provision of services, such as the 15 Year Vision for Adult Social "
    "Care.\n\n"
    "Strategies, such as the Hertfordshire Health and Wellbeing Strategy (2022-2026) reflected the partnership working "
    "with health and the VCFSE sector in relation to identifying those most at risk of inequalities and to have plans "
    "in place to address these. The local authority commissioned Healthwatch to carry out research to better "
    "understand how the support and information service was working. Healthwatch were confident that the local "
    "authority listened and took action following their feedback.\n\n"
    "As part of the long-term plan to address inequalities, the local authority introduced their Equity, Equality, "
    "Diversity and Inclusion programme for culturally competent care, Shaping our Services in 2023. This strategy had "
    "been rolled out across the local authority and frontline staff confirmed that they had attended workshops to "
    "better understand the purpose of the strategy.\n\n"
    "The Director of Adult Social Services was passionate about the need to identify those at risk of inequalities in "
    "health and social care and then to take action to address this. This was reflected in our discussions with "
    "frontline staff also. One member of staff told us diversity was a much bigger conversation that it had ever been "
    "before and that it was celebrated within the local authority.\n\n"
    "Frontline staff had a very good understanding of the communities in which they were working and who the people or "
    "groups were who were at risk of inequality of service in those areas. They told us about a range of work taking "
    "place, for example, a project supporting carers from the South East Asia region, as well as work taking place to "
    "ensure that the views of the Gypsy and Roma community were heard with regard to their needs.\n\n"
    "Clear learning had taken place from reviews to identify where action was needed to address inequalities. For "
    "example, learning from work with people with a learning disability and the outcomes of Learning Disability "
    "Mortality Reviews (LeDeR) had led to the development of a Frailty and Learning Disability risk framework to "
    "identify people with a learning disability who are particular risk from additional health issues. The pilot of "
    "this framework had recently been evaluated and was being implemented across the county. Frontline staff told us "
    "that they found this really helpful in identifying risks in people where risks around frailty were not "
    "immediately obvious.\n\n"
    "The focus on involving people with lived experience in co-production in the eight different co-production boards "
    "provided additional opportunities to identify groups and communities who may be at risk of inequalities in health "
    "and social care. The local authority had a commitment to engage with specific groups to encourage their "
    "involvement in the co-production boards.\n\n"
    "Whilst there were many strategies in place which talked of people at risk of inequalities in with regard to "
    "health and social care there lacked one overall strategy which linked all of those together and clearly "
    "identified the work taking place with different groups and communities. Not all senior staff were entirely clear "
    "about what the priorities were in terms of the equality strategy.\n\n"
    "The local authority had regard to its Public Sector Equality Duty (Equality Act 2010) in the way it delivered its "
    "Care Act functions. This formed the basis of all strategies with regard to equity of provision of services.\n\n"
    "Inclusion and accessibility arrangements\n\n"
    "Frontline staff told us that they were able to access interpreters when needed and for the written word to be "
    "translated to ensure that communication was effective. This was confirmed from our discussions with the VCFSE "
    "although we were told that there was currently a shortage of British Sign Language interpreters. There were plans "
    "in place to address this and to provide suitable alternatives for people in the interim period.\n\n"
    "The local authority website, and that of partner organisations, had the availability of translating information "
    "into other languages as well as altering the view to enable options for people in terms of accessibility."
)

_GLOUCESTERSHIRE_SUMMARY = (
    "People's experiences of assessment were mixed. People experienced an adult social care system which was sometimes "
    "disjointed and did not always provide them with a timely response to their needs. People were not always informed "
    "of their choices or fully involved in their assessments. National data and local authority data showed people's "
    "experiences were a mix of positive and negative experiences, but there was often difference in experience "
    "depending on where people lived and the type of needs they had.\n\n"
    "The local authority had made recent improvements regarding wait times, but this had not yet been sustained and "
    "people faced different wait times in different parts of the county. People with mental health conditions often "
    "faced a long wait for assessment, but people usually had support and treatment from health staff while they "
    "awaited a Care Act assessment from social work staff within these integrated teams. The waiting time for a mental "
    "health Care Act assessment had also started to decrease at the time of our assessment. People faced significant "
    "delays for financial assessments which meant they sometimes had to make decisions about their care without "
    "knowing what they would be charged. Sometimes calculations for charging were incorrect. The local authority was "
    "making improvements to their financial assessment process, but these had not yet had time to embed.\n\n"
    "People did not always get a timely review of their care needs when they requested it and sometimes felt like "
    "reviews were used as an opportunity to reduce their support. People did not always receive information that was "
    "accessible to them. People from seldom heard groups and ethnic minorities said they did not always have "
    "opportunity to influence strategy, but there had been recent improvements in this area through an enhanced "
    "approach to co-production. Young people transitioning to adulthood did not always receive a smooth transition, "
    "but this was also a focus of recent improvement activity.\n\n"
    "Unpaid carers were not always informed of their right to support. Carer assessments and support planning often "
    "happened separately to the person they cared for, which meant it was not always meaningful. Unpaid carers' "
    "experiences of support in the community was mostly positive, but we heard access to community provision could "
    "differ across different parts of the county.\n\n"
    "When moving between health and community services, people usually experienced a joined-up approach and benefited "
    "from a strong partnership between the local authority and health partners. However there were inconsistencies in "
    "performance of some of the functions delegated to health partners, such as occupational therapy and mental "
    "health, which the local authority were aware of. People's access to voluntary and community provision was more "
    "mixed, with access to day services and activities being limited in some parts of the county.\n\n"
    "People who went through safeguarding were kept safe, but there was limited use of data to understand people's "
    "experiences of safeguarding and national data showed a comparatively lower number of people went through "
    "safeguarding as would at other local authorities. People also waited a long time for an assessment of any "
    "applications made to deprive them of their liberty. People were given opportunities to provide feedback as well "
    "as to inform strategy, but this was limited and had not had time to develop before we carried out this assessment."
)

EXAMPLE_RESULTS = [
    {
        "council_name": "Hertfordshire County Council",
        "published": None,
        "overall_rating": "",
        "scores": {"Equity in experience and outcomes": 3},
        "summary": "",
        "key_findings": {"Equity in experience and outcomes": _HERTFORDSHIRE_EQUITY_FINDINGS},
    },
    {
        "council_name": "Gloucestershire County Council",
        "published": None,
        "overall_rating": "Requires improvement",
        "scores": {
            "Assessing needs": 2,
            "Supporting people to live healthier lives": 2,
            "Equity in experience and outcomes": 2,
            "Care provision, integration and continuity": 2,
            "Partnerships and communities": 2,
            "Safe pathways, systems and transitions": 2,
            "Safeguarding": 2,
            "Governance, management and sustainability": 2,
            "Learning, improvement and innovation": 2,
        },
        "summary": _GLOUCESTERSHIRE_SUMMARY,
        "key_findings": {},
    },
]


VERSION = "CQC local authority assessment framework (2023)"
EFFECTIVE_FROM = (2023, 4, 1)

# The other frameworks EqA ships. How each is worded: the words it uses for its parts (`theme_label`, and
# `item_label`, empty where its themes have no items), whether it numbers its themes ("Theme 1: …") and whether its
# actions carry CQC's "must do" and "should do". The CQC framework above is worded as its plans are.
CQC_WORDING = {
    "kind": "cqc_local_authority",
    "theme_label": "Theme",
    "item_label": "Quality statement",
    "numbers_themes": True,
    "uses_priorities": False,
}

OTHER_FRAMEWORKS = [
    {
        # CQC's "The five key questions we ask" of every health and care service it inspects; the descriptions are
        # CQC's own words under each question. Its inspection reports list the actions a provider "must" and "should"
        # take. Effective from 1 October 2014, when CQC began inspecting adult social care against them.
        "name": "CQC's five key questions for health and care providers",
        "kind": "cqc_key_questions",
        "theme_label": "Key question",
        "item_label": "",
        "numbers_themes": False,
        "uses_priorities": True,
        "effective_from": (2014, 10, 1),
        "themes": [
            ("Safe", "You are protected from abuse and avoidable harm."),
            (
                "Effective",
                "Your care, treatment and support achieves good outcomes, helps you to maintain quality of life and "
                "is based on the best available evidence.",
            ),
            ("Caring", "Staff involve and treat you with compassion, kindness, dignity and respect."),
            ("Responsive", "Services are organised so that they meet your needs."),
            (
                "Well-led",
                "The leadership, management and governance of the organisation make sure it's providing high-quality "
                "care that's based around your individual needs, that it encourages learning and innovation, and "
                "that it promotes an open and fair culture.",
            ),
        ],
    },
    {
        # The LGA's adult social care "Preparation for Assurance" peer challenge (from July 2022) reports under
        # CQC's four themes, as Sefton's plan does; its recommendations are not sorted into quality statements.
        "name": "LGA adult social care peer challenge",
        "kind": "lga_peer_review",
        "theme_label": "Theme",
        "item_label": "",
        "numbers_themes": True,
        "uses_priorities": False,
        "effective_from": (2022, 7, 1),
        "themes": [(theme["name"], theme["description"]) for theme in THEMES],
    },
    {
        # A scrutiny committee's review ends in numbered recommendations, with no themes: the refs ("R12") order them.
        "name": "Scrutiny review recommendations",
        "kind": "scrutiny_review",
        "theme_label": "",
        "item_label": "",
        "numbers_themes": False,
        "uses_priorities": False,
        "effective_from": None,
        "themes": [],
    },
    {
        # An internal audit report's recommendations, each an action: the audit's own areas differ from one audit
        # to the next, so the council's officers write them into each action's area of focus.
        "name": "Internal audit recommendations",
        "kind": "internal_audit",
        "theme_label": "",
        "item_label": "",
        "numbers_themes": False,
        "uses_priorities": False,
        "effective_from": None,
        "themes": [],
    },
]
SHIPPED = [VERSION, *(framework["name"] for framework in OTHER_FRAMEWORKS)]


def _framework(FrameworkVersion, name, values):
    """The shipped framework of this name, made where it is not there yet, with `values` as far as the model at hand
    has their fields: migration 0002's model had none of the wording."""
    fields = {field.name for field in FrameworkVersion._meta.get_fields()}
    lookup = {"name": name, **({"council": None} if "council" in fields else {})}
    version, _ = FrameworkVersion.objects.get_or_create(
        **lookup, defaults={key: value for key, value in values.items() if key in fields}
    )
    return version


def install(apps):
    """Create the frameworks EqA ships, their themes and items, where they are not there yet. `apps` is a
    migration's app registry or Django's own (tests whose database is emptied between them call it again). Run by
    migration 0002, whose model knew only CQC's framework, it installs only that one."""
    FrameworkVersion = apps.get_model("actionplans", "FrameworkVersion")
    Theme = apps.get_model("actionplans", "Theme")
    QualityStatement = apps.get_model("actionplans", "QualityStatement")
    version = _framework(
        FrameworkVersion, VERSION, {"effective_from": date(*EFFECTIVE_FROM), "is_current": True, **CQC_WORDING}
    )
    themes = {}
    for data in THEMES:
        themes[data["number"]], _ = Theme.objects.get_or_create(
            framework=version,
            number=data["number"],
            defaults={"name": data["name"], "description": data["description"]},
        )
    for data in QUALITY_STATEMENTS:
        QualityStatement.objects.get_or_create(
            theme=themes[data["theme"]],
            name=data["name"],
            defaults={
                "position": data["position"],
                "we_statement": data["we_statement"],
                "i_statement": data["i_statement"],
                "retired": data["retired"],
                "aliases": data.get("aliases", []),
            },
        )
    if not any(field.name == "kind" for field in FrameworkVersion._meta.get_fields()):
        return
    for data in OTHER_FRAMEWORKS:
        values = {key: value for key, value in data.items() if key not in ("name", "themes", "effective_from")}
        effective_from = date(*data["effective_from"]) if data["effective_from"] else None
        framework = _framework(FrameworkVersion, data["name"], {**values, "effective_from": effective_from})
        for number, (name, description) in enumerate(data["themes"], start=1):
            Theme.objects.get_or_create(
                framework=framework, number=number, defaults={"name": name, "description": description}
            )
