"""Durable TinyDB: journal, atomic snapshot, lock, backups, migrations, health."""
