"""Loads the demo councils, their people and each app's demo records. Running it again changes nothing."""

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction
from django.urls import reverse

from councils.demo import DEMO_COUNCILS
from councils.models import Council, Membership, Role, Service

# Demo passwords are printed for anyone to read: these accounts exist only where this command was run.
DEMO_PASSWORD = "demo-password-for-eqa"
DEMO_PEOPLE = {
    Role.AUTHOR: ("demo-author", "Demo", "Author"),
    Role.MANAGER: ("demo-manager", "Demo", "Manager"),
    Role.APPROVER: ("demo-approver", "Demo", "Approver"),
    Role.MODERATOR: ("demo-moderator", "Demo", "Moderator"),
    Role.VIEWER: ("demo-viewer", "Demo", "Viewer"),
    Role.COUNCIL_ADMIN: ("demo-admin", "Demo", "Council admin"),
}


class Command(BaseCommand):
    help = (
        "Load the demo councils (Cheshire West and Chester, and Kent, set up differently), one account per role "
        "in both, and their documents."
    )

    @transaction.atomic
    def handle(self, *args, **options):
        people = {}
        User = get_user_model()
        for role, (username, first_name, last_name) in DEMO_PEOPLE.items():
            user, created = User.objects.get_or_create(
                username=username, defaults={"first_name": first_name, "last_name": last_name}
            )
            if created:
                user.set_password(DEMO_PASSWORD)
                user.save(update_fields=["password"])
            people[role] = user

        for slug, (name, services, settings) in DEMO_COUNCILS.items():
            # The settings only when the demo creates the council: a council admin's later change stands.
            council, _ = Council.objects.get_or_create(slug=slug, defaults={"name": name, **settings})
            parent = None
            for service in services:
                parent, _ = Service.objects.get_or_create(council=council, parent=parent, name=service)
            for role, user in people.items():
                Membership.objects.get_or_create(user=user, council=council, role=role)
            for config in apps.get_app_configs():
                if hasattr(config, "load_demo"):
                    config.load_demo(council, people)
            self.stdout.write(f"Demo council: {council.name}")
            if council.register_public:
                self.stdout.write(f"  its public register, for anyone: {reverse('register:list', args=[council.slug])}")

        # Addresses once the demo's records are made, so that making them emails nobody; under the reserved .example
        # domain, which no mail server delivers: `make run` prints each step's emails, where a newcomer sees them.
        for user in people.values():
            if not user.email:
                User.objects.filter(pk=user.pk).update(email=f"{user.username}@eqa-demo.example")
        self.stdout.write(f"Demo sign-ins (password for each: {DEMO_PASSWORD}):")
        for role, (username, _, _) in DEMO_PEOPLE.items():
            self.stdout.write(f"  {username:16} {Role(role).label}")
