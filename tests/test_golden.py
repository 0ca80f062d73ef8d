"""The same seeds give the same tables as recorded (tests/golden_tables.py explains)."""

from __future__ import annotations

import json

from golden_tables import CHECKSUMS, checksums


def test_tables_match_recorded_checksums():
    recorded = json.loads(CHECKSUMS.read_text())
    assert checksums() == recorded
