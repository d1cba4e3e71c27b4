"""Elections at a congress (bầu cử): the tally sheet's numbers and each candidate's votes.

A congress elects by secret ballot (Quy định 190-QĐ/TW of 10/10/2024): its executive committee,
the standing committee, the secretary and deputies, the inspection committee, the delegates to
the higher congress, each possibly in more than one round. What a higher committee checks before
it approves (chuẩn y) a result is whether the tally sheet (biên bản kiểm phiếu) adds up, so the
rules are kept where they can be kept:

* a rule one election row answers (valid + invalid = received ≤ issued ≤ delegates convened)
  is a CheckConstraint, waived only for a draft flagged “số liệu không khớp”: a sheet that does
  not add up is still evidence and must be keepable, but never mistaken for a checked one;
* a rule that needs the election and a candidate (votes ≤ valid ballots, elected only above the
  threshold of the stated base) is Candidate.clean(), and one over all the candidates (elected
  ≤ seats decided) is Election.tally_errors(), which clean() and the admin's inline ask;
* more than 130 % candidates for the seats is only a warning (Election.tally_warnings()): the
  congress may decide otherwise and the record must still be kept.

The percentage base is stated on each election because the rules have used both the official
delegates convened and the valid ballots; the threshold is kept too (more than half by default)
since it changes between terms.
"""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Case, Count, Exists, ExpressionWrapper, F, OuterRef, Q, Subquery, When
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from records import vietnamese
from records.fields import CountField
from records.models import RecordQuerySet, SourcedRecord
from records.models.base import linked
from records.models.people import MembershipRole

from .congresses import Congress

# At most this many candidates per seat, in tenths (Quy định 190-QĐ/TW: 30 % more than the seats).
CANDIDATES_PER_SEAT_TENTHS = 13

DRAFT_HINT = _(
    "Nếu biên bản kiểm phiếu ghi đúng như vậy, hãy đánh dấu “Số liệu không khớp” để lưu thành bản nháp."
)


def unknown(*fields):
    """A condition that holds when any of the fields is unknown: a rule over them then waits."""
    condition = Q()
    for field in fields:
        condition |= Q(**{f"{field}__isnull": True})
    return condition


def number(value):
    return vietnamese.format_number(value)


class PercentageBase(models.TextChoices):
    DELEGATES = "dai_bieu", _("Số đại biểu chính thức được triệu tập")
    VALID_BALLOTS = "phieu_hop_le", _("Số phiếu hợp lệ")


class ElectionQuerySet(RecordQuerySet):
    def drafts(self):
        """Elections whose tally does not add up, kept as drafts (“số liệu không khớp”)."""
        return self.filter(draft=True)

    def checked(self):
        """Elections whose tally sheet a higher committee could approve: no draft, no candidate
        with more votes than the valid ballots or marked elected without more than the threshold
        of the base, no more elected than the seats decided.

        The rules of Election.clean() and Candidate.clean() as one condition, so that an overview
        counts them for any number of congresses in one query (the congress file's personnel.py
        asks the same rules of the records in hand; a test holds the two together).
        """
        base = Case(
            When(percentage_base=PercentageBase.VALID_BALLOTS, then=F("ballots_valid")),
            default=F("delegates_convened"),
        )
        elections = self.annotate(
            tally_base=base,
            pass_line=ExpressionWrapper(
                F("threshold") * base, output_field=models.DecimalField(max_digits=14, decimal_places=4)
            ),
        )
        candidates = Candidate.objects.filter(election=OuterRef("pk"))
        elected = candidates.filter(elected=True)
        elected_count = elected.order_by().values("election").annotate(count=Count("pk")).values("count")
        return elections.filter(
            Q(draft=False),
            ~Exists(candidates.filter(votes__gt=OuterRef("ballots_valid"))),
            ~Exists(elected.filter(Q(votes__isnull=True) | Q(votes__lte=OuterRef("pass_line")))),
            Q(tally_base__isnull=False) | ~Exists(elected),
            Q(seats_decided__isnull=True) | Q(seats_decided__gte=Coalesce(Subquery(elected_count), 0)),
        )



