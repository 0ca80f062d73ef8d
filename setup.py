"""Which packages the wheel holds; everything else is declared in pyproject.toml.

pyproject.toml alone cannot combine package discovery with a renamed folder: the code
packages are discovered here, and the top-level ``configs/`` folder (scenarios, sweep
files, data) ships as the package ``sim.configs`` with its folders ``sweeps`` and ``data``
(their files: package-data in pyproject.toml), in editable and regular installs alike.
"""

from setuptools import find_packages, setup

CONFIGS = ["sim.configs", "sim.configs.sweeps", "sim.configs.data"]

setup(
    packages=[
        *find_packages(include=["sim*", "agents*", "analysis*"]),
        *CONFIGS,
    ],
    package_dir={"sim.configs": "configs"},
)
