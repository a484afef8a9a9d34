"""pytest set-up shared by the test suite and the doctests."""

# Importing __main__ would run the command line.
collect_ignore = ["twimlkit/__main__.py"]
