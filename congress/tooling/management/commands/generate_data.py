from django.core.management.base import BaseCommand, CommandError

from congress.models import (
    AppointedPost,
    AppointmentDecision,
    Attendance,
    Candidate,
    Congress,
    CongressBody,
    CongressBodyMember,
    CredentialsReport,
    Election,
    Indicator,
    Speech,
    Task,
)
from congress.tooling.synthetic.generator import generate
from congress.tooling.synthetic.plan import MEMBERS_PER_COMMUNE, CannotGenerate
from records import vietnamese
from records.management.commands.import_sheet import find_user
from records.models import LegalDocument, Membership, Organisation, Person
from records.units_register import UnknownProvince, parse_province_code

# The order of the summary: the tree, the people in it, then each congress and what it produced.
REPORTED_MODELS = [
    Organisation,
    Person,
    Membership,
    LegalDocument,
    Congress,
    Attendance,
    Speech,
    Indicator,
    Task,
    Election,
    Candidate,
    AppointmentDecision,
    AppointedPost,
    CongressBody,
    CongressBodyMember,
    CredentialsReport,
]


def positive(value):
    number = int(value)
    if number < 1:
        raise ValueError(value)
    return number


class Command(BaseCommand):
    help = (
        "Sinh dữ liệu giả lập để thử tải: đảng bộ, chi bộ, người, chức vụ, đại hội với người dự, bài "
        "phát biểu, chỉ tiêu, nhiệm vụ, bầu cử, quyết định chỉ định, cơ quan giúp việc và báo cáo thẩm "
        "tra tư cách đại biểu, trên danh mục đơn vị hành chính chính thức (nạp nếu chưa có). "
        "Cùng seed trên cơ sở dữ liệu trống cho cùng dữ liệu. Mọi bản ghi trích một nguồn “Dữ liệu giả "
        "lập (generate_data, seed S)”. Không ghi lịch sử thay đổi: dữ liệu giả lập không phải là một "
        "thay đổi cần lưu vết. Không chạy trên cơ sở dữ liệu đã có dữ liệu giả lập."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--people", type=positive, required=True, metavar="N", help="Số người cần sinh, ví dụ 100000."
        )
        parser.add_argument(
            "--seed", type=int, default=0, metavar="S", help="Hạt giống ngẫu nhiên (mặc định 0)."
        )
        parser.add_argument(
            "--communes",
            type=positive,
            metavar="K",
            help=(
                "Số xã, phường có đảng bộ (mặc định cứ khoảng "
                f"{vietnamese.format_number(MEMBERS_PER_COMMUNE)} người một xã, phường)."
            ),
        )
        parser.add_argument(
            "--province",
            metavar="MÃ",
            help="Chỉ sinh trong một tỉnh, thành phố theo mã danh mục 2025, ví dụ 31 (Hải Phòng).",
        )
        parser.add_argument(
            "--user", metavar="TÊN", help="Tên đăng nhập của người chạy, ghi là người ghi nhận nguồn giả lập."
        )

    def handle(self, *args, people, seed, communes=None, province=None, user=None, verbosity=1, **options):
        user = find_user(user)
        code = None
        if province is not None:
            try:
                code = parse_province_code(province).code.value
            except UnknownProvince as error:
                raise CommandError(str(error)) from error

        step = max(100_000, people // 10)
        reported = [0]

        def progress(done, total):
            if verbosity >= 1 and done - reported[0] >= step:
                reported[0] = done
                self.stdout.write(
                    f"  … {vietnamese.format_number(done)} / {vietnamese.format_number(total)} người"
                )

        try:
            report = generate(people=people, seed=seed, communes=communes, province=code, progress=progress)
        except CannotGenerate as error:
            raise CommandError(str(error)) from error
        if user is not None:
            # Synthetic rows write no history; their one Source says who made them.
            report.source.recorded_by = user
            report.source._history_user = user
            report.source.save(update_fields=["recorded_by"])

        if verbosity < 1:
            return
        number = vietnamese.format_number
        if report.units_loaded:
            self.stdout.write("Đã nạp danh mục đơn vị hành chính từ vietnam-provinces.")
        self.stdout.write(
            f"Dữ liệu giả lập, seed {seed}: {number(report.people)} người ở "
            f"{number(report.communes)} xã, phường. Đã ghi:"
        )
        for model in REPORTED_MODELS:
            self.stdout.write(f"  {model._meta.verbose_name_plural}: {number(report.counts[model])}")
        self.stdout.write(f"  trích dẫn nguồn “{report.source.title}”: {number(report.citations)}")
        self.stdout.write(self.style.SUCCESS(f"Xong sau {number(round(report.elapsed, 1))} giây."))
