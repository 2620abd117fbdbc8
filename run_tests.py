"""Run the whole test suite: `python run_tests.py [pytest options]`.

The same as `python -m pytest`; kept so the project's layout works as documented. Set
TEST_DATABASE_URL to run it on PostgreSQL instead of in-memory SQLite.
"""

import sys

import pytest

if __name__ == "__main__":
    sys.exit(pytest.main(sys.argv[1:]))
