from tests.org_fixtures import acme, peer, signed_in  # noqa: F401
