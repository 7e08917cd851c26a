"""Run the test OpenID Connect provider: `python -m tests.oidc_provider --port 8131 --db FILE
--client-id ID --client-secret SECRET --redirect-uri URI [--redirect-uri URI ...]`, with the
control token in OIDC_PROVIDER_CONTROL_TOKEN. Listens on 127.0.0.1 only."""

from __future__ import annotations

import argparse
import os

import django
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from django.core.management import call_command


def rsa_key_pem() -> str:
    """A fresh RS256 signing key for this run."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--db", required=True)
    parser.add_argument("--client-id", required=True)
    parser.add_argument("--client-secret", required=True)
    parser.add_argument("--redirect-uri", action="append", default=[])
    args = parser.parse_args()

    os.environ["DJANGO_SETTINGS_MODULE"] = "tests.oidc_provider.settings"
    os.environ["OIDC_PROVIDER_DB"] = args.db
    os.environ["OIDC_PROVIDER_RSA_KEY"] = rsa_key_pem()
    django.setup()
    from oauth2_provider.models import get_application_model

    call_command("migrate", run_syncdb=True, verbosity=0)
    Application = get_application_model()
    Application.objects.update_or_create(
        client_id=args.client_id,
        defaults={
            "name": "Leerplatform (tests)",
            "client_secret": args.client_secret,
            "client_type": Application.CLIENT_CONFIDENTIAL,
            "authorization_grant_type": Application.GRANT_AUTHORIZATION_CODE,
            "redirect_uris": " ".join(args.redirect_uri),
            "algorithm": Application.RS256_ALGORITHM,
            "skip_authorization": True,
        },
    )
    call_command("runserver", f"127.0.0.1:{args.port}", use_reloader=False, use_threading=True)


if __name__ == "__main__":
    main()
