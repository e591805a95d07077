"""Makes councils at the size of a real one (scale-01, scale-02, …) for the benchmark. Councils already there are
left as they are, so the benchmark can run it every time and only the first run makes anything."""

import time
from collections import Counter
from datetime import datetime

from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.utils import timezone

from benchmarks.scale_data import PASSWORD, CouncilAtScale, Sizes, council_slug
from councils.models import Council


class Command(BaseCommand):
    help = "Make councils at the size of a real one, with their EIAs and action plans, for measuring pages."

    def add_arguments(self, parser):
        parser.add_argument("--councils", type=int, default=10, help="councils to make (default 10)")
        parser.add_argument(
            "--services", type=int, default=60, help="services per council, directorates and their teams (default 60)"
        )
        parser.add_argument(
            "--eias", type=int, default=1500, help="EIA records per council, older versions included (default 1500)"
        )
        parser.add_argument("--plans", type=int, default=5, help="action plans per council (default 5)")
        parser.add_argument("--actions", type=int, default=60, help="actions per plan (default 60)")
        parser.add_argument("--updates", type=int, default=24, help="monthly status updates per action (default 24)")
        parser.add_argument(
            "--scale",
            type=float,
            default=1.0,
            help="multiplies the services, EIAs, plans and actions, e.g. 0.01 for a quick run; "
            "the councils and the months of updates stay as given (default 1)",
        )
        parser.add_argument("--seed", type=int, default=1, help="the same seed makes the same councils (default 1)")

    def handle(self, *args, **options):
        started = time.monotonic()
        sizes = Sizes(
            services=options["services"],
            eias=options["eias"],
            plans=options["plans"],
            actions=options["actions"],
            updates=options["updates"],
        ).scaled(options["scale"])
        numbers = range(1, options["councils"] + 1)
        there = set(Council.objects.filter(slug__in=[council_slug(n) for n in numbers]).values_list("slug", flat=True))
        if there:
            self.stdout.write(f"Already there, left as they are: {', '.join(sorted(there))}")
        to_make = [n for n in numbers if council_slug(n) not in there]
        if not to_make:
            self.stdout.write("Nothing to make.")
            return

        self.stdout.write(
            f"Making {len(to_make)} councils, each with {sizes.services} services, {sizes.eias} EIA "
            f"records, {sizes.plans} plans of {sizes.actions} actions and {sizes.updates} monthly "
            f"updates of each."
        )
        # Hashing is slow on purpose: once for every account.
        password_hash = make_password(PASSWORD)
        now = timezone.make_aware(datetime.combine(timezone.localdate(), datetime.min.time()))
        counts = Counter()
        for number in to_make:
            council_started = time.monotonic()
            with transaction.atomic():
                council = CouncilAtScale(
                    number, sizes=sizes, seed=options["seed"], password_hash=password_hash, now=now, counts=counts
                ).build()
            self.stdout.write(f"  {council.slug} in {time.monotonic() - council_started:.1f}s")
        # The database plans queries by statistics it gathers on its own schedule; without fresh ones the
        # benchmark would measure plans made for nearly empty tables.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")

        self.stdout.write("Rows made:")
        for label, count in sorted(counts.items()):
            self.stdout.write(f"  {label:50} {count:>10,}")
        self.stdout.write(f"  {'in all':50} {sum(counts.values()):>10,}")
        self.stdout.write(
            f"Done in {time.monotonic() - started:.1f}s. Sign in as <council slug>-<role>, "
            f"e.g. {council_slug(to_make[0])}-author, with the password {PASSWORD}."
        )
