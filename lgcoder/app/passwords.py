"""A server login's password, kept where the user's OS keeps passwords, never by lgcoder.

The ``keyring`` library reaches macOS Keychain, the Windows Credential Locker and the Secret
Service of Linux desktops. Where there is none (a headless machine), nothing is stored and the
user is told to use ``~/.pgpass``, which libpq reads by itself as psql does. Passwords are
filed under the address without the password (``user@host:port/database``).
"""

from __future__ import annotations

import contextlib

from lgcoder.core import pg

SERVICE = "lgcoder"


def _key(url: str) -> str:
    return pg.short_label(pg.parse_url(url))


def _backend_usable() -> bool:
    try:
        import keyring
        from keyring.backends import fail
    except ImportError:
        return False
    return not isinstance(keyring.get_keyring(), fail.Keyring)


def keyring_available() -> bool:
    """Whether this computer has a keyring lgcoder can keep a password in."""
    return _backend_usable()


def stored_password(url: str) -> str | None:
    """The password kept for *url*'s login, or None (then libpq looks in ~/.pgpass)."""
    if not _backend_usable():
        return None
    import keyring
    from keyring.errors import KeyringError

    try:
        return keyring.get_password(SERVICE, _key(url))
    except KeyringError:
        return None


def store_password(url: str, password: str) -> str | None:
    """Keep *password* for *url*'s login; a sentence saying why not, or None when kept."""
    if not _backend_usable():
        return (
            "this computer has no keyring to keep the password in; put it in ~/.pgpass "
            "(host:port:database:user:password, readable by you only) as psql does"
        )
    import keyring
    from keyring.errors import KeyringError

    try:
        keyring.set_password(SERVICE, _key(url), password)
    except KeyringError as exc:
        return f"the keyring refused to keep the password ({exc}); use ~/.pgpass instead"
    return None


def forget_password(url: str) -> None:
    """Drop a kept password (it was refused by the server)."""
    if not _backend_usable():
        return
    import keyring
    from keyring.errors import KeyringError

    with contextlib.suppress(KeyringError):
        keyring.delete_password(SERVICE, _key(url))
