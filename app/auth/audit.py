"""Security events on the `learnanything.security` logger: logins, failures, lockouts, credential,
role, token, two-factor and session changes.

One line per event, `event=<name>` followed by `key=value` pairs. Callers pass ids and names, never
a password, a token, a code or a session id: this module has no way to know what a secret is, so
the rule is the caller's, and each call site is written to keep it.
"""

from __future__ import annotations

import logging

SECURITY_LOGGER = "learnanything.security"
logger = logging.getLogger(SECURITY_LOGGER)


def security_event(event: str, **fields: object) -> None:
    """Log one security event; values are written with repr() so none can forge another line."""
    details = " ".join(f"{name}={value!r}" for name, value in sorted(fields.items()))
    logger.info("event=%s %s", event, details)
