"""The layers: the import contracts of pyproject.toml are kept, and the registry names no table of
the congress app (the one way around the contracts: a table named in SQL is not an import).

`make test` runs lint-imports before the suite too; this test keeps the contracts checked when the
suite is run alone. No database is used.
"""

import re
import subprocess
import sys
from pathlib import Path

from django.apps import apps

ROOT = Path(__file__).resolve().parent.parent
LINT_IMPORTS = "import sys; from importlinter.cli import lint_imports; sys.exit(lint_imports(no_cache=True))"


def test_the_import_contracts_are_kept():
    result = subprocess.run(
        [sys.executable, "-c", LINT_IMPORTS], cwd=ROOT, capture_output=True, text=True, timeout=120
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert re.search(r"Contracts: \d+ kept, 0 broken\.", result.stdout), result.stdout


def congress_tables():
    models = apps.get_app_config("congress").get_models(include_auto_created=True)
    return {model._meta.db_table for model in models}


def test_no_file_under_records_names_a_congress_table():
    tables = congress_tables()
    assert {"congress_congress", "congress_task", "congress_historicaltask"} <= tables
    named = re.compile(r"\b(" + "|".join(sorted(map(re.escape, tables))) + r")\b")
    found = []
    for path in sorted((ROOT / "records").rglob("*")):
        if not path.is_file() or {"migrations", "__pycache__"} & set(path.parts):
            continue
        for number, line in enumerate(path.read_text(errors="ignore").splitlines(), 1):
            if named.search(line):
                found.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")

    assert found == []
