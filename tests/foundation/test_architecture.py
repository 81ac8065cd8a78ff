"""The layers of the house are enforced, not remembered: import-linter keeps the contract on today's code, and fails
(so `make lint` and CI fail) the moment an app imports one above it."""

import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def _packages() -> list[str]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    return config["tool"]["importlinter"]["root_packages"]


def _lint(cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache"],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(cwd)},
    )


@pytest.fixture
def tree_copy(tmp_path):
    """The apps and the contract, copied, so a test may break them."""
    for package in _packages():
        shutil.copytree(ROOT / package, tmp_path / package, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    return tmp_path


def test_every_app_of_the_house_is_under_contract():
    apps = {path.parent.name for path in ROOT.glob("*/apps.py")}
    assert apps <= set(_packages()), f"apps missing from the import-linter contract: {sorted(apps - set(_packages()))}"


def test_the_code_keeps_the_layers():
    result = _lint(ROOT)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    assert "0 broken" in result.stdout


@pytest.mark.parametrize(
    ("module", "line"),
    [
        ("core/models.py", "from initiatives.models import Initiative  # noqa"),
        ("notifications/selectors.py", "from initiatives.choices import ReportState  # noqa"),
        ("dimensions/selectors.py", "from notifications.models import Notification  # noqa"),
        ("initiatives/metrics.py", "from roadmap.selectors import masterplan_stats  # noqa"),
    ],
)
def test_an_import_against_the_layers_breaks_the_contract(tree_copy, module, line):
    path = tree_copy / module
    path.write_text(path.read_text() + f"\n{line}\n")
    result = _lint(tree_copy)
    assert result.returncode != 0
    assert "BROKEN" in result.stdout and module.split("/")[0] in result.stdout
