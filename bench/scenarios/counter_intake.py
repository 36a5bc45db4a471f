"""S4: counter intake through the service layer (`dossier_receive`), dossiers per second in one process.

Each operation receives one dossier at the demo one-stop unit (the reception officer `motcua`, or the
first reception officer found): code from the daily sequence, deadline, process start, audit, outbox.
Procedures rotate over the versions that unit may receive. Then `CLIENTS` (32) threads, each with its
own connection, receive `PER_CLIENT` dossiers concurrently; duplicate codes and errors are counted.
Baseline: a one-row UPDATE transaction (ORM) in the same run. Goal (issue P2): ≥ 300/s; 0 duplicates.
"""

from __future__ import annotations

import threading
from collections import Counter
from dataclasses import dataclass
from typing import Any

from bench.runner import Result, time_rounds

NUMBER = "S4"
NAME = "counter_intake"
GOAL_OPS = 300
GOAL = "≥ 300/s; 0 duplicate codes at 32 clients"
DEFAULT_N = 200
APPS = None
CLIENTS = 32
PER_CLIENT = 10


@dataclass(frozen=True)
class Desk:
    actor: Any
    agency: Any
    inputs: list[Any]  # IntakeData


def desk_for(officer: str = "motcua") -> Desk:
    from egov.catalog.models import ProcedureVersion
    from egov.dossiers.types import ApplicantData, ComponentInput, IntakeData
    from egov.org.models import Role, StaffAssignment
    from egov.workflow.models import ProcessDefinition

    assignments = StaffAssignment.objects.filter(role=Role.RECEPTION_OFFICER).select_related("user", "agency")
    assignment = assignments.filter(user__username=officer).first() or assignments.order_by("pk").first()
    if assignment is None:
        raise SystemExit("no reception officer: run demo_seed first")
    inputs = []
    published = ProcessDefinition.objects.filter(status=ProcessDefinition.Status.PUBLISHED)
    for version in ProcedureVersion.objects.filter(status="published").prefetch_related(
        "implementing_agencies", "components"
    ):
        agencies = list(version.implementing_agencies.all())
        for agency in agencies:
            if len(agencies) > 1 and agency.pk != assignment.agency_id:
                continue  # the service would need an explicit choice; keep to unambiguous ones
            if not published.filter(procedure_id=version.procedure_id, agency=agency).exists():
                continue
            components = [
                ComponentInput(name=c.name, procedure_component_id=c.pk)
                for c in version.components.all()
                if c.mandatory
            ]
            applicant = ApplicantData(
                name="Nguyễn Văn An", id_number="001090012345", phone="0912345678", address="Tây Ninh"
            )
            inputs.append(
                IntakeData(procedure_version_id=version.pk, applicant=applicant, components=components)
            )
    if not inputs:
        raise SystemExit(f"no procedure that {assignment.agency} can receive without a choice")
    return Desk(actor=assignment.user, agency=assignment.agency, inputs=inputs)


def concurrent(desk: Desk, *, clients: int = CLIENTS, per_client: int = PER_CLIENT) -> dict[str, int]:
    """`clients` threads each receive `per_client` dossiers; returns codes, duplicates and errors."""
    from django.db import connection

    from egov.dossiers.services import dossier_receive

    codes: list[str] = []
    errors: list[str] = []
    lock = threading.Lock()
    barrier = threading.Barrier(clients, timeout=60)

    def client(k: int) -> None:
        mine, bad = [], []
        try:
            barrier.wait()
            for i in range(per_client):
                data = desk.inputs[(k + i) % len(desk.inputs)]
                try:
                    mine.append(
                        dossier_receive(actor=desk.actor, receiving_agency=desk.agency, data=data).code
                    )
                except Exception as exc:
                    bad.append(type(exc).__name__)
        finally:
            connection.close()
            with lock:
                codes.extend(mine)
                errors.extend(bad)

    threads = [threading.Thread(target=client, args=(k,)) for k in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=300)
    duplicates = sum(c - 1 for c in Counter(codes).values() if c > 1)
    return {"received": len(codes), "duplicates": duplicates, "errors": len(errors)}


def run(*, n: int, rounds: int, clients: int = CLIENTS, per_client: int = PER_CLIENT) -> Result:
    from django.db import transaction
    from django.utils import timezone

    from egov.dossiers.models import DossierCodeSequence
    from egov.dossiers.services import dossier_receive

    desk = desk_for()

    def intake() -> None:
        for i in range(n):
            dossier_receive(
                actor=desk.actor, receiving_agency=desk.agency, data=desk.inputs[i % len(desk.inputs)]
            )

    row = DossierCodeSequence.objects.get_or_create(prefix="BENCH-BASELINE", day=timezone.localdate())[0]

    def baseline() -> None:
        for _ in range(n):
            with transaction.atomic():
                DossierCodeSequence.objects.filter(pk=row.pk).update(last=0)

    measured = time_rounds(intake, n=n, rounds=rounds)
    base = time_rounds(baseline, n=n, rounds=rounds)
    row.delete()
    found = concurrent(desk, clients=clients, per_client=per_client)
    ok = found["duplicates"] == 0 and found["errors"] == 0 and found["received"] == clients * per_client
    return Result(
        number=NUMBER,
        name=NAME,
        n=n,
        rounds=rounds,
        median_s=measured.median,
        p95_s=measured.p95,
        ops_per_second=measured.ops_per_second,
        baseline="one-row UPDATE transaction (ORM), same run",
        baseline_ops_per_second=base.ops_per_second,
        goal=GOAL,
        passed=measured.ops_per_second >= GOAL_OPS and ok,
        notes=(
            f"median/p95 per dossier over {rounds} rounds of {n}, {len(desk.inputs)} procedures; "
            f"{clients} threads × {per_client}: {found['received']} received, "
            f"{found['duplicates']} duplicate codes, {found['errors']} errors."
        ),
    )
