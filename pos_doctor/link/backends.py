"""Device backends chosen by name: what `--simulate` starts instead of the devices at the till.

The way python-can picks its virtual bus (`can/interface.py:_get_class_for_interface`): a table maps a backend's
name to "module:factory", and the module is imported only when that backend is chosen. The simulator is one such
backend; it serves the terminal and printer on ports that the checks then open with `open_link`, exactly like
hardware. So the checks ask this registry for "simulator" and never import `pos_doctor.simulator` themselves,
and start-up imports nothing of a backend that is not used.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import Any, Callable, Protocol


@dataclass(frozen=True)
class BackendRequest:
    """What a backend is asked to serve: its target (the simulator's scenario name) and the line settings."""

    target: str
    baud: int | None = None
    printer_baud: int | None = None
    stopbits: int = 1
    parity: str = "N"
    printer_link: str | None = None  # "usb": the printer sits behind the USB code path (usb://VID:PID)


class DeviceBackend(Protocol):
    """A started backend: the ports its devices answer on, what went over its lines, and how to stop it."""

    terminal_port: str
    printer_port: str

    @property
    def terminal_transport(self) -> str: ...

    def stats(self) -> dict[str, Any]: ...

    def stats_between(self, before: dict[str, Any], after: dict[str, Any]) -> dict[str, Any]: ...

    def stop(self) -> None: ...


Factory = Callable[[BackendRequest], DeviceBackend]

# name -> "module:callable"; the callable takes a BackendRequest and returns a started DeviceBackend
BACKENDS: dict[str, str] = {"simulator": "pos_doctor.simulator.backend:start"}
_registered: dict[str, Factory] = {}


def register_backend(name: str, factory: Factory) -> None:
    """Add a backend at run time (a test's fake line, a plugin); it shadows a table entry of the same name."""
    _registered[name] = factory


def unregister_backend(name: str) -> None:
    _registered.pop(name, None)


def backend_names() -> list[str]:
    return sorted({*BACKENDS, *_registered})


def factory_for(name: str) -> Factory:
    if name in _registered:
        return _registered[name]
    path = BACKENDS.get(name)
    if path is None:
        raise ValueError(f"no device backend named {name!r}; known: {', '.join(backend_names())}")
    module, _, attr = path.partition(":")
    factory: Factory = getattr(importlib.import_module(module), attr)
    return factory


def open_backend(name: str, request: BackendRequest) -> DeviceBackend:
    """Start the named backend for `request`; the caller stops it (`.stop()`)."""
    return factory_for(name)(request)
