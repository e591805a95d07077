"""The action plan's PDF: a tagged A4 landscape committee paper with every action in natural ref order, DRAFT on
every page until signed off, kept byte for byte once signed off; and dated progress reports of a signed-off plan."""

import re
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from actionplans.models import Milestone, StatusWord
from actionplans.pdf import fingerprint_parts, plan_pdf_response, progress_report_response, render_plan_pdf
from actionplans.statuses import Colour, Meaning
from councils.lifecycle import content_fingerprint
from tests.actionplans.plan_helpers import fresh, page_texts, read, record, sign_off
from tests.factories import ActionFactory, ActionPlanFactory, MilestoneFactory, statement, status_word
from tests.pdf_text import pdf_text

REFS = ["T1.1", "T1.2", "T1.10", "T1.9", "T2.1"]
SCRIPT = '<script>alert("x")</script>'


@pytest.fixture
def actions(plan, manager):
    """Refs made out of order; T1.1 to T1.10 in theme 1's first statement, T2.1 in theme 2."""
    made = {}
    for ref in REFS:
        made[ref] = ActionFactory(
            plan=plan,
            ref=ref,
            quality_statement=statement(
                "Care provision, integration and continuity" if ref == "T2.1" else "Assessing needs"
            ),
            area_of_focus=f"Focus of {ref}",
            actions_taken=f"What we are doing about {ref}",
            success_measures=f"How {ref} will show",
            lead_officers="Head of Quality and Practice",
        )
    made["T1.2"].actions_taken = SCRIPT
    made["T1.2"].save()
    MilestoneFactory(
        action=made["T1.1"],
        description="Framework",
        due_date=date(2023, 4, 1),
        due_precision=Milestone.Precision.MONTH,
        done=True,
        done_on=date(2023, 4, 20),
    )
    MilestoneFactory(
        action=made["T1.1"],
        description="Review the model",
        due_date=date(2023, 9, 15),
        due_precision=Milestone.Precision.DAY,
        position=1,
    )
    made["T1.1"].linked_actions.add(made["T1.10"])
    record(made["T1.1"], "Started", date(2023, 3, 1), manager, "Forums set up")
    record(made["T1.1"], "On track", date(2023, 6, 1), manager, "Framework agreed at DMT")
    record(made["T2.1"], "Off track", date(2023, 5, 10), manager, "Provider failure in the north")
    return made


@pytest.fixture
def draft_reader(plan, actions):
    return read(plan_pdf_response(fresh(plan)).content)


@pytest.fixture
def signed_off(plan, actions, manager, approver):
    return sign_off(plan, manager, approver)


def test_it_prints_every_ref_in_natural_order(draft_reader):
    text = " ".join(page_texts(draft_reader)[2:])
    positions = [text.index(f"{ref} Focus of {ref}") for ref in ["T1.1", "T1.2", "T1.9", "T1.10", "T2.1"]]
    assert positions == sorted(positions)


def test_it_prints_every_column_of_an_action(draft_reader):
    text = " ".join(page_texts(draft_reader))
    for words in [
        "Focus of T1.1",
        "What we are doing about T1.9",
        "How T1.10 will show",
        "Head of Quality and Practice",
        "Framework agreed at DMT",
        "Linked to T1.10",
    ]:
        assert words in text


def test_it_groups_the_actions_by_theme_and_statement_with_the_we_statement(draft_reader, actions):
    text = " ".join(page_texts(draft_reader))
    first, second = statement("Assessing needs"), statement("Care provision, integration and continuity")
    assert "Theme 1: Working with people" in text and "Theme 2: Providing support" in text
    we = " ".join(first.we_statement.split())[:40]
    assert we and we in text
    assert text.index("Assessing needs") < text.index("T1.1 ") < text.index(second.name) < text.index("T2.1 ")


