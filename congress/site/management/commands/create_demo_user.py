from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

USERNAME = "demo"
PASSWORD = "demo-dai-hoi-2025"


def login_url(address):
    """The admin's address on a server started by `runserver ADDRESS` ("8080", "0.0.0.0:8080")."""
    host, _, port = address.rpartition(":")
    if host in ("", "0", "0.0.0.0", "[::]"):
        host = "127.0.0.1"  # the server listens on every address, this machine's among them
    return f"http://{host}:{port or '8000'}/admin/"


class Command(BaseCommand):
    help = "Creates (or resets) the local demo login and prints it. Only in debug mode."

    def add_arguments(self, parser):
        parser.add_argument(
            "--address", default="127.0.0.1:8000", help="The server's address, as runserver is given it."
        )

    def handle(self, *args, **options):
        # A known password must never exist on a real server.
        if not settings.DEBUG:
            raise CommandError("The demo login is only for local development (set DJANGO_DEBUG=1).")
        user, _ = get_user_model().objects.get_or_create(username=USERNAME)
        user.is_staff = user.is_superuser = True
        user.set_password(PASSWORD)
        user.save()
        self.stdout.write(
            f"Đăng nhập thử / demo login: {login_url(options['address'])}  tên: {USERNAME}  mật khẩu: {PASSWORD}"
        )
