"""A real OpenID Connect provider for the tests: django-oauth-toolkit in its own process.

`provider_serve` starts it on a free loopback port with a fresh RS256 key, its own SQLite
database, the users and the client the test asks for; `tests.accounts.oidc_helpers` starts
and stops it. Nothing here is used by ladders itself.
"""
