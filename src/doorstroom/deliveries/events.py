"""What a delivery tells the rest of the system, without knowing who listens.

`register_changed` is sent once per applied import run, after its transaction committed.
Signalling (the next part of the work) connects to it and recomputes only
`run.changed_person_ids()`: no recomputation of a whole region for a weekly delta.
"""

from django.dispatch import Signal

register_changed = Signal()
"""Sent with `run`: the ImportRun whose changed persons need a fresh look."""
