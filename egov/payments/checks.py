"""Deployment check: production must not run with the sandbox's published dev secret."""

from __future__ import annotations

from typing import Any

from django.core.checks import Error, Tags, register

from egov.payments import conf


@register(Tags.security, deploy=True)
def payment_secret_check(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    if conf.hash_secret() == conf.DEV_HASH_SECRET or conf.tmn_code() == conf.DEV_TMN_CODE:
        return [
            Error(
                "The payment gateway uses the dev sandbox merchant code or secret.",
                hint="Set EGOV_PAYMENT_TMN_CODE and EGOV_PAYMENT_HASH_SECRET to the values the bank issued.",
                id="egov.payments.E001",
            )
        ]
    return []
