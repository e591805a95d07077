"""What an officer does on a screening's pages, through the test client."""

from django.urls import reverse

from assessments.models import Screening


def start(client, author, service, title="Day opportunities review"):
    client.force_login(author)
    response = client.post(
        reverse("assessments:screening-start"),
        {"service": service.pk, "title": title, "proposal": "Close two day centres.", "affects": "120 people"},
    )
    assert response.status_code == 302, response.content
    return Screening.objects.get(title=title)


def answer(client, screening, answers):
    """Post the answers page with {label: (answer, reason)}; rows not named are answered No."""
    rows = list(screening.answers.all())
    data = {
        "revision": Screening.objects.get(pk=screening.pk).revision,
        "answers-TOTAL_FORMS": len(rows),
        "answers-INITIAL_FORMS": len(rows),
    }
    for index, row in enumerate(rows):
        given, reason = answers.get(row.label, ("no", ""))
        data.update(
            {f"answers-{index}-id": row.pk, f"answers-{index}-answer": given, f"answers-{index}-reason": reason}
        )
    response = client.post(reverse("assessments:screening-answers", args=[screening.pk]), data)
    assert response.status_code == 302, response.content