def test_it_prints_milestones_by_month_and_marks_the_done_ones(draft_reader):
    text = " ".join(page_texts(draft_reader))
    assert "Framework (due April 2023) done" in text
    assert "1 April 2023" not in text
    assert "Review the model (due 15 September 2023)" in text


def test_it_prints_the_latest_update_with_its_date_and_author(draft_reader, manager):
    text = " ".join(page_texts(draft_reader))
    assert f"1 June 2023, {manager.get_full_name()} Framework agreed at DMT" in text
    assert "Forums set up" not in text


def test_it_prints_what_an_officer_typed_as_literal_text(draft_reader):
    # A narrow cell may wrap it anywhere: compare without whitespace.
    assert SCRIPT.replace(" ", "") in "".join(" ".join(page_texts(draft_reader)).split())


def test_it_marks_every_page_of_a_draft(draft_reader):
    texts = page_texts(draft_reader)
    assert len(texts) >= 3
    assert all("DRAFT" in page for page in texts)


def test_it_numbers_every_page_out_of_the_total(draft_reader):
    texts, total = page_texts(draft_reader), len(draft_reader.pages)
    for number, page in enumerate(texts, start=1):
        assert f"Page {number} of {total}" in page


def test_it_is_a4_landscape(draft_reader):
    for page in draft_reader.pages:
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        assert (round(width), round(height)) == (842, 595)


def test_it_puts_the_council_and_title_on_every_page(plan, draft_reader):
    assert all(f"Cheshire West and Chester Council – {plan.title}" in page for page in page_texts(draft_reader))


def test_it_titles_and_tags_the_document_in_british_english(plan, draft_reader):
    assert draft_reader.metadata.title == f"Improvement action plan: {plan.title}"
    catalog = draft_reader.trailer["/Root"]
    assert catalog["/Lang"] == "en-GB"
    assert "/StructTreeRoot" in catalog
    assert catalog["/MarkInfo"]["/Marked"]


def _struct_tags(node, found):
    node = node.get_object()
    if isinstance(node, dict):
        if "/S" in node:
            found.append((node["/S"], node.get("/Alt")))
        kids = node.get("/K")
        if kids is not None:
            for kid in kids if isinstance(kids, list) else [kids]:
                _struct_tags(kid, found)
    return found


def test_it_tags_the_tables_and_the_chart(draft_reader):
    tags = _struct_tags(draft_reader.trailer["/Root"]["/StructTreeRoot"], [])
    names = [name for name, _ in tags]
    assert {"/Table", "/TH", "/TD", "/H1", "/H2", "/H3"} <= set(names)
    figures = [alt for name, alt in tags if name == "/Figure"]
    assert figures and all(alt for alt in figures)


def test_it_has_the_summary_page_with_the_counts(draft_reader):
    summary_page = page_texts(draft_reader)[1]
    assert "Actions by status" in summary_page
    assert "All actions" in summary_page
    assert "Theme 1: Working with people" in summary_page


def test_the_title_page_says_what_the_plan_is(plan, draft_reader):
    first = page_texts(draft_reader)[0]
    assert "Cheshire West and Chester Council" in first
    assert "LGA peer review" in first
    assert "DRAFT: not signed off (draft)" in first
    assert f"Printed {timezone.localdate():%-d %B %Y}" in first


def test_it_leaves_draft_off_a_signed_off_plan(signed_off, approver):
    reader = read(plan_pdf_response(signed_off).content)
    texts = page_texts(reader)
    assert not any("DRAFT" in page for page in texts)
    assert f"Signed off by {approver.get_full_name()}" in texts[0]


def test_the_signed_off_pdf_carries_the_record_fingerprint_on_its_first_page_and_every_footer(signed_off):
    fingerprint = signed_off.issued_pdf.fingerprint
    assert fingerprint == content_fingerprint(fingerprint_parts(signed_off))
    texts = page_texts(read(plan_pdf_response(signed_off).content))
    # The footer may wrap the 64 hex digits: compare without spaces.
    assert all(fingerprint in page.replace(" ", "") for page in texts)
    assert texts[0].index("Record SHA-256") < texts[0].index("Cheshire West and Chester Council")


