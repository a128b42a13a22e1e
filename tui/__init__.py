"""campaign-tui: count DPRK mass-mobilisation campaign themes per sector and region."""

__version__ = "0.1.0"
