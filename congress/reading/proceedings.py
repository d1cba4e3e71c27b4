"""What the congress itself did, written from a report's accepted proposals: who attended and
directed, who spoke (with the documents their speech cites), the past term's results, the
congress's resolution and the tasks that carry it out.

A part of writing.Writer kept apart so that each stays readable: the Writer holds the
transaction, the source, the people, organisations, documents and figures; these methods use
its `_save`, `_fill`, `_cite` and `_organisation_of`, and its `congress`, `plan` and `written`.
"""

from django.utils.translation import gettext as _

from records import vietnamese
from records.models import LegalDocument

from ..models import Attendance, Indicator, Speech, Task
from .matching import capitalised

ATTENDANCE_ROLES = {"directing": "chi_dao", "guest": "khach_moi", "presiding": "doan_chu_tich"}
SPEECH_KINDS = (  # by words of the sentence, first found wins
    ("bao cao chinh tri", "bao_cao_chinh_tri"),
    ("chi dao", "chi_dao"),
    ("khai mac", "khai_mac"),
    ("be mac", "be_mac"),
    ("tham luan", "tham_luan"),
    ("nhan nhiem vu", "nhan_nhiem_vu"),
)


class ProceedingsWriter:
    def _attendance(self, person, proposal, item):
        group = next(
            (self._organisation_of(p.organisation) for p in item.posts if p.organisation.kind == "to_cong_tac"
             and p.title in proposal.title),
            None,
        )
        record = Attendance.objects.filter(congress=self.congress, person=person).first() or Attendance(
            congress=self.congress, person=person, role=ATTENDANCE_ROLES[proposal.role]
        )
        self._fill(record, _("Người dự đại hội"), title=vietnamese.clean_name(proposal.title), organisation=group)
        if proposal.role == "directing" and group is not None:
            self._fill(self.congress, _("Đại hội"), directing_body=group)

    def _speech(self, person, proposal):
        sentence = self.plan.reading.sentence(proposal.span).strip()
        words = vietnamese.search_key(sentence)
        kind = next((kind for phrase, kind in SPEECH_KINDS if phrase in words), "khac")
        lines = {line.strip() for line in self.plan.reading.text.splitlines()}
        # A sentence that is a line of its own, as photo captions are, is kept as the caption.
        caption = sentence if sentence and sentence in lines else ""
        record = Speech.objects.filter(congress=self.congress, speaker=person, kind=kind).first() or Speech(
            congress=self.congress, speaker=person, kind=kind
        )
        record = self._fill(
            record,
            _("Bài phát biểu"),
            speaker_title=vietnamese.clean_name(proposal.title),
            summary=proposal.summary,
            photo_caption=caption,
        )
        cited = []
        for document_item in self.plan.of_kind("document"):
            document = self.written.get(document_item.key)
            said = self.plan.reading.sentence(document_item.span).strip()
            if document is not None and said and said in proposal.summary:
                cited.append(document)
        # add() leaves out what the speech already cites: one query, whatever the number cited.
        record.cited_documents.add(*cited)

    def _indicator(self, item):
        if not item.accepted or self.congress is None:
            return
        proposal, values = item.proposal, item.values
        record = Indicator.objects.filter(congress=self.congress, name=values["name"]).first() or Indicator(
            congress=self.congress, name=values["name"]
        )
        has_numbers = values["target"] is not None and values["actual"] is not None
        if record.pk is None and proposal.direction:
            record.direction = proposal.direction
        self._fill(
            record,
            _("Chỉ tiêu"),
            unit=vietnamese.clean_name(proposal.unit),
            target=values["target"],
            actual=values["actual"],
            result=vietnamese.clean_name(proposal.result),
            assessed_status="" if has_numbers else proposal.status,
            period_start=proposal.period_start,
            period_end=proposal.period_end,
        )

    def _resolution(self):
        congress = self.congress
        if congress is None:
            return None
        if congress.resolution_id:
            self._cite(congress.resolution)
            return congress.resolution
        summary = _("Nghị quyết Đại hội %(organisation)s lần thứ %(ordinal)s, nhiệm kỳ %(start)s–%(end)s") % {
            "organisation": congress.organisation.name,
            "ordinal": vietnamese.roman(congress.ordinal),
            "start": congress.term_start,
            "end": congress.term_end,
        }
        resolution = self._save(LegalDocument(document_type="NQ", summary=summary), _("Văn bản"))
        congress.resolution = resolution
        self._save(congress, _("Đại hội"))
        return resolution

    def _task(self, item, resolution):
        if not item.accepted or self.congress is None:
            return
        proposal = item.proposal
        words = vietnamese.search_key(proposal.responsible)
        responsible = (
            self.congress.executive_committee
            if any(phrase in words for phrase in ("cap uy khoa moi", "ban chap hanh"))
            else None
        )
        record = Task.objects.filter(congress=self.congress, content=item.values["content"]).first() or Task(
            congress=self.congress, content=item.values["content"]
        )
        self._fill(
            record,
            _("Nhiệm vụ"),
            resolution=resolution,
            deliverable=capitalised(vietnamese.clean_name(proposal.deliverable)),
            responsible_organisation=responsible,
        )
