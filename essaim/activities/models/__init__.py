"""Étapes II and III of the method: mobilisation (operational steering committee, calls for
expressions of interest to structures), swarming activities and their attendance, the toolkit,
charters and the events checked against them."""

from essaim.activities.models.charters import Charter, CharterRule, Event
from essaim.activities.models.mobilisation import Application, CommitteeMeeting, CommitteeMember, StructureCall
from essaim.activities.models.sessions import Activity, Attendance
from essaim.activities.models.toolkit import Tool

__all__ = [
    "Activity",
    "Application",
    "Attendance",
    "Charter",
    "CharterRule",
    "CommitteeMeeting",
    "CommitteeMember",
    "Event",
    "StructureCall",
    "Tool",
]
