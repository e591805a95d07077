"""The EIA's pages (pages.py), its editing (editing.py) and its lifecycle steps (lifecycle.py)."""