class Election(SourcedRecord):
    """One round of a secret-ballot election at a congress, with the numbers of its tally sheet."""

    congress = models.ForeignKey(
        Congress, verbose_name=_("đại hội"), on_delete=models.CASCADE, related_name="elections"
    )
    body = models.ForeignKey(
        "records.Organisation",
        verbose_name=_("cơ quan được bầu"),
        on_delete=models.PROTECT,
        related_name="elections",
        help_text=_("Tổ chức mà người trúng cử trở thành thành viên, ví dụ Ban Chấp hành Đảng bộ."),
    )
    role = models.CharField(
        _("chức vụ được bầu"), max_length=20, choices=MembershipRole, default=MembershipRole.MEMBER
    )
    round = models.PositiveSmallIntegerField(_("lần bầu"), default=1)
    seats_planned = CountField(_("số lượng theo đề án"), null=True, blank=True)
    seats_decided = CountField(_("số lượng Đại hội quyết định bầu"), null=True, blank=True)
    delegates_convened = CountField(_("số đại biểu chính thức được triệu tập"), null=True, blank=True)
    percentage_base = models.CharField(
        _("căn cứ tính tỷ lệ"), max_length=20, choices=PercentageBase, default=PercentageBase.DELEGATES
    )
    threshold = models.DecimalField(
        _("ngưỡng trúng cử"),
        max_digits=5,
        decimal_places=4,
        default=Decimal("0.5"),
        help_text=_("Trúng cử khi số phiếu vượt quá tỷ lệ này của căn cứ; 0,5 là quá một nửa."),
    )
    ballots_issued = CountField(_("số phiếu phát ra"), null=True, blank=True)
    ballots_received = CountField(_("số phiếu thu vào"), null=True, blank=True)
    ballots_valid = CountField(_("số phiếu hợp lệ"), null=True, blank=True)
    ballots_invalid = CountField(_("số phiếu không hợp lệ"), null=True, blank=True)
    approval_decision = models.ForeignKey(
        "records.LegalDocument",
        verbose_name=_("quyết định chuẩn y"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="approved_elections",
    )
    draft = models.BooleanField(
        _("số liệu không khớp"),
        default=False,
        help_text=_(
            "Lưu thành bản nháp một biên bản có số liệu không khớp; người trúng cử chỉ được ghi nhận "
            "vào cơ quan khi số liệu đã khớp."
        ),
    )

    objects = ElectionQuerySet.as_manager()

    class Meta:
        verbose_name = _("cuộc bầu cử")
        verbose_name_plural = pgettext_lazy("số nhiều", "cuộc bầu cử")
        ordering = ["congress_id", "body_id", "role", "round", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(role__in=MembershipRole.values),
                name="%(app_label)s_%(class)s_role_valid",
                violation_error_message=_("Chức vụ được bầu không có trong danh sách chức vụ."),
            ),
            models.CheckConstraint(
                condition=Q(percentage_base__in=PercentageBase.values),
                name="%(app_label)s_%(class)s_percentage_base_valid",
                violation_error_message=_("Cơ sở tính tỷ lệ phiếu không có trong danh sách."),
            ),
            models.CheckConstraint(
                condition=Q(round__gte=1),
                name="%(app_label)s_%(class)s_round_positive",
                violation_error_message=_("Lần bầu phải từ 1 trở lên."),
            ),
            models.CheckConstraint(
                condition=(Q(seats_planned__isnull=True) | Q(seats_planned__gte=1))
                & (Q(seats_decided__isnull=True) | Q(seats_decided__gte=1)),
                name="%(app_label)s_%(class)s_seats_positive",
                violation_error_message=_("Số lượng dự kiến và số lượng đại hội quyết định phải từ 1 trở lên."),
            ),
            models.CheckConstraint(
                condition=Q(threshold__gt=0, threshold__lt=1),
                name="%(app_label)s_%(class)s_threshold_fraction",
                violation_error_message=_("Ngưỡng trúng cử phải lớn hơn 0 và nhỏ hơn 1 (0,5 là quá một nửa)."),
            ),
            # The tally sheet's own arithmetic; only a draft may break it.
            models.CheckConstraint(
                condition=Q(draft=True)
                | unknown("ballots_received", "ballots_valid", "ballots_invalid")
                | Q(ballots_received=F("ballots_valid") + F("ballots_invalid")),
                name="%(app_label)s_%(class)s_ballots_add_up",
                violation_error_message=_("Số phiếu hợp lệ cộng không hợp lệ phải bằng số phiếu thu vào."),
            ),
            models.CheckConstraint(
                condition=Q(draft=True)
                | unknown("ballots_received", "ballots_issued")
                | Q(ballots_received__lte=F("ballots_issued")),
                name="%(app_label)s_%(class)s_received_within_issued",
                violation_error_message=_("Số phiếu thu vào không được nhiều hơn số phiếu phát ra."),
            ),
            models.CheckConstraint(
                condition=Q(draft=True)
                | unknown("ballots_issued", "delegates_convened")
                | Q(ballots_issued__lte=F("delegates_convened")),
                name="%(app_label)s_%(class)s_issued_within_delegates",
                violation_error_message=_(
                    "Số phiếu phát ra không được nhiều hơn số đại biểu được triệu tập."
                ),
            ),
            models.UniqueConstraint(
                fields=["congress", "body", "role", "round"],
                name="%(app_label)s_%(class)s_unique_round",
                violation_error_message=_("Đại hội này đã có lần bầu này cho cơ quan và chức vụ này."),
            ),
        ]

    def __str__(self):
        body = getattr(linked(self, "body"), "name", f"#{self.body_id}")
        what = body if self.role == MembershipRole.MEMBER else f"{self.get_role_display()} ({body})"
        return _("Bầu %(what)s, lần %(round)s") % {"what": what, "round": self.round}

    def clean(self):
        super().clean()
        errors = self.sheet_errors()
        if self.pk is not None and not getattr(self, "candidates_checked_by_form", False):
            errors.extend(("", message) for message in self.tally_errors(self.candidates.all()))
        if errors and not self.draft:
            raise ValidationError(with_draft_hint(errors))

    # The numbers ############################################################

    @property
    def held_on(self):
        """The day of the vote as far as the records know it: the congress's closing day."""
        congress = self.congress
        return congress.closed_on or congress.opened_on

    @property
    def base_count(self):
        """The number percentages are taken of, as the stated base says; None while unknown."""
        if self.percentage_base == PercentageBase.VALID_BALLOTS:
            return self.ballots_valid
        return self.delegates_convened

    def percentage(self, votes):
        """Votes as a percentage of the base, to two decimals as tally sheets write it."""
        base = self.base_count
        if votes is None or not base:
            return None
        return (Decimal(votes) * 100 / base).quantize(Decimal("0.01"))

    def passes(self, votes):
        """Whether the votes are more than the threshold of the base (None while either is unknown)."""
        base = self.base_count
        if votes is None or base is None:
            return None
        return Decimal(votes) > self.threshold * base

    @property
    def candidate_limit(self):
        """The most candidates the rule allows for the seats decided (130 %, rounded down)."""
        if self.seats_decided is None:
            return None
        return self.seats_decided * CANDIDATES_PER_SEAT_TENTHS // 10

    def sheet_errors(self):
        """What the tally sheet's own numbers break, as (field, message) pairs.

        The messages of the constraints above, with the numbers: keyed by field, so that full_clean()
        does not repeat them with the constraints' plainer messages.
        """
        errors = []
        issued, received = self.ballots_issued, self.ballots_received
        valid, invalid = self.ballots_valid, self.ballots_invalid
        if None not in (received, valid, invalid) and valid + invalid != received:
            message = _(
                "Số phiếu hợp lệ (%(valid)s) cộng không hợp lệ (%(invalid)s) phải bằng số phiếu thu vào "
                "(%(received)s)."
            ) % {"valid": number(valid), "invalid": number(invalid), "received": number(received)}
            errors.append(("ballots_received", message))
        if None not in (received, issued) and received > issued:
            message = _("Số phiếu thu vào (%(received)s) nhiều hơn số phiếu phát ra (%(issued)s).") % {
                "received": number(received),
                "issued": number(issued),
            }
            errors.append(("ballots_issued", message))
        convened = self.delegates_convened
        if None not in (issued, convened) and issued > convened:
            message = _(
                "Số phiếu phát ra (%(issued)s) nhiều hơn số đại biểu được triệu tập (%(convened)s)."
            ) % {"issued": number(issued), "convened": number(convened)}
            errors.append(("delegates_convened", message))
        return errors

    def tally_errors(self, candidates):
        """What the candidates together break: more elected than the seats decided."""
        elected = sum(1 for candidate in candidates if candidate.elected)
        if self.seats_decided is not None and elected > self.seats_decided:
            return [
                _("Có %(elected)s người trúng cử, nhiều hơn số lượng Đại hội quyết định bầu (%(seats)s).")
                % {"elected": number(elected), "seats": number(self.seats_decided)}
            ]
        return []

    def tally_warnings(self, candidates):
        """What the rules advise against but a congress may still decide: too many candidates."""
        count, limit = len(candidates), self.candidate_limit
        if limit is not None and count > limit:
            return [
                _(
                    "Danh sách bầu cử có %(count)s người, nhiều hơn 130 %% số lượng cần bầu "
                    "(%(seats)s người, tối đa %(limit)s); Đại hội có thể quyết định khác, hồ sơ vẫn được lưu."
                )
                % {"count": number(count), "seats": number(self.seats_decided), "limit": number(limit)}
            ]
        return []


