-- A shop's face on its storefront page: a logo, a banner (both uploaded images of the shop)
-- and a short description in the seller's words.
CREATE TABLE shop_branding (
    seller_id        TEXT PRIMARY KEY NOT NULL REFERENCES sellers(id) ON DELETE CASCADE,
    logo_image_id    TEXT REFERENCES product_images(id),
    banner_image_id  TEXT REFERENCES product_images(id),
    description      TEXT NOT NULL,
    updated_at       BIGINT NOT NULL
);
