"""Signals the feedback services send, so other apps keep their own rollups of
demand without feedback importing them.

demand_changed is sent inside the service's transaction, after the votes or the
merge are written and while the surviving ideas are locked, with `workspace_id`,
`idea_ids` (every idea whose cluster changed) and `person_id` (the voter; None for
merges).
"""

from django.dispatch import Signal

demand_changed = Signal()