def test_the_signed_off_pdf_is_the_same_bytes_at_each_download(client, signed_off, viewer, manager):
    kept = signed_off.issued_pdf.read()
    record(signed_off.actions.get(ref="T1.9"), "Complete", date(2024, 1, 5), manager, "Done")
    client.force_login(viewer)
    downloads = [client.get(reverse("actionplans:pdf", args=[signed_off.pk])) for _ in range(2)]
    assert all(response.status_code == 200 for response in downloads)
    assert downloads[0].content == downloads[1].content == kept
    assert downloads[0]["Content-Type"] == "application/pdf"
    assert downloads[0]["Cache-Control"] == "private, no-store"


def test_the_fingerprint_is_of_the_words_not_the_progress(signed_off, manager):
    before = content_fingerprint(fingerprint_parts(signed_off))
    record(signed_off.actions.get(ref="T1.9"), "Complete", date(2024, 1, 5), manager, "Done")
    assert content_fingerprint(fingerprint_parts(fresh(signed_off))) == before


def test_a_progress_report_shows_the_status_as_of_the_date(signed_off):
    reader = read(progress_report_response(signed_off, date(2023, 4, 1)).content)
    texts = page_texts(reader)
    text = " ".join(texts)
    # On 1 April 2023 T1.1 had started (1 March), was not yet on track (1 June), and T2.1 was not yet off track.
    row = text[text.index("T1.1 Focus of T1.1") : text.index("T1.2 Focus of T1.2")]
    assert "Started" in row and "On track" not in row
    assert "Forums set up" in row and "Framework agreed at DMT" not in row
    t21 = text[text.index("T2.1 Focus of T2.1") : text.index("Sign-off Status")]
    assert "To be started" in t21 and "Off track" not in t21
    assert "No update recorded by then" in t21
    # The milestone done on 20 April 2023 was not done on 1 April.
    assert "Framework (due April 2023) done" not in text


def test_a_progress_report_counts_the_statuses_as_of_the_date(signed_off):
    summary_page = page_texts(read(progress_report_response(signed_off, date(2023, 4, 1)).content))[1]
    assert "Actions by status as of 1 April 2023" in summary_page
    # 5 actions by meaning: 4 not started, 1 in progress on track (Started), 0 off track, 0 complete.
    assert "Not started In progress, on track Off track Complete" in summary_page
    assert re.search(r"All actions 4 1 0 0 5", summary_page)


def test_a_progress_report_says_its_date_on_the_title_page_and_every_footer(signed_off):
    reader = read(progress_report_response(signed_off, date(2023, 7, 1)).content)
    texts = page_texts(reader)
    assert reader.metadata.title == f"Progress report as of 1 July 2023: {signed_off.title}"
    assert all("Progress report as of 1 July 2023" in page for page in texts)
    assert not any("DRAFT" in page for page in texts)
    text = " ".join(texts)
    assert "Framework agreed at DMT" in text and "Provider failure in the north" in text
    assert "Framework (due April 2023) done" in text


def test_a_progress_report_counts_an_update_late_on_the_day(signed_off, manager):
    # 23:30 in London on 1 August 2023 is 22:30 UTC: still 1 August.
    record(signed_off.actions.get(ref="T1.9"), "Started", date(2023, 8, 1), manager, "Late", hour=23)
    text = " ".join(page_texts(read(progress_report_response(fresh(signed_off), date(2023, 8, 1)).content)))
    row = text[text.index("T1.9 Focus of T1.9") : text.index("T1.10 Focus of T1.10")]
    assert "Started" in row and "Late" in row


# The council's words, and what is reported as verified.


@pytest.fixture
def blue(plan):
    return StatusWord.objects.create(
        council=plan.council, position=6, word="Blue", meaning=Meaning.VERIFIED, colour=Colour.BLUE
    )


