"""Background jobs: the store, the one process every job runs under, progress and the page's pulse."""
