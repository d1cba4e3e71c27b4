"""The admin's pages for long imports: a progress bar, the result, and a clerk's imports.

A file of more than settings.SHEET_BACKGROUND_ROWS rows is previewed and imported by a
background task (records.sheets.tasks). Its page shows a <progress> bar that a static script
(records/sheet_progress.js: the Content Security Policy allows no inline script) moves by
polling a JSON view every second, and, when the task is done, the same report as a preview or
an import done while the page waited. The clerk may leave it: "Các lần nhập của tôi" lists
their imports, with where each stands.
"""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect, JsonResponse
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, path, reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_tasks_db.models import DBTaskResult

from records import vietnamese
from records.models import SheetPreview

from .choices import posted_choices
from .kinds import get_sheet
from .progress import progress_of
from .services import AlreadyImported
from .tasks import confirm_in_background, mark_stale, preview_in_background, report_of

__all__ = ["SheetTaskViews"]

Status = SheetPreview.Status
Step = SheetPreview.Step
# A clerk's list of imports shows this many, the latest first.
MY_IMPORTS_SHOWN = 100

# django-tasks-db's own admin pages (English only, every task's arguments and traceback) are left
# out, as django-axes's are: a clerk follows their imports in "Các lần nhập của tôi", and a task's
# failure is logged. Its admin module is imported before this one (INSTALLED_APPS order).
if admin.site.is_registered(DBTaskResult):
    admin.site.unregister(DBTaskResult)


def url_name(opts, view):
    return f"{opts.app_label}_{opts.model_name}_{view}"


def task_url(preview, view="import_task"):
    """The page of a preview's task, under the admin of its kind's model; None when there is none."""
    try:
        opts = get_sheet(preview.kind)._meta.model._meta
        return reverse(f"admin:{url_name(opts, view)}", args=[preview.token])
    except (LookupError, NoReverseMatch):
        return None


def progress_data(preview):
    """What the progress bar shows of a preview's task: counts, and a sentence that says them."""
    progress = progress_of(preview.pk) if preview.status == Status.RUNNING else None
    progress = progress or {"rows_read": 0, "rows_checked": 0, "rows_written": 0}
    total = preview.rows_total
    numbers = {
        "read": vietnamese.format_number(progress["rows_read"]),
        "checked": vietnamese.format_number(progress["rows_checked"]),
        "written": vietnamese.format_number(progress["rows_written"]),
        "total": vietnamese.format_number(total),
    }
    if preview.status == Status.QUEUED:
        text = _("Đang chờ tiến trình chạy nền nhận việc…")
    elif preview.status != Status.RUNNING:
        text = str(preview.state)
    elif not total:
        text = _("Đang đếm các dòng của tệp…")
    elif preview.step == Step.PREVIEW:
        text = _("Đã đọc %(read)s dòng, đã kiểm tra %(checked)s trong %(total)s dòng.") % numbers
    else:
        text = (
            _("Đã đọc %(read)s, đã kiểm tra %(checked)s, đã ghi %(written)s trong %(total)s dòng.") % numbers
        )
    return {
        "step": preview.step,
        "status": preview.status,
        "finished": preview.finished,
        "read": progress["rows_read"],
        "checked": progress["rows_checked"],
        "written": progress["rows_written"],
        "total": total,
        "text": text,
    }


