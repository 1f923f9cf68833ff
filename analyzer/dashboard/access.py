"""Who may use the dashboard, and for what: roles, the users file, and where it may listen.

Two ways to sign in, both configured outside the code:

- **An identity provider** (OpenID Connect) through Streamlit's own `st.login`, configured in
  `.streamlit/secrets.toml` under `[auth]` (see the README). Everyone the provider lets in is
  a viewer unless the users file gives their e-mail address another role.
- **A users file** (JSON) with password hashes made by Argon2id (`argon2-cffi`), for teams
  without a provider. `python -m analyzer users add NAME --role analyst` writes it.

On a loopback address with no sign-in configured the dashboard is a one-person tool and its
user is an analyst. On any other address it refuses to run until sign-in is configured:
anyone who can reach the port would otherwise read every comment.

This module knows nothing of Streamlit; `analyzer.dashboard.gate` puts it on screen.
"""

from __future__ import annotations

import functools
import ipaddress
import json
import os
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Mapping

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from analyzer.errors import ConfigError

ROLES = ("viewer", "analyst")
"""Least to most trusted. A viewer opens saved projects and reads results and reports; an
analyst also uploads, runs, curates, records responses and saves."""

VIEWER_PAGES = ("projects", "themes", "groups", "voices", "agreement", "rounds", "transparency",
                "present")
ANALYST_ONLY_PAGES = ("data", "run", "curate")

USERS_FILE_VARIABLE = "FEEDBACK_ANALYZER_USERS"
"""Environment variable naming the users file; read when the dashboard starts a session."""
ANY_OTHER_ADDRESS = "*"
"""Key in `identity_provider_roles` for everyone else the provider signs in."""
LOCAL_USER = "local user"

MAX_FAILURES = 5
LOCKOUT_SECONDS = 15 * 60
MIN_PASSWORD_LENGTH = 12

_HASHER = PasswordHasher()


@dataclass(frozen=True)
class User:
    """Someone signed in (or the one local user)."""

    name: str
    role: str

    def __post_init__(self) -> None:
        check_role(self.role)

    @property
    def is_analyst(self) -> bool:
        return self.role == "analyst"

    @property
    def pages(self) -> tuple[str, ...]:
        """The dashboard pages this user may open."""
        return VIEWER_PAGES + (ANALYST_ONLY_PAGES if self.is_analyst else ())


@dataclass(frozen=True)
class UsersFile:
    """The parsed users file: password users and the roles of identity-provider users."""

    passwords: Mapping[str, tuple[str, str]] = field(default_factory=dict)
    """name -> (role, Argon2 hash)."""
    identity_provider_roles: Mapping[str, str] = field(default_factory=dict)
    """lower-case e-mail address (or `ANY_OTHER_ADDRESS`) -> role."""

    def sign_in(self, name: str, password: str) -> User | None:
        """The user, when `password` is theirs; None otherwise (unknown names cost the same
        hashing time, so a failure does not say whether the name exists)."""
        role, stored = self.passwords.get(name, ("viewer", _unknown_user_hash()))
        try:
            _HASHER.verify(stored, password)
        except (VerificationError, InvalidHashError):
            return None
        return User(name, role) if name in self.passwords else None

    def role_for_email(self, email: str | None) -> str:
        """The role of someone the identity provider signed in: listed, else the `*` entry,
        else viewer."""
        roles = self.identity_provider_roles
        return roles.get((email or "").strip().lower(), roles.get(ANY_OTHER_ADDRESS, "viewer"))


@functools.cache
def _unknown_user_hash() -> str:
    return _HASHER.hash("a password nobody has")


def check_role(role: str) -> str:
    if role not in ROLES:
        raise ConfigError(f"role '{role}' is not one of {', '.join(ROLES)}.")
    return role


def users_file_path(environ: Mapping[str, str] = os.environ) -> Path | None:
    value = environ.get(USERS_FILE_VARIABLE, "").strip()
    return Path(value) if value else None


