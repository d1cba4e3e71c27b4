"""
The load test of a congress day (`manage.py loadtest`, `make loadtest`, issue 17).

gunicorn serves the site with the production settings; locust plays readers, clerks and one
manager against it; then the imports are checked and one table is printed. docs/loadtest.md
has the figures, the machine and what a city needs.

Modules
workload (the accounts, sessions and addresses, read from the database), rosters (the files
clerks import), locustfile (the people, for locust; no Django), forms (a page's form fields, as a
browser posts them; no Django), server (gunicorn as production runs it), baseline (the single-user
medians), integrity (the check of the imports), report (the table), run (one run, start to end).
"""
