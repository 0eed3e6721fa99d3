"""Announcements: organizers' short news, shown on every screen while in force."""