def read_users(path: Path | None) -> UsersFile:
    """The users file at `path` (an empty one when None); a damaged file is a ConfigError
    naming it, never a silent 'nobody may sign in'."""
    if path is None:
        return UsersFile()
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"the users file '{path}' does not exist. Create it with "
                          "`python -m analyzer users add NAME --role analyst --file "
                          f"{path}`.") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ConfigError(f"the users file '{path}' cannot be read ({error}).") from None
    if not isinstance(data, dict):
        raise ConfigError(f"the users file '{path}' should hold a JSON object.")
    passwords = {}
    for name, entry in (data.get("users") or {}).items():
        if not isinstance(entry, dict) or not isinstance(entry.get("password_hash"), str):
            raise ConfigError(f"the users file '{path}': user '{name}' has no password_hash.")
        passwords[name] = (check_role(entry.get("role", "viewer")), entry["password_hash"])
    roles = {str(email).strip().lower(): check_role(role)
             for email, role in (data.get("identity_provider_roles") or {}).items()}
    return UsersFile(MappingProxyType(passwords), MappingProxyType(roles))


def add_user(path: Path, name: str, role: str, password: str) -> None:
    """Add `name` to the users file (replacing an earlier entry), written atomically and
    readable by its owner only."""
    name = " ".join(str(name).split())
    if not name:
        raise ConfigError("give the user a name, e.g. `users add dana --role analyst`.")
    check_role(role)
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ConfigError(f"the password has {len(password)} characters; use at least "
                          f"{MIN_PASSWORD_LENGTH}.")
    path = Path(path)
    data = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    read_users(path if path.exists() else None)  # refuse to extend a damaged file
    data.setdefault("users", {})[name] = {"role": role, "password_hash": _HASHER.hash(password)}
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".users-")
    with os.fdopen(handle, "w", encoding="utf-8") as out:  # mkstemp creates it mode 0600
        json.dump(data, out, indent=2, ensure_ascii=False)
    os.replace(temporary, path)


def is_loopback(address: str | None) -> bool:
    """Whether a server bound to `address` can be reached only from this machine.

    Streamlit binds every interface when no address is set, so None and "" are not loopback.

    >>> [is_loopback(a) for a in ("127.0.0.1", "localhost", "::1", "0.0.0.0", None)]
    [True, True, True, False, False]
    """
    if not address:
        return False
    if address.strip().lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(address.strip("[] ")).is_loopback
    except ValueError:
        return False


def refusal(address: str | None, sign_in_configured: bool) -> str | None:
    """Why the dashboard must not serve on `address`, or None when it may."""
    if sign_in_configured or is_loopback(address):
        return None
    shown = address or "every network interface"
    return (f"This dashboard is listening on {shown}, where other machines can reach it, and "
            "no sign-in is configured, so anyone on the network could read every comment. "
            "Either run it on this machine only (`make run`, address 127.0.0.1) or configure "
            f"sign-in: a users file named by {USERS_FILE_VARIABLE} (`python -m analyzer users "
            "add NAME --role analyst --file users.json`), or an identity provider under "
            "[auth] in .streamlit/secrets.toml. See 'Serving a team' in the README.")


class LoginThrottle:
    """Refuses a name for `LOCKOUT_SECONDS` after `MAX_FAILURES` wrong passwords in a row.

    One instance serves the whole server process (every session), so opening a new browser
    tab does not reset the count.
    """

    def __init__(self, clock=time.monotonic):
        self._clock = clock
        self._failures: dict[str, list[float]] = {}
        self._lock = threading.Lock()

    def locked(self, name: str) -> bool:
        with self._lock:
            recent = [t for t in self._failures.get(name, ())
                      if self._clock() - t < LOCKOUT_SECONDS]
            self._failures[name] = recent
            return len(recent) >= MAX_FAILURES

    def failed(self, name: str) -> None:
        with self._lock:
            self._failures.setdefault(name, []).append(self._clock())

    def succeeded(self, name: str) -> None:
        with self._lock:
            self._failures.pop(name, None)


__all__ = ["ANALYST_ONLY_PAGES", "LOCAL_USER", "LoginThrottle", "ROLES", "USERS_FILE_VARIABLE",
           "User", "UsersFile", "VIEWER_PAGES", "add_user", "check_role", "is_loopback",
           "read_users", "refusal", "users_file_path"]
