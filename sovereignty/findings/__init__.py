"""The one findings model shared by regulatory rules, the data-flow analyses and scoring."""
