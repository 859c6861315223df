"""The ground floor: problems and problem lists, the safe YAML reader, pydantic error mapping,
atomic writes and CSV streaming.  Imports nothing else of the toolkit."""
