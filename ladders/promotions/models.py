"""Promotion packets (models are added with the review workflow)."""
