"""pytest set-up shared by the test suite and the doctests."""

import os

from hypothesis import settings

# Importing __main__ would run the command line.
collect_ignore = ["twimlkit/__main__.py"]

# Property tests draw the same examples on every run (derived from each test), so the
# suite, and CI, pass or fail the same way each time; HYPOTHESIS_PROFILE=explore draws new
# ones, to look for failures the fixed ones miss.
settings.register_profile("fixed", derandomize=True, database=None, print_blob=True)
settings.register_profile("explore", derandomize=False, print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "fixed"))
