from tests.org_fixtures import acme, signed_in  # noqa: F401  (fixtures shared by server tests)
