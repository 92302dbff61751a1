"""What every screen builds on: the table screen, its poll schedule, the act-then-refresh flow
and the crumbs that say where the user is. No screen of its own lives here."""
