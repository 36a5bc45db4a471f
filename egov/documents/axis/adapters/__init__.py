"""Axis adapters: `get_adapter()` returns the configured one (EGOV_AXIS_ADAPTER)."""

from __future__ import annotations

from django.utils.module_loading import import_string

from egov.documents.axis import conf
from egov.documents.axis.adapters.base import AxisAdapter


def get_adapter() -> AxisAdapter:
    adapter: AxisAdapter = import_string(conf.adapter_path())()
    return adapter
