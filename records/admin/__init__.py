"""The registry's admin: the machinery every record's page shares, and one module per group of models.

* scoping: lists, forms and inlines held to the user's scope (records.access).
* history: reverting to an earlier version, and the pages of deleted records that bring them back.
* versions: the version a form and its inline rows carry, so that no save undoes a change made since.
* base: RecordAdmin (search by key, cheap changelists, the reason for a change), and its sourced kin.
* sources, units, organisations, people, documents, figures, users, tokens: the model admins.

Django's autodiscovery imports this package; importing the model modules registers their admins.
Other apps (congress) import what they build on from the modules themselves.
"""

from . import documents, figures, organisations, people, sources, tokens, units, users  # noqa: F401
