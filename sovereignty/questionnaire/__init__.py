"""Question banks, answer sheets, their validation and the order questions are asked in (pure)."""
