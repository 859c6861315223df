"""The ``toolkit`` command line: parse arguments, call the library, format output."""
