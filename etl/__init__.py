"""The load side: read partner exports, validate them, publish a DuckDB warehouse."""
