from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from records.sheets.kinds import SHEETS, get_sheet
from records.sheets.services import sheet_export

from .import_sheet import container_of

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
        parser.add_argument(
            "--election",
            metavar="MÃ",
            help="Chỉ xuất kết quả của cuộc bầu cử có mã (id hoặc mã định danh) này.",
        )

    def handle(self, *args, kind, file, format=None, congress=None, election=None, **options):
        resource_class = get_sheet(kind)
        path = Path(file)
        file_format = format or ("csv" if path.suffix.lower() == ".csv" else "xlsx")
        records = resource_class.all_records()
        container = container_of(resource_class, kind, congress=congress, election=election)
        if container is not None:
            records = resource_class.for_congress(records, container)
        content = sheet_export(kind=kind, queryset=records, file_format=file_format)
        try:
            path.write_bytes(content)
        except OSError as error:
            raise CommandError(f"Không ghi được tệp “{file}”: {error.strerror}.") from error
        self.stdout.write(
            f"Đã xuất {records.count()} dòng ({resource_class.sheet_title().lower()}) ra “{path}”."
        )
