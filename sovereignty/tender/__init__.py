"""The tender folder on disk: its settings, its vendors' answer sheets and its journal."""
