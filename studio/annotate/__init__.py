"""Annotation: the partners' comparison projects and the candidate replies they judge."""
