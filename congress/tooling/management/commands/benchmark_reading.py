"""`manage.py benchmark_reading DIR`: how well the reader reads a corpus of reports, as a table.

The scoring is congress/tooling/benchmark/reading.py; this command prints its table, then the
facts of each report that was not read exactly, so a miss can be looked at.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from congress.tooling.benchmark.reading import LABELS, corpus, score_corpus, table


class Command(BaseCommand):
    help = (
        "Đọc mọi báo cáo NN-*.txt trong thư mục, so với dữ kiện trong NN-*.json bên cạnh và in độ chính "
        "xác, độ phủ theo từng loại, tỷ lệ báo cáo đúng hoàn toàn và thời gian đọc mỗi báo cáo."
    )

    def add_arguments(self, parser):
        parser.add_argument("directory", help="Thư mục chứa các cặp tệp NN-*.txt và NN-*.json.")

    def handle(self, *args, directory, **options):
        path = Path(directory)
        if not path.is_dir():
            raise CommandError(f"Không có thư mục “{directory}”.")
        if not corpus(path):
            raise CommandError(f"Thư mục “{directory}” không có cặp tệp NN-*.txt và NN-*.json nào.")
        result = score_corpus(path)
        self.stdout.write(table(result))
        for name, kind, extra, missed in result.misses:
            self.stdout.write(f"\n{name} — {LABELS[kind]}")
            for fact in sorted(map(str, extra)):
                self.stdout.write(f"  thừa: {fact}")
            for fact in sorted(map(str, missed)):
                self.stdout.write(f"  thiếu: {fact}")
        for failure in result.failures():
            self.stdout.write(self.style.ERROR(f"Chưa đạt: {failure}"))
