"""Opening ports (paths and pyserial URLs), exclusive access, who holds a port, and the wire trace.

The names below are imported on first use (PEP 562), not with the package: `pos-doctor ports` reaches
`pos_doctor.link.ports` without loading the port machinery (pyserial's serial classes, the tracer).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pos_doctor.link.port import LineSettings, Link, open_link
    from pos_doctor.link.ports import PortInfo, list_ports, port_holder
    from pos_doctor.link.trace import TraceEvent, Tracer

__all__ = ["LineSettings", "Link", "open_link", "PortInfo", "list_ports", "port_holder", "Tracer", "TraceEvent"]

_WHERE = {"LineSettings": "port", "Link": "port", "open_link": "port", "PortInfo": "ports", "list_ports": "ports",
          "port_holder": "ports", "Tracer": "trace", "TraceEvent": "trace"}


def __getattr__(name: str) -> Any:
    if name not in _WHERE:
        raise AttributeError(f"module 'pos_doctor.link' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(f"pos_doctor.link.{_WHERE[name]}"), name)
    globals()[name] = value
    return value
