"""Eventscape designer: the Qt desktop application."""

from designer import qtfix

qtfix.apply()
