"""Leveling data: framework versions, evidence, check-ins, snapshots, maturity and audit."""
