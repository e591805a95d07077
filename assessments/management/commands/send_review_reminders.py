"""Emails the review reminders due today. Run it daily (cron); running it more often, or on several servers at
once, sends nothing twice."""

from datetime import date

from django.core.management.base import BaseCommand, CommandError

from assessments.reminders import run


class Command(BaseCommand):
    help = (
        "Email the lead officer and approvers of each signed-off EIA, and the author and approvers of each "
        "screened-out decision, whose review date is 90, 30 or 0 days away, or past. Each reminder goes once, "
        "however often this runs."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--date",
            dest="today",
            metavar="YYYY-MM-DD",
            help="Act as if today were this date, to catch up or to try it out.",
        )

    def handle(self, *args, today=None, **options):
        if today:
            try:
                today = date.fromisoformat(today)
            except ValueError as error:
                raise CommandError(f"--date must be a date such as 2025-07-14, not {today!r}") from error
        self.stdout.write(run(today).summary())
