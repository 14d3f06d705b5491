"""Who may use the app and who may change the library.

Open by default (the app listens on localhost). When users are configured,
a login is required and only admins may upload, delete or re-index.
Configure with POLICYQA_USERS="name:password:admin,name2:password2" or a file
named by POLICYQA_USERS_FILE with one "name:password[:admin]" a line. A
password may be given as "sha256:<hex digest>" instead of in clear.
"""
from __future__ import annotations

import hashlib
import hmac
import os
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class User:
    name: str
    secret: str
    admin: bool


class Users:
    def __init__(self, users: dict[str, User]) -> None:
        self.users = users

    @classmethod
    def parse(cls, lines: list[str]) -> "Users":
        users = {}
        for line in lines:
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            name, _, rest = line.partition(":")
            if rest.startswith("sha256:"):
                digest, _, role = rest[len("sha256:"):].partition(":")
                secret = "sha256:" + digest
            else:
                secret, _, role = rest.partition(":")
            users[name] = User(name, secret, role.strip() == "admin")
        return cls(users)

    @classmethod
    def from_env(cls) -> "Users":
        path = os.environ.get("POLICYQA_USERS_FILE")
        if path:
            return cls.parse(Path(path).read_text(encoding="utf-8").splitlines())
        return cls.parse(os.environ.get("POLICYQA_USERS", "").split(","))

    def __bool__(self) -> bool:
        return bool(self.users)

    def check(self, name: str, password: str) -> bool:
        user = self.users.get(name)
        if user is None:
            return False
        if user.secret.startswith("sha256:"):
            return hmac.compare_digest(user.secret[7:], hashlib.sha256(password.encode()).hexdigest())
        return hmac.compare_digest(user.secret, password)

    def is_admin(self, name: str | None) -> bool:
        """With no users configured everyone on localhost administers; otherwise only admins."""
        if not self.users:
            return True
        user = self.users.get(name or "")
        return bool(user and user.admin)
