"""Login and who may change the library."""
from __future__ import annotations

import hashlib

from retrieval.access import Users


def test_open_by_default_everyone_administers():
    users = Users.parse([])
    assert not users and users.is_admin(None)


def test_configured_users_need_the_right_password_and_only_admins_change_the_library(tmp_path, monkeypatch):
    digest = hashlib.sha256(b"s3cret").hexdigest()
    path = tmp_path / "users.txt"
    path.write_text(f"# office accounts\nadmin:sha256:{digest}:admin\nstaff:pw\n", encoding="utf-8")
    monkeypatch.setenv("POLICYQA_USERS_FILE", str(path))
    users = Users.from_env()
    assert users.check("admin", "s3cret") and not users.check("admin", "pw") and not users.check("nobody", "pw")
    assert users.check("staff", "pw")
    assert users.is_admin("admin") and not users.is_admin("staff") and not users.is_admin(None)


def test_users_from_the_environment(monkeypatch):
    monkeypatch.delenv("POLICYQA_USERS_FILE", raising=False)
    monkeypatch.setenv("POLICYQA_USERS", "a:1:admin,b:2")
    users = Users.from_env()
    assert users.is_admin("a") and not users.is_admin("b") and users.check("b", "2")
