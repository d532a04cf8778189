"""The framework and Sam Rivera's assessment (without and with pay bands), built once per module."""

from __future__ import annotations

import pytest

from ladders.core.compensation import bands_load
from ladders.core.engine import assess
from ladders.core.framework import Framework
from ladders.core.framework_loader import framework_load
from ladders.core.profile import profile_load
from tests.example_files import BANDS, SAM


@pytest.fixture(scope="module")
def fw() -> Framework:
    return framework_load()


@pytest.fixture(scope="module")
def sam(fw: Framework) -> dict:
    return assess(fw, profile_load(SAM, fw))


@pytest.fixture(scope="module")
def sam_paid(fw: Framework) -> dict:
    return assess(fw, profile_load(SAM, fw), bands=bands_load(BANDS, fw))
