"""The read side: indicator catalogue, named queries, disclosure control,
statistics, figures and exports, over the published warehouse."""
