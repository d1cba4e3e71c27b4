from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from congress.tooling.loadtest.run import LoadRun, LoadTestError, Options
from congress.tooling.loadtest.server import DEFAULT_TIMEOUT, DEFAULT_WORKERS, ServerError
from congress.tooling.loadtest.workload import EVERYTHING, SCOPES, NothingToLoad


def positive(value):
    number = int(value)
    if number < 1:
        raise ValueError(value)
    return number


def share(value):
    number = float(value)
    if not 0 < number <= 2:
        raise ValueError(value)
    return number


def seconds_range(value):
    low, high = (float(part) for part in value.split(","))
    if not 0 <= low <= high:
        raise ValueError(value)
    return low, high


# A run of a few seconds on tiny data, for CI: that everything answers and every import is whole
# or untouched, not how fast.
SMOKE = {
    "people": 400,
    "duration": 8,
    "workers": 3,
    "clerks": 2,
    "readers": 4,
    "reader_interval": 0.5,
    "clerk_think": (0.1, 0.3),
    "rosters_per_clerk": 3,
    "export_pause": 4,
    "baseline_runs": 1,
}


class Command(BaseCommand):
    help = (
        "Thử tải một ngày đại hội: chạy gunicorn với cấu hình production trên cơ sở dữ liệu đang cấu "
        "hình (sinh dữ liệu giả lập nếu còn trống), đo từng trang đọc khi chỉ một người dùng, rồi cho "
        "locust đóng vai người đọc, cán bộ nhập liệu (danh sách quản trị, tìm chọn, lưu biểu mẫu, nhập "
        "danh sách 200 dòng có xem trước và xác nhận) và một người quản lý xuất 100.000 dòng; in một bảng "
        "số yêu cầu mỗi giây, trung vị, phân vị 95 và 99, lỗi, và kết quả kiểm tra mọi lần nhập: trọn "
        "vẹn hoặc không ghi gì. Thoát với mã lỗi khi một chỉ tiêu không đạt."
    )

    def add_arguments(self, parser):
        add = parser.add_argument
        add(
            "--people", type=positive, default=1_000_000, help="Số người sinh ra khi cơ sở dữ liệu còn trống."
        )
        add("--seed", type=int, default=0, help="Hạt giống của dữ liệu giả lập.")
        add("--duration", type=positive, default=180, help="Số giây chạy tải (mặc định 180).")
        add(
            "--workers",
            type=positive,
            default=DEFAULT_WORKERS,
            help="Số worker gunicorn (mặc định 2 × số lõi + 1).",
        )
        add(
            "--timeout",
            type=positive,
            default=DEFAULT_TIMEOUT,
            help="Thời hạn một yêu cầu của gunicorn, giây.",
        )
        add("--clerks", type=positive, default=20, help="Số cán bộ nhập liệu (mặc định 20).")
        add(
            "--readers",
            type=positive,
            help="Số người đọc (mặc định: tính từ phép đo một người dùng và --load).",
        )
        add(
            "--reader-interval",
            type=float,
            default=10.0,
            help="Trung bình số giây giữa hai trang của một người đọc.",
        )
        add("--load", type=share, default=0.7, help="Tải người đọc so với năng lực ước tính (mặc định 0,7).")
        add(
            "--clerk-think",
            type=seconds_range,
            default=(5.0, 30.0),
            help="Giây nghỉ giữa hai việc của cán bộ: A,B.",
        )
        add(
            "--import-chance",
            type=share,
            default=0.4,
            help="Tỷ lệ vòng việc của cán bộ có nhập một danh sách.",
        )
        add("--rosters-per-clerk", type=positive, default=4, help="Số danh sách chuẩn bị cho mỗi cán bộ.")
        add("--roster-rows", type=positive, default=200, help="Số dòng mỗi danh sách (mặc định 200).")
        add(
            "--export-rows", type=positive, default=100_000, help="Số người trong phạm vi người quản lý xuất."
        )
        add(
            "--export-pause", type=positive, default=60, help="Giây nghỉ giữa hai lần xuất của người quản lý."
        )
        add("--baseline-runs", type=positive, default=5, help="Số lần đo mỗi trang khi chỉ một người dùng.")
        add("--conn-max-age", type=int, default=60, help="DJANGO_CONN_MAX_AGE của gunicorn (mặc định 60).")
        add("--kill-worker-after", type=float, metavar="S", help="Giết một worker (SIGKILL) sau S giây tải.")
        add(
            "--scope",
            choices=SCOPES,
            default=EVERYTHING,
            help=(
                "Phạm vi của người đọc và người quản lý: everything (mọi hồ sơ, như khi đo benchmark; mặc "
                "định) hoặc city (một tỉnh, thành phố; người quản lý: các tỉnh đủ số người cần xuất)."
            ),
        )
        add(
            "--out-dir", type=Path, default=Path(settings.BASE_DIR) / "loadtest-data", help="Thư mục kết quả."
        )
        add(
            "--smoke",
            action="store_true",
            help=(
                "Chạy thử vài giây trên dữ liệu nhỏ (CI): chỉ lỗi và tính trọn vẹn của các lần nhập "
                "quyết định kết quả."
            ),
        )

    def handle(self, *args, **values):
        smoke = values["smoke"]
        if smoke:
            defaults = {key: self.parser_default(key) for key in SMOKE}
            for key, value in SMOKE.items():
                if values[key] == defaults[key]:
                    values[key] = value
        options = Options(**{name: values[name] for name in Options.__dataclass_fields__ if name in values})
        try:
            table = LoadRun(options, self.stdout.write).run()
        except (LoadTestError, ServerError, NothingToLoad) as error:
            raise CommandError(str(error)) from error
        if smoke:
            self.stdout.write(
                "Smoke run: only errors and imports decide; timings at this size are not measures."
            )
        if not table.integrity_passed:
            raise CommandError("Có lỗi hoặc có lần nhập không trọn vẹn (xem bảng).")
        if not smoke and not table.passed:
            raise CommandError("Có chỉ tiêu không đạt (xem bảng).")

    def parser_default(self, key):
        return self.create_parser("manage.py", "loadtest").get_default(key)
