"""Plain inputs to the dossier services (filled by the counter form, the API, the portal or imports)."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any


@dataclass(frozen=True)
class ApplicantData:
    name: str
    kind: str = "person"  # Dossier.ApplicantKind
    id_number: str = ""  # 12 digits for a person
    tax_code: str = ""  # for an organisation
    phone: str = ""
    email: str = ""
    address: str = ""
    unit_id: int | None = None  # AdminUnit (commune/ward, 2025 units)
    user_id: int | None = None  # citizen account, when known


@dataclass(frozen=True)
class ComponentInput:
    name: str
    form: str = "original"  # ProcedureComponent.Form
    copies: int = 1
    procedure_component_id: int | None = None
    file_id: Any = None  # StoredFile uuid, when digitised


@dataclass(frozen=True)
class IntakeData:
    procedure_version_id: int
    applicant: ApplicantData
    components: list[ComponentInput] = field(default_factory=list)
    channel: str = "counter"  # Dossier.Channel
    delivery: str = "counter"  # Dossier.Delivery
    delivery_address: str = ""
    sets: int = 1
    fees_collected: Decimal = Decimal(0)
    competent_agency_id: int | None = None  # default: the procedure's implementing agency in scope
