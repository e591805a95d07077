"""A real OpenID Connect provider for the tests: panva's oidc-provider (OpenID Certified, pinned in package.json),
run by node on a free loopback port (tests/oidc/provider.mjs). The tests hold its signing key, so that they can
sign a token as the provider would (expired, for another client) or with another key, and change an account's
groups between two sign-ins. `sign_in_at_provider` does what a person does on the provider's sign-in page, over
real HTTP, for the tests that drive EqA with Django's test client."""

import json
import os
import subprocess
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qs, urlencode, urljoin, urlsplit

import jwt
import requests
from cryptography.hazmat.primitives.asymmetric import rsa

from benchmarks.run import free_port

SERVER = Path(__file__).with_name("provider.mjs")
CLIENT_ID, CLIENT_SECRET = "eqa", "eqa-tests-only-secret"
# Another app of the same organisation at the same provider: its ID tokens are not for EqA.
OTHER_CLIENT_ID, OTHER_CLIENT_SECRET = "another-app", "another-app-tests-only-secret"
KEY_ID = "tests-signing-key"
# The provider's people: the login is the account. Add one here, or give groups to one in a test with
# `provider.set_groups`.
ACCOUNTS = {
    "jo.bloggs": {
        "email": "jo.bloggs@council.example",
        "email_verified": True,
        "given_name": "Jo",
        "family_name": "Bloggs",
        "name": "Jo Bloggs",
        "preferred_username": "jo.bloggs@council.example",
        "groups": ["ASC-EIA-Approvers"],
    },
    "sam.nogroup": {
        "email": "sam.nogroup@council.example",
        "email_verified": True,
        "given_name": "Sam",
        "family_name": "Nogroup",
        "name": "Sam Nogroup",
        "preferred_username": "sam.nogroup@council.example",
        "groups": ["All-Staff"],
    },
}


def new_key():
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def private_jwk(key, kid=KEY_ID):
    return {**json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(key)), "kid": kid, "alg": "RS256", "use": "sig"}


@dataclass
class TestProvider:
    port: int
    key: object
    accounts_file: Path
    process: subprocess.Popen = field(repr=False)

    @property
    def issuer(self):
        return f"http://127.0.0.1:{self.port}"

    def url(self, path):
        return f"{self.issuer}{path}"

    def settings(self):
        """EqA's single sign-on settings for this provider, as the environment gives them (eqa_site/settings.py)."""
        return {
            "OIDC_OP_ISSUER": self.issuer,
            "OIDC_OP_AUTHORIZATION_ENDPOINT": self.url("/auth"),
            "OIDC_OP_TOKEN_ENDPOINT": self.url("/token"),
            "OIDC_OP_USER_ENDPOINT": self.url("/me"),
            "OIDC_OP_JWKS_ENDPOINT": self.url("/jwks"),
            "OIDC_OP_LOGOUT_ENDPOINT": self.url("/session/end"),
            "OIDC_RP_CLIENT_ID": CLIENT_ID,
            "OIDC_RP_CLIENT_SECRET": CLIENT_SECRET,
        }

    def accounts(self):
        return json.loads(self.accounts_file.read_text())

    def change(self, login, **claims):
        """Change what the provider says of `login` from their next sign-in on: `groups=[...]`, `email=...`."""
        accounts = self.accounts()
        accounts[login] = {**accounts[login], **claims}
        self.accounts_file.write_text(json.dumps(accounts))

    def reset(self):
        self.accounts_file.write_text(json.dumps(ACCOUNTS))

    def sign(self, claims, key=None):
        """An ID token signed with the provider's own key (or `key`, another), as the provider would sign it."""
        return jwt.encode(claims, key or self.key, algorithm="RS256", headers={"kid": KEY_ID})

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=10)
        self.accounts_file.unlink(missing_ok=True)


