"""The Vietnamese text toolkit (no Django): see records.vietnamese.keys for now."""

from .keys import *  # noqa: F403
from .keys import __all__  # noqa: F401
