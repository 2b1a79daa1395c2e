from __future__ import annotations

import pytest

from db.store import Store
from tests.record_export.scripted import Scripted, build


@pytest.fixture
def scripted(store: Store) -> Scripted:
    return build(store)
