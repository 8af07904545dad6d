"""The Experiments panel: sweeps and goal seeks of a parameter, started from the inspector.

`install(window)` adds the panel dock and the inspector's right-click entries ("Sweep
this…", "Find the smallest value so that…"); a chosen point opens as a normal run.
"""
