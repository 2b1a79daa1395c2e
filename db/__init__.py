"""Persistence for Floordesk: models, engine, migrations and the store.

Nothing in this package imports Qt or anything from ``desktop``.
"""
