"""Analysis of run directories: reads only the output contract of docs/OUTPUTS.md."""
