"""The AI register of an establishment or a GHT: one entry per AI system in use, its due dates,
its monitoring records, all journaled (see ``docs/register.md``)."""
