"""The review screen: a report pasted or uploaded, its proposals on one page, the accepted written.

Two steps on one URL under the congress admin. "Đọc" reads the text (congress.reading.reader)
and matches it against the records in the user's scope (congress.reading.matching); the page
lists the proposals by kind, each with the sentence it came from highlighted, its values
editable, a tick (on for exact matches) and, for an ambiguous one, the records to choose from.
"Ghi" sends the text back with the clerk's ticks, edits and choices: the text is read and matched
again (the reader is deterministic, so the items are the same), the edits applied, and
congress.reading.writing writes the accepted items in one transaction, or nothing, with every
error named in Vietnamese on the same page. Nothing is kept between the two steps but the form.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from records import access, vietnamese

from ..reading.matching import AMBIGUOUS, match_reading
from ..reading.reader import read_report
from ..reading.sources import UnreadableFile, header_facts, text_of_file
from ..reading.writing import (
    FIELD_LABELS,
    SourceInfo,
    WriteRefused,
    changes_nothing,
    required_permissions,
    write_plan,
)

PERMISSION = "congress.import_congress"
MAX_UPLOAD = 5 * 1024 * 1024


def text_of_upload(upload):
    """The text of an uploaded .txt, .docx or .html, by the reader's own extraction (sources.py)."""
    if upload.size > MAX_UPLOAD:
        raise UnreadableFile(_("Tệp “%(name)s” lớn hơn 5 MB.") % {"name": upload.name})
    return text_of_file(upload.name, upload.read())


class ReportForm(forms.Form):
    text = forms.CharField(label=gettext_lazy("Nội dung bài báo"), widget=forms.Textarea(attrs={"rows": 12}), required=False)
    upload = forms.FileField(label=gettext_lazy("Hoặc tải tệp (.txt, .docx, .html)"), required=False)
    title = forms.CharField(label=gettext_lazy("Tiêu đề"), max_length=500, required=False)
    url = forms.URLField(label=gettext_lazy("Địa chỉ bài báo"), max_length=1000, required=False, assume_scheme="https")
    publisher = forms.CharField(label=gettext_lazy("Nơi đăng"), max_length=200, required=False)
    author = forms.CharField(label=gettext_lazy("Tác giả"), max_length=200, required=False)
    published_on = forms.CharField(label=gettext_lazy("Ngày đăng"), max_length=40, required=False)

    def clean_published_on(self):
        value = self.cleaned_data["published_on"].strip()
        if not value:
            return None
        try:
            return vietnamese.parse_date(value)
        except ValueError as error:
            raise forms.ValidationError(
                _("Ô “Ngày đăng”: “%(value)s” không phải là ngày (%(reason)s).") % {"value": value, "reason": error}
            ) from error

    def clean(self):
        data = super().clean()
        upload = data.get("upload")
        if upload is not None:
            try:
                data["text"] = text_of_upload(upload)
            except UnreadableFile as error:
                self.add_error("upload", str(error))
                return data
        text = vietnamese.clean_text(data.get("text", "")) if data.get("text") else ""
        if not text.strip():
            self.add_error("text", _("Ô “Nội dung bài báo” đang trống: hãy dán bài báo hoặc tải tệp lên."))
        data["text"] = data.get("text", "")
        facts = header_facts(data["text"])
        for name in ("title", "url", "publisher", "author"):
            if not data.get(name) and facts.get(name):
                data[name] = facts[name][: self.fields[name].max_length]
        if data.get("published_on") is None and facts.get("published_on"):
            data["published_on"] = facts["published_on"]
        if not data.get("title") and text.strip():
            data["title"] = text.strip().splitlines()[0][:500]
        return data

    def source_info(self):
        data = self.cleaned_data
        return SourceInfo(
            title=data["title"], url=data.get("url", ""), publisher=data.get("publisher", ""),
            author=data.get("author", ""), published_on=data.get("published_on"),
        )


