"""The small core that the load side (etl) and the read side (outcomes) both use:
settings, the data contract, the indicator catalogue, the shared domain rules and the
DuckDB connection. It imports neither side."""
