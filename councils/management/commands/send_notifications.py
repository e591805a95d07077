"""Records the emails due today (an action's monthly update, its target date passed), queues each person's daily
digest and any email whose task was lost, for the worker (`manage.py db_worker`) to send. Run it daily (cron);
running it more often, or on several servers at once, sends nothing twice.

It also forgets the draft PDFs kept (councils/pdf.py) that nobody downloaded for a week: here, once a day, rather
than on each new one, so that a download that makes a PDF costs one write, and the table holds about a week's drafts."""

from datetime import date

from django.core.management.base import BaseCommand, CommandError

from councils.notifications import daily
from councils.pdf import KEPT_PDF_DAYS, forget_unused_pdfs


class Command(BaseCommand):
    help = (
        "Record the monthly update due to each action's lead officer and each action past its target date, and "
        "queue the daily digests, for the worker to send. Each goes once, however often this runs. Forget the draft "
        f"PDFs kept that nobody downloaded for {KEPT_PDF_DAYS} days."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--date", dest="today", metavar="YYYY-MM-DD", help="Act as if today were this date, to try it out."
        )

    def handle(self, *args, today=None, **options):
        if today:
            try:
                today = date.fromisoformat(today)
            except ValueError as error:
                raise CommandError(f"--date must be a date such as 2025-07-14, not {today!r}") from error
        recorded, digests, requeued = daily(today)
        forgotten = forget_unused_pdfs()
        self.stdout.write(
            f"Recorded {recorded} email{'' if recorded == 1 else 's'} due today; queued {digests} daily "
            f"digest{'' if digests == 1 else 's'} and {requeued} email{'' if requeued == 1 else 's'} not yet sent. "
            f"Forgot {forgotten} kept draft PDF{'' if forgotten == 1 else 's'} unused for {KEPT_PDF_DAYS} days."
        )
