"""Alliance politics in Northeast Asia, 2019: model, configuration, runs and storage."""

__version__ = "0.1.0"