def apply_choices(plan, post, scope):
    """The clerk's ticks, edits and choices from the page, onto the plan read again."""
    for item in plan.items:
        item.accepted = item.writable and post.get(f"accept-{item.key}") == "on"
        for name in item.values:
            field = f"value-{item.key}-{name}"
            if field in post:
                item.values[name] = post[field]
        chosen = post.get(f"choice-{item.key}")
        if chosen is not None:
            records = {str(record.uid): record for record in item.match.candidates}
            if item.match.record is not None:
                records[str(item.match.record.uid)] = item.match.record
            item.choice = records.get(chosen)


def highlighted(reading, item):
    """The sentence an item came from, with the item's own words marked where they occur."""
    sentence = reading.sentence(item.span).strip()
    if not sentence:
        return ""
    words = str(item.label)
    at = sentence.find(words) if words else -1
    if at < 0:
        return format_html("<mark>{}</mark>", sentence)
    return format_html(
        "{}<mark>{}</mark>{}", sentence[:at], sentence[at : at + len(words)], sentence[at + len(words) :]
    )


def review_view(admin, request):
    """GET: the form; POST "read": the proposals; POST "write": the accepted written, or the errors."""
    if not request.user.has_perm(PERMISSION):
        raise PermissionDenied
    scope = access.scope_of(request.user)
    form = ReportForm(request.POST or None, request.FILES or None)
    plan, errors = None, []
    if request.method == "POST" and form.is_valid():
        try:
            data = form.cleaned_data
            # The address typed beside the text gives the ordinal and term a text may leave out.
            reading = read_report(data["text"], data.get("published_on"), address=data.get("url") or "")
        except Exception:  # a reader's failure on a strange text is the clerk's message, not a 500
            errors.append(_("Không đọc được bài báo này; hãy kiểm tra nội dung đã dán."))
            reading = None
        if reading is not None:
            plan = match_reading(reading, scope)
            if "write" in request.POST:
                apply_choices(plan, request.POST, scope)
                try:
                    written = write_plan(plan, form.source_info(), request.user)
                except WriteRefused as refused:
                    errors += refused.messages
                else:
                    messages.success(
                        request,
                        _("Đã ghi các đề xuất được chọn (%(count)s bản ghi mới), trích dẫn nguồn “%(source)s”.")
                        % {"count": written.created, "source": written.source},
                    )
                    if written.congress is not None:
                        return HttpResponseRedirect(
                            reverse("admin:congress_congress_change", args=[written.congress.pk])
                        )
                    return HttpResponseRedirect(reverse("admin:records_source_change", args=[written.source.pk]))
    if plan is not None:
        # The text read (an upload's too) and the source as completed, for the "Ghi" step.
        data = form.cleaned_data
        form = ReportForm(initial={**data, "published_on": vietnamese.format_date(data["published_on"]) if data.get("published_on") else ""})
    context = {
        **admin.admin_site.each_context(request),
        "opts": admin.model._meta,
        "title": _("Đọc bài báo về đại hội"),
        "form": form,
        "plan": plan,
        "errors": errors,
        "groups": _rows(plan) if plan else [],
        "nothing_new": plan is not None and changes_nothing(plan),
        "missing_permissions": [
            model._meta.verbose_name_plural
            for perm, model in (required_permissions(plan) if plan else [])
            if not request.user.has_perm(perm)
        ],
        "ambiguous": AMBIGUOUS,
    }
    return TemplateResponse(request, "admin/congress/read_report.html", context)


def _rows(plan):
    groups = []
    for label, items in plan.groups():
        rows = []
        for item in items:
            link = ""
            if item.match.record is not None and hasattr(item.match.record, "get_absolute_url"):
                link = item.match.record.get_absolute_url()
            rows.append(
                {
                    "item": item,
                    "sentence": highlighted(plan.reading, item),
                    "link": link,
                    "values": [
                        (name, FIELD_LABELS.get(name, name), "" if value is None else _shown(value))
                        for name, value in item.values.items()
                    ],
                    "choices": item.match.candidates if len(item.match.candidates) > 1 or item.match.status == AMBIGUOUS or not item.match.exact else [],
                }
            )
        groups.append((label, rows))
    return groups


def _shown(value):
    if hasattr(value, "isoformat"):
        return vietnamese.format_date(value)
    return str(value)

