"""Opening ports (paths and pyserial URLs), exclusive access, who holds a port, and the wire trace."""

from pos_doctor.link.port import LineSettings, Link, open_link
from pos_doctor.link.ports import PortInfo, list_ports, port_holder
from pos_doctor.link.trace import TraceEvent, Tracer

__all__ = ["LineSettings", "Link", "open_link", "PortInfo", "list_ports", "port_holder", "Tracer", "TraceEvent"]
