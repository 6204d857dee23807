"""pytest plugin: fixtures that start the pos-doctor simulator (filled in by the simulator work)."""
