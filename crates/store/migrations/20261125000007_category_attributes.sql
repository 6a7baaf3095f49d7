-- Product attributes: a platform library, and which attributes each category asks for.
-- A category's attributes apply to every category below it.

CREATE TABLE attributes (
    attr_key        TEXT PRIMARY KEY NOT NULL,
    kind            TEXT NOT NULL,
    allowed_values  TEXT NOT NULL,
    created_at      BIGINT NOT NULL
);

CREATE TABLE attribute_names (
    attr_key        TEXT NOT NULL REFERENCES attributes(attr_key) ON DELETE CASCADE,
    locale          TEXT NOT NULL,
    name            TEXT NOT NULL,
    PRIMARY KEY (attr_key, locale)
);

CREATE TABLE category_attributes (
    category_id     TEXT NOT NULL REFERENCES categories(id) ON DELETE CASCADE,
    attr_key        TEXT NOT NULL REFERENCES attributes(attr_key),
    required        BIGINT NOT NULL CHECK (required IN (0, 1)),
    sales           BIGINT NOT NULL CHECK (sales IN (0, 1)),
    position        BIGINT NOT NULL,
    PRIMARY KEY (category_id, attr_key)
);
