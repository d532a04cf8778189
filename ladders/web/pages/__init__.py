"""What each page shows, one module per family of pages.

Each function gathers one page's context from the selectors of the service layers
(promotions, leveling, accounts) and shapes it for a template: names looked up in the
framework a record was made with, rows in reading order. Nothing here writes, and no rule
is decided here: who may see or do what is `ladders.accounts.permissions` (asked through
the selectors), what is allowed is the services'.

- `dashboard`: a person's dashboard and a frozen assessment;
- `packets`: the promotion packet list, a new packet, and a packet with its step;
- `calibration`, `framework` (previewing a framework version) and `pay` (salary bands).
"""
