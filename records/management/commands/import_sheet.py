import argparse
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from records import access, vietnamese
from records.sheets.choices import NEW, REFUSE
from records.sheets.kinds import SHEETS, get_sheet
from records.sheets.services import sheet_import


def find_user(username):
    """The user a command's --user names (None when not given); CommandError when there is none."""
    if username is None:
        return None
    try:
        return get_user_model().objects.get_by_natural_key(username)
    except get_user_model().DoesNotExist:
        raise CommandError(f"Không có người dùng “{username}”.") from None


class Command(BaseCommand):
    help = (
        "Nhập một bảng tính (xlsx hoặc CSV) vào hồ sơ, tất cả hoặc không: một dòng lỗi thì không ghi gì. "
        "In số dòng mới, thay đổi, không đổi, hoặc mọi lỗi; thoát với mã khác 0 khi tệp bị từ chối."
    )

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=sorted(SHEETS), metavar="LOẠI", help=", ".join(sorted(SHEETS)))
        parser.add_argument("file", metavar="TỆP")
        parser.add_argument(
            "--dry-run", action="store_true", help="Chỉ cho biết sẽ thay đổi những gì; không ghi gì."
        )
        parser.add_argument(
            "--congress",
            metavar="MÃ",
            help="Mã (id) của đại hội mà danh sách thuộc về, khi loại cần đại hội.",
        )
        parser.add_argument(
            "--user",
            metavar="TÊN",
            help=(
                "Tên đăng nhập của người nhập, ghi vào nguồn và lịch sử; tệp chỉ được ghi vào phạm vi "
                "hồ sơ của người này, như khi nhập trong trang quản trị (trừ quản trị viên cấp cao)."
            ),
        )
        parser.add_argument("--reason", default="", metavar="LÝ DO", help="Lý do nhập, ghi vào lịch sử.")
        parser.add_argument(
            "--new-records",
            action="store_true",
            help=(
                "Coi mọi dòng “có thể trùng” (tên giống một người hay tổ chức đã có khi bỏ dấu, cùng "
                "năm sinh hoặc cùng tổ chức) là người, tổ chức mới. Không có tùy chọn này, một dòng "
                "như vậy làm tệp bị từ chối, trừ khi cột “Mã” (“Mã người”) của dòng ghi mã của bản ghi "
                "đã có, hoặc “mới”."
            ),
        )
        parser.add_argument(
            "--progress",
            action=argparse.BooleanOptionalAction,
            default=None,
            help=(
                "In tiến độ (số dòng đã đọc, đã kiểm tra, đã ghi) ra stderr sau mỗi 2.000 dòng; "
                "mặc định chỉ khi stderr là cửa sổ lệnh."
            ),
        )

    def handle(
        self,
        *args,
        kind,
        file,
        dry_run=False,
        congress=None,
        user=None,
        reason="",
        progress=None,
        new_records=False,
        **options,
    ):
        resource_class = get_sheet(kind)
        self.dry_run = dry_run
        if progress is None:
            progress = self.stderr.isatty()
        try:
            congress = resource_class.find_congress(congress) if congress is not None else None
        except ValueError as error:
            raise CommandError(str(error)) from error
        if resource_class.congress_field and congress is None:
            raise CommandError(f"Loại “{kind}” được nhập vào một đại hội: hãy cho biết --congress MÃ.")
        user = find_user(user)
        # A user named imports as in the admin, within their scope; without one, whoever runs the
        # command holds the database anyway.
        scope = access.EVERYTHING if user is None else access.scope_of(user)
        path = Path(file)
        try:
            with path.open("rb") as data:
                report = sheet_import(
                    kind=kind,
                    data=data,
                    file_name=path.name,
                    user=user,
                    congress=congress,
                    dry_run=dry_run,
                    scope=scope,
                    reason=reason,
                    progress=self.show_progress if progress else None,
                    duplicates=NEW if new_records else REFUSE,
                )
        except OSError as error:
            raise CommandError(f"Không mở được tệp “{file}”: {error.strerror}.") from error
        finally:
            self.end_progress()

        for warning in report.warnings:
            self.stdout.write(self.style.WARNING(warning))
        if report.refused:
            for error in report.errors:
                self.stderr.write(str(error))
            if report.flags:
                column = resource_class.choice_header
                hint = f"{len(report.flags)} dòng có thể trùng với bản ghi đã có: "
                if column:
                    hint += f"ghi mã của bản ghi (hoặc “mới”) vào cột “{column}”, "
                self.stderr.write(hint + "hoặc chạy lại với --new-records nếu đều là bản ghi mới.")
            raise CommandError(f"Tệp “{path.name}” bị từ chối ({len(report.errors)} lỗi); không ghi gì.")

        self.stdout.write(f"Tệp “{path.name}” ({resource_class.sheet_title().lower()}): {report.summary}.")
        for change in report.changes:
            self.stdout.write(f"  {change}")
        if report.changes_more:
            self.stdout.write(f"  … và {report.changes_more} thay đổi khác trên bản ghi đã có.")
        shown = 0
        for row in report.preview:
            if row.status == "unchanged":
                continue
            shown += 1
            self.stdout.write(f"  Dòng {row.number} – {str(row.label).lower()}: {self.describe(report, row)}")
        if report.written > shown:
            self.stdout.write(f"  … và {report.written - shown} dòng mới hoặc thay đổi khác.")
        if dry_run:
            self.stdout.write("Chạy thử: không ghi gì vào cơ sở dữ liệu.")
        elif report.source is not None:
            self.stdout.write(self.style.SUCCESS(f"Đã ghi; các dòng ghi được dẫn nguồn “{report.source}”."))
        else:
            self.stdout.write("Không có gì thay đổi; không ghi gì.")

    progress_shown = False

    def show_progress(self, run):
        """A line on stderr, rewritten once per chunk of rows, saying how far the import has got."""
        number = vietnamese.format_number
        line = f"Đã đọc {number(run.rows_read)}, đã kiểm tra {number(run.rows_checked)}"
        # A dry run writes too, to see what later rows find, but keeps nothing: not said.
        line += " dòng" if self.dry_run else f", đã ghi {number(run.rows_written)} dòng"
        # On a terminal the line is rewritten in place; elsewhere (a log) each is a line of its own.
        if self.stderr.isatty():
            self.stderr.write(f"\r{line}", ending="")
        else:
            self.stderr.write(line)
        self.stderr.flush()
        self.progress_shown = True

    def end_progress(self):
        if self.progress_shown and self.stderr.isatty():
            self.stderr.write("")
            self.progress_shown = False

    @staticmethod
    def describe(report, row):
        if row.status == "changed":
            cells = [
                f"{header} “{cell.value}”"
                for header, cell in zip(report.headers, row.cells, strict=True)
                if cell.changed
            ]
        else:
            cells = [cell.value for cell in row.cells if cell.value]
        return ", ".join(cells)
