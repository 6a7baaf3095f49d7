-- The name a new seller goes by, asked for with the e-mail address and password and kept on
-- the sign-up until the account exists. Sign-ups that set their credentials before this
-- column existed have none; their account takes the e-mail's local part, as every sign-up did
-- until now. Existing users need no backfill: users.display_name has been NOT NULL since the
-- first migration and sign-up filled it with that same local part.
ALTER TABLE signups ADD COLUMN display_name TEXT;
