"""The congress app's models: congresses and what they produced, one module per concern.

Everything is re-exported here, so `from congress.models import Congress` keeps working
wherever a model moves inside the package.
"""

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

__all__ = [
    "SIX_CLEAR",
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
