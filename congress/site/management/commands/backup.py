import os
import time

from django.core.management.base import BaseCommand
from django.db import DEFAULT_DB_ALIAS
from django.template.defaultfilters import filesizeformat

from congress.site.backup import report, write_backup


class Command(BaseCommand):
    help = (
        "Sao lưu toàn bộ hồ sơ (ứng dụng records và congress, cả lịch sử thay đổi), người dùng, nhóm "
        "quyền và nhật ký quản trị vào một tệp JSON; nén gzip khi tên tệp kết thúc bằng .gz. Tệp chỉ "
        "chủ sở hữu đọc được, vì có dữ liệu cá nhân và mã băm mật khẩu. Khôi phục bằng `restore`."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="tệp sao lưu, ví dụ ho-so-2025-07-16.json.gz")
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)

    def handle(self, *args, file, database, **options):
        started = time.monotonic()
        counts = write_backup(file, using=database)
        summary = (
            f"Đã sao lưu {counts.total()} bản ghi của {len(counts)} bảng vào {file} "
            f"({filesizeformat(os.path.getsize(file))}, {time.monotonic() - started:.1f} giây)."
        )
        report(self, counts, summary, options["verbosity"])
