"""SCIM 2.0 provisioning endpoints for identity providers (Okta, Entra ID)."""
