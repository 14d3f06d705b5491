"""Who may use the app, who may change the library, and how fast a wrong password may be tried.

Open by default when the app listens on localhost. When users are configured
a login is required and only admins may upload, delete or re-index. Users come
from POLICYQA_USERS ("name:password[:admin|user]", entries joined by ",") or a
file named by POLICYQA_USERS_FILE (one entry a line, # for comments). A
password may be stored as a salted slow hash ("scrypt$…", written by
`policyqa user add NAME`); a password may contain ":" but then the role must
be given. A malformed entry stops the start with its line number, never a
silently different user. Failed logins are slowed per user and per address.
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import os
import re
import secrets
import threading
import time
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

ROLES = ("admin", "user")
_NAME = re.compile(r"^[A-Za-z0-9_.@\-\u4e00-\u9fff]{1,64}$")
_SCRYPT = {"n": 2**14, "r": 8, "p": 1}
FREE_TRIES = 3  # wrong passwords before the waits start
MAX_WAIT = 30.0  # seconds, the longest a name or address is made to wait


class UsersError(ValueError):
    """A users entry that cannot be read; the message names the line."""


@dataclass(frozen=True)
class User:
    name: str
    secret: str  # the password, "sha256:<hex>" or "scrypt$<salt>$<hash>"
    admin: bool


def hash_password(password: str) -> str:
    """A salted scrypt hash of the password, to store instead of it."""
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode(), salt=salt, **_SCRYPT)
    return "scrypt$" + base64.b64encode(salt).decode() + "$" + base64.b64encode(digest).decode()


def _matches(secret: str, password: str) -> bool:
    if secret.startswith("scrypt$"):
        _, salt, digest = secret.split("$", 2)
        got = hashlib.scrypt(password.encode(), salt=base64.b64decode(salt), **_SCRYPT)
        return hmac.compare_digest(base64.b64encode(got).decode(), digest)
    if secret.startswith("sha256:"):
        return hmac.compare_digest(secret[7:], hashlib.sha256(password.encode()).hexdigest())
    return hmac.compare_digest(secret, password)


def parse_entry(entry: str, where: str) -> User:
    """name:password[:role]; the role, when present, is the last field, so the password may hold ":"."""
    name, sep, rest = entry.partition(":")
    if not sep or not _NAME.match(name):
        raise UsersError(f"{where}: 应为 名称:密码[:admin]，名称只能含字母、数字、汉字和 _.@-（{entry[:40]!r}）")
    secret, role = rest, "user"
    head, colon, last = rest.rpartition(":")
    if colon and last in ROLES:
        secret, role = head, last
    elif colon and last.strip().lower() in ROLES:
        raise UsersError(f"{where}: 角色写法不对（{last!r}），只能是 admin 或 user")
    if not secret:
        raise UsersError(f"{where}: 用户 {name} 没有密码")
    if secret in ROLES:
        raise UsersError(f"{where}: 用户 {name} 的密码是 {secret!r}，像是漏写了密码（应为 名称:密码:{secret}）")
    if secret.startswith("scrypt$") and secret.count("$") != 2:
        raise UsersError(f"{where}: 用户 {name} 的密码哈希不完整")
    return User(name, secret, role == "admin")


class Throttle:
    """Slows wrong passwords: after FREE_TRIES failures a name (or an address) waits 1, 2, 4 … s, up to MAX_WAIT."""

    def __init__(self) -> None:
        self._failures: dict[str, int] = defaultdict(int)
        self._until: dict[str, float] = {}
        self._lock = threading.Lock()

    def wait_for(self, key: str) -> float:
        with self._lock:
            return max(0.0, self._until.get(key, 0.0) - time.monotonic())

    def failed(self, key: str) -> None:
        with self._lock:
            self._failures[key] += 1
            extra = self._failures[key] - FREE_TRIES
            if extra > 0:
                self._until[key] = time.monotonic() + min(MAX_WAIT, 2.0 ** (extra - 1))

    def succeeded(self, key: str) -> None:
        with self._lock:
            self._failures.pop(key, None)
            self._until.pop(key, None)


class Users:
    def __init__(self, users: dict[str, User]) -> None:
        self.users = users
        self.throttle = Throttle()

    @classmethod
    def parse(cls, entries: list[str], label: str = "第{n}行") -> "Users":
        users: dict[str, User] = {}
        for n, entry in enumerate(entries, 1):
            entry = entry.strip()
            if not entry or entry.startswith("#"):
                continue
            user = parse_entry(entry, label.format(n=n))
            if user.name in users:
                raise UsersError(f"{label.format(n=n)}: 用户 {user.name} 重复")
            users[user.name] = user
        return cls(users)

    @classmethod
    def from_env(cls) -> "Users":
        path = os.environ.get("POLICYQA_USERS_FILE")
        if path:
            return cls.parse(Path(path).read_text(encoding="utf-8").splitlines(), f"{path} 第{{n}}行")
        return cls.parse(os.environ.get("POLICYQA_USERS", "").split(","), "POLICYQA_USERS 第{n}项")

    def __bool__(self) -> bool:
        return bool(self.users)

    def check(self, name: str, password: str) -> bool:
        """The login check; a name that keeps failing is made to wait before it is checked again."""
        wait = self.throttle.wait_for(f"user:{name}")
        if wait:
            time.sleep(wait)
        user = self.users.get(name)
        ok = user is not None and _matches(user.secret, password)
        (self.throttle.succeeded if ok else self.throttle.failed)(f"user:{name}")
        return ok

    def is_admin(self, name: str | None) -> bool:
        """With no users configured everyone on localhost administers; otherwise only admins."""
        if not self.users:
            return True
        user = self.users.get(name or "")
        return bool(user and user.admin)


def add_user(path: Path, name: str, password: str, admin: bool) -> None:
    """Write (or replace) a user with a hashed password in a users file."""
    entry = f"{name}:{hash_password(password)}:{'admin' if admin else 'user'}"
    parse_entry(entry, "new user")
    lines = path.read_text(encoding="utf-8").splitlines() if path.exists() else []
    lines = [line for line in lines if line.partition(":")[0].strip() != name] + [entry]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    path.chmod(0o600)
