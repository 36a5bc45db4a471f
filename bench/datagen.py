"""Generate N one-stop dossiers for the benchmarks: `python -m bench.datagen --n 1000000`.

Run `manage.py migrate` and `manage.py demo_seed` first: agencies, procedure versions and processes
come from the database (every published version × implementing agency with a published process).
Distributions (fixed seed): received_at on working days over the last 12 months (07:30–17:00,
Asia/Ho_Chi_Minh); 95 % closed (mostly returned, some resolved/refused/withdrawn; 88 % on time),
~5 % open with one open task each and received in the last 30 days. Commune procedures are received
by the commune itself, the others by the service centre. Codes `<competent agency code>-YYMMDD-NNNN`
continue the DossierCodeSequence rows, which are written back consistently. Each dossier has one
hand-over (reception) and closed ones a second (result). `--inbox-tasks` open tasks (default 200)
sit in the queue of the reception officer `--officer` (default the demo's `motcua`).

Loaded with COPY on PostgreSQL and `executemany` on SQLite (BENCHMARKS lesson 5), then ANALYZE.
"""

from __future__ import annotations

import argparse
import io
import os
import random
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

VN = ZoneInfo("Asia/Ho_Chi_Minh")
CHUNK = 20_000
FAMILY = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ")
MIDDLE = ("Văn", "Thị", "Minh", "Hữu", "Ngọc", "Thanh", "Quốc", "Đức", "Thu", "Kim")
GIVEN: tuple[str, ...] = ("An", "Bình", "Châu", "Dũng", "Giang", "Hà", "Hải", "Hoa", "Hùng", "Khánh")
GIVEN += (
    "Lan",
    "Long",
    "Mai",
    "Nam",
    "Nga",
    "Phúc",
    "Quân",
    "Sơn",
    "Tâm",
    "Thảo",
    "Trang",
    "Tuấn",
    "Uyên",
    "Yến",
)
CLOSED = (("returned", 0.86), ("resolved", 0.08), ("refused", 0.03), ("withdrawn", 0.02), ("stopped", 0.01))
OPEN = (("processing", 0.7), ("received", 0.15), ("supplement_requested", 0.1), ("awaiting_payment", 0.05))


@dataclass(frozen=True)
class Combo:
    version_id: int
    deadline_hours: float
    competent_id: int
    competent_code: str
    receiving_id: int
    process_id: int
    steps: dict[str, tuple[int, str]]  # role → (step id, step name)


@dataclass(frozen=True)
class Generated:
    dossiers: int
    tasks: int
    handovers: int
    seconds: float
    vendor: str


def combos() -> list[Combo]:
    from egov.catalog.models import ProcedureVersion
    from egov.org.models import Agency
    from egov.workflow.models import ProcessDefinition, Step

    centre = Agency.objects.filter(kind="service_centre", valid_to__isnull=True).order_by("pk").first()
    found: list[Combo] = []
    processes = ProcessDefinition.objects.filter(status=ProcessDefinition.Status.PUBLISHED)
    by_key = {(p.procedure_id, p.agency_id): p for p in processes.order_by("version")}
    steps: dict[int, dict[str, tuple[int, str]]] = {}
    for step in Step.objects.filter(definition__in=[p.pk for p in by_key.values()]).order_by("-order"):
        steps.setdefault(step.definition_id, {})[step.role] = (step.pk, step.name)
    for version in ProcedureVersion.objects.filter(status="published").prefetch_related(
        "implementing_agencies"
    ):
        for agency in version.implementing_agencies.all():
            process = by_key.get((version.procedure_id, agency.pk))
            if process is None or not steps.get(process.pk):
                continue
            commune = agency.kind.startswith("commune") or centre is None
            found.append(
                Combo(
                    version_id=version.pk,
                    deadline_hours=float(version.deadline_hours or 8),
                    competent_id=agency.pk,
                    competent_code=agency.agency_code,
                    receiving_id=agency.pk if commune else centre.pk,  # type: ignore[union-attr]
                    process_id=process.pk,
                    steps=steps[process.pk],
                )
            )
    if not found:
        raise SystemExit("no published procedure version with a published process: run demo_seed first")
    return found


def _pick(rng: random.Random, weighted: Sequence[tuple[str, float]]) -> str:
    x = rng.random()
    for value, weight in weighted:
        x -= weight
        if x < 0:
            return value
    return weighted[-1][0]


