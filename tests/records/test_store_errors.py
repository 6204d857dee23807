"""A history database that cannot be used (records/store.py store_error, newer_database, and reading a path that is
not a database file): one screen naming the path, what is wrong and what to do, in both languages, exit 3. In process
and exact: the CLI cases (tests/hostile/test_records.py) are subprocesses a mutation run does not reach."""

import errno
import sqlite3

import pytest

from pos_doctor.errors import UsageError
from pos_doctor.records.store import SCHEMA_VERSION, newer_database, store_error

DB = "/srv/pos/history.db"


def said(err) -> tuple[str, str, str, str]:
    assert isinstance(err, UsageError)
    return err.message, err.text("zh"), err.hint, err.hint_text("zh")


@pytest.mark.parametrize("exc", [sqlite3.DatabaseError("file is not a database"),
                                 sqlite3.DatabaseError("database disk image is malformed")])
def test_a_file_that_is_no_history_database(exc):
    err = store_error(DB, exc, reading=True)
    assert said(err) == (f"history database {DB} is not a pos-doctor history database",
                         f"历史数据库 {DB} 不是 pos-doctor 的历史数据库",
                         "pass the history.db file with --db, or leave --db out",
                         "请用 `--db` 指定 `history.db` 文件，或不加 `--db`")
    assert err.cause is exc


def test_locked():
    assert said(store_error(DB, sqlite3.OperationalError("database is locked"), reading=False)) == (
        f"history database {DB} is locked by another program", f"历史数据库 {DB} 被其他程序锁定",
        "wait for the other pos-doctor to finish, then run again", "请等另一个 pos-doctor 结束后重试")


@pytest.mark.parametrize("exc", [OSError(errno.ENOSPC, "No space left on device"),
                                 sqlite3.OperationalError("database or disk is full")])
def test_disk_full(exc):
    assert said(store_error(DB, exc, reading=False)) == (
        f"history database {DB} cannot be written: the disk is full", f"历史数据库 {DB} 无法写入：磁盘已满",
        "free some disk space", "请释放磁盘空间")


@pytest.mark.parametrize("exc", [OSError(errno.EFBIG, "File too large"), sqlite3.OperationalError("disk I/O error")])
def test_disk_error(exc):
    assert said(store_error(DB, exc, reading=False)) == (
        f"history database {DB} cannot be written: disk error (full, over a size limit, or failing)",
        f"历史数据库 {DB} 无法写入：磁盘错误（已满、超出大小限制或故障）",
        "free some disk space and check the disk", "请释放磁盘空间并检查磁盘")


def test_another_os_error_names_it_and_whether_reading_or_writing():
    exc = PermissionError(errno.EACCES, "Permission denied")
    assert said(store_error(DB, exc, reading=True)) == (
        f"history database {DB} cannot be read: Permission denied", f"历史数据库 {DB} 无法读取：Permission denied",
        "check that the path and its folder exist and that you may read them",
        "请检查路径及其文件夹是否存在、是否有读取权限")
    m, m_zh, _, _ = said(store_error(DB, exc, reading=False))
    assert (m, m_zh) == (f"history database {DB} cannot be written: Permission denied",
                         f"历史数据库 {DB} 无法写入：Permission denied")


def test_an_error_without_strerror_is_named_by_its_text():
    m, m_zh, _, _ = said(store_error(DB, sqlite3.OperationalError("no such table: runs"), reading=True))
    assert (m, m_zh) == (f"history database {DB} cannot be read: no such table: runs",
                         f"历史数据库 {DB} 无法读取：no such table: runs")


def test_a_locked_error_that_is_not_operational_is_not_called_locked():
    m, *_ = said(store_error(DB, ValueError("locked"), reading=True))
    assert m == f"history database {DB} cannot be read: locked"


def test_a_newer_database_is_left_alone():
    assert said(newer_database(DB, SCHEMA_VERSION + 1)) == (
        f"history database {DB} was written by a newer pos-doctor (schema {SCHEMA_VERSION + 1}; this version knows up "
        f"to {SCHEMA_VERSION}) and is left as it is",
        f"历史数据库 {DB} 由更新版本的 pos-doctor 写入（数据格式 {SCHEMA_VERSION + 1}；本版本最高支持 {SCHEMA_VERSION}），"
        "本版本不读取也不写入它",
        "update pos-doctor on this PC, or pass another history file with --db",
        "请在这台电脑上升级 pos-doctor，或用 `--db` 指定另一个历史文件")
