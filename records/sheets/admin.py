"""Import and export buttons for the admin pages of every model that has a sheet kind.

django-import-export gives the buttons, the URLs, the permission checks and the two-step
flow (preview, then confirm), and the export formats; the work is done by
records.sheets.services, as on the command line, so that the admin, the list pages and
`manage.py import_sheet` read and write the same files. django-import-export's own import
(its Resource.import_data() and the confirm step's process_import()) is replaced here, not
run beside ours.
"""

import os

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.admin.widgets import AutocompleteSelect
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from import_export.admin import ImportExportMixin
from import_export.formats.base_formats import CSV, XLSX
from import_export.forms import ExportForm
from import_export.signals import post_import

from records import access, audit
from records.models import SheetPreview

from .admin_tasks import SheetTaskViews
from .choices import ASK, REFUSE, posted_choices
from .run import PREVIEW_ROWS
from .services import AlreadyImported, sheet_export_file, sheet_import, sheet_preview_keep, sheet_template
from .tasks import runs_in_background

XLSX_CONTENT_TYPE = XLSX.CONTENT_TYPE


class SheetImportForm(forms.Form):
    """The file to import, for a list of one congress the congress it belongs to, and why."""

    import_file = forms.FileField(
        label=gettext_lazy("Tệp bảng tính"),
        help_text=gettext_lazy("Tệp Excel (.xlsx) hoặc CSV, dòng đầu là tiêu đề cột."),
    )
    reason = forms.CharField(
        label=gettext_lazy("Lý do"),
        required=False,
        max_length=500,
        help_text=gettext_lazy("Không bắt buộc; ghi vào lịch sử thay đổi của các bản ghi được nhập."),
    )

    def __init__(self, *args, resource_class, admin_site, scope=access.EVERYTHING, **kwargs):
        super().__init__(*args, **kwargs)
        if resource_class.congress_field:
            model_field = resource_class.congress_relation()
            self.fields["congress"] = forms.ModelChoiceField(
                scope.filter(resource_class.congress_choices(model_field.related_model.objects.all())),
                label=resource_class.congress_label(),
                help_text=gettext_lazy("Danh sách được nhập vào %(what)s này.")
                % {"what": resource_class.congress_noun},
                # A country holds tens of thousands of congresses: searched, not listed.
                widget=AutocompleteSelect(model_field, admin_site),
            )
            self.order_fields(["import_file", "congress", "reason"])


class SheetConfirmForm(forms.Form):
    """What the confirm step needs to import the previewed file again, for real.

    The name of the kept file is signed, so that a confirmation can only import a file this
    site kept for a preview, and only for a day.
    """

    # The module's former name: a new salt would refuse the confirmations of previews in flight.
    SALT = "records.sheets_admin.confirm"
    MAX_AGE = 24 * 60 * 60

    import_file_name = forms.CharField(widget=forms.HiddenInput)
    original_file_name = forms.CharField(widget=forms.HiddenInput)
    congress = forms.CharField(widget=forms.HiddenInput, required=False)
    reason = forms.CharField(widget=forms.HiddenInput, required=False, max_length=500)
    # The token of the SheetPreview the confirmation claims, signed as the file's name is.
    preview = forms.CharField(widget=forms.HiddenInput)

    @classmethod
    def sign(cls, name):
        return signing.dumps(os.path.basename(name), salt=cls.SALT)

    @classmethod
    def sign_preview(cls, preview):
        return signing.dumps(str(preview.token), salt=f"{cls.SALT}.preview")

    def clean_import_file_name(self):
        return self.unsign("import_file_name", self.SALT)

    def clean_preview(self):
        return self.unsign("preview", f"{self.SALT}.preview")

    def unsign(self, name, salt):
        try:
            return signing.loads(self.cleaned_data[name], salt=salt, max_age=self.MAX_AGE)
        except signing.BadSignature:
            raise forms.ValidationError(_("Không tìm thấy tệp cần nhập; hãy tải tệp lên lại.")) from None


def remove_quietly(storage):
    """Remove a kept file, which a confirmation of the same preview at once may have removed."""
    try:
        storage.remove()
    except OSError:
        pass


