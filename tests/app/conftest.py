from tests.apptools import app  # noqa: F401  (the fixture every AppTest uses)
