"""Every write to promotion packets: the triple-pass review, enforced, recorded and announced.

The rules come from `ladders.core.review` and `ladders.accounts.permissions`; these modules
apply them to stored records, one module per part of the packet's life:

- `drafting`: pass 1, the author creates, edits and submits;
- `review`: pass 2 (verdicts) and pass 3 (the review of the review);
- `decision`: an admin promotes or says not yet, and the author reopens after not yet;
- `steps` and `targets`: what every step shares (locking, checks, the history) and how a
  packet reads the engine (its target, its frozen claims and evidence).

Each service locks the packet, checks in this order who is asking (403), that the caller's
copy is current (409), that the packet is in the right state (409) and the input (422),
and only then writes: the packet, one `PacketEvent`, and a mail to whoever acts next.
A refusal raises a `ServiceError` and changes nothing.
"""

from ladders.promotions.services.decision import packet_decide, packet_reopen
from ladders.promotions.services.drafting import packet_create, packet_submit, packet_update
from ladders.promotions.services.review import packet_audit, packet_review

__all__ = [
    "packet_audit",
    "packet_create",
    "packet_decide",
    "packet_reopen",
    "packet_review",
    "packet_submit",
    "packet_update",
]
