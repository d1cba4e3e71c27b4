"""`manage.py congress_file UID OUT.zip`: a congress's file as a .zip, for batch use.

The .zip is the one the file page offers (congress/dossier/archive.py): the file, the report of
results and the request for approval as PDF and Word, and a spreadsheet of every list.
"""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from congress.dossier.archive import render_zip
from congress.dossier.gather import CongressRecords
from congress.models import Congress


class Command(BaseCommand):
    help = "Xuất hồ sơ một đại hội (PDF, Word và bảng tính) thành một tệp .zip."

    def add_arguments(self, parser):
        parser.add_argument("uid", help="Mã định danh (UID) của đại hội.")
        parser.add_argument("out", help="Tệp .zip sẽ ghi ra.")

    def handle(self, *args, uid, out, **options):
        try:
            records = CongressRecords.load(uid)
        except (Congress.DoesNotExist, ValidationError):
            raise CommandError(f"Không có đại hội có mã định danh “{uid}”.") from None
        exported = render_zip(records)
        path = Path(out)
        path.write_bytes(exported.content)
        self.stdout.write(
            f"Đã ghi hồ sơ {records.congress} vào {path} "
            f"({len(exported.content):,} byte, {exported.rows} dòng bảng tính).".replace(",", ".")
        )
