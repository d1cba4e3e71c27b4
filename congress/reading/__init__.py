"""Reading congress reports: a news report or congress document becomes proposals a clerk accepts.

`proposals` holds what a reading is (plain data, no Django); the reader, the matching against the
records and the writing of accepted proposals build on it.
"""
