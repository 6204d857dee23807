"""The simulated printer as a USB device: a pyusb backend served by the simulator's printer state machine.

The fake is a real backend (as python-can's virtual bus is): pyusb's own core (find, descriptors, claim, bulk
transfers, string descriptors) runs unchanged over it, and pos-doctor's USB link finds it through the same code
as a printer on the bus (`pos_doctor.link.usb.attach_virtual`). Behind it the device side is an endpoint like the
pty and TCP ones (`read(timeout)` / `write(data)`), so `Simulator._serve_printer` drives it unchanged and every
printer scenario behaves the same over USB as over a serial line.

Faults libusb reports are injected per operation (`backend.faults["claim"] = errno.EBUSY`), and the kernel
printer driver's binding is modelled (`kernel_driver`, with every detach/attach recorded in `driver_log`).
"""

from __future__ import annotations

import errno
import itertools
import threading
import time
from types import SimpleNamespace

import usb.backend
import usb.core

from .endpoints import Pacer

VID, PID = 0x1209, 0x0001  # pid.codes "Test PID": an id no real printer carries
EP_OUT, EP_IN = 0x01, 0x82
_serials = itertools.count(1)

# libusb's error codes for the errnos it reports (libusb.h), as pyusb's libusb1 backend passes them on
LIBUSB_CODES = {errno.EIO: -1, errno.EINVAL: -2, errno.EACCES: -3, errno.ENODEV: -4, errno.ENOENT: -5,
                errno.EBUSY: -6, errno.ETIMEDOUT: -7, errno.EOVERFLOW: -8, errno.EPIPE: -9, errno.EINTR: -10}


def usb_error(err: int, what: str = "") -> usb.core.USBError:
    """What libusb (through pyusb) raises for `err`: USBTimeoutError for ETIMEDOUT, USBError otherwise."""
    import os

    text = what or os.strerror(err)
    cls = usb.core.USBTimeoutError if err == errno.ETIMEDOUT else usb.core.USBError
    return cls(text, LIBUSB_CODES.get(err, -99), err)


class UsbPrinterEndpoint:
    """The device side of the simulated USB printer, with the endpoint face `Simulator._serve_printer` serves."""

    def __init__(self, pacer: Pacer, *, model: str = "SIM-TM-80"):
        self.pacer = pacer
        self._cond = threading.Condition()
        self._to_device = bytearray()   # bulk OUT: what the host wrote
        self._to_host = bytearray()     # bulk IN: the printer's replies
        self.closed = False
        self.gone = False               # unplugged: the host's next transfer fails with ENODEV
        from .usb_libusb1 import Libusb1Backend  # libusb1 is what a Linux till has (usblp bound, detachable)

        self.backend = Libusb1Backend(self, serial=f"SIM{next(_serials):04d}", product=model)
        self.port = f"usb://{VID:04x}:{PID:04x}/{self.backend.serial}"
        from pos_doctor.link.usb import attach_virtual

        attach_virtual(self.backend)

    # device side (the simulator's serving thread)
    def read(self, timeout: float) -> bytes:
        with self._cond:
            if not self._to_device and not self.closed:
                self._cond.wait(timeout)
            if self.closed:
                raise EOFError()
            data = bytes(self._to_device)
            self._to_device.clear()
        return self.pacer.received(data) if data else b""

    def write(self, data: bytes) -> None:
        self.pacer.paced(data, self._deliver)

    def _deliver(self, data: bytes) -> None:
        with self._cond:
            if self.closed:
                raise EOFError()
            self._to_host += data
            self._cond.notify_all()

    def run(self, serve, stop: threading.Event) -> None:
        while not stop.is_set() and not self.closed:
            try:
                serve(self)
            except (OSError, EOFError):
                return

    # host side (pyusb through the backend)
    def host_write(self, data: bytes) -> int:
        with self._cond:
            if self.gone or self.closed:
                raise usb_error(errno.ENODEV)
            self._to_device += data
            self._cond.notify_all()
        return len(data)

    def host_read(self, size: int, timeout_s: float) -> bytes:
        deadline = time.monotonic() + timeout_s
        with self._cond:
            while not self._to_host:
                if self.gone or self.closed:
                    raise usb_error(errno.ENODEV)
                left = deadline - time.monotonic()
                if left <= 0:
                    raise usb_error(errno.ETIMEDOUT, "Operation timed out")
                self._cond.wait(left)
            data = bytes(self._to_host[:size])
            del self._to_host[:size]
        return data

    def unplug(self) -> None:
        with self._cond:
            self.gone = True
            self._cond.notify_all()

    def wake(self) -> None:
        with self._cond:
            self.closed = True
            self._cond.notify_all()

    def close(self) -> None:
        self.wake()
        from pos_doctor.link.usb import detach_virtual

        detach_virtual(self.backend)


def _ns(**kw) -> SimpleNamespace:
    return SimpleNamespace(extra_descriptors=[], **kw)


