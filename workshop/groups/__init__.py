"""Discussion groups of an event (one per child-rights cluster in a KLA Bintek): who is in which
group, and, later, each group's facilitator, notes and RTL."""
