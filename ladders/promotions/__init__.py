"""Promotion packets and their triple-pass review."""
