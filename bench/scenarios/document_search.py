"""S11: document full-text search (egov.documents.search) over 1,000,000 documents.

Each operation is what the search page does for one query: `document_search(user=…, query=…)`,
i.e. the user's scope, the count, the first page of 20 index rows and their documents, with the
permission filter in SQL (documents_visible_to: the user's agency, secret documents only for the
people involved). The user is a clerk of one of 20 agencies (≈ 50,000 documents each). Queries: a
fixed mix of folded ("ke hoach chuyen doi so"), accented ("Cải cách hành chính"), signer, number
and symbol, place-name, narrow and no-match queries.

Data (fixed seed), generated into the configured database when missing (idempotent: the bench
agencies 000.NN.00.H97 and their rows are kept): `docs` incoming documents spread over 20 agencies
with realistic Vietnamese abstracts ("Về việc triển khai kế hoạch chuyển đổi số tại Hà Giang năm
2026"), issuing bodies, signers and one or two sentences of "file text", ~1 % secret, each with its
DocumentText row. Loaded with COPY on PostgreSQL (bench.datagen.Loader) with the secondary indexes
dropped during the load and rebuilt after it, then ANALYZE; the generation time is in the notes.

median / p95 are per search call. Baseline: one IncomingDocument row by pk, `.values().first()`,
same run. Goal: p95 ≤ 100 ms on PostgreSQL (BENCHMARKS S11).
"""

from __future__ import annotations

import random
import statistics
import time
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from typing import Any

from bench.runner import Result, percentile, time_rounds

NUMBER = "S11"
NAME = "document_search"
GOAL_SECONDS = 0.100
GOAL = "p95 ≤ 100 ms"
DEFAULT_N = 200
APPS = None  # documents depends on org, files, accounts, catalog (the `vn` configuration)
DOCUMENTS = 1_000_000
AGENCIES = 20
CLERK = "bench_docs_clerk"
AGENCY_CODE = "000.{:02d}.00.H97"
SECRET_SHARE = 0.01

TOPICS = (
    "triển khai kế hoạch chuyển đổi số",
    "đẩy mạnh cải cách hành chính",
    "báo cáo tình hình kinh tế - xã hội",
    "tăng cường phòng, chống thiên tai",
    "tổ chức kiểm tra công tác văn thư, lưu trữ",
    "thực hiện Đề án 06 về dữ liệu dân cư",
    "phân bổ dự toán ngân sách",
    "quản lý đất đai và giải phóng mặt bằng",
    "phòng cháy, chữa cháy rừng",
    "xây dựng nông thôn mới",
    "bồi dưỡng cán bộ, công chức cấp xã",
    "chấn chỉnh kỷ luật, kỷ cương hành chính",
    "đôn đốc giải ngân vốn đầu tư công",
    "tiếp công dân và giải quyết khiếu nại, tố cáo",
    "bảo đảm an toàn thông tin mạng",
    "triển khai dịch vụ công trực tuyến toàn trình",
)
OPENINGS = ("Về việc", "V/v", "Kế hoạch", "Báo cáo", "Hướng dẫn", "Đề nghị", "Thông báo kết quả")
PLACES = (
    "Hà Giang", "Tuyên Quang", "Lào Cai", "Điện Biên", "Lai Châu", "Sơn La", "Thái Nguyên", "Lạng Sơn",
    "Quảng Ninh", "Thanh Hóa", "Nghệ An", "Hà Tĩnh", "Quảng Trị", "Huế", "Đà Nẵng", "Quảng Ngãi",
    "Gia Lai", "Đắk Lắk", "Khánh Hòa", "Lâm Đồng", "Đồng Nai", "Tây Ninh", "Cần Thơ", "Cà Mau",
)  # fmt: skip
SENDERS = (
    ("Bộ Nội vụ", "BNV"),
    ("Bộ Tài chính", "BTC"),
    ("Bộ Khoa học và Công nghệ", "BKHCN"),
    ("Văn phòng Chính phủ", "VPCP"),
    ("Ủy ban nhân dân tỉnh", "UBND"),
    ("Sở Nội vụ", "SNV"),
    ("Sở Tài chính", "STC"),
    ("Công an tỉnh", "CAT"),
)
FAMILY = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Phan")
MIDDLE = ("Văn", "Thị", "Minh", "Hữu", "Ngọc", "Thanh", "Quốc", "Đức")
GIVEN = ("An", "Bình", "Dũng", "Giang", "Hà", "Hải", "Hùng", "Lan", "Long", "Mai", "Nam", "Sơn", "Tâm")
BODIES = (
    "Căn cứ chỉ đạo của cấp trên, đề nghị các cơ quan, đơn vị khẩn trương triển khai thực hiện.",
    "Kết quả thực hiện gửi về trước ngày 15 hằng tháng để tổng hợp, báo cáo.",
    "Giao Văn phòng chủ trì, phối hợp với các phòng chuyên môn theo dõi, đôn đốc.",
    "Trong quá trình thực hiện, nếu có khó khăn, vướng mắc, kịp thời phản ánh để xem xét, giải quyết.",
    "Thủ trưởng các cơ quan, đơn vị chịu trách nhiệm thi hành văn bản này.",
)
QUERIES = (
    "ke hoach chuyen doi so",
    "Kế hoạch chuyển đổi số",
    "cai cach hanh chinh ha giang",
    "Cải cách hành chính",
    "phong chong thien tai",
    "Đề án 06 dữ liệu dân cư",
    "giai ngan von dau tu cong",
    "nguyen van an",
    "Trần Thị Lan",
    "BNV",
    "123/UBND",
    "dich vu cong truc tuyen toan trinh lam dong",
    "an toàn thông tin mạng",
    "van thu luu tru",
    "không có văn bản này",
)
TYPES = ("cong_van", "ke_hoach", "bao_cao", "quyet_dinh", "thong_bao", "to_trinh")


