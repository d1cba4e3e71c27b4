import time

import vietnam_provinces
from django.core.management.base import BaseCommand, CommandError

from records import vietnamese
from records.management.commands.import_sheet import find_user
from records.models.units import UnitRegister
from records.units_register import (
    CURRENT_KINDS,
    LEGACY_KINDS,
    REGISTER_SOURCE_TITLE,
    RegisterConflict,
    UnknownProvince,
    load_units,
    parse_province_code,
)


class Command(BaseCommand):
    help = (
        "Nạp danh mục đơn vị hành chính 2025 (hai cấp) từ thư viện vietnam-provinces, cùng các đơn vị "
        "trước 2025 đã hợp thành chúng và quan hệ sắp xếp giữa hai danh mục. Chạy lại không thay đổi gì."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--province",
            metavar="MÃ",
            help="Chỉ nạp một tỉnh, thành phố theo mã trong danh mục 2025, ví dụ 31 (Hải Phòng).",
        )
        parser.add_argument("--user", metavar="TÊN", help="Tên đăng nhập của người nạp, ghi vào lịch sử.")

    def handle(self, *args, province=None, user=None, verbosity=1, **options):
        user = find_user(user)
        provinces = None
        if province is not None:
            try:
                provinces = [parse_province_code(province)]
            except UnknownProvince as error:
                raise CommandError(str(error)) from error

        started = time.perf_counter()
        try:
            report = load_units(provinces=provinces, user=user)
        except RegisterConflict as error:
            raise CommandError(str(error)) from error
        elapsed = time.perf_counter() - started

        if verbosity < 1:
            return
        scope = provinces[0].name if provinces else "cả nước"
        self.stdout.write(
            f"Nạp danh mục đơn vị hành chính từ vietnam-provinces {vietnam_provinces.__version__} ({scope}):"
        )
        for register, kinds in (
            (UnitRegister.CURRENT, CURRENT_KINDS.values()),
            (UnitRegister.LEGACY, LEGACY_KINDS.values()),
        ):
            for kind in kinds:
                counts = report.units.get((register.value, kind.value))
                if counts:
                    self.stdout.write(f"  {register.label} – {kind.label}: {self._counts(counts)}")
        labels = {"province": "tỉnh, thành phố cũ → mới", "commune": "xã, phường cũ → mới"}
        for key, label in labels.items():
            if counts := report.successions.get(key):
                self.stdout.write(f"  Sắp xếp {label}: {self._counts(counts)}")
        self.stdout.write(f'  Gắn nguồn "{REGISTER_SOURCE_TITLE}" cho {report.sources_added} bản ghi.')

        extract = report.extract
        if extract.without_predecessors:
            names = ", ".join(f"{row.name} ({row.code})" for row in extract.without_predecessors)
            self.stdout.write(f"  Đơn vị 2025 không có đơn vị cũ trong bảng chuyển đổi: {names}.")
        if extract.missing_legacy_wards:
            codes = ", ".join(f"{old} → {new}" for old, new in extract.missing_legacy_wards)
            self.stdout.write(
                self.style.WARNING(
                    f"  Bỏ qua {len(extract.missing_legacy_wards)} quan hệ sắp xếp có mã xã, phường cũ "
                    f"không có trong danh mục trước 2025: {codes}."
                )
            )
        if report.foreign_uids:
            names = ", ".join(f"{unit} ({unit.code})" for unit in report.foreign_uids)
            self.stdout.write(
                self.style.WARNING(
                    f"  {len(report.foreign_uids)} đơn vị nhập tay trước đó được giữ mã định danh cũ, "
                    f"khác mã định danh chính thức: {names}."
                )
            )
        self.stdout.write(self.style.SUCCESS(f"Xong sau {elapsed:.1f} giây."))

    @staticmethod
    def _counts(counts):
        created, updated, unchanged = (
            vietnamese.format_number(counts[name]) for name in ("created", "updated", "unchanged")
        )
        return f"tạo mới {created}, cập nhật {updated}, không đổi {unchanged}"
