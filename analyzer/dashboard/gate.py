"""The door: who is using this session, decided before any page runs.

`signed_in_user()` returns the user when the session may go on, and None after it has put a
sign-in form or a refusal on screen. The rules live in `analyzer.dashboard.access`.
"""

from __future__ import annotations

import streamlit as st

from analyzer.dashboard.access import (
    LOCAL_USER,
    LoginThrottle,
    User,
    UsersFile,
    read_users,
    refusal,
    users_file_path,
)
from analyzer.dashboard.widgets import show_error
from analyzer.errors import ConfigError
from analyzer.safe_text import escape_markdown


@st.cache_resource
def _throttle() -> LoginThrottle:
    """One throttle for every session of this server process."""
    return LoginThrottle()


def _identity_provider_configured() -> bool:
    try:
        return "auth" in st.secrets
    except FileNotFoundError:  # no secrets file at all
        return False


def signed_in_user() -> User | None:
    try:
        users = read_users(users_file_path())
    except ConfigError as error:
        show_error(error)
        return None
    provider = _identity_provider_configured()
    configured = provider or bool(users.passwords)
    reason = refusal(st.get_option("server.address"), configured)
    if reason:
        st.error(reason)
        return None
    if not configured:
        return _remember(User(LOCAL_USER, "analyst"))
    user = _current(users, provider)
    if user is None:
        _sign_in_form(users, provider)
        return None
    _sign_out_button(user, provider)
    return user


def _current(users: UsersFile, provider: bool) -> User | None:
    """The session's user, re-checked against today's users file on every run, so that a
    removed user or a changed role takes effect at once."""
    if provider and st.user.get("is_logged_in", False):
        email = st.user.get("email")
        return _remember(User(str(email or st.user.get("name") or "signed in"),
                              users.role_for_email(email)))
    remembered = st.session_state.get("user")
    if remembered is None or remembered.name not in users.passwords:
        return None
    return _remember(User(remembered.name, users.passwords[remembered.name][0]))


def _remember(user: User) -> User:
    if st.session_state.get("user") != user:
        st.session_state["user"] = user
    return user


def _sign_in_form(users: UsersFile, provider: bool) -> None:
    st.title("Feedback theme analyzer")
    if provider:
        st.button("Sign in with your organisation", on_click=st.login, type="primary")
    if not users.passwords:
        return
    with st.form("sign_in_form"):
        name = st.text_input("User name")
        password = st.text_input("Password", type="password")
        submitted = st.form_submit_button("Sign in")
    if not submitted:
        return
    throttle = _throttle()
    if throttle.locked(name):
        st.error("Too many wrong passwords for this user. Wait 15 minutes and try again.")
        return
    user = users.sign_in(name, password)
    if user is None:
        throttle.failed(name)
        st.error("That user name and password do not match.")
        return
    throttle.succeeded(name)
    _remember(user)
    st.rerun()


def _sign_out_button(user: User, provider: bool) -> None:
    st.sidebar.caption(f"Signed in as {escape_markdown(user.name)} ({user.role})")
    if st.sidebar.button("Sign out"):
        for key in list(st.session_state.keys()):
            del st.session_state[key]
        if provider and st.user.get("is_logged_in", False):
            st.logout()
        st.rerun()


__all__ = ["signed_in_user"]
