-- What a storefront card shows of the approved version (titles per language, the first
-- image), written with `published` at approval so the lists read a few hundred bytes a row
-- instead of the whole snapshot. Rows approved before this read `published` instead.
ALTER TABLE products ADD COLUMN card TEXT;
