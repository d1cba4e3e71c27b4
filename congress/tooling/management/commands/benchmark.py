import argparse
import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from congress.tooling.benchmark.dossier import FILES_IN_ONE_PROCESS, LARGE, Size
from congress.tooling.benchmark.pages import TIMED_RUNS
from congress.tooling.benchmark.processes import BenchmarkError
from congress.tooling.benchmark.run import PAGE_PASSES, Benchmark
from congress.tooling.benchmark.tasks import TASKS, run_task


def positive(value):
    number = int(value)
    if number < 1:
        raise ValueError(value)
    return number


def at_least_three(value):
    """Files of the large congress: the memory row compares the second with the last, after another."""
    number = int(value)
    if number < 3:
        raise ValueError(value)
    return number


def congress_size(value):
    """The delegates, indicators and elections of the large congress whose file is measured: 300,40,6."""
    return Size(*(positive(part) for part in value.split(",", 2)))


class Command(BaseCommand):
    help = (
        "Đo hiệu năng ở quy mô toàn quốc và in một bảng: nhập N dòng chức vụ từ xlsx so với bulk_create "
        "và với django-import-export mặc định, nhập lại cùng tệp, xuất N dòng so với xlsxwriter, bộ nhớ; "
        "mọi trang danh sách, trang quản trị, tìm kiếm và trang hồ sơ ở M người so với 1.000 người, số "
        "truy vấn, trang 10.000 so với trang 1; thời gian xuất hồ sơ đại hội (.zip) của đại hội mẫu và "
        "của một đại hội 300 đại biểu, 40 chỉ tiêu, 6 cuộc bầu cử, và bộ nhớ khi xuất nhiều lần. Mỗi số "
        "là một tỷ lệ hoặc một số đếm đo trong cùng lần chạy, "
        "bên cạnh chỉ tiêu và ĐẠT/KHÔNG ĐẠT (PASS/FAIL). Chạy trên cơ sở dữ liệu đang cấu hình (SQLite hoặc "
        "PostgreSQL qua DATABASE_URL); dữ liệu giả lập được sinh một lần và giữ lại cho lần sau."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--rows",
            type=positive,
            default=100_000,
            metavar="N",
            help="Số dòng nhập, xuất (mặc định 100000).",
        )
        parser.add_argument(
            "--scale",
            type=positive,
            default=1_000_000,
            metavar="M",
            help="Số người của cơ sở dữ liệu lớn, so với 1.000 người (mặc định 1000000).",
        )
        parser.add_argument(
            "--seed", type=int, default=0, metavar="S", help="Hạt giống của dữ liệu giả lập (mặc định 0)."
        )
        parser.add_argument(
            "--data-dir",
            type=Path,
            default=Path(settings.BASE_DIR) / "benchmark-data",
            metavar="THƯ_MỤC",
            help="Nơi giữ các tệp SQLite và tệp nhập của phép đo (mặc định benchmark-data/).",
        )
        parser.add_argument(
            "--runs",
            type=positive,
            default=TIMED_RUNS,
            metavar="R",
            help=f"Số lần đo mỗi trang, lấy trung vị (mặc định {TIMED_RUNS}).",
        )
        parser.add_argument(
            "--passes",
            type=positive,
            default=PAGE_PASSES,
            metavar="P",
            help=(
                f"Số lượt đo mọi trang ở mỗi cỡ, xen kẽ hai cỡ; giữ lượt nhanh nhất (mặc định {PAGE_PASSES})."
            ),
        )
        parser.add_argument(
            "--congress-files",
            type=at_least_three,
            default=FILES_IN_ONE_PROCESS,
            metavar="F",
            help=(
                "Số lần làm hồ sơ đại hội lớn trong một tiến trình để đo bộ nhớ, so lần thứ hai với lần "
                f"cuối (ít nhất 3, mặc định {FILES_IN_ONE_PROCESS})."
            ),
        )
        parser.add_argument(
            "--congress-size",
            type=congress_size,
            default=LARGE,
            metavar="D,I,E",
            help=(
                "Số đại biểu có mặt, chỉ tiêu và cuộc bầu cử của đại hội lớn có hồ sơ được đo (mặc định "
                f"{LARGE.delegates},{LARGE.indicators},{LARGE.elections})."
            ),
        )
        # One measurement, in a child process the benchmark starts (see congress/tooling/benchmark/).
        parser.add_argument("--task", choices=sorted(TASKS), help=argparse.SUPPRESS)
        parser.add_argument("--options", default="{}", help=argparse.SUPPRESS)

    def handle(
        self,
        *args,
        rows,
        scale,
        seed,
        data_dir,
        runs,
        passes,
        congress_files=FILES_IN_ONE_PROCESS,
        congress_size=LARGE,
        task=None,
        options="{}",
        verbosity=1,
        **kwargs,
    ):
        if task is not None:
            self.stdout.write(json.dumps(run_task(task, json.loads(options))))
            return

        def progress(message):
            # On stderr: stdout carries the table alone.
            if verbosity >= 1:
                self.stderr.write(f"benchmark: {message}")

        benchmark = Benchmark(
            rows=rows,
            scale=scale,
            seed=seed,
            data_dir=data_dir,
            runs=runs,
            passes=passes,
            congress_files=congress_files,
            congress_size=congress_size,
            progress=progress,
        )
        try:
            table = benchmark.run()
        except BenchmarkError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(table)
