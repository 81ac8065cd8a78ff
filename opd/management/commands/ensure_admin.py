"""python manage.py ensure_admin — create a first administrator when none exists, and print its credentials."""

import os

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

from opd.choices import Role
from opd.services import provision_user


class Command(BaseCommand):
    help = "Create the first admin account (username from ADMIN_USERNAME, default 'admin') if there is no admin."

    def handle(self, *args, **options):
        User = get_user_model()
        has_admin = (
            User.objects.filter(is_active=True, membership__role=Role.ADMIN)
            .exclude(username__startswith="demo-")
            .exists()
            or User.objects.filter(is_superuser=True, is_active=True).exists()
        )
        if has_admin:
            self.stdout.write("An administrator account already exists; none created.")
            return
        username = os.environ.get("ADMIN_USERNAME", "admin")
        result = provision_user(
            username=username, role=Role.ADMIN, opd_code=None, email=os.environ.get("ADMIN_EMAIL") or None
        )
        result.user.is_superuser = True
        result.user.save(update_fields=["is_superuser"])
        self.stdout.write(self.style.SUCCESS("First administrator created:"))
        self.stdout.write(f"  username: {result.user.username}")
        self.stdout.write(f"  password: {result.password}")