def _received(rng: random.Random, now: datetime, within_days: int) -> datetime:
    day = (now.astimezone(VN) - timedelta(days=rng.randrange(1, within_days))).date()
    while day.weekday() >= 5:
        day -= timedelta(days=1)
    minute = rng.randrange(7 * 60 + 30, 17 * 60)
    local = datetime(day.year, day.month, day.day, minute // 60, minute % 60, rng.randrange(60), tzinfo=VN)
    return local.astimezone(UTC)


def _fmt(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S")
    return value


class Loader:
    """Writes rows of one table: COPY on PostgreSQL, executemany on SQLite."""

    def __init__(self, table: str, columns: Sequence[str]) -> None:
        from django.db import connection

        self.connection = connection
        self.table = table
        self.columns = list(columns)
        self.rows: list[tuple[Any, ...]] = []
        self.count = 0

    def add(self, row: tuple[Any, ...]) -> None:
        self.rows.append(row)
        if len(self.rows) >= CHUNK:
            self.flush()

    def flush(self) -> None:
        if not self.rows:
            return
        cols = ", ".join(self.connection.ops.quote_name(c) for c in self.columns)
        with self.connection.cursor() as cursor:
            if self.connection.vendor == "postgresql":
                buffer = io.StringIO()
                for row in self.rows:
                    buffer.write("\t".join(_copy_text(v) for v in row))
                    buffer.write("\n")
                with cursor.cursor.copy(f"COPY {self.table} ({cols}) FROM STDIN") as copy:
                    copy.write(buffer.getvalue())
            else:
                marks = ", ".join(["%s"] * len(self.columns))
                cursor.executemany(
                    f"INSERT INTO {self.table} ({cols}) VALUES ({marks})",  # noqa: S608 - fixed names
                    [tuple(_fmt(v) for v in row) for row in self.rows],
                )
        self.count += len(self.rows)
        self.rows.clear()


def _copy_text(value: Any) -> str:
    if value is None:
        return "\\N"
    if isinstance(value, datetime):
        return value.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S+00")
    if isinstance(value, bool):
        return "t" if value else "f"
    text = str(value)
    if "\\" in text or "\t" in text or "\n" in text:
        text = text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n")
    return text


DOSSIER_COLUMNS = (
    "id code procedure_version_id process_id status channel receiving_agency_id competent_agency_id "
    "applicant_kind applicant_name applicant_id_number organisation_tax_code applicant_phone "
    "applicant_email applicant_address sets delivery delivery_address fees_due fees_collected "
    "submitted_at received_at accepted_at clock_started_at due_at original_due_at extension_count "
    "resolved_at returned_at timeliness extension_reason return_method return_receiver_name "
    "return_receiver_id_number return_tracking_number search_text created_at updated_at eform_data on_behalf"
).split()
TASK_COLUMNS = (
    "dossier_id step_id agency_id department_id role status created_at due_at outcome comment timeliness"
)
HANDOVER_COLUMNS = "dossier_id at from_agency_id to_agency_id step_name timeliness note"


def _inbox_queue(officer: str) -> tuple[int, int | None] | None:
    from egov.org.models import Role, StaffAssignment

    row = (
        StaffAssignment.objects.filter(user__username=officer, role=Role.RECEPTION_OFFICER)
        .values_list("agency_id", "department_id")
        .first()
    )
    return (row[0], row[1]) if row else None


def generate(
    n: int, *, seed: int = 2026, now: datetime | None = None, inbox_tasks: int = 200, officer: str = "motcua"
) -> Generated:
    """Insert n dossiers (and their tasks and hand-overs) into the default database."""
    from django.core.management.color import no_style
    from django.db import connection, transaction
    from django.db.models import Max

    from egov.core.text import fold
    from egov.dossiers.models import Dossier, DossierCodeSequence, Handover, Task

    started = time.perf_counter()
    rng = random.Random(seed)
    now = now or datetime.now(UTC)
    pool = combos()
    queue = _inbox_queue(officer)
    names = [(f"{f} {m} {g}", fold(f"{f} {m} {g}")) for f in FAMILY for m in MIDDLE for g in GIVEN]
    open_share = 0.05
    in_atomic = connection.in_atomic_block
    with transaction.atomic():
        sequence = {(s.prefix, s.day): s.last for s in DossierCodeSequence.objects.all()}
        touched: set[tuple[str, Any]] = set()
        next_id = (Dossier.objects.aggregate(m=Max("pk"))["m"] or 0) + 1
        dossiers = Loader(Dossier._meta.db_table, DOSSIER_COLUMNS)
        tasks = Loader(Task._meta.db_table, TASK_COLUMNS.split())
        handovers = Loader(Handover._meta.db_table, HANDOVER_COLUMNS.split())
        inbox_left = inbox_tasks if queue else 0
        for i in range(n):
            combo = pool[rng.randrange(len(pool))]
            is_open = rng.random() < open_share
            received = _received(rng, now, 30 if is_open else 365)
            day = received.astimezone(VN).date()
            key = (combo.competent_code, day)
            sequence[key] = sequence.get(key, 0) + 1
            touched.add(key)
            code = f"{combo.competent_code}-{day:%y%m%d}-{sequence[key]:04d}"
            name, folded = names[rng.randrange(len(names))]
            id_number = f"0{rng.randrange(10**10, 10**11)}"
            calendar_days = max(1.0, combo.deadline_hours / 8 * 1.4)
            due = received + timedelta(days=calendar_days)
            status = _pick(rng, OPEN if is_open else CLOSED)
            resolved = returned = None
            timeliness = ""
            if status in ("returned", "resolved"):
                late = rng.random() < 0.12
                resolved = received + timedelta(
                    days=calendar_days * (rng.uniform(1.0, 1.5) if late else rng.uniform(0.3, 1.0))
                )
                timeliness = (
                    "late" if late else ("early" if resolved < due - timedelta(days=1) else "on_time")
                )
                returned = resolved + timedelta(hours=rng.randrange(1, 72)) if status == "returned" else None
            pk = next_id + i
            channel = "online" if rng.random() < 0.3 else "counter"
            dossiers.add(
                (
                    pk, code, combo.version_id, combo.process_id, status, channel, combo.receiving_id,
                    combo.competent_id, "person", name, id_number, "", f"09{rng.randrange(10**8):08d}", "",
                    "", 1, "counter", "", Decimal(0), Decimal(0), received if channel == "online" else None,
                    received, received, received, due, due, 0, resolved, returned, timeliness, "",
                    "counter" if returned else "", "", "", "", f"{code.lower()} {folded} {id_number}",
                    received, returned or resolved or received, "{}", False,
                )
            )  # fmt: skip
            handovers.add((pk, received, combo.receiving_id, combo.competent_id, "Tiếp nhận", "on_time", ""))
            if resolved is not None:
                handovers.add(
                    (pk, resolved, combo.competent_id, combo.receiving_id, "Phê duyệt", timeliness, "")
                )
            if is_open:
                if inbox_left and queue:
                    inbox_left -= 1
                    agency_id, department_id, role = queue[0], queue[1], "reception_officer"
                else:
                    agency_id, department_id, role = combo.competent_id, None, "specialist"
                step_id = combo.steps.get(role, next(iter(combo.steps.values())))[0]
                task_due = received + timedelta(days=rng.uniform(0.5, 5))
                tasks.add(
                    (pk, step_id, agency_id, department_id, role, "open", received, task_due, "", "", "")
                )
        for loader in (dossiers, tasks, handovers):
            loader.flush()
        existing = set(DossierCodeSequence.objects.values_list("prefix", "day"))
        DossierCodeSequence.objects.bulk_create(
            [DossierCodeSequence(prefix=p, day=d, last=sequence[p, d]) for p, d in touched - existing],
            batch_size=5000,
        )
        for p, d in touched & existing:
            DossierCodeSequence.objects.filter(prefix=p, day=d).update(last=sequence[p, d])
        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(no_style(), [Dossier, Task, Handover]):
                cursor.execute(sql)
    tables = (Dossier._meta.db_table, Task._meta.db_table, Handover._meta.db_table)
    with connection.cursor() as cursor:
        for table in tables:
            # Outside the transaction on PostgreSQL: VACUUM also sets the visibility map, as
            # autovacuum would in production (index-only scans for counts).
            vacuum = "VACUUM ANALYZE" if connection.vendor == "postgresql" and not in_atomic else "ANALYZE"
            cursor.execute(f"{vacuum} {table}")
    return Generated(
        dossiers=dossiers.count,
        tasks=tasks.count,
        handovers=handovers.count,
        seconds=time.perf_counter() - started,
        vendor=connection.vendor,
    )


def iter_codes(limit: int, *, seed: int = 7) -> Iterator[str]:
    """`limit` random non-draft dossier codes (for the status lookup load)."""
    from egov.dossiers.models import Dossier

    qs = Dossier.objects.exclude(status="draft")
    total_max = qs.order_by("-pk").values_list("pk", flat=True).first() or 0
    rng = random.Random(seed)
    ids = sorted({rng.randrange(1, total_max + 1) for _ in range(limit * 2)}) if total_max else []
    codes = list(qs.filter(pk__in=ids).values_list("code", flat=True)[:limit])
    rng.shuffle(codes)
    yield from codes


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.datagen", description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1_000_000, help="dossiers to generate (default 1,000,000)")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--inbox-tasks", type=int, default=200)
    parser.add_argument("--officer", default="motcua")
    parser.add_argument("--settings", default=None, help="Django settings (default $DJANGO_SETTINGS_MODULE)")
    args = parser.parse_args(argv)
    os.environ["DJANGO_SETTINGS_MODULE"] = args.settings or os.environ.get(
        "DJANGO_SETTINGS_MODULE", "config.settings.dev"
    )
    import django

    django.setup()
    result = generate(args.n, seed=args.seed, inbox_tasks=args.inbox_tasks, officer=args.officer)
    rate = result.dossiers / result.seconds if result.seconds else 0.0
    print(
        f"{result.vendor}: {result.dossiers:,} dossiers, {result.tasks:,} open tasks, "
        f"{result.handovers:,} hand-overs in {result.seconds:.1f} s ({rate:,.0f} dossiers/s)"
    )
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
