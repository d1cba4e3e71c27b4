"""The congress app's admin: congresses and their parts, and what they decided about people.

Importing the modules registers their admins.
"""

from . import congresses, elections  # noqa: F401
