"""Health probe: is the database reachable and migrated?"""

from __future__ import annotations

import time
from typing import Any

from django.db import connection
from django.db.migrations.executor import MigrationExecutor


def health_status() -> dict[str, Any]:
    started = time.perf_counter()
    db: dict[str, Any] = {"vendor": connection.vendor}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        executor = MigrationExecutor(connection)
        pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
        db.update(ok=True, pending_migrations=len(pending))
    except Exception as exc:  # any DB failure is a failed probe, reported, not raised
        db.update(ok=False, error=type(exc).__name__)
    db["ms"] = round((time.perf_counter() - started) * 1000, 2)
    ok = bool(db.get("ok")) and db.get("pending_migrations", 1) == 0
    return {"status": "ok" if ok else "error", "database": db}
