"""The app is wired in `create_app`: no module registers anything by being imported, and no two import each other."""

from __future__ import annotations

import subprocess
import sys

import pytest

from kiosk import ROOT


def imported_with(module: str) -> set[str]:
    """Return the project's modules that importing `module` in a fresh interpreter loads."""
    script = (f"import importlib, sys; importlib.import_module({module!r}); "
              "print(' '.join(name for name in sys.modules if name.split('.')[0] in ('kiosk', 'benchmarks')))")
    result = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, check=True)
    return set(result.stdout.split())


@pytest.mark.parametrize(("module", "not_expected"), [
    ("kiosk.staff.cli", "kiosk.cli"),
    ("kiosk.offers.sheet_views", "kiosk.cli"),
    ("benchmarks.queue_calls", "benchmarks.queue"),
])
def test_a_module_does_not_import_the_one_that_imports_it(module, not_expected):
    assert not_expected not in imported_with(module)


def test_create_app_registers_the_commands_and_the_sheet_maker(app, runner):
    result = runner.invoke(args=["kiosk", "--help"])
    assert result.exit_code == 0
    assert {"demo", "sheets", "user"} <= set(result.output.split())
    assert "kiosk.offer_sheets" in app.extensions
