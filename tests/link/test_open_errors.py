"""Opening a port that exists but cannot be used: each failure a person can meet says what to do (link/port.py)."""

from __future__ import annotations

import os
import sys

import pytest

from pos_doctor.errors import LinkError, PortBusy, PortNotFound
from pos_doctor.link import open_link

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="device files of Linux")

# A device file this user may read but never open for writing: a read-only sysfs attribute refuses O_RDWR with
# EACCES even for root, exactly as a /dev/ttyUSB0 owned by root:dialout does for a user outside 'dialout'.
NO_PERMISSION = "/sys/kernel/uevent_seqnum"


def test_permission_denied_says_to_join_the_dialout_group():
    if not os.path.exists(NO_PERMISSION):
        pytest.skip("no sysfs")
    with pytest.raises(LinkError) as exc:
        open_link(NO_PERMISSION)
    err = exc.value
    assert type(err) is LinkError  # not "busy", not "not found": nobody holds it, it is there
    assert str(err) == f"no permission to open {NO_PERMISSION}"
    assert err.text("zh") == f"没有权限打开 {NO_PERMISSION}"
    assert err.hint_text("en") == "add your user to the 'dialout' group (then log in again)"
    assert err.hint_text("zh") == "把当前用户加入 `dialout` 用户组，然后重新登录"


@pytest.mark.parametrize("kind", ["directory", "plain file"])
def test_other_failures_name_the_port_and_the_reason(tmp_path, kind):
    path = tmp_path / "port"
    if kind == "directory":
        path.mkdir()
    else:
        path.write_bytes(b"")  # opens, but is no terminal device: the line settings cannot be applied
    with pytest.raises(LinkError) as exc:
        open_link(str(path), exclusive=False)
    err = exc.value
    assert not isinstance(err, (PortBusy, PortNotFound))
    assert str(err).startswith(f"cannot open {path}: ")
    assert ("Is a directory" if kind == "directory" else "configure port") in str(err)
    assert err.text("zh").startswith(f"无法打开 {path}: ")


def test_missing_port_lists_the_ports_that_exist():
    with pytest.raises(PortNotFound) as exc:
        open_link("/dev/ttyUSB-gone")
    assert exc.value.hint_text("en").startswith("ports on this PC: ")
    assert "`pos-doctor ports`" in exc.value.hint_text("en") and "pos-doctor ports" in exc.value.hint_text("zh")


def test_refused_tcp_connection_is_a_network_problem():
    import socket

    with socket.socket() as s:  # a port nobody listens on: bound, never listening
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
        with pytest.raises(LinkError) as exc:
            open_link(f"socket://127.0.0.1:{port}")
    assert str(exc.value).startswith(f"cannot connect to terminal at socket://127.0.0.1:{port}: ")
    assert exc.value.hint_text("en") == "check the address and port, and that the device is on the network"


def test_a_failure_the_product_has_no_words_for_gives_the_error_number_and_no_english_on_a_chinese_screen(tmp_path):
    # a folder is no port: the system's refusal (EISDIR) is one no rule of link/port.py names
    with pytest.raises(LinkError) as exc:
        open_link(str(tmp_path), name="printer")
    err = exc.value
    assert type(err) is LinkError
    assert err.text("zh") == f"无法打开 {tmp_path}: 系统报告错误，错误号 21"
    assert err.text("de").startswith(f"{tmp_path} kann nicht geöffnet werden: das System meldet Fehler 21 (")
    # the system's own words stay in the English text (JSON, support)
    assert str(err) == (f"cannot open {tmp_path}: the system reported error 21 "
                        f"(could not open port {tmp_path}: [Errno 21] Is a directory: '{tmp_path}')")


def test_a_network_failure_the_product_has_no_words_for_is_said_by_its_number(monkeypatch):
    import errno
    import socket

    def refuse(*args, **kwargs):  # what a connect gives for an address the system will not use
        raise OSError(errno.EADDRNOTAVAIL, os.strerror(errno.EADDRNOTAVAIL))

    monkeypatch.setattr(socket, "create_connection", refuse)
    with pytest.raises(LinkError) as exc:
        open_link("socket://192.0.2.7:20007", name="terminal", connect_timeout=0.5)
    err = exc.value
    assert err.text("zh") == (f"无法连接 socket://192.0.2.7:20007 上的POS机：系统报告错误，错误号 {errno.EADDRNOTAVAIL}")
    assert str(err) == (f"cannot connect to terminal at socket://192.0.2.7:20007: the system reported error "
                        f"{errno.EADDRNOTAVAIL} ({os.strerror(errno.EADDRNOTAVAIL)})")
    assert err.hint_text("en") == "check the address and port, and that the device is on the network"
