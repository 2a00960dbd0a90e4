"""The secretariat's admin for bodies, people, meetings and paragraphs.

One module per concern, as the models are (`meetings/models/`); importing them registers
their admins. `record` holds what every app's admin shares: corrections of adjusted
paragraphs and the version check of optimistic locking.
"""

from . import agenda, feedback, meeting, people  # noqa: F401 (they register the admins)
