import time

from django.core.management.base import BaseCommand
from django.db import DEFAULT_DB_ALIAS

from congress.site.backup import report
from congress.site.restore import restore_backup


class Command(BaseCommand):
    help = (
        "Khôi phục một bản sao lưu của `backup` vào cơ sở dữ liệu trống (vừa chạy `migrate`, chưa có hồ "
        "sơ, chưa có người dùng), trong một giao dịch: có lỗi thì không có gì được ghi. Nhóm quyền do "
        "migrate tạo được ghép theo tên. Phiên đăng nhập không được sao lưu: mọi người đăng nhập lại."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="tệp sao lưu (.json hoặc .json.gz)")
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)

    def handle(self, *args, file, database, **options):
        started = time.monotonic()
        counts = restore_backup(file, using=database)
        summary = (
            f"Đã khôi phục {counts.total()} bản ghi của {len(counts)} bảng từ {file} "
            f"({time.monotonic() - started:.1f} giây)."
        )
        report(self, counts, summary, options["verbosity"])
