"""S11b: the public procedure catalogue search in process, over 2,000 procedures.

Each operation is what the catalogue page does for one search: `catalog_public_search(query=…)`
(accent-insensitive, ranked) paginated by 20, i.e. the total count plus the first page of rows. The
queries cycle through a fixed mix of folded ("dang ky khai sinh"), accented ("Giấy phép xây dựng"),
reordered, short and broad ("cap"), code ("3.0001") and no-match queries.

Data: 2,000 procedures with codes 3.000000–3.001999 (realistic names: prefixes such as "Đăng ký",
"Cấp lại", "Gia hạn", "Thu hồi" × objects such as "giấy phép xây dựng", "hộ kinh doanh" × qualifiers),
in 12 fields, each with one published version in force and 0–2 fee items, are generated into the
configured database when missing (idempotent), then ANALYZEd on PostgreSQL.

median / p95 are per search call (every call timed); ops/s is 1 / median. Baseline: one indexed
Procedure row by code (`.values().first()`), same run. Goal: p95 ≤ 50 ms (BENCHMARKS S11).
"""

from __future__ import annotations

import random
import statistics
import time
from datetime import date
from decimal import Decimal

from bench.runner import Result, percentile, time_rounds

NUMBER = "S11b"
NAME = "procedure_search"
GOAL_SECONDS = 0.050
GOAL = "p95 ≤ 50 ms"
DEFAULT_N = 200
APPS = ["catalog"]
PROCEDURES = 2_000
CODE_PREFIX = "3."
VALID_FROM = date(2025, 7, 1)

FIELDS = (
    ("BHT", "Hộ tịch"),
    ("BXD", "Xây dựng"),
    ("BDD", "Đất đai"),
    ("BKD", "Thành lập và hoạt động của hộ kinh doanh"),
    ("BLD", "Lao động, tiền lương"),
    ("BGT", "Đường bộ"),
    ("BYT", "Khám bệnh, chữa bệnh"),
    ("BGD", "Giáo dục và đào tạo"),
    ("BCT", "Chứng thực"),
    ("BVH", "Văn hóa cơ sở"),
    ("BNN", "Nông nghiệp"),
    ("BMT", "Môi trường"),
)
PREFIXES = (
    "Đăng ký",
    "Đăng ký lại",
    "Cấp",
    "Cấp lại",
    "Cấp đổi",
    "Gia hạn",
    "Điều chỉnh",
    "Thu hồi",
    "Xác nhận",
    "Thẩm định hồ sơ",
)
OBJECTS = (
    "khai sinh",
    "khai tử",
    "kết hôn",
    "giám hộ",
    "thường trú",
    "giấy phép xây dựng",
    "giấy phép sửa chữa, cải tạo công trình",
    "giấy chứng nhận quyền sử dụng đất",
    "hộ kinh doanh",
    "giấy chứng nhận đăng ký hộ kinh doanh",
    "giấy phép lao động cho người nước ngoài",
    "giấy phép lái xe",
    "chứng chỉ hành nghề khám bệnh, chữa bệnh",
    "giấy phép hoạt động cơ sở giáo dục mầm non",
    "bản sao từ bản chính",
    "giấy phép tổ chức lễ hội",
    "giấy chứng nhận an toàn thực phẩm",
    "giấy phép khai thác nước dưới đất",
    "kế hoạch bảo vệ môi trường",
    "trích lục hộ tịch",
)
QUALIFIERS = (
    "",
    "cho người nước ngoài",
    "có yếu tố nước ngoài",
    "tại cấp xã",
    "đối với công trình cấp III",
    "(trường hợp bị mất, hư hỏng)",
    "theo thủ tục rút gọn",
    "lưu động",
    "trực tuyến liên thông",
    "cho tổ chức",
)
QUERIES = (
    "dang ky khai sinh",
    "Đăng ký khai sinh",
    "khai sinh dang ky",
    "giay phep xay dung",
    "Giấy phép xây dựng",
    "cap lai giay phep lai xe",
    "ho kinh doanh",
    "Hộ kinh doanh cho tổ chức",
    "gia han giay phep lao dong",
    "thu hoi",
    "ban sao tu ban chinh",
    "cap",
    "3.0001",
    "ket hon co yeu to nuoc ngoai",
    "không có thủ tục này",
)


def names(count: int, *, seed: int = 2026) -> list[str]:
    """`count` procedure names, distinct while the combinations last, in a fixed pseudo-random order."""
    combos = [
        " ".join(p for p in (pre, obj, q) if p) for pre in PREFIXES for obj in OBJECTS for q in QUALIFIERS
    ]
    random.Random(seed).shuffle(combos)
    return [combos[i % len(combos)] for i in range(count)]


