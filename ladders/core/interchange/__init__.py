"""Frameworks in other people's formats: importers and exporters, pure functions over text.

Each importer returns the framework as the plain data of a ladders framework file (which
`framework_loader` then checks like any other), and reports every problem of its source
with the line it is on.
"""