class SheetExportForm(ExportForm):
    """The export form without the choice of columns: an export holds every column, to import back.

    The format starts at the first of the admin's formats (xlsx), not at django-import-export's
    blank "---", which made a click on Xuất stop at the browser's English "Please select an item".
    """

    def __init__(self, formats, resources, **kwargs):
        super().__init__(formats, resources, **kwargs)
        field = self.fields["format"]
        field.label = gettext_lazy("Định dạng tệp")
        field.choices = [choice for choice in field.choices if choice[0] != ""]
        self.initial.setdefault("format", field.choices[0][0])


class SheetAdminMixin(SheetTaskViews, ImportExportMixin):
    """Import and export through the model's sheet kind: the one Resource in `resource_classes`.

    A long file is previewed and imported in the background (SheetTaskViews), a short one while
    the page waits.
    """

    import_template_name = "admin/records/sheet_import.html"
    export_template_name = "admin/records/sheet_export.html"
    export_form_class = SheetExportForm
    import_formats = [XLSX, CSV]
    export_formats = [XLSX, CSV]

    @property
    def sheet(self):
        return self.resource_classes[0]

    def get_urls(self):
        app_label, model_name = self.get_model_info()
        return [
            path(
                "import/template/",
                self.admin_site.admin_view(self.import_template_view),
                name=f"{app_label}_{model_name}_import_template",
            ),
            *self.task_urls(),
            *super().get_urls(),
        ]

    def import_template_view(self, request):
        """A blank xlsx with the sheet's headers and one example row."""
        if not self.has_import_permission(request):
            raise PermissionDenied
        response = HttpResponse(sheet_template(self.sheet.sheet_kind), content_type=XLSX_CONTENT_TYPE)
        response["Content-Disposition"] = f'attachment; filename="{self.sheet.template_file_name()}"'
        return response

    def import_action(self, request, **kwargs):
        """Upload a file and see what it would do: counts, every error, the first rows."""
        if not self.has_import_permission(request):
            raise PermissionDenied
        scope = access.scope_of(request.user)
        form = SheetImportForm(
            request.POST or None,
            request.FILES or None,
            resource_class=self.sheet,
            admin_site=self.admin_site,
            scope=scope,
            initial={"congress": request.GET.get("congress")},
        )
        report = confirm_form = None
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["import_file"]
            congress = form.cleaned_data.get("congress")
            reason = form.cleaned_data["reason"].strip()
            if runs_in_background(upload, upload.name, self.sheet.sheet_kind):
                return self.start_in_background(request, upload, congress, reason)
            report = sheet_import(
                kind=self.sheet.sheet_kind,
                data=upload,
                file_name=upload.name,
                user=request.user,
                congress=congress,
                dry_run=True,
                scope=scope,
                reason=reason,
                # Rows that may mean records on file are listed, for the clerk to choose whom.
                duplicates=ASK,
            )
            if not report.refused:
                # The confirm step imports the same bytes, kept meanwhile where import-export keeps them.
                storage = self.get_tmp_storage_class()(read_mode="rb", **self.get_tmp_storage_class_kwargs())
                upload.seek(0)
                storage.save(upload.read())
                preview = sheet_preview_keep(report=report, data=upload, user=request.user)
                confirm_form = SheetConfirmForm(
                    initial={
                        "import_file_name": SheetConfirmForm.sign(storage.name),
                        "preview": SheetConfirmForm.sign_preview(preview),
                        "original_file_name": upload.name,
                        "congress": congress.pk if congress else "",
                        "reason": reason,
                    }
                )
        return self.render_import(request, form, report, confirm_form)

    def blank_import_form(self, request, preview):
        """The upload form, empty, under a background task's report: for the next file."""
        return SheetImportForm(
            resource_class=self.sheet,
            admin_site=self.admin_site,
            scope=access.scope_of(request.user),
            initial={"reason": preview.reason},
        )

    def render_import(self, request, form, report=None, confirm_form=None, task=None, confirm_action=None):
        context = {
            **self.admin_site.each_context(request),
            "title": _("Nhập %(records)s từ bảng tính") % {"records": self.opts.verbose_name_plural},
            "opts": self.opts,
            "form": form,
            "report": report,
            "confirm_form": confirm_form,
            # A background task's preview or import: its confirmation posts to its own view.
            "task": task,
            "confirm_action": confirm_action,
            "columns": self.sheet.columns(),
            "preview_limit": PREVIEW_ROWS,
            "max_bytes": settings.SPREADSHEET_MAX_BYTES,
            "media": self.media + form.media,
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, [self.import_template_name], context)

    @method_decorator(require_POST)
    def process_import(self, request, **kwargs):
        """Import the previewed file for real; refused again if anything changed meanwhile."""
        if not self.has_import_permission(request):
            raise PermissionDenied
        confirm_form = SheetConfirmForm(request.POST)
        import_url = reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_import")
        if not confirm_form.is_valid():
            messages.error(request, _("Không tìm thấy tệp cần nhập; hãy tải tệp lên lại."))
            return HttpResponseRedirect(import_url)
        preview = SheetPreview.objects.filter(
            token=confirm_form.cleaned_data["preview"], kind=self.sheet.sheet_kind, user=request.user
        ).first()
        storage = self.get_tmp_storage_class()(
            name=confirm_form.cleaned_data["import_file_name"],
            read_mode="rb",
            **self.get_tmp_storage_class_kwargs(),
        )
        changelist_url = reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_changelist")
        if preview is None:
            messages.error(request, _("Không tìm thấy tệp cần nhập; hãy tải tệp lên lại."))
            return HttpResponseRedirect(import_url)
        if preview.claimed_at is not None:
            # A second click on the button, or the page confirmed again from the history.
            messages.warning(request, str(AlreadyImported(preview.claimed_at)))
            return HttpResponseRedirect(changelist_url)
        try:
            data = storage.read()
        except OSError:
            # Removed by a confirmation of the same preview that has just finished?
            preview.refresh_from_db(fields=["claimed_at"])
            if preview.claimed_at is not None:
                messages.warning(request, str(AlreadyImported(preview.claimed_at)))
                return HttpResponseRedirect(changelist_url)
            messages.error(request, _("Không tìm thấy tệp cần nhập; hãy tải tệp lên lại."))
            return HttpResponseRedirect(import_url)
        congress = None
        if self.sheet.congress_field:
            try:
                congress = self.sheet.find_congress(confirm_form.cleaned_data["congress"])
            except ValueError as error:
                messages.error(request, str(error))
                return HttpResponseRedirect(import_url)
        file_name = confirm_form.cleaned_data["original_file_name"]
        reason = confirm_form.cleaned_data["reason"].strip()
        try:
            report = sheet_import(
                kind=self.sheet.sheet_kind,
                data=data,
                file_name=file_name,
                user=request.user,
                congress=congress,
                dry_run=False,
                scope=access.scope_of(request.user),
                reason=reason,
                preview=preview,
                choices=posted_choices(request.POST),
                duplicates=REFUSE,
            )
        except AlreadyImported as already:
            # The same preview confirmed twice at once: this one waited for the other's import.
            messages.warning(request, str(already))
            return HttpResponseRedirect(changelist_url)
        finally:
            remove_quietly(storage)
        if report.refused:
            form = SheetImportForm(
                resource_class=self.sheet,
                admin_site=self.admin_site,
                scope=access.scope_of(request.user),
                initial={"reason": reason},
            )
            return self.render_import(request, form, report)
        message = _("Đã nhập tệp “%(file)s”: %(summary)s.") % {"file": file_name, "summary": report.summary}
        # One entry for the import, on its Source; the rows' own history rows name the file.
        if report.source is not None and not self.get_skip_admin_log():
            self.log_addition(request, report.source, message)
        post_import.send(sender=None, model=self.model)
        messages.success(request, message)
        return HttpResponseRedirect(changelist_url)

    def get_export_data(self, file_format, request, queryset, **kwargs):
        if not self.has_export_permission(request):
            raise PermissionDenied
        exported = sheet_export_file(
            kind=self.sheet.sheet_kind, queryset=queryset, file_format=file_format.get_extension()
        )
        audit.log_export(request, exported.rows)
        return exported.content

    def get_export_filename(self, request, queryset, file_format):
        return self.sheet.export_file_name(file_format.get_extension())

    def init_request_context_data(self, request, form):
        context = super().init_request_context_data(request, form)
        context["title"] = _("Xuất %(records)s ra bảng tính") % {"records": self.opts.verbose_name_plural}
        context["columns"] = self.sheet.columns()
        return context