class SimulatedUsbBackend(usb.backend.IBackend):
    """One simulated receipt printer on a pyusb backend: device, one configuration, one bidirectional printer-class
    interface (7/1/2) with bulk OUT 0x01 and bulk IN 0x82 — the layout of the common receipt printers."""

    def __init__(self, endpoint: UsbPrinterEndpoint, *, serial: str, manufacturer: str = "pos-doctor simulator",
                 product: str = "SIM-TM-80", kernel_driver: bool = True):
        super().__init__()
        self.endpoint = endpoint
        self.serial, self.manufacturer, self.product = serial, manufacturer, product
        self.kernel_driver = kernel_driver   # Linux binds usblp to a printer interface when it is plugged in
        self.driver_log: list[str] = []      # "detach" / "attach", in order
        self.faults: dict[str, int] = {}     # operation -> errno that libusb reports for it
        self.claimed = False
        self._device = object()

    def _fault(self, op: str) -> None:
        err = self.faults.get(op)
        if err is not None:
            raise usb_error(err)

    def enumerate_devices(self):
        if self.endpoint.gone:
            return iter(())
        return iter((self._device,))

    def get_device_descriptor(self, dev):
        return _ns(bLength=18, bDescriptorType=1, bcdUSB=0x0200, bDeviceClass=0, bDeviceSubClass=0, bDeviceProtocol=0,
                   bMaxPacketSize0=64, idVendor=VID, idProduct=PID, bcdDevice=0x0100, iManufacturer=1, iProduct=2,
                   iSerialNumber=3, bNumConfigurations=1, address=9, bus=1, port_number=1, port_numbers=(1,), speed=2)

    def get_configuration_descriptor(self, dev, config):
        if config != 0:
            raise IndexError(config)
        return _ns(bLength=9, bDescriptorType=2, wTotalLength=32, bNumInterfaces=1, bConfigurationValue=1,
                   iConfiguration=0, bmAttributes=0xC0, bMaxPower=50)

    def get_interface_descriptor(self, dev, intf, alt, config):
        if intf != 0 or alt != 0 or config != 0:
            raise IndexError((intf, alt, config))
        return _ns(bLength=9, bDescriptorType=4, bInterfaceNumber=0, bAlternateSetting=0, bNumEndpoints=2,
                   bInterfaceClass=7, bInterfaceSubClass=1, bInterfaceProtocol=2, iInterface=0)

    def get_endpoint_descriptor(self, dev, ep, intf, alt, config):
        if ep not in (0, 1) or intf != 0 or alt != 0 or config != 0:
            raise IndexError((ep, intf, alt, config))
        return _ns(bLength=7, bDescriptorType=5, bEndpointAddress=(EP_OUT, EP_IN)[ep], bmAttributes=0x02,
                   wMaxPacketSize=64, bInterval=0, bRefresh=0, bSynchAddress=0)

    def open_device(self, dev):
        if self.endpoint.gone:
            raise usb_error(errno.ENODEV)
        self._fault("open")
        return self._device

    def close_device(self, dev_handle):
        pass

    def set_configuration(self, dev_handle, config_value):
        self._fault("configure")

    def get_configuration(self, dev_handle):
        return 1

    def reset_device(self, dev_handle):
        pass  # nothing to reset: the printer's state is the scenario's

    def clear_halt(self, dev_handle, ep):
        pass

    def claim_interface(self, dev_handle, intf):
        self._fault("claim")
        if self.kernel_driver:  # libusb cannot claim an interface the kernel driver still holds
            raise usb_error(errno.EBUSY)
        self.claimed = True

    def release_interface(self, dev_handle, intf):
        self.claimed = False

    def is_kernel_driver_active(self, dev_handle, intf):
        return self.kernel_driver

    def detach_kernel_driver(self, dev_handle, intf):
        self._fault("detach")
        self.kernel_driver = False
        self.driver_log.append("detach")

    def attach_kernel_driver(self, dev_handle, intf):
        self._fault("attach")
        self.kernel_driver = True
        self.driver_log.append("attach")

    def bulk_write(self, dev_handle, ep, intf, data, timeout):
        self._fault("write")
        if not self.claimed:
            raise usb_error(errno.EBUSY)
        return self.endpoint.host_write(bytes(data))

    def bulk_read(self, dev_handle, ep, intf, buff, timeout):
        self._fault("read")
        if not self.claimed:
            raise usb_error(errno.EBUSY)
        data = self.endpoint.host_read(len(buff), (timeout or 0) / 1000)
        buff[:len(data)] = type(buff)(buff.typecode, data) if hasattr(buff, "typecode") else data
        return len(data)

    def ctrl_transfer(self, dev_handle, bmRequestType, bRequest, wValue, wIndex, data, timeout):
        # GET_DESCRIPTOR (string): index 0 is the language list (US English), 1..3 the strings
        if bmRequestType == 0x80 and bRequest == 6 and wValue >> 8 == 3:
            index = wValue & 0xFF
            if index == 0:
                payload = bytes([4, 3, 0x09, 0x04])
            else:
                text = {1: self.manufacturer, 2: self.product, 3: self.serial}.get(index, "")
                raw = text.encode("utf-16-le")
                payload = bytes([2 + len(raw), 3]) + raw
            n = min(len(payload), len(data))
            data[:n] = type(data)(data.typecode, payload[:n])
            return n
        raise usb_error(errno.EPIPE)  # a stall, as a device answers a request it does not know
