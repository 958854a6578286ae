import app.models  # noqa: F401  (registers every table on SQLModel.metadata)
