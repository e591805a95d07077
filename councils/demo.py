"""The demo councils, set up differently so a newcomer sees what a council can choose: Cheshire West and Chester
goes straight to full EIAs with the default references; Kent screens every proposal first, numbers its records
ASC/1, ASC/2 …, asks fields and questions of its own, and publishes its public register. Each app's demo module
loads its records for each."""

from councils.models import ScreeningUse

CHESHIRE = "cheshire-west-and-chester"
KENT = "kent"

# slug: (name, the chain of services from the top, the council's settings when the demo creates it)
DEMO_COUNCILS = {
    CHESHIRE: ("Cheshire West and Chester Council", ["Adult Social Care", "Strategic Commissioning"], {}),
    KENT: (
        "Kent County Council",
        ["Adult Social Services", "Older People and Physical Disability"],
        {"screening_use": ScreeningUse.ALWAYS, "reference_pattern": "ASC/{n}", "register_public": True},
    ),
}
