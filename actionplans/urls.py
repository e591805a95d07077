from django.urls import path

from actionplans.models import PlanStep
from actionplans.views import actions, cqc, exports, frameworks, history, imports, lifecycle, pdfs, plans, words

app_name = "actionplans"

urlpatterns = [
    path("", plans.plan_list, name="list"),
    path("new/", plans.plan_start, name="start"),
    path("<int:pk>/", plans.plan_page, name="plan"),
    path("<int:pk>/details/", plans.plan_edit, name="edit"),
    path("<int:pk>/delete/", plans.plan_delete, name="delete"),
    path("<int:pk>/actions/add/", actions.action_add, name="action-add"),
    path("<int:pk>/actions/<int:action_pk>/", actions.action_page, name="action"),
    path("<int:pk>/actions/<int:action_pk>/edit/", actions.action_edit, name="action-edit"),
    path("<int:pk>/actions/<int:action_pk>/update/", actions.action_update, name="action-update"),
    path(
        "<int:pk>/actions/<int:action_pk>/updates/<int:update_pk>/withdraw/",
        actions.update_withdraw,
        name="update-withdraw",
    ),
    path("<int:pk>/submit/", lifecycle.take_step, {"step": PlanStep.SUBMIT}, name="submit"),
    path("<int:pk>/return/", lifecycle.take_step, {"step": PlanStep.RETURN}, name="return"),
    path("<int:pk>/sign-off/", lifecycle.take_step, {"step": PlanStep.APPROVE}, name="approve"),
    path("<int:pk>/import/", imports.upload, name="import"),
    path("<int:pk>/import/<int:import_pk>/", imports.preview, name="import-preview"),
    path("<int:pk>/import/<int:import_pk>/columns/", imports.columns, name="import-columns"),
    path("<int:pk>/import/<int:import_pk>/statuses/", imports.statuses, name="import-statuses"),
    path("spreadsheet-columns/", imports.mapping_list, name="import-mappings"),
    path("spreadsheet-columns/<int:pk>/", imports.mapping_edit, name="import-mapping"),
    path("spreadsheet-statuses/<int:pk>/", imports.status_value_edit, name="import-status-value"),
    path("<int:pk>/export.xlsx", exports.plan_xlsx, name="export-xlsx"),
    path("<int:pk>/export.csv", exports.plan_csv, name="export-csv"),
    path("<int:pk>/history/", history.plan_history_page, name="history"),
    path("<int:pk>/pdf/", pdfs.plan_pdf, name="pdf"),
    path("<int:pk>/progress-report/", pdfs.progress_report, name="progress-report"),
    path("<int:pk>/cqc-scores/", cqc.plan_comparison, name="cqc-compare"),
    path("cqc/", cqc.result_list, name="cqc-list"),
    path("cqc/new/", cqc.result_start, name="cqc-start"),
    path("cqc/<int:pk>/", cqc.result_page, name="cqc-result"),
    path("cqc/<int:pk>/correct/", cqc.result_correct, name="cqc-correct"),
    path("cqc/<int:pk>/history/", cqc.result_history_page, name="cqc-history"),
    # Council settings: the frameworks plans are made against, the council's own among them.
    path("settings/<slug:slug>/frameworks/", frameworks.frameworks_page, name="settings-frameworks"),
    path("settings/<slug:slug>/frameworks/add/", frameworks.framework_add, name="settings-framework-add"),
    path("settings/<slug:slug>/frameworks/<int:framework_pk>/", frameworks.framework_page, name="settings-framework"),
    path(
        "settings/<slug:slug>/frameworks/<int:framework_pk>/details/",
        frameworks.framework_edit,
        name="settings-framework-edit",
    ),
    path(
        "settings/<slug:slug>/frameworks/<int:framework_pk>/themes/add/",
        frameworks.theme_form,
        name="settings-theme-add",
    ),
    path(
        "settings/<slug:slug>/frameworks/<int:framework_pk>/themes/<int:theme_pk>/",
        frameworks.theme_form,
        name="settings-theme-edit",
    ),
    path(
        "settings/<slug:slug>/frameworks/<int:framework_pk>/themes/<int:theme_pk>/move/",
        frameworks.part_move,
        name="settings-theme-move",
    ),
    path(
        "settings/<slug:slug>/frameworks/<int:framework_pk>/themes/<int:theme_pk>/remove/",
        frameworks.part_remove,
        name="settings-theme-remove",
    ),
    path(
        "settings/<slug:slug>/frameworks/<int:framework_pk>/themes/<int:theme_pk>/items/add/",
        frameworks.item_form,
        name="settings-item-add",
    ),
    path(
        "settings/<slug:slug>/frameworks/<int:framework_pk>/items/<int:item_pk>/",
        frameworks.item_form,
        name="settings-item-edit",
    ),
    path(
        "settings/<slug:slug>/frameworks/<int:framework_pk>/items/<int:item_pk>/move/",
        frameworks.part_move,
        name="settings-item-move",
    ),
    path(
        "settings/<slug:slug>/frameworks/<int:framework_pk>/items/<int:item_pk>/remove/",
        frameworks.part_remove,
        name="settings-item-remove",
    ),
    # Council settings: the council's words for an action's status.
    path("settings/<slug:slug>/status-words/", words.status_words, name="settings-status-words"),
    path("settings/<slug:slug>/status-words/add/", words.status_word_add, name="settings-status-word-add"),
    path("settings/<slug:slug>/status-words/<int:word_pk>/", words.status_word_edit, name="settings-status-word-edit"),
    path(
        "settings/<slug:slug>/status-words/<int:word_pk>/move/",
        words.status_word_move,
        name="settings-status-word-move",
    ),
    path(
        "settings/<slug:slug>/status-words/<int:word_pk>/retire/",
        words.status_word_retire,
        name="settings-status-word-retire",
    ),
]
