"""Who may do what with plenary proposals (object: a Meeting, a ProposalCall or a Proposal)."""

from __future__ import annotations
