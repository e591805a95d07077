from django.urls import path

from assessments import views

app_name = "assessments"

urlpatterns = [
    path("", views.assessment_list, name="list"),
    path("new/", views.assessment_start, name="start"),
    path("<int:pk>/", views.assessment_detail, name="detail"),
    path("<int:pk>/details/", views.assessment_edit, name="edit"),
    path("<int:pk>/grid/", views.assessment_grid, name="grid"),
    path("<int:pk>/actions/add/", views.action_add, name="action-add"),
    path("<int:pk>/actions/<int:action_pk>/", views.action_edit, name="action-edit"),
    path("<int:pk>/actions/<int:action_pk>/remove/", views.action_remove, name="action-remove"),
    path("<int:pk>/pdf/", views.assessment_pdf, name="pdf"),
]
