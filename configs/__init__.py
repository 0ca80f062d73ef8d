"""The shipped scenarios, sweep files and data, installed as the package ``sim.configs``.

This folder holds no code: setup.py maps it into the wheel as ``sim/configs`` so that
:mod:`sim.resources` finds its files with :mod:`importlib.resources` in every install.
"""
