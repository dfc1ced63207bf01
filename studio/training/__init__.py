"""Training: the methods, settings and presets, the memory planner, runs, recipes, evaluation."""
