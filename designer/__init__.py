"""Eventscape designer: the Qt desktop application."""