@pytest.fixture
def verified(plan, actions, blue, manager, author):
    """T1.9 recorded complete by the manager and verified by an author; T1.10 recorded complete only."""
    for ref in ("T1.9", "T1.10"):
        actions[ref].record_update(
            by=manager, word=status_word(plan.council, "Complete"), note=f"{ref} is done", on=date(2024, 1, 5)
        )
    actions["T1.9"].record_update(
        by=author, word=blue, note="Checked it", evidence="The board's minutes of March 2024", on=date(2024, 2, 1)
    )
    return actions


def row_of(text, ref, following):
    return text[text.index(f"{ref} Focus of {ref}") : text.index(following)]


def test_the_pdf_shows_each_actions_word_with_its_meaning(plan, verified):
    text = pdf_text(render_plan_pdf(fresh(plan)))
    assert "Started (in progress, on track)" not in row_of(text, "T1.1", "T1.2 Focus of T1.2")
    assert "On track (in progress, on track)" in row_of(text, "T1.1", "T1.2 Focus of T1.2")
    assert "To be started (not started)" in row_of(text, "T1.2", "T1.9 Focus of T1.9")
    assert "Blue (complete and verified)" in row_of(text, "T1.9", "T1.10 Focus of T1.10")


def test_the_pdf_reports_as_verified_only_an_action_whose_word_means_so(plan, verified, author):
    text = pdf_text(render_plan_pdf(fresh(plan)))
    assert text.count("Verified by") == 1
    assert (
        f"Verified by {author.get_full_name()} on 1 February 2024. Evidence seen: The board's minutes of March 2024"
        in row_of(text, "T1.9", "T1.10 Focus of T1.10")
    )
    t110 = row_of(text, "T1.10", "T2.1 Focus of T2.1")
    assert "Complete" in t110 and "verified" not in t110.lower()


def test_the_summary_counts_verified_apart_from_complete(plan, verified):
    summary_page = page_texts(read(render_plan_pdf(fresh(plan))))[1]
    assert "Complete Complete and verified Total" in summary_page
    # 5 actions: 1 not started (T1.2), 1 on track (T1.1), 1 off track (T2.1), 1 complete, 1 verified.
    assert re.search(r"All actions 1 1 1 1 1 5", summary_page)


def test_a_progress_report_reports_verified_only_from_the_day_of_the_verification(verified, manager, approver, author):
    plan = sign_off(verified["T1.1"].plan, manager, approver)
    before = pdf_text(progress_report_response(plan, date(2024, 1, 31)).content)
    after = pdf_text(progress_report_response(plan, date(2024, 2, 1)).content)
    assert "Verified by" not in before and "Complete" in row_of(before, "T1.9", "T1.10 Focus of T1.10")
    assert f"Verified by {author.get_full_name()} on 1 February 2024" in after


def test_an_action_verified_then_reopened_is_no_longer_reported_as_verified(plan, verified, manager):
    verified["T1.9"].record_update(by=manager, word=status_word(plan.council, "Off track"), note="Figures wrong")
    assert "Verified by" not in pdf_text(render_plan_pdf(fresh(plan)))


def test_a_progress_report_needs_a_signed_off_plan(plan, actions):
    with pytest.raises(ValueError):
        progress_report_response(fresh(plan), date(2023, 7, 1))


def test_the_number_of_queries_does_not_grow_with_the_actions(council, manager):
    counts = []
    for size in (5, 60):
        plan = ActionPlanFactory(council=council, created_by=manager)
        made = []
        for n in range(size):
            action = ActionFactory(
                plan=plan,
                ref=f"T{n % 4 + 1}.{n + 1}",
                quality_statement=statement("Assessing needs" if n % 2 else "Safeguarding"),
            )
            MilestoneFactory(action=action, due_date=date(2024, 1 + n % 12, 1))
            record(action, "Started", date(2023, 5, 1), manager, f"Update {n}")
            if made:
                action.linked_actions.add(made[-1])
            made.append(action)
        loaded = fresh(plan)
        with CaptureQueriesContext(connection) as draft:
            plan_pdf_response(loaded)
        counts.append(len(draft))
    assert counts[0] == counts[1]
    assert counts[0] <= 9  # and the PDF looked for among those kept, and kept once made


