"""The simulated USB printer's backend as pyusb's libusb1 backend presents it on Linux.

On Linux the kernel binds usblp to a printer interface when it is plugged in, and only libusb can detach it: pyusb's
libusb1 backend implements `is_kernel_driver_active` / `detach_kernel_driver`, its other backends do not, so clients
ask for the detach only when the backend's module is libusb1's (python-escpos 3.1 checks
`backend.__module__.endswith("libusb1")`). The simulated bus stands in for libusb here, so its backend class lives in
a module of that name: a client then does on the simulator what it does on a Linux till, usblp bound or not.
"""

from __future__ import annotations

from .usb_device import SimulatedUsbBackend


class Libusb1Backend(SimulatedUsbBackend):
    """SimulatedUsbBackend as a libusb1 backend: same device, same faults, same kernel-driver model."""
