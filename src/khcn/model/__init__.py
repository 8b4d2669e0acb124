"""khcn's typed domain model: frozen attrs classes and their enums.

This package imports nothing from ``khcn.parse``, ``khcn.extraction`` or ``khcn.aggregate``.
"""
