"""The web dashboard: server-rendered pages (Jinja2) with a little local JavaScript; no outside requests."""
