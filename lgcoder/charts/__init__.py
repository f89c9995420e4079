"""Charts of the coded evidence: theme prevalence, who raised what, co-occurrence, coders.

:mod:`lgcoder.analysis.chart_data` computes the numbers, :mod:`.draw` draws them with
matplotlib (imported only when a chart is drawn), :mod:`.scope` ties both to the export scope.
Nothing here imports Qt: the CLI, the Word summary and the workbench draw the same figures.
"""