def _name(rng: random.Random) -> str:
    return f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"


def world() -> tuple[list[Any], Any, Any]:
    """The 20 bench agencies, the clerk of the first one, and a clerk of the second (who registers
    the secret documents the bench clerk must not see). Created when missing."""
    from egov.accounts.models import User
    from egov.core.text import fold
    from egov.documents.services.types import document_types_ensure
    from egov.org.models import AdminUnit, Agency, Role, StaffAssignment

    document_types_ensure()
    unit, _ = AdminUnit.objects.get_or_create(
        code="9BD0",
        defaults={"name": "Tỉnh Bench", "kind": AdminUnit.Kind.PROVINCE, "valid_from": date(2025, 7, 1)},
    )
    agencies = []
    for i in range(AGENCIES):
        name = f"Sở Bench {i:02d}"
        agency, _ = Agency.objects.get_or_create(
            agency_code=AGENCY_CODE.format(i),
            defaults={
                "name": name,
                "kind": Agency.Kind.DEPARTMENT,
                "unit": unit,
                "valid_from": date(2025, 7, 1),
                "search_text": fold(name),
            },
        )
        agencies.append(agency)
    users = []
    for username, agency in ((CLERK, agencies[0]), (f"{CLERK}_2", agencies[1])):
        user, _ = User.objects.get_or_create(
            username=username, defaults={"kind": User.Kind.STAFF, "first_name": "Bench"}
        )
        StaffAssignment.objects.get_or_create(
            user=user, agency=agency, role=Role.CLERK, defaults={"valid_from": date(2025, 7, 1)}
        )
        users.append(user)
    return agencies, users[0], users[1]


