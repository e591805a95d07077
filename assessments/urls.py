from django.urls import path

from assessments.models import ScreeningStep, Step
from assessments.views import (
    assessments,
    cumulative,
    duties,
    exports,
    grid_rows,
    history,
    legacy,
    lifecycle,
    pdfs,
    questions,
    rows,
    screenings,
)

app_name = "assessments"

urlpatterns = [
    path("", assessments.assessment_list, name="list"),
    path("new/", assessments.assessment_start, name="start"),
    path("register.xlsx", exports.register_xlsx, name="register-xlsx"),
    path("register.csv", exports.register_csv, name="register-csv"),
    path("cumulative/<slug:slug>/", cumulative.cumulative_page, name="cumulative"),
    path("cumulative/<slug:slug>/pdf/", cumulative.cumulative_pdf, name="cumulative-pdf"),
    # EIAs made before EqA, brought in from Word.
    path("from-word/", legacy.legacy_list, name="legacy-list"),
    path("from-word/<int:pk>/", legacy.legacy_page, name="legacy"),
    path("from-word/<int:pk>/file/", legacy.legacy_file, name="legacy-file"),
    path("from-word/<int:pk>/history/", legacy.legacy_history_page, name="legacy-history"),
    path("from-word/<int:pk>/review/", legacy.legacy_review, name="legacy-review"),
    path("<int:pk>/", assessments.assessment_detail, name="detail"),
    path("<int:pk>/details/", assessments.assessment_edit, name="edit"),
    path("<int:pk>/delete/", assessments.assessment_delete, name="delete"),
    path("<int:pk>/grid/", assessments.assessment_grid, name="grid"),
    path("<int:pk>/grid/rows/add/", rows.row_add, name="row-add"),
    path("<int:pk>/grid/rows/<int:row_pk>/remove/", rows.row_remove, name="row-remove"),
    path("<int:pk>/coverage/", assessments.coverage, name="coverage"),
    path("<int:pk>/actions/add/", assessments.action_add, name="action-add"),
    path("<int:pk>/actions/<int:action_pk>/", assessments.action_edit, name="action-edit"),
    path("<int:pk>/actions/<int:action_pk>/remove/", assessments.action_remove, name="action-remove"),
    path("<int:pk>/submit/", lifecycle.take_step, {"step": Step.SUBMIT}, name="submit"),
    path("<int:pk>/return/", lifecycle.take_step, {"step": Step.RETURN}, name="return"),
    path("<int:pk>/sign-off/", lifecycle.take_step, {"step": Step.APPROVE}, name="approve"),
    path("<int:pk>/moderation/", lifecycle.take_step, {"step": Step.MODERATE}, name="moderate"),
    path("<int:pk>/publish/", lifecycle.take_step, {"step": Step.PUBLISH}, name="publish"),
    path("<int:pk>/review/", lifecycle.take_step, {"step": Step.START_REVIEW}, name="start-review"),
    path("<int:pk>/history/", history.assessment_history_page, name="history"),
    path("<int:pk>/pdf/", pdfs.assessment_pdf, name="pdf"),
    path("<int:pk>/pdf/<int:issued_pk>/", pdfs.issued_pdf, name="issued-pdf"),
    # Screenings: the short first step that decides whether a full EIA is needed.
    path("screenings/new/", screenings.screening_start, name="screening-start"),
    path("screenings/<int:pk>/", screenings.screening_detail, name="screening"),
    path("screenings/<int:pk>/details/", screenings.screening_edit, name="screening-edit"),
    path("screenings/<int:pk>/answers/", screenings.screening_answers, name="screening-answers"),
    path("screenings/<int:pk>/delete/", screenings.screening_delete, name="screening-delete"),
    path(
        "screenings/<int:pk>/submit/",
        screenings.take_screening_step,
        {"step": ScreeningStep.SUBMIT},
        name="screening-submit",
    ),
    path(
        "screenings/<int:pk>/return/",
        screenings.take_screening_step,
        {"step": ScreeningStep.RETURN},
        name="screening-return",
    ),
    path(
        "screenings/<int:pk>/screen-out/",
        screenings.take_screening_step,
        {"step": ScreeningStep.APPROVE},
        name="screening-screen-out",
    ),
    path(
        "screenings/<int:pk>/require-full-eia/",
        screenings.take_screening_step,
        {"step": ScreeningStep.REQUIRE_FULL_EIA},
        name="screening-require-full-eia",
    ),
    path(
        "screenings/<int:pk>/start-eia/",
        screenings.take_screening_step,
        {"step": ScreeningStep.START_EIA},
        name="screening-start-eia",
    ),
    path(
        "screenings/<int:pk>/reopen/",
        screenings.take_screening_step,
        {"step": ScreeningStep.REOPEN},
        name="screening-reopen",
    ),
    path("screenings/<int:pk>/history/", screenings.screening_history_page, name="screening-history"),
    path("screenings/<int:pk>/pdf/", screenings.screening_pdf, name="screening-pdf"),
    path("screenings/<int:pk>/pdf/<int:issued_pk>/", screenings.screening_issued_pdf, name="screening-issued-pdf"),
    # Council settings: the rows a new EIA's grid is copied from.
    path("settings/<slug:slug>/grid-rows/", grid_rows.grid_rows, name="settings-grid-rows"),
    path("settings/<slug:slug>/grid-rows/add/", grid_rows.grid_row_form, name="settings-grid-row-add"),
    path("settings/<slug:slug>/grid-rows/<int:row_pk>/", grid_rows.grid_row_form, name="settings-grid-row-edit"),
    path("settings/<slug:slug>/grid-rows/<int:row_pk>/move/", grid_rows.grid_row_move, name="settings-grid-row-move"),
    path(
        "settings/<slug:slug>/grid-rows/<int:row_pk>/remove/",
        grid_rows.grid_row_remove,
        name="settings-grid-row-remove",
    ),
    # Council settings: bringing in the council's old EIAs from Word.
    path("settings/<slug:slug>/from-word/", legacy.legacy_upload, name="legacy-import"),
    path("settings/<slug:slug>/from-word/<int:import_pk>/", legacy.legacy_preview, name="legacy-import-preview"),
    # Council settings: the nation whose equality duties the grid must consider.
    path("settings/<slug:slug>/duties/", duties.duties, name="settings-duties"),
    path("settings/<slug:slug>/duties/add-rows/", duties.duties_add_rows, name="settings-duties-add-rows"),
    # Council settings: the standard fields EIAs ask, and the council's own questions.
    path("settings/<slug:slug>/questions/", questions.questions_page, name="settings-questions"),
    path("settings/<slug:slug>/questions/fields/", questions.standard_fields_form, name="settings-standard-fields"),
    path("settings/<slug:slug>/questions/add/", questions.question_form, name="settings-question-add"),
    path("settings/<slug:slug>/questions/<int:question_pk>/", questions.question_form, name="settings-question-edit"),
    path(
        "settings/<slug:slug>/questions/<int:question_pk>/move/", questions.question_move, name="settings-question-move"
    ),
    path(
        "settings/<slug:slug>/questions/<int:question_pk>/retire/",
        questions.question_retire,
        name="settings-question-retire",
    ),
]