def start_provider():
    port, key = free_port(), new_key()
    accounts_file = Path(tempfile.mkstemp(prefix="eqa-oidc-accounts-", suffix=".json")[1])
    accounts_file.write_text(json.dumps(ACCOUNTS))
    config = {
        "port": port,
        "accountsFile": str(accounts_file),
        "jwks": {"keys": [private_jwk(key)]},
        "clients": [
            {
                "client_id": client_id,
                "client_secret": secret,
                "redirect_uris": ["http://testserver/sign-in/single-sign-on/done/"],
                "post_logout_redirect_uris": ["http://testserver/sign-in/"],
                "token_endpoint_auth_method": "client_secret_post",
            }
            for client_id, secret in ((CLIENT_ID, CLIENT_SECRET), (OTHER_CLIENT_ID, OTHER_CLIENT_SECRET))
        ],
    }
    process = subprocess.Popen(
        ["node", str(SERVER)],
        env={"PATH": os.environ.get("PATH", ""), "OIDC_TEST_PROVIDER": json.dumps(config)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    provider = TestProvider(port=port, key=key, accounts_file=accounts_file, process=process)
    discovery = provider.url("/.well-known/openid-configuration")
    # Waits for node to start listening (about half a second), or fails saying why.
    for _ in range(200):
        try:
            with urllib.request.urlopen(discovery, timeout=1) as answer:
                if answer.status == 200:
                    return provider
        except OSError as not_yet:
            if process.poll() is not None:
                raise RuntimeError(
                    "The test OpenID Connect provider stopped: is node installed, and npm ci run?"
                ) from not_yet
            time.sleep(0.05)
    provider.stop()
    raise RuntimeError("The test OpenID Connect provider did not start listening")


def id_token_for_another_app(provider, login, *, nonce):
    """A real ID token the provider issues to another app of the council's (OTHER_CLIENT_ID), for `login`."""
    query = urlencode(
        {
            "client_id": OTHER_CLIENT_ID,
            "response_type": "code",
            "scope": "openid email profile",
            "redirect_uri": "http://testserver/another-app/",
            "state": "another-app",
            "nonce": nonce,
        }
    )
    back = sign_in_at_provider(provider.url(f"/auth?{query}"), login, returns_to="http://testserver/another-app/")
    answer = requests.post(
        provider.url("/token"),
        data={
            "grant_type": "authorization_code",
            "code": parse_qs(urlsplit(back).query)["code"][0],
            "redirect_uri": "http://testserver/another-app/",
            "client_id": OTHER_CLIENT_ID,
            "client_secret": OTHER_CLIENT_SECRET,
        },
        timeout=10,
    )
    answer.raise_for_status()
    return answer.json()["id_token"]


def sign_in_at_provider(authorize_url, login, *, returns_to):
    """What a person does at the provider: follows EqA's redirect there, signs in as `login` on its page, and is
    sent back. The address EqA is sent back to (starting `returns_to`), with the code and state."""
    browser = requests.Session()
    answer = browser.get(authorize_url, allow_redirects=False)
    while True:
        location = urljoin(answer.url, answer.headers.get("location", ""))
        if answer.is_redirect and location.startswith(returns_to):
            return location
        if answer.is_redirect:
            answer = browser.get(location, allow_redirects=False)
            continue
        assert answer.status_code == 200, answer.text
        form_action = answer.text.split('action="', 1)[1].split('"', 1)[0]
        answer = browser.post(
            urljoin(answer.url, form_action),
            data={"prompt": "login", "login": login, "password": "any"},
            allow_redirects=False,
        )


class TokenEndpointBetween:
    """A stand-in between EqA and the provider's token endpoint, on loopback, that passes each request on to the
    provider over HTTP and hands its answer to `change(answer)` before EqA has it: as an attacker between the two
    would, to put in an ID token of their own. Point OIDC_OP_TOKEN_ENDPOINT at `url`."""

    def __init__(self, provider, change):
        import threading
        from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

        between = self
        self.answers = []

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                answer = requests.post(
                    provider.url("/token"),
                    data=body,
                    headers={"Content-Type": self.headers["Content-Type"]},
                    timeout=10,
                ).json()
                between.answers.append(dict(answer))
                sent = json.dumps(change(answer)).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(sent)))
                self.end_headers()
                self.wfile.write(sent)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", free_port()), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/token"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()
