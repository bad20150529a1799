"""Simulator engines for eventbridge."""