def test_the_number_of_queries_of_a_progress_report_is_fixed(signed_off, django_assert_max_num_queries):
    loaded = fresh(signed_off)
    with django_assert_max_num_queries(8):
        progress_report_response(loaded, date(2023, 7, 1))


def test_an_empty_plan_still_renders(plan):
    texts = page_texts(read(render_plan_pdf(fresh(plan))))
    assert "No actions recorded." in " ".join(texts)


# The views.


def test_a_viewer_of_the_council_downloads_the_draft(client, plan, actions, viewer):
    client.force_login(viewer)
    response = client.get(reverse("actionplans:pdf", args=[plan.pk]))
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF-")
    assert response["Content-Disposition"].startswith(f'attachment; filename="action-plan-{plan.pk}-')
    assert response["Content-Disposition"].endswith('-draft.pdf"')


@pytest.mark.parametrize("name", ["actionplans:pdf", "actionplans:progress-report"])
def test_a_person_of_another_council_gets_404(client, signed_off, outsider, name):
    client.force_login(outsider)
    assert client.get(reverse(name, args=[signed_off.pk])).status_code == 404


def test_the_progress_report_page_offers_a_date_today_by_default(client, signed_off, viewer):
    client.force_login(viewer)
    response = client.get(reverse("actionplans:progress-report", args=[signed_off.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    today = timezone.localdate()
    assert 'method="get"' in page
    assert f'name="on_0" value="{today.day}"' in page
    assert f'name="on_2" value="{today.year}"' in page
    assert "Download the progress report (PDF)" in page


def test_the_progress_report_form_downloads_the_report(client, signed_off, viewer):
    client.force_login(viewer)
    response = client.get(
        reverse("actionplans:progress-report", args=[signed_off.pk]), {"on_0": "1", "on_1": "7", "on_2": "2023"}
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].endswith('-progress-report-2023-07-01.pdf"')
    assert "Progress report as of 1 July 2023" in page_texts(read(response.content))[0]


@pytest.mark.parametrize(
    ("parts", "message"),
    [
        (("31", "2", "2023"), "The date of the report must be a real date"),
        (("1", "", "2023"), "The date of the report must include a month"),
        (("", "", ""), "Enter the date of the report"),
        (("1", "1", str(date.today().year + 1)), "The date of the report must be today or in the past"),
    ],
)
def test_a_bad_date_shows_the_form_with_an_error_summary(client, signed_off, viewer, parts, message):
    client.force_login(viewer)
    response = client.get(
        reverse("actionplans:progress-report", args=[signed_off.pk]),
        dict(zip(["on_0", "on_1", "on_2"], parts, strict=True)),
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    page = response.content.decode()
    assert "govuk-error-summary" in page
    assert message in page
    assert "<title>Error: " in page


def test_the_progress_report_of_a_draft_plan_offers_the_draft_pdf(client, plan, actions, viewer):
    client.force_login(viewer)
    response = client.get(
        reverse("actionplans:progress-report", args=[plan.pk]), {"on_0": "1", "on_1": "7", "on_2": "2023"}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "A progress report needs a signed-off plan" in page
    assert reverse("actionplans:pdf", args=[plan.pk]) in page
    assert 'name="on_0"' not in page


def test_the_pdf_and_the_report_take_only_get(client, signed_off, viewer):
    client.force_login(viewer)
    assert client.post(reverse("actionplans:pdf", args=[signed_off.pk])).status_code == 405
    assert client.post(reverse("actionplans:progress-report", args=[signed_off.pk])).status_code == 405
