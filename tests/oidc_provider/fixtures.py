"""pytest fixtures around the test OpenID Connect provider (see __init__.py).

`oidc_provider` starts one provider process per test session (per xdist worker, each on its own
port in 8131–8138) and stops it at the end; `surfconext` points the platform's SURFCONEXT_*
settings at it for one test. `log_in_at_provider` plays the browser at the provider for tests
that drive the platform with Django's test client.
"""

from __future__ import annotations

import os
import re
import secrets
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
import requests

ROOT = Path(__file__).resolve().parents[2]
FIRST_PORT = 8131  # 8131–8138: one per xdist worker; 8139 stays closed ("SURFconext is down")
DOWN_PORT = 8139
PASSWORD = "provider-wachtwoord"
CALLBACK_PATH = "/accounts/oidc/surfconext/login/callback/"


@dataclass
class Provider:
    base: str
    client_id: str
    client_secret: str
    control_token: str

    @property
    def issuer(self) -> str:
        return f"{self.base}/o"

    def _control(self, path: str, data: dict) -> None:
        response = requests.post(
            f"{self.base}/testing/{path}/",
            json=data,
            headers={"X-Control-Token": self.control_token},
            timeout=5,
        )
        response.raise_for_status()

    def add_person(self, username: str, **claims) -> str:
        """A user at the provider who sends exactly `claims` (None values left out)."""
        claims = {key: value for key, value in claims.items() if value is not None}
        self._control("person", {"username": username, "password": PASSWORD, "claims": claims})
        return username

    def allow_redirect_uri(self, uri: str) -> None:
        self._control("redirect-uri", {"client_id": self.client_id, "uri": uri})


def _port(worker_id: str) -> int:
    index = int(worker_id.removeprefix("gw")) if worker_id.startswith("gw") else 0
    return FIRST_PORT + index


def _wait_until_up(process: subprocess.Popen, url: str, log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the test OIDC provider stopped:\n{log.read_text()}")
        try:
            if requests.get(url, timeout=5).status_code == 200:
                return
        # A busy machine may accept the connection before the server answers: a read timeout
        # means "not yet", as a refused connection does.
        except (requests.ConnectionError, requests.Timeout):
            pass
        time.sleep(0.2)
    raise RuntimeError(f"the test OIDC provider did not start:\n{log.read_text()}")


# Each test module that uses the fixture holds its own definition of it, and pytest keeps a
# session-scoped value per definition: the first one starts the process, the others share it.
_running: dict[str, Provider] = {}


@pytest.fixture(scope="session")
def oidc_provider(tmp_path_factory, worker_id) -> Provider:
    if worker_id in _running:
        yield _running[worker_id]
        return
    folder = tmp_path_factory.mktemp("oidc_provider")
    port = _port(worker_id)
    provider = Provider(
        base=f"http://127.0.0.1:{port}",
        client_id=f"leerplatform-{secrets.token_hex(4)}",
        client_secret=secrets.token_urlsafe(24),
        control_token=secrets.token_urlsafe(24),
    )
    log = folder / "provider.log"
    with log.open("w") as output:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "tests.oidc_provider",
                "--port",
                str(port),
                "--db",
                str(folder / "provider.sqlite3"),
                # Joined with "=": a random secret may begin with "-", which argparse would
                # otherwise take for an option (a failure once in 64 runs of a worker).
                f"--client-id={provider.client_id}",
                f"--client-secret={provider.client_secret}",
                f"--redirect-uri=http://testserver{CALLBACK_PATH}",
            ],
            cwd=ROOT,
            env={**os.environ, "OIDC_PROVIDER_CONTROL_TOKEN": provider.control_token},
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    try:
        _wait_until_up(process, f"{provider.issuer}/.well-known/openid-configuration", log)
        provider.add_person("ready")  # ours answers, not a stray process on the same port
        _running[worker_id] = provider
        yield provider
    finally:
        _running.pop(worker_id, None)
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture
def surfconext(oidc_provider, settings) -> Provider:
    """Login with SURFconext on, against the test provider."""
    settings.SURFCONEXT_ISSUER = oidc_provider.issuer
    settings.SURFCONEXT_CLIENT_ID = oidc_provider.client_id
    settings.SURFCONEXT_CLIENT_SECRET = oidc_provider.client_secret
    return oidc_provider


def log_in_at_provider(authorize_url: str, username: str, password: str = PASSWORD) -> str:
    """Be the browser at the provider: follow its redirects, fill in its login form when it asks,
    and return the address it sends the person back to (the platform's callback)."""
    url = authorize_url
    base = "{0.scheme}://{0.netloc}".format(urlsplit(authorize_url))
    with requests.Session() as browser:
        for _ in range(10):
            response = browser.get(url, allow_redirects=False, timeout=5)
            if response.status_code == 200 and 'name="password"' in response.text:
                token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', response.text)
                assert token, "the provider's login form has a CSRF token"
                response = browser.post(
                    response.url,
                    data={
                        "csrfmiddlewaretoken": token.group(1),
                        "username": username,
                        "password": password,
                        "next": re.search(r'name="next" value="([^"]*)"', response.text)
                        .group(1)  # type: ignore[union-attr]
                        .replace("&amp;", "&"),
                    },
                    headers={"Referer": response.url},
                    allow_redirects=False,
                    timeout=5,
                )
            assert response.status_code == 302, (response.status_code, response.text[:500])
            url = urljoin(url, response.headers["Location"])
            if not url.startswith(base):
                return url
    raise AssertionError("the provider never sent the person back")
