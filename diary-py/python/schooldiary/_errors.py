"""The exceptions diary raises.

Every error is a :class:`DiaryError` carrying the stable numeric ``code``
shared with C (``diary_status``) and, for :class:`InvalidInput`, the
``field`` at fault (``None`` otherwise). Each also derives from the
built-in exception a Python program would catch for that kind of failure:

==========================  ==================================
diary                       built-in base
==========================  ==================================
:class:`InvalidInput`       :class:`ValueError`
:class:`NotFound`           :class:`LookupError`
:class:`AccessDenied`       :class:`PermissionError`
:class:`AuthenticationFailed` :class:`PermissionError`
:class:`StorageError`       :class:`OSError` (and so its subclasses)
:class:`Busy`               :class:`TimeoutError` (retry the call)
==========================  ==================================

A failed call changes no stored data.
"""

from __future__ import annotations

from typing import Optional


class DiaryError(Exception):
    """Base class of every diary error. ``code`` is the stable numeric error
    code shared with C; ``field`` names the argument at fault (for
    :class:`InvalidInput`), else ``None``."""

    code: int = 9
    field: Optional[str] = None


class InvalidInput(DiaryError, ValueError):
    """An argument is malformed or breaks a rule; ``field`` names it
    (``"marks[3].value"`` for a list). Also a :class:`ValueError`."""

    code = 1


class NotFound(DiaryError, LookupError):
    """The record named does not exist, or is not the actor's to know of.
    Also a :class:`LookupError`."""

    code = 2


class Conflict(DiaryError):
    """The change contradicts stored data (a duplicate, an overlap)."""

    code = 3


class AccessDenied(DiaryError, PermissionError):
    """The actor is not allowed to do this. Also a :class:`PermissionError`."""

    code = 4


class AuthenticationFailed(DiaryError, PermissionError):
    """Credentials or a session were not accepted. Also a
    :class:`PermissionError`."""

    code = 5


class StorageError(DiaryError, OSError):
    """The storage layer failed. Also an :class:`OSError`; the subclasses
    tell what to do."""

    code = 6


class NotADiary(StorageError):
    """The file is not a diary database (or is missing or empty where an
    existing diary was asked for); it was left untouched."""

    code = 7


class VersionTooNew(StorageError):
    """The file was written by a newer version of diary."""

    code = 8


class InternalError(DiaryError):
    """A bug in diary itself; please report it."""

    code = 9


class DeliveryFailed(DiaryError):
    """The host's delivery callable failed; nothing was stored, so the
    request can be repeated."""

    code = 10


class Corrupt(StorageError):
    """The file is damaged or was altered outside diary; it was not
    changed."""

    code = 11


class Busy(StorageError, TimeoutError):
    """Another process or thread held the diary's lock longer than the
    bounded wait; nothing was changed: retry. Also a :class:`TimeoutError`."""

    code = 12


class ReadOnly(StorageError):
    """The file or its folder is read-only, or the diary was opened
    read-only; nothing was changed."""

    code = 13


class DiskFull(StorageError):
    """The disk (or the file-size limit) is full; nothing was changed."""

    code = 14


class IoError(StorageError):
    """The operating system reported an I/O error reading or writing the
    file."""

    code = 15


class ResyncNeeded(DiaryError):
    """A change-feed cursor cannot be continued from: its changes were
    pruned, or the file was restored from a backup. Read the current state
    again and continue from :meth:`Diary.change_feed_head`."""

    code = 16


__all__ = [
    "DiaryError",
    "InvalidInput",
    "NotFound",
    "Conflict",
    "AccessDenied",
    "AuthenticationFailed",
    "StorageError",
    "NotADiary",
    "VersionTooNew",
    "InternalError",
    "DeliveryFailed",
    "Corrupt",
    "Busy",
    "ReadOnly",
    "DiskFull",
    "IoError",
    "ResyncNeeded",
]
