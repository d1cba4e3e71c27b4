"""The congress app's models: congresses and what they produced, one module per concern.

Everything is re-exported here, so `from congress.models import Congress` keeps working
wherever a model moves inside the package.
"""

from .appointments import AppointedPost, AppointmentDecision
from .bodies import CongressBody, CongressBodyKind, CongressBodyMember, CredentialsReport
from .congresses import (
    SIX_CLEAR,
    Attendance,
    AttendanceRole,
    Congress,
    CongressQuerySet,
    Indicator,
    IndicatorDirection,
    IndicatorQuerySet,
    IndicatorStatus,
    Speech,
    SpeechKind,
    SpeechQuerySet,
    Task,
    TaskQuerySet,
    TaskStatus,
)
from .elections import Candidate, Election, ElectionQuerySet, Nomination, PercentageBase

__all__ = [
    "SIX_CLEAR",
    "AppointedPost",
    "AppointmentDecision",
    "Candidate",
    "CongressBody",
    "CongressBodyKind",
    "CongressBodyMember",
    "CredentialsReport",
    "Election",
    "ElectionQuerySet",
    "Nomination",
    "PercentageBase",
    "Attendance",
    "AttendanceRole",
    "Congress",
    "CongressQuerySet",
    "Indicator",
    "IndicatorDirection",
    "IndicatorQuerySet",
    "IndicatorStatus",
    "Speech",
    "SpeechKind",
    "SpeechQuerySet",
    "Task",
    "TaskQuerySet",
    "TaskStatus",
]