class SheetTaskViews:
    """The views of background imports, for SheetAdminMixin (which gives sheet, render_import)."""

    task_template_name = "admin/records/sheet_import_task.html"
    my_imports_template_name = "admin/records/sheet_imports.html"

    def task_urls(self):
        opts = self.opts
        view = self.admin_site.admin_view
        return [
            path("import/mine/", view(self.my_imports_view), name=url_name(opts, "my_imports")),
            path("import/task/<uuid:token>/", view(self.task_view), name=url_name(opts, "import_task")),
            path(
                "import/task/<uuid:token>/progress/",
                view(self.task_progress_view),
                name=url_name(opts, "import_task_progress"),
            ),
            path(
                "import/task/<uuid:token>/confirm/",
                view(self.task_confirm_view),
                name=url_name(opts, "import_task_confirm"),
            ),
        ]

    def start_in_background(self, request, upload, congress, reason):
        """Queue the preview of a long file and send the clerk to its progress bar."""
        preview = preview_in_background(
            kind=self.sheet.sheet_kind,
            data=upload,
            file_name=upload.name,
            user=request.user,
            congress=congress,
            reason=reason,
        )
        return HttpResponseRedirect(task_url(preview))

    def own_task(self, request, token):
        """The user's own preview of this admin's kind, or 404: another's is not theirs to see."""
        if not self.has_import_permission(request):
            raise PermissionDenied
        mark_stale()
        preview = (
            SheetPreview.objects.filter(token=token, user=request.user, kind=self.sheet.sheet_kind)
            .defer("data")
            .first()
        )
        if preview is None:
            raise Http404(_("Không tìm thấy lần nhập này."))
        return preview

    def task_view(self, request, token):
        """The progress bar while the task runs; its report, or what went wrong, once it ended."""
        preview = self.own_task(request, token)
        if not preview.finished:
            context = {
                **self.admin_site.each_context(request),
                "title": _("Nhập %(records)s từ bảng tính") % {"records": self.opts.verbose_name_plural},
                "opts": self.opts,
                "task": preview,
                "progress": progress_data(preview),
                "progress_url": task_url(preview, "import_task_progress"),
            }
            request.current_app = self.admin_site.name
            return TemplateResponse(request, [self.task_template_name], context)
        form = self.blank_import_form(request, preview)
        report = report_of(preview)
        if preview.status == Status.FAILED:
            return self.render_import(request, form, task=preview)
        if preview.claimed_at is not None and preview.step == Step.PREVIEW:
            # A preview done while the page waited, and imported since.
            messages.info(request, str(AlreadyImported(preview.claimed_at)))
        confirm_action = None
        if (
            preview.step == Step.PREVIEW
            and preview.in_background
            and preview.claimed_at is None
            and not preview.refused
        ):
            confirm_action = task_url(preview, "import_task_confirm")
        return self.render_import(request, form, report, task=preview, confirm_action=confirm_action)

    def task_progress_view(self, request, token):
        """The progress of a task as JSON, for the page's script to poll (never cached: admin_view)."""
        return JsonResponse(progress_data(self.own_task(request, token)))

    @method_decorator(require_POST)
    def task_confirm_view(self, request, token):
        """Queue the import of a file previewed in the background; a second click queues nothing."""
        preview = self.own_task(request, token)
        if not confirm_in_background(preview, posted_choices(request.POST)):
            preview.refresh_from_db(fields=["claimed_at", "step", "status"])
            if preview.claimed_at is not None:
                messages.warning(request, str(AlreadyImported(preview.claimed_at)))
            elif preview.step != Step.IMPORT:
                messages.error(request, _("Không tìm thấy tệp cần nhập; hãy tải tệp lên lại."))
        return HttpResponseRedirect(task_url(preview))

    def my_imports_view(self, request):
        """The user's previews and imports, the latest first, with where each stands."""
        if not self.has_import_permission(request):
            raise PermissionDenied
        mark_stale()
        previews = list(SheetPreview.objects.filter(user=request.user).defer("data")[:MY_IMPORTS_SHOWN])
        rows = []
        for preview in previews:
            try:
                title = get_sheet(preview.kind).sheet_title()
            except LookupError:
                title = preview.kind
            rows.append({"preview": preview, "title": title, "url": task_url(preview)})
        context = {
            **self.admin_site.each_context(request),
            "title": _("Các lần nhập của tôi"),
            "opts": self.opts,
            "rows": rows,
            "shown": MY_IMPORTS_SHOWN,
            "import_url": reverse(f"admin:{url_name(self.opts, 'import')}"),
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, [self.my_imports_template_name], context)
