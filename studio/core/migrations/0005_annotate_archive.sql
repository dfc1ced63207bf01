-- An annotation project can be archived: hidden from the lists, its partners' links revoked, every label
-- kept (annotate_events stays append-only). Restoring brings it back; partners then need new links.
ALTER TABLE annotate_projects ADD COLUMN archived_at REAL;
