"""egov benchmark suite: `python -m bench [scenario …]` (see bench/README.md)."""