def _rows(
    count: int, agencies: list[Any], types: list[int], first_id: int, outsider: Any, *, seed: int = 11
) -> Iterator[tuple[dict[str, Any], str, str]]:
    """(incoming column values, heading, body) for `count` documents."""
    rng = random.Random(seed)
    numbers: dict[tuple[int, str], int] = {}
    base = datetime(2026, 1, 2, 1, 0, tzinfo=UTC)
    for i in range(count):
        agency = agencies[i % len(agencies)]
        secret = rng.random() < SECRET_SHARE
        series = "incoming_secret" if secret else "incoming"
        key = (agency.pk, series)
        numbers[key] = numbers.get(key, 0) + 1
        sender, abbr = rng.choice(SENDERS)
        number = str(rng.randrange(1, 2000))
        symbol = f"{rng.choice(('KH', 'BC', 'QĐ', 'TB', ''))}-{abbr}".lstrip("-")
        abstract = f"{rng.choice(OPENINGS)} {rng.choice(TOPICS)} tại {rng.choice(PLACES)} năm 2026"
        signer = _name(rng)
        received = base + timedelta(minutes=(i * 7) % (330 * 24 * 60))
        values = {
            "id": first_id + i,
            "agency_id": agency.pk,
            "status": "registered",
            "arrival_year": 2026,
            "arrival_series": series,
            "arrival_number": numbers[key],
            "received_at": received,
            "channel": "electronic" if i % 3 else "paper",
            "sender_name": sender,
            "original_number": number,
            "original_symbol": symbol,
            "doc_type_id": types[i % len(types)],
            "abstract": abstract,
            "signer_name": signer,
            "urgency": "normal",
            "secrecy": "secret" if secret else "normal",
            "registered_by_id": outsider.pk if secret else None,
            "registered_at": received,
            "registration_due": received + timedelta(hours=8),
            "present_immediately": False,
            "created_at": received,
        }
        heading = " · ".join(p for p in (f"{number}/{symbol}", abstract, sender, signer) if p)
        body = " ".join(rng.sample(BODIES, 2))
        yield values, heading, body


def _secondary_indexes(cursor: Any, table: str) -> list[tuple[str, str]]:
    cursor.execute(
        "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = %s AND indexname NOT IN "
        "(SELECT conname FROM pg_constraint)",
        [table],
    )
    return list(cursor.fetchall())


