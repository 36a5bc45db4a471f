"""datagen on a tiny N: rows, unique codes, consistent daily sequences, the inbox queue."""

from __future__ import annotations

import re
from collections import defaultdict

from bench.datagen import combos, generate, iter_codes
from egov.dossiers.models import Dossier, DossierCodeSequence, Handover, Task
from egov.dossiers.tests.services.conftest import World

CODE = re.compile(r"^(?P<prefix>.+)-(?P<day>\d{6})-(?P<n>\d{4})$")


def test_generate_tiny(bench_world: World) -> None:
    assert combos()
    before = Dossier.objects.count()
    result = generate(300, inbox_tasks=5, officer=bench_world.officer.username)
    assert result.dossiers == 300 and Dossier.objects.count() == before + 300
    assert result.handovers == Handover.objects.count() >= 300
    assert result.tasks == Task.objects.filter(status="open").count()
    queue = Task.objects.filter(assignee=None, role="reception_officer", agency=bench_world.agency)
    assert queue.count() == 5
    codes = list(Dossier.objects.values_list("code", flat=True))
    assert len(codes) == len(set(codes))
    highest: dict[tuple[str, str], int] = defaultdict(int)
    for code in codes:
        m = CODE.match(code)
        assert m, code
        key = (m["prefix"], m["day"])
        highest[key] = max(highest[key], int(m["n"]))
    sequences = {(s.prefix, f"{s.day:%y%m%d}"): s.last for s in DossierCodeSequence.objects.all()}
    assert sequences == dict(highest)
    statuses = set(Dossier.objects.values_list("status", flat=True))
    assert "returned" in statuses and statuses <= {c for c, _ in Dossier.Status.choices}
    assert len(list(iter_codes(20))) > 0
    # a second run continues the sequences instead of reusing codes
    generate(50, seed=9, inbox_tasks=0, officer=bench_world.officer.username)
    assert Dossier.objects.values("code").distinct().count() == before + 350
