"""Load benchmark: a whole school taking a quiz at once (run with ``python -m bench``)."""
