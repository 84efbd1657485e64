"""The store tests use the ``database_url`` fixture of tests/conftest.py: SQLite and PostgreSQL."""
