"""Login and who may change the library."""
from __future__ import annotations

import hashlib
import time

import pytest

from ui.access import FREE_TRIES, Users, UsersError, add_user, hash_password


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


def test_a_password_may_hold_colons_when_the_role_is_given():
    users = Users.parse(["admin:pa:ss:admin"])
    assert users.check("admin", "pa:ss") and users.is_admin("admin")


@pytest.mark.parametrize(
    "entries, where",
    [(["ops:p", "w:admin"], "第2行"), (["good:pw", "bad name:pw"], "第2行"), (["a:pw:Admin"], "第1行"),
     (["a:"], "第1行"), (["a:1", "a:2"], "第2行")],
)
def test_malformed_entries_stop_the_start_with_their_line(entries, where):
    with pytest.raises(UsersError) as error:
        Users.parse(entries)
    assert where in str(error.value)


def test_env_entries_name_their_position(monkeypatch):
    monkeypatch.delenv("POLICYQA_USERS_FILE", raising=False)
    monkeypatch.setenv("POLICYQA_USERS", "ops:p,w:admin")
    with pytest.raises(UsersError, match="POLICYQA_USERS 第2项"):
        Users.from_env()


def test_user_add_writes_a_salted_slow_hash(tmp_path):
    path = tmp_path / "users.txt"
    add_user(path, "chief", "correct horse", admin=True)
    add_user(path, "clerk", "pw", admin=False)
    add_user(path, "clerk", "pw2", admin=False)  # replaces, never duplicates
    text = path.read_text(encoding="utf-8")
    assert "correct horse" not in text and text.count("scrypt$") == 2 and text.count("clerk:") == 1
    users = Users.parse(text.splitlines())
    assert users.check("chief", "correct horse") and users.is_admin("chief")
    assert users.check("clerk", "pw2") and not users.check("clerk", "pw")
    assert hash_password("x") != hash_password("x")  # salted


def test_wrong_passwords_are_slowed_per_name():
    users = Users.parse(["chief:right:admin"])
    started = time.monotonic()
    for _ in range(FREE_TRIES):
        assert not users.check("chief", "wrong")
    assert time.monotonic() - started < 1.0  # the first few are free
    assert not users.check("chief", "wrong")  # the fourth failure starts the waits
    started = time.monotonic()
    assert users.check("chief", "right")  # even the right password waits its turn
    assert time.monotonic() - started >= 0.9
    assert users.throttle.wait_for("user:chief") == 0.0  # and a success clears the count
