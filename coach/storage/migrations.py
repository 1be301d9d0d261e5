"""Schema versions of the data file and the pure functions that upgrade them.

To change the shape of stored data: raise SCHEMA_VERSION by one and add a
function taking the tables of version N and returning those of version N+1.
Never edit a released migration; the tests keep a fixture of every version.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Tables = dict[str, dict[str, Any]]

SCHEMA_VERSION = 1

# MIGRATIONS[n] upgrades version n to n + 1.
MIGRATIONS: dict[int, Callable[[Tables], Tables]] = {}


def migrate(tables: Tables, version: int) -> Tables:
    """Upgrade tables from `version` to SCHEMA_VERSION, one step at a time."""
    for step in range(version, SCHEMA_VERSION):
        tables = MIGRATIONS[step](tables)
    return tables
