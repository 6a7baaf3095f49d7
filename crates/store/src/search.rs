//! The word index over products' search text, one per backend, made after the migrations
//! (the one place the schema differs by dialect; `table_columns` leaves it out).
//!
//! Product search matches each word of the query anywhere in `products.search_text` (titles
//! of every edition, brand, attribute values, seller SKUs; lower case), in any script —
//! Chinese and Japanese have no spaces between words, so the index is of trigrams, not of
//! words:
//!
//! - PostgreSQL: a `pg_trgm` GIN index on `search_text`, which serves `LIKE '%word%'` as it
//!   is written;
//! - SQLite: an FTS5 table with the trigram tokenizer over the same column (external
//!   content, kept by triggers), which the queries consult first
//!   (`rowid IN (… MATCH …)`), then check with `LIKE` as before.
//!
//! Trigrams need words of three characters or more; shorter words are matched by `LIKE`
//! alone.

use sqlx::Executor;

use crate::Result;
use crate::db::Conn;
use crate::params::Params;

/// The SQLite index table (and the prefix of the tables FTS5 keeps for it).
pub(crate) const SQLITE_TABLE: &str = "product_search";

/// Makes the index if it is missing (and fills it from the products already there), one
/// process at a time.
pub(crate) async fn prepare(conn: &mut Conn) -> Result<()> {
    if conn.backend_name() == "PostgreSQL" {
        conn.execute("SELECT pg_advisory_lock(7201)").await?;
        let made = prepare_postgres(conn).await;
        conn.execute("SELECT pg_advisory_unlock(7201)").await?;
        return made;
    }
    conn.execute("BEGIN IMMEDIATE").await?;
    match prepare_sqlite(conn).await {
        Ok(()) => {
            conn.execute("COMMIT").await?;
            Ok(())
        }
        Err(e) => {
            let _ = conn.execute("ROLLBACK").await;
            Err(e)
        }
    }
}

async fn prepare_postgres(conn: &mut Conn) -> Result<()> {
    // pg_trgm is a trusted extension (PostgreSQL 13+): a database owner may create it.
    if let Err(e) = conn.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm").await {
        tracing::warn!(
            error = %e,
            "pg_trgm is not available: product search reads every product instead of an index"
        );
        return Ok(());
    }
    conn.execute(
        "CREATE INDEX IF NOT EXISTS products_search_trgm
         ON products USING gin (search_text gin_trgm_ops)",
    )
    .await?;
    Ok(())
}

async fn prepare_sqlite(conn: &mut Conn) -> Result<()> {
    let exists: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = $1")
            .bind(SQLITE_TABLE)
            .fetch_one(&mut *conn)
            .await?;
    if exists > 0 {
        return Ok(());
    }
    conn.execute(
        "CREATE VIRTUAL TABLE product_search USING fts5(
             search_text, content = 'products', content_rowid = 'rowid', tokenize = 'trigram');
         CREATE TRIGGER product_search_insert AFTER INSERT ON products BEGIN
             INSERT INTO product_search (rowid, search_text) VALUES (new.rowid, new.search_text);
         END;
         CREATE TRIGGER product_search_delete AFTER DELETE ON products BEGIN
             INSERT INTO product_search (product_search, rowid, search_text)
             VALUES ('delete', old.rowid, old.search_text);
         END;
         CREATE TRIGGER product_search_update AFTER UPDATE OF search_text ON products BEGIN
             INSERT INTO product_search (product_search, rowid, search_text)
             VALUES ('delete', old.rowid, old.search_text);
             INSERT INTO product_search (rowid, search_text) VALUES (new.rowid, new.search_text);
         END;
         INSERT INTO product_search (product_search) VALUES ('rebuild');",
    )
    .await?;
    Ok(())
}

/// The words of a query, at most eight.
fn words(text: &str) -> impl Iterator<Item = &str> {
    text.split_whitespace().take(8)
}

/// ` AND p.search_text LIKE …` for each word of `text`, and on SQLite first the index's
/// candidates for the words it can serve.
pub(crate) fn push_words(sql: &mut String, p: &mut Params, text: &str, sqlite: bool) -> Result<()> {
    if sqlite {
        let indexed: Vec<String> = words(text)
            .filter(|w| w.chars().count() >= 3)
            .map(|w| format!("\"{}\"", w.replace('"', "\"\"")))
            .collect();
        if !indexed.is_empty() {
            sql.push_str(&format!(
                " AND p.rowid IN (SELECT rowid FROM product_search WHERE product_search MATCH {})",
                p.bind(indexed.join(" AND "))?
            ));
        }
    }
    for word in words(text) {
        sql.push_str(&format!(
            " AND p.search_text LIKE {} ESCAPE '\\'",
            p.bind(like_pattern(word))?
        ));
    }
    Ok(())
}

/// `%word%` for `LIKE … ESCAPE '\'`, with the word's own wildcards escaped.
fn like_pattern(word: &str) -> String {
    let escaped = word
        .replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_");
    format!("%{escaped}%")
}
