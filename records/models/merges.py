from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .people import Person


class PersonMerge(models.Model):
    """Two records of one person made one: who merged them, when, and what moved, to undo it exactly.

    The person merged away is deleted (its history keeps every version, the last one saying whom
    it was merged into); this row keeps what the deletion cannot: its field values and citations
    as they were (`merged_record`), the records that moved from it to the kept person, by model
    and field (`moved`), the kept person's values the merge replaced (`kept_changes`) and the
    citations it took (`sources_added`). Reverting (records.merging.person_merge_revert) saves
    the person again under its id and uid and moves back exactly those records.

    Written by the system only (records.merging), one row per merge; a revert marks it.
    """

    kept = models.ForeignKey(
        Person,
        verbose_name=_("người được giữ"),
        null=True,
        blank=True,
        # The record of the merge outlives the person; it can then no longer be reverted.
        on_delete=models.SET_NULL,
        related_name="merges",
    )
    kept_name = models.CharField(_("tên người được giữ"), max_length=200)
    merged_person_id = models.PositiveBigIntegerField(_("mã số người đã gộp"))
    merged_uid = models.UUIDField(_("mã định danh người đã gộp"))
    merged_name = models.CharField(_("tên người đã gộp"), max_length=200)
    merged_record = models.JSONField(_("người đã gộp khi gộp"), default=dict, encoder=DjangoJSONEncoder)
    moved = models.JSONField(_("bản ghi đã chuyển"), default=list)
    kept_changes = models.JSONField(_("giá trị đã thay"), default=dict, encoder=DjangoJSONEncoder)
    sources_added = models.JSONField(_("nguồn đã nhận"), default=list)
    reason = models.CharField(_("lý do"), max_length=500, blank=True)
    merged_at = models.DateTimeField(_("thời điểm gộp"), default=timezone.now)
    merged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người gộp"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reverted_at = models.DateTimeField(_("thời điểm hoàn tác"), null=True, blank=True)
    reverted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người hoàn tác"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("lần gộp người")
        verbose_name_plural = pgettext_lazy("số nhiều", "lần gộp người")
        ordering = ["-merged_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kept=F("merged_person_id")),
                name="%(app_label)s_%(class)s_two_people",
                violation_error_message=_("Không gộp một người với chính người đó."),
            ),
            models.CheckConstraint(
                condition=Q(reverted_by__isnull=True) | Q(reverted_at__isnull=False),
                name="%(app_label)s_%(class)s_reverted_by_when_reverted",
                violation_error_message=_("Chỉ lần gộp đã hoàn tác mới ghi người hoàn tác."),
            ),
            # A person merged away is gone until the merge is reverted: it cannot be merged twice.
            models.UniqueConstraint(
                fields=["merged_uid"],
                condition=Q(reverted_at__isnull=True),
                name="%(app_label)s_%(class)s_merged_once",
                violation_error_message=_("Người này đã được gộp vào một người khác (chưa hoàn tác)."),
            ),
        ]

    def __str__(self):
        return _("%(merged)s gộp vào %(kept)s") % {"merged": self.merged_name, "kept": self.kept_name}

    @property
    def is_reverted(self):
        return self.reverted_at is not None
