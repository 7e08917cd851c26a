"""A real OpenID Connect provider for the SURFconext tests: a tiny Django project of its own with
django-oauth-toolkit's OIDC support, run as a subprocess on 127.0.0.1 (`python -m
tests.oidc_provider`, started by the fixtures in `fixtures.py`).

Like SURFconext it signs ID tokens with RS256 (a key made at start), answers discovery, token and
userinfo requests, and sends the claims each test gives its person (email, email_verified, name,
schac_home_organization, or none of them) in both the ID token and the userinfo answer. Its own
SQLite file lives in the test session's tmp folder. Nothing here is imported by the platform.
"""
