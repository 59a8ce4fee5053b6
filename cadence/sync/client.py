"""The CalDAV server, through the ``caldav`` library: what the sync engine asks of it.

Discovery, calendar listing and creation (``MKCALENDAR``) are the library's; object
writes go through its client with explicit preconditions (``If-None-Match: *`` to
create, ``If-Match: <etag>`` to change or remove), so nothing changed on the server
since it was read is overwritten blindly. Every failure becomes a :class:`SyncError`
holding one sentence for the user.
"""

from __future__ import annotations

import contextlib
import logging
import os
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from cadence.i18n import _
from cadence.sync.resources import RemoteObject, parse_remote

#: Seconds to wait for the server to connect or answer one request (the issue's bound).
DEFAULT_TIMEOUT = 10.0
ENV_TIMEOUT = "CADENCE_SYNC_TIMEOUT"
CALENDAR_NAME = "Cadence"
TODO_CALENDAR_NAME = "Cadence to-dos"
ICS_TYPE = "text/calendar; charset=utf-8"

# The library logs its doubts about servers; on a Textual screen a stray line on stderr
# garbles the display, and the user gets our one sentence instead.
_log = logging.getLogger("caldav")
_log.addHandler(logging.NullHandler())
_log.propagate = False


class SyncError(Exception):
    """A sync that could not start or finish; ``str()`` is one sentence for the user."""


class PreconditionFailed(SyncError):
    """412: the object changed on the server between the read and the write."""


class NotFound(SyncError):
    """404: nothing at that address (a calendar deleted on the server, a wrong URL)."""


def timeout_from_env(environ: dict[str, str] | None = None) -> float:
    """``CADENCE_SYNC_TIMEOUT`` seconds (0.1–10), else 10."""
    raw = (os.environ if environ is None else environ).get(ENV_TIMEOUT, "")
    try:
        value = float(raw)
    except ValueError:
        return DEFAULT_TIMEOUT
    return min(max(value, 0.1), DEFAULT_TIMEOUT)


def _host(url: str) -> str:
    parts = urlsplit(url)
    return parts.netloc or url


def status_message(status: int, reason: str, url: str) -> str:
    """The sentence for an HTTP failure status."""
    if status == 401:
        return _(
            "The server at {host} refused the user name or password (401); "
            "run `cadence sync setup` again.",
            host=_host(url),
        )
    if status == 403:
        return _(
            "The server at {host} does not allow this account to use {url} (403).",
            host=_host(url),
            url=url,
        )
    if status == 404:
        return _("Nothing was found at {url} (404); check the address.", url=url)
    if status == 412:
        return _(
            "An item changed on the server while Cadence was syncing (412); "
            "nothing was changed here, run the sync again."
        )
    if status in (429, 503):
        return _(
            "The server at {host} is busy ({status}); nothing was changed here, try again later.",
            host=_host(url),
            status=status,
        )
    if status >= 500:
        return _(
            "The server at {host} failed ({status} {reason}); "
            "nothing was changed here, try again later.",
            host=_host(url),
            status=status,
            reason=reason or "",
        )
    return _(
        "The server at {host} answered {status} {reason} for {url}.",
        host=_host(url),
        status=status,
        reason=reason or "",
        url=url,
    )


def explain(exc: BaseException, url: str, timeout: float) -> str | None:
    """The sentence for an exception raised while talking to the server; None if unknown."""
    from caldav.lib import error
    from caldav.lib.http_sync import requests as http

    exceptions = http.exceptions
    if isinstance(exc, exceptions.SSLError):
        reason = str(exc)
        if "CERTIFICATE_VERIFY_FAILED" in reason:
            cause = _("its certificate could not be verified")
        else:
            cause = _("the secure connection failed")
        return _(
            "Cannot connect securely to {host}: {cause}; nothing was changed here.",
            host=_host(url),
            cause=cause,
        )
    if isinstance(exc, exceptions.Timeout):
        return _(
            "The server at {host} did not answer within {seconds:g} s; nothing was changed here.",
            host=_host(url),
            seconds=timeout,
        )
    if isinstance(exc, exceptions.ConnectionError):
        return _(
            "Cannot reach the server at {host} (offline, or the server is down); "
            "nothing was changed here.",
            host=_host(url),
        )
    if isinstance(exc, exceptions.RequestException):
        return _("The connection to {host} failed; nothing was changed here.", host=_host(url))
    if isinstance(exc, error.DAVError):
        status = exc.status
        if status is None and isinstance(exc, error.AuthorizationError):
            status = 403 if "forbidden" in str(exc.reason).lower() else 401
        if status is None and isinstance(exc, error.NotFoundError):
            status = 404
        if status is None:
            status = _status_from_text(str(exc.reason))
        if status is not None:
            return status_message(status, "", url)
        return _(
            "The server at {host} did not answer as a CalDAV server; check the address.",
            host=_host(url),
        )
    if type(exc).__name__ == "XMLSyntaxError":  # lxml: an HTML page where XML was expected
        return _(
            "The server at {host} did not answer as a CalDAV server; check the address.",
            host=_host(url),
        )
    return None


