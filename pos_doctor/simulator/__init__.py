"""The simulated ZVT terminal and ESC/POS printer (scenarios, servers, pytest plugin)."""

from __future__ import annotations

from .scenario import Scenario, list_scenarios, load_scenario
from .server import Simulator

__all__ = ["Scenario", "Simulator", "list_scenarios", "load_scenario"]
