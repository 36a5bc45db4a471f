"""Writes of egov.signing. Public entry points are re-exported here."""

from egov.signing.services.certificates import (
    certificate_deactivate,
    pkcs11_register,
    remote_register,
    seal_image_upload,
    signature_image_upload,
    signing_reencrypt,
    trust_root_add,
    upload_pkcs12,
)
from egov.signing.services.sign import (
    Appearance,
    document_sign_personal_then_agency,
    pdf_sign,
    pdf_sign_attachment,
)

__all__ = [
    "Appearance",
    "certificate_deactivate",
    "document_sign_personal_then_agency",
    "pdf_sign",
    "pdf_sign_attachment",
    "pkcs11_register",
    "remote_register",
    "seal_image_upload",
    "signature_image_upload",
    "signing_reencrypt",
    "trust_root_add",
    "upload_pkcs12",
]
