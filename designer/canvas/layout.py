"""Layered left-to-right auto-layout: the Qt-free algorithm lives in `simulator.layout`
(imports of SAM/CloudFormation templates place their nodes with it too)."""

from simulator.layout import COLUMN, ROW, layered_positions

__all__ = ["COLUMN", "ROW", "layered_positions"]
