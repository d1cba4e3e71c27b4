from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from records.sheets.kinds import SHEETS, get_sheet
from records.sheets.services import sheet_export

FORMATS = ("xlsx", "csv")


class Command(BaseCommand):
    help = (
        "Xuất mọi bản ghi của một loại bảng tính ra tệp xlsx hoặc CSV (UTF-8 có BOM, mở được bằng Excel), "
        "nhập lại được mà không thay đổi gì."
    )

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=sorted(SHEETS), metavar="LOẠI", help=", ".join(sorted(SHEETS)))
        parser.add_argument("file", metavar="TỆP")
        parser.add_argument(
            "--format", choices=FORMATS, help="xlsx hoặc csv; mặc định theo đuôi tệp, không rõ thì xlsx."
        )
        parser.add_argument("--congress", metavar="MÃ", help="Chỉ xuất bản ghi của đại hội có mã (id) này.")

    def handle(self, *args, kind, file, format=None, congress=None, **options):
        resource_class = get_sheet(kind)
        path = Path(file)
        file_format = format or ("csv" if path.suffix.lower() == ".csv" else "xlsx")
        records = resource_class.all_records()
        if congress is not None:
            try:
                records = resource_class.for_congress(records, resource_class.find_congress(congress))
            except ValueError as error:
                raise CommandError(str(error)) from error
        content = sheet_export(kind=kind, queryset=records, file_format=file_format)
        try:
            path.write_bytes(content)
        except OSError as error:
            raise CommandError(f"Không ghi được tệp “{file}”: {error.strerror}.") from error
        self.stdout.write(
            f"Đã xuất {records.count()} dòng ({resource_class.sheet_title().lower()}) ra “{path}”."
        )
