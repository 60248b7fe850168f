"""Foundations shared by every layer: errors, YAML I/O, the condition language, i18n."""
