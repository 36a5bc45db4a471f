"""Demo data beyond the organisation (demo mode only), run by `manage.py demo_seed` after the org
step, in this order. Each entry is a dotted path to an idempotent function `(*, actor=None) -> int`
returning how many items it created."""

from __future__ import annotations

DEMO_STEPS: tuple[str, ...] = (
    "egov.catalog.demo.catalog_demo_seed",
    "egov.workflow.demo.workflow_demo_seed",
    "egov.signing.demo.signing_demo_seed",
    "egov.documents.demo.documents_demo_seed",
)
