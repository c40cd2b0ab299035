"""What a delivery tells the rest of the system, without knowing who listens.

`register_changed` is sent once per applied import run, after its transaction committed.
Signalling connects to it and looks only at `run.changed_facts_person_ids()`, the changed
persons whose facts for its rules changed: no recomputation of a whole region for a weekly
delta.
"""

from django.dispatch import Signal

register_changed = Signal()
"""Sent with `run`: the ImportRun whose changed persons need a fresh look."""
