"""The project's licence is stated where packagers and deployers look: the package metadata, the
LICENSE file and the README (which names the Qt Virtual Keyboard's GPLv3-or-commercial terms)."""

from __future__ import annotations

import tomllib
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def test_the_package_declares_gpl_3_or_later_with_its_text() -> None:
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["license"] == "GPL-3.0-or-later"
    assert project["license-files"] == ["LICENSE"]
    text = (REPO / "LICENSE").read_text(encoding="utf-8")
    assert "GNU GENERAL PUBLIC LICENSE" in text.splitlines()[0]
    assert "Version 3, 29 June 2007" in text


def test_the_readme_tells_a_deployer_about_the_keyboards_licence() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Licence", 1)[1]
    assert "GPL-3.0-or-later" in section
    assert "Qt Virtual Keyboard" in section
    assert "commercial Qt licence" in section
