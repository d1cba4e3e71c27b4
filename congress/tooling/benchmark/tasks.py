"""The tasks a child process runs, by name (`manage.py benchmark --task NAME`)."""

from django.conf import settings

from .dossier import task_dossier_large, task_dossier_seed
from .elections import (
    task_results_bulk_create,
    task_results_export,
    task_results_import,
    task_results_stock_import,
    task_write_results_files,
)
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
    "write_results_files": task_write_results_files,
    "results_import": task_results_import,
    "results_bulk_create": task_results_bulk_create,
    "results_stock_import": task_results_stock_import,
    "results_export": task_results_export,
    "dossier_seed": task_dossier_seed,
    "dossier_large": task_dossier_large,
}


def run_task(name, options):
    """The child side: run one task on the configured database and return its figures."""
    settings.DEBUG = False
    return TASKS[name](**options)
