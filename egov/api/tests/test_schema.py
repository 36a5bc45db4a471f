from __future__ import annotations

from rest_framework.test import APIClient

PATHS = {
    "/api/v1/procedures/": {"get"},
    "/api/v1/procedures/{code}/": {"get"},
    "/api/v1/dossiers/": {"get", "post"},
    "/api/v1/dossiers/{code}/": {"get"},
    "/api/v1/dossiers/{code}/actions/": {"post"},
    "/api/v1/dossiers/import/": {"post"},
    "/api/v1/public/dossiers/{code}/status/": {"get"},
}


def test_schema_documents_every_endpoint(db: None) -> None:
    response = APIClient().get("/api/schema/", {"format": "json"})
    assert response.status_code == 200
    schema = response.json()
    for path, methods in PATHS.items():
        assert path in schema["paths"], path
        operations = schema["paths"][path]
        assert set(operations) - {"parameters"} == methods, path
        for method in methods:
            operation = operations[method]
            assert "200" in operation["responses"] or "201" in operation["responses"]
            if method == "post":
                assert operation["requestBody"]["content"]["application/json"]["examples"]
    assert "tokenAuth" in schema["components"]["securitySchemes"]
    public = schema["paths"]["/api/v1/public/dossiers/{code}/status/"]["get"]
    assert public.get("security") in ([], [{}], None) or {} in public["security"]
