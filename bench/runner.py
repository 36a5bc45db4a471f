"""The benchmark runner: set up Django, run the chosen scenarios, print one table row per scenario.

Machines here are shared and noisy, so each scenario measures its own baseline in the same run and
reports the ratio beside the absolute figures (BENCHMARKS.md).
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import platform
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from types import ModuleType

DEFAULT_SETTINGS = "config.settings.dev"
SCENARIO_MODULES = {
    "calendar": "bench.scenarios.calendar",
    "http_trivial": "bench.scenarios.http_trivial",
    "status_lookup": "bench.scenarios.status_lookup",
    "staff_inbox": "bench.scenarios.staff_inbox",
    "counter_intake": "bench.scenarios.counter_intake",
    "dashboard": "bench.scenarios.dashboard",
    "portal_submit": "bench.scenarios.portal_submit",
    "procedure_search": "bench.scenarios.procedure_search",
    "pdf_sign": "bench.scenarios.pdf_sign",
    "document_search": "bench.scenarios.document_search",
    "number_issue": "bench.scenarios.number_issue",
}
COLUMNS = ("scenario", "n", "median", "p95", "ops/s", "baseline", "ratio", "goal", "pass/fail")


@dataclass(frozen=True)
class Timing:
    """Per-operation times of the rounds of one measured loop."""

    n: int
    rounds: list[float]  # seconds per round of n operations

    @property
    def per_op(self) -> list[float]:
        return [r / self.n for r in self.rounds]

    @property
    def median(self) -> float:
        return statistics.median(self.per_op)

    @property
    def p95(self) -> float:
        return percentile(self.per_op, 95)

    @property
    def ops_per_second(self) -> float:
        return 1.0 / self.median if self.median > 0 else float("inf")


@dataclass(frozen=True)
class Result:
    number: str
    name: str
    n: int
    rounds: int
    median_s: float  # seconds per operation, median of the rounds
    p95_s: float  # seconds per operation, 95th percentile of the rounds
    ops_per_second: float
    baseline: str
    baseline_ops_per_second: float
    goal: str
    passed: bool
    notes: str = ""

    @property
    def ratio(self) -> float:
        return self.ops_per_second / self.baseline_ops_per_second if self.baseline_ops_per_second else 0.0

    def row(self) -> tuple[str, ...]:
        return (
            f"{self.number} {self.name}",
            f"{self.n:,}",
            fmt_time(self.median_s),
            fmt_time(self.p95_s),
            f"{self.ops_per_second:,.0f}",
            f"{self.baseline_ops_per_second:,.0f}",
            f"{self.ratio:.3f}",
            self.goal,
            "pass" if self.passed else "FAIL",
        )


def percentile(values: Sequence[float], pct: float) -> float:
    """Nearest-rank percentile (with 5 rounds, p95 is the slowest round)."""
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * pct // 100))
    return ordered[int(rank) - 1]


def fmt_time(seconds: float) -> str:
    if seconds < 1e-3:
        return f"{seconds * 1e6:.2f} µs"
    if seconds < 1:
        return f"{seconds * 1e3:.2f} ms"
    return f"{seconds:.2f} s"


def time_rounds(loop: Callable[[], object], *, n: int, rounds: int) -> Timing:
    """Run `loop` (which performs n operations) `rounds` times after one warm-up round."""
    loop()
    durations = []
    for _ in range(rounds):
        started = time.perf_counter()
        loop()
        durations.append(time.perf_counter() - started)
    return Timing(n=n, rounds=durations)


def format_table(results: Sequence[Result]) -> str:
    rows = [COLUMNS, *(r.row() for r in results)]
    widths = [max(len(row[i]) for row in rows) for i in range(len(COLUMNS))]
    lines = [" | ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip() for row in rows]
    lines.insert(1, "-+-".join("-" * w for w in widths))
    return "\n".join(lines)


def load(names: Sequence[str]) -> list[ModuleType]:
    unknown = [n for n in names if n not in SCENARIO_MODULES]
    if unknown:
        raise SystemExit(f"unknown scenario(s): {', '.join(unknown)}; known: {', '.join(SCENARIO_MODULES)}")
    return [importlib.import_module(SCENARIO_MODULES[n]) for n in names or list(SCENARIO_MODULES)]


def run_scenarios(names: Sequence[str], *, n: int | None = None, rounds: int = 5) -> list[Result]:
    """Run scenarios in this (already set up) Django process; the database must be migrated."""
    if rounds < 5:
        raise ValueError("at least 5 rounds")
    return [module.run(n=n or module.DEFAULT_N, rounds=rounds) for module in load(names)]


def _setup(settings_module: str | None, *, migrate: bool, modules: Sequence[ModuleType]) -> str:
    os.environ["DJANGO_SETTINGS_MODULE"] = settings_module or os.environ.get(
        "DJANGO_SETTINGS_MODULE", DEFAULT_SETTINGS
    )
    import django

    django.setup()
    if migrate:
        from django.core.management import call_command

        apps: set[str] = set()
        for module in modules:
            needed = getattr(module, "APPS", None)
            if needed is None:  # the scenario needs the whole schema
                apps.clear()
                break
            apps.update(needed)
        if apps:
            for label in sorted(apps):
                call_command("migrate", label, verbosity=0)
        else:
            call_command("migrate", verbosity=0)
    return os.environ["DJANGO_SETTINGS_MODULE"]


def _environment(settings_module: str) -> str:
    from django.db import connection

    return (
        f"settings={settings_module} db={connection.vendor} python={platform.python_version()} "
        f"cpus={os.cpu_count()} date={time.strftime('%Y-%m-%d %H:%M %Z')}"
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description="Run the egov benchmark scenarios.")
    parser.add_argument(
        "scenarios", nargs="*", help=f"scenario names (default: all): {', '.join(SCENARIO_MODULES)}"
    )
    parser.add_argument(
        "--settings", help=f"Django settings module (default: $DJANGO_SETTINGS_MODULE or {DEFAULT_SETTINGS})"
    )
    parser.add_argument("--n", type=int, help="operations per round (default: each scenario's own)")
    parser.add_argument("--rounds", type=int, default=5, help="measured rounds, at least 5 (default 5)")
    parser.add_argument(
        "--no-migrate", action="store_true", help="do not migrate the configured database first"
    )
    parser.add_argument("--json", action="store_true", help="print JSON instead of the table")
    parser.add_argument("--list", action="store_true", help="list the scenarios and exit")
    args = parser.parse_args(argv)
    if args.rounds < 5:
        parser.error("--rounds must be at least 5")
    modules = load(args.scenarios)
    if args.list:
        for module in modules:
            summary = (module.__doc__ or "").strip().splitlines()[0]
            print(f"{module.NUMBER:<4} {module.NAME:<12} goal {module.GOAL}: {summary}")
        return 0
    settings_module = _setup(args.settings, migrate=not args.no_migrate, modules=modules)
    results = [module.run(n=args.n or module.DEFAULT_N, rounds=args.rounds) for module in modules]
    if args.json:
        print(json.dumps([asdict(r) | {"ratio": r.ratio} for r in results], indent=2, ensure_ascii=False))
    else:
        print(_environment(settings_module))
        print(format_table(results))
        for r in results:
            print(f"{r.number} baseline: {r.baseline}. {r.notes}".rstrip())
    return 0 if all(r.passed for r in results) else 1


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
