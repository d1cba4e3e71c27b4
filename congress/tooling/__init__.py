"""
Tooling: the benchmark (`manage.py benchmark`) and the data generator (`manage.py generate_data`).

Production does not need this app at run time: it only adds those two commands. It imports the
congress app and the registry; neither of them imports it.
"""
