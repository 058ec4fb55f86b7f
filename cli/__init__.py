"""The one command line, `outcomes`: on top of both the load side (etl) and the read side
(outcomes), the only package that may import both."""