def _status_from_text(text: str) -> int | None:
    # caldav puts "404 Not Found\n\n..." first in some errors' reason.
    head = text.strip().split(" ", 1)[0]
    return int(head) if head.isdigit() and len(head) == 3 else None


@contextlib.contextmanager
def server_errors(url: str, timeout: float) -> Iterator[None]:
    """Turn whatever the library or the network raises into a :class:`SyncError`."""
    try:
        yield
    except SyncError:
        raise
    except Exception as exc:
        message = explain(exc, url, timeout)
        if message is None:
            message = _(
                "The sync with {host} failed ({error}); nothing was changed here.",
                host=_host(url),
                error=type(exc).__name__,
            )
        raise (NotFound if _is_not_found(exc) else SyncError)(message) from exc


def _is_not_found(exc: BaseException) -> bool:
    from caldav.lib import error

    return isinstance(exc, error.DAVError) and (
        exc.status == 404 or isinstance(exc, error.NotFoundError)
    )


def href_key(href: str) -> str:
    """An object's address as a key: its path, unquoted (servers quote differently)."""
    from urllib.parse import unquote

    return unquote(urlsplit(href).path)


def _parsed(href: str, etag: str, data: str | bytes | None) -> list[RemoteObject]:
    found = parse_remote(href, etag, data) if data else None
    return [found] if found is not None else []


@dataclass(frozen=True)
class Collections:
    """Where events and to-dos go (the same URL when the calendar takes both)."""

    events: str
    todos: str
    made: tuple[str, ...] = ()  # names of calendars created by this call


