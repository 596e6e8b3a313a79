"""Tests of data migrations: the schema as it was, then as it is."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor


def migrate_to(targets):
    """Migrate to ``targets`` and return the models as they were there."""
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    # Accounts stays at its newest migration (nothing of it depends on badges), so the
    # historical models are built with it there too.
    accounts = [node for node in executor.loader.graph.leaf_nodes() if node[0] == "accounts"]
    return executor.loader.project_state([*targets, *accounts]).apps


@pytest.fixture
def back_to_the_latest_schema():
    # Whatever happens here, the tests after this one find every migration applied.
    yield
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
