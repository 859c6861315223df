"""Pure scoring: screener + answers -> results and flags; results as JSON and CSV."""
