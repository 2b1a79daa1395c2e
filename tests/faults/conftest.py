"""Hypothesis profiles for the fuzzing of the importers: ``ci`` (quick, the default) and
``thorough`` (thousands of inputs per importer), chosen with FLOORDESK_FUZZ=thorough."""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, settings

_QUIET = [HealthCheck.too_slow, HealthCheck.function_scoped_fixture, HealthCheck.data_too_large]
settings.register_profile(
    "floordesk-ci", max_examples=25, deadline=None, suppress_health_check=_QUIET, derandomize=True
)
settings.register_profile(
    "floordesk-thorough", max_examples=3000, deadline=None, suppress_health_check=_QUIET
)
PROFILE = "floordesk-thorough" if os.environ.get("FLOORDESK_FUZZ") == "thorough" else "floordesk-ci"
FUZZ = settings.get_profile(PROFILE)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Thousands of inputs take longer than the suite's per-test timeout."""
    if PROFILE == "floordesk-thorough":
        for item in items:
            if "test_fuzz_" in item.nodeid:
                item.add_marker(pytest.mark.timeout(3600))
