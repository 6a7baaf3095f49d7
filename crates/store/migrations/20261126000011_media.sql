-- Shoppable videos and live sessions: videos with their product tags, live sessions with
-- their featured and pinned products and buyers' questions, and the attribution events
-- (views and tag clicks) that analytics reads per video or session.

-- A video is an uploaded file (`file_key`, checked as MP4 or WebM by its content) or an
-- https link. `views` and `tag_clicks` mirror the attribution events, written in the same
-- transaction, so lists need no aggregation.
CREATE TABLE videos (
    id              TEXT PRIMARY KEY NOT NULL,
    seller_id       TEXT NOT NULL REFERENCES sellers(id) ON DELETE CASCADE,
    caption         TEXT NOT NULL,
    source_kind     TEXT NOT NULL CHECK (source_kind IN ('FILE', 'LINK')),
    file_key        TEXT,
    content_type    TEXT,
    size_bytes      BIGINT,
    link_url        TEXT,
    status          TEXT NOT NULL CHECK (status IN ('PUBLISHED', 'HIDDEN', 'DELETED')),
    views           BIGINT NOT NULL DEFAULT 0 CHECK (views >= 0),
    tag_clicks      BIGINT NOT NULL DEFAULT 0 CHECK (tag_clicks >= 0),
    created_by      TEXT,
    created_at      BIGINT NOT NULL,
    updated_at      BIGINT NOT NULL,
    deleted_at      BIGINT,
    CHECK ((source_kind = 'FILE' AND file_key IS NOT NULL AND content_type IS NOT NULL)
        OR (source_kind = 'LINK' AND link_url IS NOT NULL))
);
CREATE INDEX videos_seller ON videos(seller_id, status, id);
CREATE INDEX videos_status ON videos(status, id);

-- The products a video tags, in display order; only the shop's own products.
CREATE TABLE video_tags (
    video_id        TEXT NOT NULL REFERENCES videos(id) ON DELETE CASCADE,
    product_id      TEXT NOT NULL REFERENCES products(id) ON DELETE CASCADE,
    position        BIGINT NOT NULL,
    PRIMARY KEY (video_id, product_id)
);
CREATE INDEX video_tags_product ON video_tags(product_id);

-- SCHEDULED → LIVE → ENDED, or SCHEDULED → CANCELLED.
CREATE TABLE live_sessions (
    id              TEXT PRIMARY KEY NOT NULL,
    seller_id       TEXT NOT NULL REFERENCES sellers(id) ON DELETE CASCADE,
    title           TEXT NOT NULL,
    stream_url      TEXT,
    status          TEXT NOT NULL CHECK (status IN ('SCHEDULED', 'LIVE', 'ENDED', 'CANCELLED')),
    scheduled_at    BIGINT NOT NULL,
    started_at      BIGINT,
    ended_at        BIGINT,
    views           BIGINT NOT NULL DEFAULT 0 CHECK (views >= 0),
    tag_clicks      BIGINT NOT NULL DEFAULT 0 CHECK (tag_clicks >= 0),
    created_by      TEXT,
    created_at      BIGINT NOT NULL,
    updated_at      BIGINT NOT NULL
);
CREATE INDEX live_sessions_seller ON live_sessions(seller_id, scheduled_at, id);
CREATE INDEX live_sessions_status ON live_sessions(status, scheduled_at);

-- The products featured in a session; at most one of them is pinned "now".
CREATE TABLE live_pins (
    live_id         TEXT NOT NULL REFERENCES live_sessions(id) ON DELETE CASCADE,
    product_id      TEXT NOT NULL REFERENCES products(id) ON DELETE CASCADE,
    pinned          BIGINT NOT NULL CHECK (pinned IN (0, 1)),
    added_at        BIGINT NOT NULL,
    pinned_at       BIGINT,
    PRIMARY KEY (live_id, product_id)
);
CREATE UNIQUE INDEX live_pins_one_pinned ON live_pins(live_id) WHERE pinned = 1;

-- Buyers' questions in a session and the seller's answers. `buyer_name` is what the buyer
-- was called when asking, so the question reads the same later.
CREATE TABLE live_questions (
    id              TEXT PRIMARY KEY NOT NULL,
    live_id         TEXT NOT NULL REFERENCES live_sessions(id) ON DELETE CASCADE,
    seller_id       TEXT NOT NULL REFERENCES sellers(id) ON DELETE CASCADE,
    buyer_id        TEXT NOT NULL,
    buyer_name      TEXT NOT NULL,
    body            TEXT NOT NULL,
    answer          TEXT,
    answered_by     TEXT,
    answered_at     BIGINT,
    created_at      BIGINT NOT NULL
);
CREATE INDEX live_questions_live ON live_questions(live_id, id);

-- Views and tag clicks, per video or live session, for analytics. Purchases are attributed
-- on order lines (`source_kind`, `source_id`). `product_id` and `buyer_id` are kept without
-- foreign keys: the history outlives purged products.
CREATE TABLE attribution_events (
    id              TEXT PRIMARY KEY NOT NULL,
    kind            TEXT NOT NULL CHECK (kind IN ('VIEW', 'TAG_CLICK')),
    source_kind     TEXT NOT NULL CHECK (source_kind IN ('VIDEO', 'LIVE')),
    source_id       TEXT NOT NULL,
    seller_id       TEXT NOT NULL REFERENCES sellers(id) ON DELETE CASCADE,
    product_id      TEXT,
    buyer_id        TEXT,
    at              BIGINT NOT NULL
);
CREATE INDEX attribution_events_source ON attribution_events(source_id, kind, at);
CREATE INDEX attribution_events_seller ON attribution_events(seller_id, source_kind, at);
