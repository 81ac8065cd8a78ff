"""python manage.py issue_api_token USERNAME [--scope read|write] [--name NAME]: prints the key on its last line."""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from opd.choices import TokenScope
from opd.services import issue_token


class Command(BaseCommand):
    help = "Issue a REST API token for a user. The key is printed once, alone on the last line; only its hash is kept."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--scope", choices=TokenScope.values, default=TokenScope.READ)
        parser.add_argument("--name", default="command line", help="What the token is for")

    def handle(self, *args, **opts):
        User = get_user_model()
        try:
            user = User.objects.get(username=opts["username"])
        except User.DoesNotExist:
            raise CommandError(f"No user named {opts['username']!r}.")
        try:
            issued = issue_token(None, user=user, name=opts["name"], scope=opts["scope"])
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        token = issued.token
        self.stderr.write(
            f"Issued {token.scope} token {token.name!r} ({token.prefix}…) for {user.username}. "
            "Store the key now: it cannot be shown again."
        )
        self.stdout.write(issued.key)
