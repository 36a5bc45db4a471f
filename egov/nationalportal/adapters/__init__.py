"""National portal adapters: `get_adapter()` returns the configured one (EGOV_DVCQG_ADAPTER)."""

from __future__ import annotations

from django.utils.module_loading import import_string

from egov.nationalportal import conf
from egov.nationalportal.adapters.base import DvcqgAdapter


def get_adapter() -> DvcqgAdapter:
    adapter: DvcqgAdapter = import_string(conf.adapter_path())()
    return adapter
