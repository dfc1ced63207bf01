"""The ground every layer stands on: the workspace, SQLite, two-language text."""