def with_draft_hint(errors):
    """The errors as a ValidationError's dict, the hint to save a draft added once."""
    by_field = {}
    for field, message in errors:
        by_field.setdefault(field or "__all__", []).append(message)
    by_field.setdefault("draft", []).append(DRAFT_HINT)
    return by_field


class Nomination(models.TextChoices):
    LIST = "danh_sach", _("Trong danh sách cấp ủy giới thiệu")
    SELF = "tu_ung_cu", _("Tự ứng cử")
    CONGRESS = "de_cu", _("Được đề cử tại Đại hội")


class Candidate(SourcedRecord):
    """A person on an election's ballot, with the votes the tally sheet gives them."""

    election = models.ForeignKey(
        Election, verbose_name=_("cuộc bầu cử"), on_delete=models.CASCADE, related_name="candidates"
    )
    person = models.ForeignKey(
        "records.Person", verbose_name=_("người"), on_delete=models.PROTECT, related_name="candidacies"
    )
    nomination = models.CharField(
        _("hình thức giới thiệu"), max_length=20, choices=Nomination, default=Nomination.LIST
    )
    votes = CountField(_("số phiếu"), null=True, blank=True)
    elected = models.BooleanField(_("trúng cử"), default=False)
    # The post the election gave (congress.services): kept so that saving again finds it
    # rather than adding a second one, and un-ticking “trúng cử” takes it away.
    membership = models.OneToOneField(
        "records.Membership",
        verbose_name=_("chức vụ được ghi nhận"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="candidacy",
    )

    objects = RecordQuerySet.as_manager()

    class Meta:
        verbose_name = _("người ứng cử")
        verbose_name_plural = pgettext_lazy("số nhiều", "người ứng cử")
        permissions = [
            ("import_candidate", "Nhập kết quả bầu cử từ bảng tính"),
            ("export_candidate", "Xuất kết quả bầu cử ra bảng tính"),
        ]
        ordering = ["election_id", F("votes").desc(nulls_last=True), "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(nomination__in=Nomination.values),
                name="%(app_label)s_%(class)s_nomination_valid",
                violation_error_message=_("Cách giới thiệu không có trong danh sách."),
            ),
            models.UniqueConstraint(
                fields=["election", "person"],
                name="%(app_label)s_%(class)s_unique_person",
                violation_error_message=_("Người này đã có trong danh sách ứng cử của cuộc bầu cử này."),
            ),
        ]

    def __str__(self):
        person = linked(self, "person")
        who = person.full_name if person is not None else f"#{self.person_id}"
        return f"{who} ({self.get_nomination_display()})"

    @property
    def percentage(self):
        """The votes as a percentage of the election's base, as the tally sheet (and its sheet) writes it."""
        return self.election.percentage(self.votes)

    def clean(self):
        super().clean()
        # A form's candidate names its election before either is saved (the admin's inline).
        election = self._meta.get_field("election").get_cached_value(self, None) or (
            Election.objects.filter(pk=self.election_id).first() if self.election_id else None
        )
        if election is None or election.draft:
            return
        errors = self.tally_errors(election)
        if errors:
            by_field = {}
            for field, message in errors:
                by_field.setdefault(field, []).append(message)
            # The draft flag is the election's, not on this row's form.
            by_field["__all__"] = [DRAFT_HINT]
            raise ValidationError(by_field)

    def tally_errors(self, election):
        """What this candidate's row breaks against its election's numbers, as (field, message) pairs."""
        errors = []
        name = self.person.full_name if self.person_id else _("người ứng cử")
        valid = election.ballots_valid
        if self.votes is not None and valid is not None and self.votes > valid:
            errors.append(
                (
                    "votes",
                    _("Số phiếu của %(name)s (%(votes)s) nhiều hơn số phiếu hợp lệ (%(valid)s).")
                    % {"name": name, "votes": number(self.votes), "valid": number(valid)},
                )
            )
        if self.elected:
            passes = election.passes(self.votes)
            base_label = election.get_percentage_base_display().lower()
            if passes is None:
                errors.append(
                    (
                        "elected",
                        _("Chưa đủ số liệu (số phiếu, %(base)s) để xác định %(name)s trúng cử.")
                        % {"name": name, "base": base_label},
                    )
                )
            elif not passes:
                errors.append(
                    (
                        "elected",
                        _(
                            "%(name)s được đánh dấu trúng cử nhưng chỉ đạt %(votes)s phiếu, "
                            "bằng %(percent)s %% %(base)s (%(count)s): phải trên %(threshold)s %%."
                        )
                        % {
                            "name": name,
                            "votes": number(self.votes),
                            "percent": vietnamese.format_number(election.percentage(self.votes), 2),
                            "base": base_label,
                            "count": number(election.base_count),
                            "threshold": number(election.threshold * 100),
                        },
                    )
                )
        return errors
