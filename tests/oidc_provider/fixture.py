"""Start the test OpenID Provider (tests/oidc_provider) as a subprocess on a free 127.0.0.1 port.

    with oidc_provider("http://testserver/accounts/oidc/callback/") as idp:
        settings.update(idp.rp_settings())      # the OIDC_* and EGOV_OIDC_* settings of the RP
        callback_url = idp.login_and_authorize(authorize_url, "vneid2")

The provider has its own SQLite file in a temporary directory, a fresh RSA key, users from
users.py (vneid2: LoA2, ID 001099012345; vneid1: LoA1, ID 079088001122; password
users.PASSWORD) and one confidential client whose redirect URIs are those given.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import requests

from tests.oidc_provider.users import IdpUser, idp_users

REPO_ROOT = Path(__file__).resolve().parents[2]
READY_TIMEOUT = 40.0


@dataclass(frozen=True)
class ProviderInfo:
    base_url: str
    issuer: str
    authorization_endpoint: str
    token_endpoint: str
    userinfo_endpoint: str
    jwks_endpoint: str
    login_url: str
    client_id: str
    client_secret: str
    users: dict[str, IdpUser] = field(default_factory=dict)

    def rp_settings(self) -> dict[str, Any]:
        """Settings that point the egov relying party at this provider."""
        return {
            "EGOV_OIDC_ENABLED": True,
            "EGOV_OIDC_ISSUER": self.issuer,
            "OIDC_RP_CLIENT_ID": self.client_id,
            "OIDC_RP_CLIENT_SECRET": self.client_secret,
            "OIDC_RP_SCOPES": "openid profile",
            "OIDC_RP_SIGN_ALGO": "RS256",
            "OIDC_OP_AUTHORIZATION_ENDPOINT": self.authorization_endpoint,
            "OIDC_OP_TOKEN_ENDPOINT": self.token_endpoint,
            "OIDC_OP_USER_ENDPOINT": self.userinfo_endpoint,
            "OIDC_OP_JWKS_ENDPOINT": self.jwks_endpoint,
            "OIDC_USE_PKCE": True,
            "OIDC_AUTHENTICATION_CALLBACK_URL": "accounts:oidc-callback",
        }

    def login_and_authorize(
        self, authorize_url: str, username: str, password: str | None = None, session: Any = None
    ) -> str:
        """Log in at the provider like a browser and follow the authorize URL; return the URL the
        provider redirects back to (the relying party's callback with code and state)."""
        browser = session or requests.Session()
        person = self.users.get(username)
        secret = password if password is not None else (person.password if person else "")
        page = browser.get(self.login_url, timeout=10)
        match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
        token = match.group(1) if match else ""
        done = browser.post(
            self.login_url,
            data={"username": username, "password": secret, "csrfmiddlewaretoken": token, "next": "/ready/"},
            headers={"Referer": self.login_url},
            allow_redirects=False,
            timeout=10,
        )
        if done.status_code != 302:
            raise RuntimeError(f"login at the test provider failed for {username!r}")
        answer = browser.get(authorize_url, allow_redirects=False, timeout=10)
        if answer.status_code != 302:
            raise RuntimeError(f"authorize answered {answer.status_code}: {answer.text[:300]}")
        return str(answer.headers["Location"])


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _env(tmp: Path, issuer: str, extra_users: Sequence[dict[str, str]]) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL"))}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "tests.oidc_provider.settings",
            "PYTHONPATH": os.pathsep.join([str(REPO_ROOT), env.get("PYTHONPATH", "")]).rstrip(os.pathsep),
            "EGOV_IDP_DB": str(tmp / "idp.sqlite3"),
            "EGOV_IDP_ISSUER": issuer,
            "EGOV_IDP_SECRET_KEY": secrets.token_urlsafe(40),
            "EGOV_IDP_EXTRA_USERS": json.dumps(list(extra_users)),
        }
    )
    return env


def _django(env: dict[str, str], *args: str) -> None:
    subprocess.run(
        [sys.executable, "-m", "django", *args],
        cwd=REPO_ROOT,
        env=env,
        check=True,
        capture_output=True,
        timeout=120,
    )


@contextmanager
def oidc_provider(
    redirect_uri: str | Sequence[str], *, extra_users: Sequence[dict[str, str]] = ()
) -> Iterator[ProviderInfo]:
    """Run the provider for the duration of the block (see the module doc)."""
    uris = [redirect_uri] if isinstance(redirect_uri, str) else list(redirect_uri)
    tmp = Path(tempfile.mkdtemp(prefix="egov-idp-"))
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    issuer = f"{base}/o"
    env = _env(tmp, issuer, extra_users)
    client_id = f"egov-{secrets.token_hex(4)}"
    client_secret = secrets.token_urlsafe(32)
    process: subprocess.Popen[bytes] | None = None
    log = (tmp / "server.log").open("wb")
    try:
        _django(env, "migrate", "--noinput")
        # `--opt=value`: a random secret may begin with "-", which argparse would take for an option.
        seed = ["idp_seed", f"--client-id={client_id}", f"--client-secret={client_secret}"]
        for uri in uris:
            seed += [f"--redirect-uri={uri}"]
        _django(env, *seed)
        process = subprocess.Popen(
            [sys.executable, "-m", "django", "runserver", "--noreload", f"127.0.0.1:{port}"],
            cwd=REPO_ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        _wait_ready(f"{base}/ready/", process, tmp / "server.log")
        yield ProviderInfo(
            base_url=base,
            issuer=issuer,
            authorization_endpoint=urljoin(base, "/o/authorize/"),
            token_endpoint=urljoin(base, "/o/token/"),
            userinfo_endpoint=urljoin(base, "/o/userinfo/"),
            jwks_endpoint=urljoin(base, "/o/.well-known/jwks.json"),
            login_url=urljoin(base, "/login/"),
            client_id=client_id,
            client_secret=client_secret,
            users={u.username: u for u in idp_users()} | {u["username"]: IdpUser(**u) for u in extra_users},
        )
    finally:
        if process is not None:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=10)
        log.close()
        shutil.rmtree(tmp, ignore_errors=True)


def _wait_ready(url: str, process: subprocess.Popen[bytes], log_path: Path) -> None:
    deadline = time.monotonic() + READY_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"test OIDC provider exited:\n{log_path.read_text(errors='replace')[-2000:]}")
        try:
            if requests.get(url, timeout=1).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"test OIDC provider not ready after {READY_TIMEOUT} s")
