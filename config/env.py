"""The only module that reads the process environment (and an optional `.env` file).

Every setting that may differ between installations is read here, typed, with a safe default for
the embedded demo mode (`make run`). Settings modules import `env` and the values below; nothing
else in the code base touches `os.environ`.
"""

from __future__ import annotations

from pathlib import Path

import environ

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()
_dotenv = BASE_DIR / ".env"
if _dotenv.is_file():
    environ.Env.read_env(str(_dotenv), overwrite=False)

DEFAULT_SQLITE_URL = f"sqlite:///{VAR_DIR / 'egov.sqlite3'}"


def database_url() -> str:
    return str(env.str("DATABASE_URL", default=DEFAULT_SQLITE_URL))
