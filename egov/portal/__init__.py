"""Citizen-facing online public services: catalogue, e-forms, drafts, submission, my dossiers."""
