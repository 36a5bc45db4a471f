"""Smoke test of the harness: the calendar scenario with a tiny n gives a well-formed row (no timing)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from bench.runner import COLUMNS, Result, format_table, percentile, run_scenarios

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.django_db
def test_calendar_scenario_row_shape() -> None:
    results = run_scenarios(["calendar"], n=200, rounds=5)
    assert len(results) == 1
    result = results[0]
    assert isinstance(result, Result)
    assert (result.number, result.name, result.n, result.rounds) == ("S10", "calendar", 200, 5)
    assert result.ops_per_second > 0 and result.baseline_ops_per_second > 0
    assert result.median_s <= result.p95_s
    row = result.row()
    assert len(row) == len(COLUMNS) == 9
    assert row[0] == "S10 calendar" and row[1] == "200"
    assert row[7] == "≥ 100,000/s"
    assert row[8] in {"pass", "FAIL"}
    lines = format_table(results).splitlines()
    assert len(lines) == 3
    assert lines[0].split(" | ")[0].strip() == "scenario"
    assert [c.strip() for c in lines[2].split(" | ")] == list(row)


def test_unknown_scenario_and_too_few_rounds() -> None:
    with pytest.raises(SystemExit):
        run_scenarios(["nope"])
    with pytest.raises(ValueError):
        run_scenarios(["calendar"], n=10, rounds=3)


def test_percentile_is_nearest_rank() -> None:
    assert percentile([5.0, 1.0, 3.0, 2.0, 4.0], 95) == 5.0
    assert percentile([5.0, 1.0, 3.0, 2.0, 4.0], 50) == 3.0


def test_list_runs_as_a_module() -> None:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test"}
    out = subprocess.run(
        [sys.executable, "-m", "bench", "--list"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert out.startswith("S10  calendar")