class CalDAVServer:
    """One account on one server. Every method raises :class:`SyncError` on failure."""

    def __init__(
        self, url: str, username: str, password: str, timeout: float = DEFAULT_TIMEOUT
    ) -> None:
        import caldav

        self.url = url
        self.timeout = timeout
        with server_errors(url, timeout):
            self._client = caldav.DAVClient(  # type: ignore[operator]  # caldav's lazy exports look like objects
                url=url,
                username=username,
                password=password,
                timeout=timeout,
                enable_rfc6764=False,
            )
        self._principal: Any = None

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self._client.close()

    def __enter__(self) -> CalDAVServer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ------------------------------------------------------------ calendars

    def _get_principal(self) -> Any:
        if self._principal is None:
            with server_errors(self.url, self.timeout):
                self._principal = self._client.get_principal()
        return self._principal

    def calendars(self) -> list[tuple[str, str]]:
        """(display name, URL) of the account's calendars; checks the login on the way."""
        principal = self._get_principal()
        with server_errors(self.url, self.timeout):
            found = principal.get_calendars()
            return [(str(c.get_display_name() or ""), str(c.url)) for c in found]

    def find_calendar(self, chosen: str) -> str | None:
        """The URL of the calendar named (or addressed by) ``chosen``; None if there is none."""
        wanted = chosen.strip().rstrip("/")
        for name, url in self.calendars():
            if wanted in (name, url.rstrip("/")) or (
                "/" in wanted and url.rstrip("/").endswith(wanted)
            ):
                return url
        return None

    def _components(self, url: str) -> list[str]:
        import caldav

        with server_errors(url, self.timeout):
            cal = caldav.Calendar(client=self._client, url=url)  # type: ignore[operator]  # caldav's lazy exports look like objects
            return [str(c).upper() for c in cal.get_supported_components()]

    def _make(self, name: str, components: list[str]) -> str:
        principal = self._get_principal()
        with server_errors(self.url, self.timeout):
            cal = principal.make_calendar(name=name, supported_calendar_component_set=components)
            return str(cal.url)

    def collections(self, chosen: str, known: tuple[str, str], create: bool) -> Collections | None:
        """Find (or, with ``create``, make) the calendar for events and the one for to-dos.

        ``known`` are the URLs found by an earlier sync: checked, not searched again.
        None when the calendar does not exist yet and ``create`` is off (a dry run).
        """
        events, todos = known
        if events and todos:
            try:
                for url in dict.fromkeys((events, todos)):
                    self._components(url)
                return Collections(events, todos)
            except NotFound:
                pass  # deleted on the server: found (or made) again below
        made: list[str] = []
        if chosen:
            events = self.find_calendar(chosen) or ""
            if not events:
                names = ", ".join(n or u for n, u in self.calendars()) or "-"
                raise SyncError(
                    _(
                        "There is no calendar {name} on the server (it has: {names}).",
                        name=chosen,
                        names=names,
                    )
                )
        else:
            events = self.find_calendar(CALENDAR_NAME) or ""
            if not events:
                if not create:
                    return None
                try:
                    events = self._make(CALENDAR_NAME, ["VEVENT", "VTODO"])
                except SyncError:
                    # Some servers (iCloud) keep events and to-dos apart.
                    events = self._make(CALENDAR_NAME, ["VEVENT"])
                made.append(CALENDAR_NAME)
        if "VTODO" in self._components(events):
            return Collections(events, events, tuple(made))
        todos = self.find_calendar(TODO_CALENDAR_NAME) or ""
        if not todos:
            if not create:
                return Collections(events, "", tuple(made))
            todos = self._make(TODO_CALENDAR_NAME, ["VTODO"])
            made.append(TODO_CALENDAR_NAME)
        return Collections(events, todos, tuple(made))

    # ------------------------------------------------------------ objects

    def objects(
        self, url: str, known: dict[str, str] | None = None
    ) -> tuple[list[RemoteObject], list[tuple[str, str]]]:
        """Every event and to-do in a calendar (completed to-dos included), with its ETag.

        One listing of the ETags (``sync-collection``), then one ``calendar-multiget`` for
        the objects whose data is needed: those not in ``known`` (path -> ETag) with
        that ETag. Returns (objects read, (href, etag) of the known ones left unread).
        """
        import caldav

        known = known or {}
        with server_errors(url, self.timeout):
            cal = caldav.Calendar(client=self._client, url=url)  # type: ignore[operator]  # caldav's lazy exports look like objects
            listed = list(cal.get_objects_by_sync_token(load_objects=False))
            parsed: list[RemoteObject] = []
            unread: list[tuple[str, str]] = []
            fetch = []
            for obj in listed:
                href, etag = str(obj.url), str(obj.etag or "")
                if obj.data:
                    parsed.extend(_parsed(href, etag, obj.data))
                elif etag and known.get(href_key(href)) == etag:
                    unread.append((href, etag))
                else:
                    fetch.append(obj)
            if fetch:
                for obj in cal.multiget([o.url for o in fetch]):
                    parsed.extend(_parsed(str(obj.url), str(obj.etag or ""), obj.data))
            return parsed, unread

    def put(self, url: str, body: bytes, *, etag: str = "", create: bool = False) -> str:
        """Write one object: a new one (``create``) or the version ``etag``. Returns the new ETag
        ("" when the server gives none). Raises :class:`PreconditionFailed` on 412."""
        headers = {"Content-Type": ICS_TYPE}
        if create:
            headers["If-None-Match"] = "*"
        elif etag:
            headers["If-Match"] = etag
        with server_errors(url, self.timeout):
            response = self._client.put(url, body.decode("utf-8"), headers)
        self._check(response, url)
        return str(response.headers.get("ETag") or "")

    def delete(self, url: str, *, etag: str) -> None:
        """Remove one object if it is still the version ``etag`` (gone already is fine)."""
        headers = {"If-Match": etag} if etag else {}
        with server_errors(url, self.timeout):
            response = self._client.delete(url, headers)
        if response.status == 404:
            return
        self._check(response, url)

    def _check(self, response: Any, url: str) -> None:
        status = int(response.status)
        if 200 <= status < 300:
            return
        message = status_message(status, str(getattr(response, "reason", "") or ""), url)
        if status == 412:
            raise PreconditionFailed(message)
        raise SyncError(message)
