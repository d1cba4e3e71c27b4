"""The read API's machinery and the registry's operations (issue 17), with django-ninja.

* auth, throttling: a key (records.models.ApiToken) reads as its user, so many times a minute.
* parameters, paging: a list's filters (the list pages' FilterSets) and its cursor pages.
* listing: the list and the record of one kind, held to the user's permissions and scope, logged.
* schemas, registry: the registry's records and their operations.
* errors, docs: Vietnamese error bodies, and the documentation page for staff.

The congress app assembles the API (congress.api), since the registry never imports it.
"""
