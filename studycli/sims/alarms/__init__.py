"""Simulator engines for alarms."""
