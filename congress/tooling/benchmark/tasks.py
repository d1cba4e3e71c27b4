"""The tasks a child process runs, by name (`manage.py benchmark --task NAME`)."""

from django.conf import settings

from .pages import task_pages
from .spreadsheets import task_bulk_create, task_export, task_import, task_stock_import, task_write_files
from .stores import task_prepare

TASKS = {
    "prepare": task_prepare,
    "write_files": task_write_files,
    "import": task_import,
    "bulk_create": task_bulk_create,
    "stock_import": task_stock_import,
    "export": task_export,
    "pages": task_pages,
}


def run_task(name, options):
    """The child side: run one task on the configured database and return its figures."""
    settings.DEBUG = False
    return TASKS[name](**options)
