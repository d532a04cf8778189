"""Leveling cycles: a quarter's check-ins opened for an organisation, reminded, closed; and notifications."""