def ensure_documents(count: int = DOCUMENTS) -> tuple[int, float]:
    """Generate the bench documents when missing; returns (created, seconds)."""
    from django.db import connection, transaction

    from bench.datagen import Loader
    from egov.core.text import fold
    from egov.documents.models import DocumentText, DocumentType, IncomingDocument
    from egov.documents.search import exact_values, index_values

    agencies, _clerk, outsider = world()
    ids = [a.pk for a in agencies]
    have = IncomingDocument.objects.filter(agency_id__in=ids).count()
    if have >= count:
        return 0, 0.0
    started = time.perf_counter()
    postgres = connection.vendor == "postgresql"
    with transaction.atomic():
        DocumentText.objects.filter(agency_id__in=ids).delete()
        IncomingDocument.objects.filter(agency_id__in=ids).delete()
        types = sorted(DocumentType.objects.filter(code__in=TYPES).values_list("pk", flat=True))
        in_table, text_table = IncomingDocument._meta.db_table, DocumentText._meta.db_table
        dropped: list[tuple[str, str]] = []
        with connection.cursor() as cursor:
            if postgres:
                for table in (in_table, text_table):
                    for name, definition in _secondary_indexes(cursor, table):
                        cursor.execute(f'DROP INDEX "{name}"')
                        dropped.append((name, definition))
        fields = [f for f in IncomingDocument._meta.concrete_fields]
        columns = [str(f.column) for f in fields]
        defaults = {str(f.column): (f.get_default() if f.has_default() else None) for f in fields}
        for f in fields:
            if defaults[str(f.column)] is None and not f.null:
                defaults[str(f.column)] = ""  # CharFields without a default (sender_code, note, …)
        first_id = (IncomingDocument.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
        first_text = (DocumentText.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
        incoming = Loader(in_table, columns)
        texts = Loader(
            text_table,
            "id document_kind document_id agency_id secrecy_level heading text search_text exact_text "
            "extracted updated_at".split(),
        )
        now = datetime.now(tz=UTC)
        for i, (values, heading, body) in enumerate(_rows(count, agencies, types, first_id, outsider)):
            values["search_text"] = fold(heading)[:1000]
            incoming.add(tuple(values.get(c, defaults[c]) for c in columns))
            texts.add(
                (
                    first_text + i,
                    "incoming",
                    values["id"],
                    values["agency_id"],
                    values["secrecy"],
                    heading,
                    body,
                    index_values(heading=heading, text=body),
                    exact_values(heading=heading, text=body),
                    True,
                    now,
                )
            )
        incoming.flush()
        texts.flush()
        with connection.cursor() as cursor:
            if postgres:  # check the deferred foreign keys now: CREATE INDEX refuses pending events
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            for _name, definition in dropped:
                cursor.execute(definition)
            if postgres:
                for table in (in_table, text_table):
                    sequence = f"pg_get_serial_sequence('{table}', 'id')"
                    cursor.execute(f"SELECT setval({sequence}, (SELECT MAX(id) FROM {table}))")  # noqa: S608
    if postgres:
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {in_table}; ANALYZE {text_table}")
    return count, time.perf_counter() - started


def search_once(user: Any, query: str) -> int:
    from egov.documents.search import document_search

    return len(document_search(user=user, query=query, page=1, per_page=20).hits)


def explain(user: Any, query: str) -> str:
    """EXPLAIN ANALYZE of the page query (PostgreSQL), for the report."""
    from django.db import connection

    from egov.documents.search import query_parse, search_queryset

    qs = search_queryset(user=user, query=query_parse(query))[:20]
    if connection.vendor != "postgresql":
        return ""
    return str(qs.explain(analyze=True, buffers=True))


def run(*, n: int, rounds: int, documents: int = DOCUMENTS) -> Result:
    from django.db import connection

    from egov.accounts.models import User
    from egov.documents.models import DocumentText, IncomingDocument

    created, seconds = ensure_documents(documents)
    clerk = User.objects.get(username=CLERK)
    total = DocumentText.objects.count()
    workload = [QUERIES[i % len(QUERIES)] for i in range(n)]
    pk = IncomingDocument.objects.order_by("pk").values_list("pk", flat=True).first() or 0
    found = {q: search_once(clerk, q) for q in QUERIES}
    calls: list[float] = []

    def searches() -> None:
        for query in workload:
            started = time.perf_counter()
            search_once(clerk, query)
            calls.append(time.perf_counter() - started)

    def baseline() -> None:
        for _ in range(n):
            IncomingDocument.objects.filter(pk=pk).values().first()

    measured = time_rounds(searches, n=n, rounds=rounds)
    base = time_rounds(baseline, n=n, rounds=rounds)
    timed = calls[n:]  # drop the warm-up round
    median, p95 = statistics.median(timed), percentile(timed, 95)
    per_query: dict[str, list[float]] = {}
    for i, secs in enumerate(timed):
        per_query.setdefault(workload[i % n], []).append(secs)
    slowest = max(per_query, key=lambda q: percentile(per_query[q], 95))
    generation = f"generated {created:,} in {seconds:.1f} s" if created else "data already present"
    return Result(
        number=NUMBER,
        name=NAME,
        n=n,
        rounds=rounds,
        median_s=median,
        p95_s=p95,
        ops_per_second=1.0 / median if median else float("inf"),
        baseline="one IncomingDocument row by pk, ORM .values().first(), same run",
        baseline_ops_per_second=base.ops_per_second,
        goal=GOAL,
        passed=p95 <= GOAL_SECONDS,
        notes=(
            f"{connection.vendor}: {total:,} index rows ({generation}); median and p95 over "
            f"{len(timed):,} timed calls of {len(QUERIES)} queries (count + first page of 20); "
            f"round median {measured.median * 1e3:.2f} ms/call; slowest query {slowest!r} "
            f"(p95 {percentile(per_query[slowest], 95) * 1e3:.1f} ms); "
            f"queries with hits {sum(1 for v in found.values() if v)} of {len(QUERIES)}."
        ),
    )
