"""Security events on the `learnanything.security` logger: logins, failures, lockouts, credential,
role, token, two-factor and session changes.

One line per event, `event=<name>` followed by `key=value` pairs. Callers pass ids and names, never
a password, a token, a code or a session id: this module has no way to know what a secret is, so
the rule is the caller's, and each call site is written to keep it.
"""

from __future__ import annotations

import logging

from flask import Flask
from flask.logging import default_handler

SECURITY_LOGGER = "learnanything.security"
logger = logging.getLogger(SECURITY_LOGGER)


def configure_security_log(app: Flask) -> None:
    """Emit security events at INFO (SECURITY_LOG_LEVEL), through Flask's handler (the WSGI server's
    error stream) unless the deployment configured handlers of its own."""
    logger.setLevel(str(app.config.get("SECURITY_LOG_LEVEL", "INFO")))
    if not logger.handlers and not logging.getLogger().handlers:
        logger.addHandler(default_handler)


def security_event(event: str, **fields: object) -> None:
    """Log one security event; values are written with repr() so none can forge another line."""
    details = " ".join(f"{name}={value!r}" for name, value in sorted(fields.items()))
    logger.info("event=%s %s", event, details)
