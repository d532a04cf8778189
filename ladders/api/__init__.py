"""The JSON API under /api/v1, with its OpenAPI document."""