def ensure_procedures(count: int = PROCEDURES) -> int:
    """Create the missing bench procedures (codes 3.NNNNNN) with a published version each; returns how
    many were created. Bulk inserts without audit rows: benchmark data, not records."""
    from django.db import connection, transaction
    from django.utils import timezone

    from egov.catalog.models import FeeItem, Field, Procedure, ProcedureVersion
    from egov.core.text import fold

    have = set(Procedure.objects.filter(code__startswith=CODE_PREFIX).values_list("code", flat=True))
    wanted = [(f"{CODE_PREFIX}{i:06d}", name) for i, name in enumerate(names(count))]
    missing = [(code, name) for code, name in wanted if code not in have]
    if not missing:
        return 0
    rng = random.Random(len(have))
    with transaction.atomic():
        fields = []
        for code, name in FIELDS:
            field = Field.objects.filter(code=code).first()
            if field is None:
                field = Field.objects.create(code=code, name=name, search_text=fold(f"{code} {name}"))
            fields.append(field)
        procedures = Procedure.objects.bulk_create(
            Procedure(
                code=code,
                name=name,
                field=rng.choice(fields),
                level=rng.choice(("commune", "province")),
                search_text=fold(f"{code} {name}"),
            )
            for code, name in missing
        )
        now = timezone.now()
        online = ("full", "partial", "info")
        versions = ProcedureVersion.objects.bulk_create(
            ProcedureVersion(
                procedure=p,
                number=1,
                status="published",
                valid_from=VALID_FROM,
                name=p.name,
                deadline_hours=Decimal(8 * rng.choice((1, 3, 5, 7, 10, 15, 20))),
                online_level=rng.choice(online),
                requires_assurance_level=rng.choice((1, 2)),
                published_at=now,
            )
            for p in procedures
        )
        FeeItem.objects.bulk_create(
            FeeItem(version=v, kind="fee", name="Lệ phí", amount=Decimal(rng.choice((5, 10, 50, 100)) * 1000))
            for v in versions
            for _ in range(rng.choice((0, 1, 1, 2)))
        )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "ANALYZE catalog_procedure; ANALYZE catalog_procedureversion; ANALYZE catalog_feeitem"
            )
    return len(missing)


def search_once(query: str) -> int:
    """What the catalogue page does for one search: the count and the first page of 20 rows."""
    from django.core.paginator import Paginator

    from egov.catalog.selectors import catalog_public_search

    page = Paginator(catalog_public_search(query=query), 20).get_page(1)  # runs the count
    return len(list(page.object_list))


def run(*, n: int, rounds: int, procedures: int = PROCEDURES) -> Result:
    from django.db import connection

    from egov.catalog.models import Procedure

    created = ensure_procedures(procedures)
    total = Procedure.objects.count()
    workload = [QUERIES[i % len(QUERIES)] for i in range(n)]
    code = Procedure.objects.order_by("code").values_list("code", flat=True).first() or ""
    calls: list[float] = []
    found = {q: search_once(q) for q in QUERIES}

    def searches() -> None:
        for query in workload:
            started = time.perf_counter()
            search_once(query)
            calls.append(time.perf_counter() - started)

    def baseline() -> None:
        for _ in range(n):
            Procedure.objects.filter(code=code).values().first()

    measured = time_rounds(searches, n=n, rounds=rounds)
    base = time_rounds(baseline, n=n, rounds=rounds)
    timed = calls[n:]  # drop the warm-up round
    median, p95 = statistics.median(timed), percentile(timed, 95)
    per_query: dict[str, list[float]] = {}
    for i, seconds in enumerate(timed):
        per_query.setdefault(workload[i % n], []).append(seconds)
    slowest = max(per_query, key=lambda q: statistics.median(per_query[q]))
    return Result(
        number=NUMBER,
        name=NAME,
        n=n,
        rounds=rounds,
        median_s=median,
        p95_s=p95,
        ops_per_second=1.0 / median if median else float("inf"),
        baseline="one Procedure row by code, ORM .values().first(), same run",
        baseline_ops_per_second=base.ops_per_second,
        goal=GOAL,
        passed=p95 <= GOAL_SECONDS,
        notes=(
            f"{connection.vendor}: {total:,} procedures ({created:,} generated now); median and p95 over "
            f"{len(timed):,} timed calls (count + first page of 20) of {len(QUERIES)} queries; "
            f"round median {measured.median * 1e3:.2f} ms/call; slowest query {slowest!r}; "
            f"first-page hits {sum(1 for v in found.values() if v)} of {len(QUERIES)} queries."
        ),
    )
