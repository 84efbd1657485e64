"""One registry of field missions, two families (issues 16 and 17): OSCE field operations and CSDP missions."""

from coopsec.missions.registry import Mission, bundled_missions, load_missions, missions_report

__all__ = ["Mission", "bundled_missions", "load_missions", "missions_report"]
