"""Factories of the applications app."""
