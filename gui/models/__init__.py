"""Qt table models of the main window and the plain rows they show."""
