-- Each partner's current link, kept so the owner's desk can show every link again after a reload, a
-- restart or in another browser (before this, only the owner's browser had it and a restart lost it).
-- The workspace already holds the couple's chats and labels; a link opens no more than a labelling card
-- of this studio. Lookups still go by token_hash; `token` is only read to show the link to the owner.
-- NULL with a token_hash: a link made before this migration, valid but not known (renew to show one).
ALTER TABLE annotate_annotators ADD COLUMN token TEXT;
