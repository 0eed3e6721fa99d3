"""Helpers shared by the test layers (servers in subprocesses, API clients)."""
