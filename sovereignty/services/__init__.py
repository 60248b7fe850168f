"""Use cases: each takes plain inputs (a tender, a vendor id, a Prompter) and returns results."""
