from django.apps import AppConfig


class OidcProviderConfig(AppConfig):
    name = "tests.oidc_provider"
    label = "oidc_test_provider"
    verbose_name = "Test OIDC provider"
