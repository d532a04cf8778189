"""The domain of ladders, in pure Python.

Everything else (CLI, server, API) calls into this package; it calls nothing outside the
standard library, pydantic and PyYAML, so the rules of a ladder can be read and tested
without a database or a web framework.
"""
