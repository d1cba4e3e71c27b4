"""The congress app's models: congresses and what they produced, one module per concern.

Everything is re-exported here, so `from congress.models import Congress` keeps working
wherever a model moves inside the package.
"""

from .appointments import AppointedPost, AppointmentDecision
from .bodies import CongressBody, CongressBodyKind, CongressBodyMember, CredentialsReport
from .congresses import (
    Attendance,
    AttendanceRole,
    Congress,
    CongressQuerySet,
    Speech,
    SpeechKind,
    SpeechQuerySet,
)
from .elections import Candidate, Election, ElectionQuerySet, Nomination, PercentageBase
from .indicators import Indicator, IndicatorDirection, IndicatorQuerySet, IndicatorStatus
from .tasks import SIX_CLEAR, Task, TaskQuerySet, TaskStatus

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
