from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .organisations import Organisation
from .people import Person


class RecordMerge(models.Model):
    """Two records of one thing made one: who merged them, when, and what moved, to undo it exactly.

    The record merged away is deleted (its history keeps every version, the last one saying what
    it was merged into); a merge row keeps what the deletion cannot: its field values and
    citations as they were (`merged_record`), the records that moved from it to the record kept,
    by model and field (`moved`), the kept record's values the merge replaced (`kept_changes`)
    and the citations it took (`sources_added`). Reverting (records.merging.revert) saves the
    record again under its id and uid and moves back exactly those records.

    Written by the system only (records.merging), one row per merge; a revert marks it. One
    concrete model per kind of record merged, each with its `kept` foreign key.
    """

    kept_name = models.CharField(_("tên bản ghi được giữ"), max_length=300)
    merged_pk = models.PositiveBigIntegerField(_("mã số bản ghi đã gộp"))
    merged_uid = models.UUIDField(_("mã định danh bản ghi đã gộp"))
    merged_name = models.CharField(_("tên bản ghi đã gộp"), max_length=300)
    merged_record = models.JSONField(_("bản ghi đã gộp khi gộp"), default=dict, encoder=DjangoJSONEncoder)
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
        abstract = True
        ordering = ["-merged_at", "-id"]

    def __str__(self):
        return _("%(merged)s gộp vào %(kept)s") % {"merged": self.merged_name, "kept": self.kept_name}

    @property
    def is_reverted(self):
        return self.reverted_at is not None


def merge_constraints(*, two_records, same_message, once_message):
    """The rules of a merge row: two records, reverted by someone only once reverted, merged once.

    `two_records` names the first rule ("two_people"); the messages name the kind of record.
    """
    return [
        models.CheckConstraint(
            condition=~Q(kept=F("merged_pk")),
            name=f"%(app_label)s_%(class)s_{two_records}",
            violation_error_message=same_message,
        ),
        models.CheckConstraint(
            condition=Q(reverted_by__isnull=True) | Q(reverted_at__isnull=False),
            name="%(app_label)s_%(class)s_reverted_by_when_reverted",
            violation_error_message=_("Chỉ lần gộp đã hoàn tác mới ghi người hoàn tác."),
        ),
        # A record merged away is gone until the merge is reverted: it cannot be merged twice.
        models.UniqueConstraint(
            fields=["merged_uid"],
            condition=Q(reverted_at__isnull=True),
            name="%(app_label)s_%(class)s_merged_once",
            violation_error_message=once_message,
        ),
    ]


class PersonMerge(RecordMerge):
    """Two records of one person made one (records.merging)."""

    kept = models.ForeignKey(
        Person,
        verbose_name=_("người được giữ"),
        null=True,
        blank=True,
        # The record of the merge outlives the person; it can then no longer be reverted.
        on_delete=models.SET_NULL,
        related_name="merges",
    )

    class Meta(RecordMerge.Meta):
        verbose_name = _("lần gộp người")
        verbose_name_plural = pgettext_lazy("số nhiều", "lần gộp người")
        constraints = merge_constraints(
            two_records="two_people",
            same_message=_("Không gộp một người với chính người đó."),
            once_message=_("Người này đã được gộp vào một người khác (chưa hoàn tác)."),
        )


class OrganisationMerge(RecordMerge):
    """Two records of one organisation made one (records.merging)."""

    kept = models.ForeignKey(
        Organisation,
        verbose_name=_("tổ chức được giữ"),
        null=True,
        blank=True,
        # The record of the merge outlives the organisation; it can then no longer be reverted.
        on_delete=models.SET_NULL,
        related_name="merges",
    )

    class Meta(RecordMerge.Meta):
        verbose_name = _("lần gộp tổ chức")
        verbose_name_plural = pgettext_lazy("số nhiều", "lần gộp tổ chức")
        constraints = merge_constraints(
            two_records="two_organisations",
            same_message=_("Không gộp một tổ chức với chính tổ chức đó."),
            once_message=_("Tổ chức này đã được gộp vào một tổ chức khác (chưa hoàn tác)."),
        )
