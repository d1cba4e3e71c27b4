"""`manage.py read_report FILE [--json] [--url URL] [--write --user NAME]`: a report's proposals.

Reads a .txt (UTF-8), .docx or .html file with the same reader as the review screen and prints
the proposals in Vietnamese, or with --json one object in the shape of Reading.as_json(). With
--write, for batch use, it writes what matches exactly (write_exact: the proposals a clerk would
find ticked on the review screen) as the user named, citing the file as a Source whose title,
address, publisher, date and author come from the file's header (--url gives the address when
the file has none); a refusal prints every reason in Vietnamese and exits non-zero, writing nothing.
"""

import json
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from congress.reading.reader import read_report
from congress.reading.sources import UnreadableFile, header_facts, text_of_file
from congress.reading.writing import SourceInfo, WriteRefused, write_exact
from records.vietnamese import format_date, format_number

ROLE_LABELS = {
    "directing": "chỉ đạo",
    "guest": "khách mời",
    "presiding": "đoàn chủ tịch",
    "speaking": "phát biểu",
    "elected": "được bầu",
    "appointed": "được chỉ định",
    "mentioned": "được nhắc đến",
}
HOW_LABELS = {"appointed": "chỉ định", "elected": "bầu"}
METRIC_LABELS = {
    "area": "Diện tích",
    "population": "Dân số",
    "households": "Số hộ",
    "party_members": "Số đảng viên của Đảng bộ",
    "party_organisations": "Số tổ chức đảng của Đảng bộ",
}


class Command(BaseCommand):
    help = (
        "Đọc một bài tường thuật đại hội (.txt, .docx, .html) và in các đề xuất: đại hội, số đại biểu, "
        "người kèm chức danh và vai trò, chức vụ, văn bản, số liệu, các ban, kết quả, nhiệm vụ. "
        "Không ghi gì vào cơ sở dữ liệu."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="Tệp bài viết: .txt (UTF-8), .docx hoặc .html.")
        parser.add_argument("--json", action="store_true", help="In một đối tượng JSON thay cho danh sách.")
        parser.add_argument("--url", default="", help="Địa chỉ bài báo, khi tệp không có dòng “Địa chỉ:”.")
        parser.add_argument(
            "--write", action="store_true", help="Ghi các đề xuất khớp chính xác vào hồ sơ (cần --user)."
        )
        parser.add_argument("--user", default="", help="Tên đăng nhập của người ghi (với --write).")

    def handle(self, *args, file, json: bool = False, url="", write=False, user="", **options):
        if write and not user:
            raise CommandError("--write cần --user TÊN: người ghi phải có quyền nhập và phạm vi hồ sơ.")
        account = None
        if write:
            try:
                account = get_user_model().objects.get(username=user)
            except get_user_model().DoesNotExist:
                raise CommandError(f"Không có người dùng “{user}”.") from None
        path = Path(file)
        try:
            content = path.read_bytes()
        except OSError as error:
            raise CommandError(f"Không mở được tệp “{file}”: {error.strerror}.") from None
        try:
            text = text_of_file(path.name, content)
        except UnreadableFile as error:
            raise CommandError(str(error)) from None
        facts = header_facts(text)
        address = url or facts.get("url", "")
        reading = read_report(text, address=address)
        if write:
            self._write(reading, facts, address, path, account)
            return
        if json:
            self.stdout.write(_json.dumps(reading.as_json(), ensure_ascii=False, indent=1))
        else:
            self.stdout.write("\n".join(describe(reading)))


    def _write(self, reading, facts, address, path, account):
        source = SourceInfo(
            title=facts.get("title") or path.name,
            url=address,
            publisher=facts.get("publisher", ""),
            author=facts.get("author", ""),
            published_on=facts.get("published_on"),
        )
        try:
            written = write_exact(reading, source, account)
        except WriteRefused as refused:
            raise CommandError(
                "Không ghi gì vào hồ sơ:\n" + "\n".join(f"  - {message}" for message in refused.messages)
            ) from None
        self.stdout.write(f"Đã ghi {written.created} bản ghi mới, trích dẫn nguồn “{written.source}”.")


_json = json


def describe(reading) -> list[str]:
    """The proposals as lines of Vietnamese text, grouped by kind."""
    congress = reading.congress
    lines = ["Đại hội"]
    rows = [
        ("Tổ chức đảng", congress.organisation),
        ("Lần thứ", congress.ordinal),
        ("Nhiệm kỳ", f"{congress.term_start}–{congress.term_end}" if congress.term_start else ""),
        ("Khai mạc", format_date(congress.opened_on) if congress.opened_on else ""),
        ("Bế mạc", format_date(congress.closed_on) if congress.closed_on else ""),
        ("Hình thức", congress.kind),
        ("Địa điểm", congress.venue),
    ]
    lines += [f"  {label}: {value}" for label, value in rows if value not in ("", None)]
    counts = reading.counts
    count_rows = [
        ("Đại biểu", counts.delegates, ""),
        ("Đảng viên được đại diện", counts.members, counts.qualifiers.get("members", "")),
        ("Tổ chức đảng được đại diện", counts.organisations, counts.qualifiers.get("organisations", "")),
    ]
    lines.append("Số lượng")
    lines += [
        f"  {label}: {f'{q} ' if q else ''}{format_number(value)}"
        for label, value, q in count_rows
        if value is not None
    ]
    lines.append(f"Người ({len(reading.people)})")
    lines += [
        f"  {p.name} — {p.title or '(không nêu chức danh)'} — {ROLE_LABELS.get(p.role, p.role)}"
        for p in reading.people
    ]
    if reading.mentions:
        lines.append(f"Người được nhắc đến, không dự đại hội ({len(reading.mentions)})")
        lines += [f"  {p.name}{f' — {p.title}' if p.title else ''}" for p in reading.mentions]
    lines.append(f"Chức vụ ({len(reading.posts)})")
    lines += [f"  {p.name}: {p.post} ({HOW_LABELS.get(p.how, p.how)})" for p in reading.posts]
    lines.append(f"Văn bản ({len(reading.documents)})")
    lines += [
        f"  {' '.join(filter(None, [d.kind, d.symbol]))}"
        f"{f' ngày {format_date(d.date)}' if d.date else ''}{f' của {d.issuer}' if d.issuer else ''}"
        for d in reading.documents
    ]
    lines.append(f"Số liệu ({len(reading.figures)})")
    lines += [
        f"  {METRIC_LABELS.get(f.metric, f.metric)}: "
        f"{f'{f.qualifier} ' if f.qualifier else ''}{f.value} {f.unit}".rstrip()
        for f in reading.figures
    ]
    lines.append(f"Các ban ({len(reading.committees)})")
    lines += [f"  {c.body}: {c.seats} thành viên" for c in reading.committees]
    lines.append(f"Kết quả nhiệm kỳ ({len(reading.indicators)})")
    lines += [f"  {i.text}" for i in reading.indicators]
    lines.append(f"Kết quả bầu cử ({len(reading.elections)})")
    lines += [f"  {e.name}: {e.share}{f' ({e.body})' if e.body else ''}" for e in reading.elections]
    lines.append(f"Nhiệm vụ ({len(reading.tasks)})")
    lines += [f"  {t.text}" for t in reading.tasks]
    return lines
