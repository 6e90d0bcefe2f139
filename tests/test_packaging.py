"""What a release ships: the wheel and the sdist built as a packager would build them."""

from __future__ import annotations

import email
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    subprocess.run([sys.executable, "-m", "hatchling", "build", "-d", str(out)], cwd=ROOT,
                   check=True, capture_output=True)
    return out


def test_the_wheel_is_typed_licensed_and_carries_the_rubrics(dist: Path) -> None:
    wheel = zipfile.ZipFile(next(dist.glob("*.whl")))
    names = wheel.namelist()
    assert "careerkit/py.typed" in names  # downstream mypy reads careerkit's own types
    assert any(n.endswith(".dist-info/licenses/LICENSE") for n in names)
    assert "careerkit/rubrics/ml-phd-career.yaml" in names
    # `careerkit rubric guide` prints it where an installed user can read it.
    assert wheel.read("careerkit/docs/rubric-guide.md") == (
        ROOT / "docs" / "rubric-guide.md").read_bytes()
    metadata_name = next(n for n in names if n.endswith(".dist-info/METADATA"))
    metadata = email.message_from_bytes(wheel.read(metadata_name))
    # License-Expression is only valid from metadata 2.4 on.
    assert tuple(int(p) for p in metadata["Metadata-Version"].split(".")) >= (2, 4)
    assert metadata["License-Expression"] == "MIT"
    assert "Typing :: Typed" in metadata.get_all("Classifier", [])


def test_the_sdist_holds_what_its_tests_read(dist: Path) -> None:
    with tarfile.open(next(dist.glob("*.tar.gz"))) as sdist:
        names = {name.split("/", 1)[1] for name in sdist.getnames() if "/" in name}
    for needed in ["LICENSE", "README.md", "docs/rubric-guide.md", ".pre-commit-hooks.yaml",
                   "tests/conftest.py", "rubrics/ml-phd-career.yaml", "careerkit/py.typed"]:
        assert needed in names, needed
