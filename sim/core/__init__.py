"""The model core: the Mesa model, its state objects, the step phases and the mechanisms."""
