"""The five state actors (Mesa agents) and their policies (``agents.policies``)."""
