"""Any `Authorization` header — empty, blank, another scheme, Unicode, huge — is either a valid
token or a 401 envelope on a private endpoint, and never a server error on a public one."""

from __future__ import annotations

from flask import Flask
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

# What a header can carry through HTTP: Latin-1 text without line breaks (the client refuses those).
HEADER_TEXT = st.text(
    alphabet=st.characters(min_codepoint=0x20, max_codepoint=0xFF, exclude_characters="\x7f"), max_size=300
)
AUTHORIZATION = st.one_of(
    HEADER_TEXT,
    st.builds(
        lambda scheme, value: f"{scheme}{value}",
        st.sampled_from(["Bearer ", "bearer ", "Basic ", "Bearer"]),
        HEADER_TEXT,
    ),
    st.sampled_from(["", " ", "Bearer ", "Bearer  ", "Bearer \xa0", "Bearer la_", "Bearer " + "a" * 5000]),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(value=AUTHORIZATION)
def test_a_private_endpoint_answers_401_envelope_to_any_forged_authorization(app: Flask, value: str) -> None:
    response = app.test_client().get("/api/v1/me", headers={"Authorization": value})
    assert response.status_code == 401, (value, response.status_code)
    assert response.get_json()["error"]["status"] == 401


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(value=AUTHORIZATION)
def test_public_pages_and_writes_never_fail_on_a_forged_authorization(app: Flask, value: str) -> None:
    client = app.test_client()
    for method, path in (("GET", "/api/v1/docs"), ("GET", "/api/v1/health"), ("POST", "/api/v1/attempts")):
        response = client.open(
            path, method=method, json={} if method == "POST" else None, headers={"Authorization": value}
        )
        assert response.status_code < 500, (method, path, value, response.status_code)
        if method == "POST":
            assert response.status_code == 401, "a write with a forged token is refused, never accepted"
