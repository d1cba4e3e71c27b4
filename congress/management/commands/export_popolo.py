import os
import tempfile
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from congress.popolo import popolo_document
from records import access, vietnamese
from records.management.commands.import_sheet import find_user

# The lists of the document, as the summary names them.
LIST_NAMES = {
    "persons": "người",
    "organizations": "tổ chức",
    "memberships": "chức vụ đảm nhiệm",
    "events": "đại hội",
    "speeches": "bài phát biểu",
}


def current_umask():
    umask = os.umask(0)
    os.umask(umask)
    return umask


class Command(BaseCommand):
    help = (
        "Xuất hồ sơ ra một tệp JSON theo chuẩn Popolo (popoloproject.com): người, tổ chức, chức vụ "
        "đảm nhiệm, đại hội và bài phát biểu, mỗi bản ghi kèm nguồn của nó. Mặc định xuất mọi hồ sơ; "
        "với --user chỉ xuất những hồ sơ người dùng đó được xem."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", metavar="TỆP", help="Tệp JSON sẽ ghi, ví dụ popolo.json.")
        parser.add_argument(
            "--user",
            metavar="TÊN",
            help="Tên đăng nhập: chỉ xuất phạm vi hồ sơ của người này, như họ xem trên trang.",
        )

    def handle(self, *args, file, user=None, **options):
        user = find_user(user)
        scope = access.EVERYTHING if user is None else access.scope_of(user)
        path = Path(file)
        counts = {}
        # Written beside the file and moved over it at the end: a failed export leaves no half file.
        try:
            handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        except OSError as error:
            raise CommandError(f"Không ghi được tệp “{file}”: {error.strerror}.") from error
        try:
            # mkstemp makes a file only its owner may read; the export is an ordinary file.
            os.chmod(temporary, 0o666 & ~current_umask())
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                for piece in popolo_document(scope, counts=counts):
                    out.write(piece)
            os.replace(temporary, path)
        except OSError as error:
            raise CommandError(f"Không ghi được tệp “{file}”: {error.strerror}.") from error
        finally:
            if os.path.exists(temporary):
                os.remove(temporary)
        written = ", ".join(
            f"{vietnamese.format_number(counts[key])} {name}" for key, name in LIST_NAMES.items()
        )
        self.stdout.write(f"Đã xuất ra “{path}”: {written}.")
