"""python manage.py adduser USERNAME --role {admin,viewer,opd_staff} [--opd CODE] [--email E] [--password P]"""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from opd.choices import Role
from opd.services import provision_user


class Command(BaseCommand):
    help = "Create or update a portal user with a role (and agency for OPD staff)."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--role", required=True, help="One of: " + ", ".join(Role.values))
        parser.add_argument("--opd", dest="opd", default=None, help="Agency code (required for opd_staff)")
        parser.add_argument("--email", default=None)
        parser.add_argument("--password", default=None, help="Generated and printed when omitted")

    def handle(self, *args, **opts):
        try:
            result = provision_user(
                username=opts["username"],
                role=opts["role"],
                opd_code=opts["opd"],
                email=opts["email"],
                password=opts["password"],
            )
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        verb = "created" if result.created else "updated"
        self.stdout.write(f"User {result.user.username} {verb} with role {opts['role']}.")
        if result.password:
            self.stdout.write(f"Password: {result.password}")
