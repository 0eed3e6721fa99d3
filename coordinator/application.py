"""The Coordinator application: its methods are the commands of every area.

Each area's commands are a subclass of ``core.base.BaseApplication`` that builds on
the areas it needs (shifts on people, people on the conference). This module
imports them all and nothing imports it back but the layers above (projections,
web), so there is no import circle. A new area adds its class here.
"""

from __future__ import annotations

from coordinator.announcements.commands import AnnouncementCommands
from coordinator.booths.commands import BoothCommands
from coordinator.conference.commands import ConferenceCommands
from coordinator.open_space.commands import OpenSpaceCommands
from coordinator.people.commands import PeopleCommands
from coordinator.setup.commands import SetupCommands
from coordinator.sheets.commands import SheetCommands
from coordinator.shifts.commands import ShiftCommands


class Coordinator(SetupCommands, ShiftCommands, OpenSpaceCommands, BoothCommands,
                  SheetCommands, PeopleCommands, AnnouncementCommands, ConferenceCommands):
    """Methods are found on the class itself, as with one flat class: a command costs
    no extra call for being composed."""

    name = "Coordinator"
