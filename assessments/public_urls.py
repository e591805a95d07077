"""A council's public register, at /register/<council slug>/: anyone may read it without signing in."""

from django.urls import path

from assessments.views import public

app_name = "register"

urlpatterns = [
    path("<slug:slug>/", public.register_page, name="list"),
    path("<slug:slug>/register.csv", public.register_csv, name="csv"),
    path("<slug:slug>/register.json", public.register_json, name="json"),
    path("<slug:slug>/eia-pdf/<int:issued_pk>/", public.eia_pdf, name="eia-pdf"),
    path("<slug:slug>/screening-pdf/<int:issued_pk>/", public.screening_pdf, name="screening-pdf"),
    path("<slug:slug>/word-file/<int:legacy_pk>/", public.word_file, name="word-file"),
]
