"""Every size limit the product enforces, defined once.

The core's profile models, the server's database columns, its forms and importers, and
the YAML loader all read these numbers, so a value the CLI accepts is one the server can
store, and a too-long field gets the same message wherever it is typed. Change a limit
here and add a migration for the columns that use it.
"""

from __future__ import annotations

from typing import Final

# Text fields of people and their work.
PERSON_NAME: Final = 200
"""A person's display name (profiles, people CSV, the people admin)."""
USERNAME: Final = 150
"""Django's own limit for a user name."""
EMAIL: Final = 254
"""RFC 5321's practical limit for an address."""
JOB_TITLE: Final = 200
TEAM_NAME: Final = 200
ID: Final = 80
"""Framework ids (levels, skills, kinds, scopes) and evidence ids."""
EVIDENCE_TITLE: Final = 300
EVIDENCE_OUTCOME: Final = 2000
EVIDENCE_LINK: Final = 500
EVIDENCE_LINKS: Final = 20
"""How many links one evidence item may carry."""
NOTES: Final = 10_000
"""Free text: evidence notes, check-in notes."""
REVIEW_TEXT: Final = 20_000
"""A packet's summary, a claim, a verdict's reasoning."""
SEARCH_QUERY: Final = 200
CYCLE_NAME: Final = 40
"""A leveling cycle's name, such as `2027-Q1` or `2027-Q1 Platform`."""
WEBHOOK_URL: Final = 500
"""An organisation's Slack or Microsoft Teams incoming webhook address."""
SCIM_EXTERNAL_ID: Final = 200
"""The identity provider's own id for a person or team (SCIM `externalId`)."""
SALARY_MAX: Final = 100_000_000
"""The largest yearly base salary an admin may record (amounts must also be above zero)."""
SCIM_BODY_BYTES: Final = 256 * 1024
"""The largest SCIM request body an identity provider may send (256 KiB)."""
SCIM_PAGE_SIZE: Final = 200
"""The most users or groups one SCIM list answers (`count`), and its default."""

# Lists.
PAGE_SIZE: Final = 50
"""Items on one page of a long list: the evidence log, the what-if preview, a per-person calibration
table, the API's default `limit`."""
CYCLE_OPEN_SYNC_PEOPLE: Final = 1_000
"""The most people a request enrols when it opens a cycle; a larger cycle is opened by the
background worker, and stays "opening" until everyone has their check-in."""
EXPORT_SYNC_ROWS: Final = 1_000
"""The most rows (people, or audit events) a CSV download builds in the request; a larger one
is built by the background worker (`ladders.leveling.exports`)."""

# Whole inputs.
YAML_BYTES: Final = 2 * 1024 * 1024
"""The largest YAML document read from a file, a pipe or an upload (2 MiB)."""
YAML_DEPTH: Final = 64
"""How deeply mappings and lists may nest."""
YAML_ALIASES: Final = 1_000
"""How many aliases (`*name`) one document may use."""
YAML_NODES: Final = 200_000
"""How many nodes a document may have once every alias is expanded."""
PIPE_WAIT_SECONDS: Final = 5.0
"""How long the CLI waits for someone to write to a named pipe (FIFO) before giving up."""
CSV_BYTES: Final = 5 * 1024 * 1024
"""The largest CSV read: a people CSV an admin uploads, or a framework table imported (5 MiB)."""
CSV_ROWS: Final = 5_000
"""The most people one CSV import creates."""
EVIDENCE_EXPORT_BYTES: Final = 16 * 1024 * 1024
"""The largest GitHub/GitLab JSON export, Jira CSV or brag doc that `evidence suggest` or the inbox reads."""
EVIDENCE_SUGGESTIONS: Final = 10_000
"""The most suggestions one suggestions file, upload or API call may carry."""

# Sign-in throttling (defaults; the server's environment may lower or raise them).
LOGIN_FAILURES: Final = 5
"""Failed sign-ins for one user name from one address before that pair is locked out."""
LOGIN_ADDRESS_FAILURES: Final = 20
"""Failed sign-ins from one address, whatever the user names, before the address is locked out."""
LOGIN_FAILURE_WINDOW_SECONDS: Final = 15 * 60
"""How long a failure counts; a lock-out ends when its failures are this old."""

# Personal API tokens.
TOKEN_NAME: Final = 100
"""What a personal API token is for, as its owner names it."""
TOKENS_PER_PERSON: Final = 50
"""Live (not revoked, not expired) API tokens one person may hold at once."""
TOKEN_DAYS: Final = 3660
"""The longest a token may be set to last, in days (ten years); no expiry is allowed too."""

# Single sign-on.
SSO_ISSUER: Final = 500
"""An OpenID Connect provider's issuer URL, as stored with each person's identity there."""
SSO_SUBJECT: Final = 255
"""A person's subject (`sub`) at the provider; OpenID Connect caps it at 255 ASCII characters."""

# Backups.
BACKUP_TEXT_BYTES: Final = 64 * 1024
"""The largest manifest or secret key read from a backup file (64 KiB)."""
