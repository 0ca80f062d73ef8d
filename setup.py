"""Which packages the wheel holds; everything else is declared in pyproject.toml.

pyproject.toml alone cannot combine package discovery with a renamed folder: the code
packages are discovered here, and the top-level ``configs/`` folder (scenarios, sweep
files, data) ships as the package ``sim.configs`` (its files: package-data in
pyproject.toml), in editable and regular installs alike.
"""

from setuptools import find_packages, setup

setup(
    packages=[*find_packages(include=["sim*", "agents*", "analysis*"]), "sim.configs"],
    package_dir={"sim.configs": "configs"},
)
