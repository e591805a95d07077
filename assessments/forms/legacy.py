"""The forms of bringing in old EIAs from Word: the upload of the files, and for each file read, what EqA asks
of it before it is imported (its title as read, its service, and its review date where none was found)."""

from django import forms

from assessments.models.questions import EARLIEST_DATE, LATEST_DATE
from assessments.word_import import MAX_FILE_BYTES, MAX_FILES, MAX_UPLOAD_BYTES
from councils.fields import GOVUKDateField
from councils.forms import GDSFormMixin

ACCEPT = ".docx,.zip,application/vnd.openxmlformats-officedocument.wordprocessingml.document,application/zip"


class SeveralFilesInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class SeveralFilesField(forms.FileField):
    """Files chosen together: a list of them, each checked as a FileField checks one."""

    widget = SeveralFilesInput

    def clean(self, data, initial=None):
        chosen = [file for file in (data if isinstance(data, (list, tuple)) else [data]) if file]
        if not chosen:
            return [super().clean(None, initial)]  # "Choose …", as required
        return [super(SeveralFilesField, self).clean(file, initial) for file in chosen]


class LegacyUploadForm(GDSFormMixin, forms.Form):
    files = SeveralFilesField(
        label="Upload the EIAs' Word files",
        help_text=f"Word files (.docx), or a zip file of them: up to {MAX_FILES} at once, each up to "
        f"{MAX_FILE_BYTES // (1024 * 1024)} MB, {MAX_UPLOAD_BYTES // (1024 * 1024)} MB together.",
        error_messages={
            "required": "Choose the Word files of the EIAs, or a zip file of them",
            "empty": "A file is empty. Choose the Word files of the EIAs, or a zip file of them",
            "invalid": "Choose the Word files of the EIAs, or a zip file of them",
        },
        widget=SeveralFilesInput(attrs={"accept": ACCEPT, "multiple": True}),
    )


class LegacyFileForm(GDSFormMixin, forms.Form):
    """What one file needs before it is imported. `found` is what EqA read of it."""

    title = forms.CharField(label="Title", max_length=300)
    # The council's services, read once for every file of the upload (a ModelChoiceField asks the database again for
    # each file's list, and again to check each choice).
    service = forms.TypedChoiceField(label="Service", error_messages={"required": "Choose the service the EIA is for"})
    review_due = GOVUKDateField(
        what="the review date",
        label="Review date",
        help_text="When the EIA is to be reviewed. For example, 31 3 2026",
        between=(EARLIEST_DATE, LATEST_DATE),
    )

    def __init__(self, *args, council, found, services, **kwargs):
        """`services`: the council's, a list read once for the whole upload."""
        super().__init__(*args, **kwargs)
        self.found = found
        self.services = {str(service.pk): service for service in services}
        self.fields["service"].choices = [("", "Choose a service")] + [
            (pk, service.path) for pk, service in self.services.items()
        ]
        self.fields["service"].coerce = self.services.get
        self.fields["service"].label = f"Which of {council.name}'s services is it for?"
        if not self.is_bound:
            self.initial["title"] = found.title
            if found.review_due:
                self.initial["review_due"] = found.review_due_date
        if not found.review_due:
            self.fields["review_due"].help_text = (
                "No review date was found in the file. " + self.fields["review_due"].help_text
            )
        self.lay_out()

    def clean(self):
        cleaned = super().clean()
        review_due = cleaned.get("review_due")
        assessed_on = self.found.assessed_on_date
        if review_due and assessed_on and review_due < assessed_on:
            self.add_error(
                "review_due",
                forms.ValidationError(
                    f"The review date must be after the date of the assessment, {assessed_on:%-d %B %Y}",
                    code="review_before_assessment",
                ),
            )
        return cleaned
