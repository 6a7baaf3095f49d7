//! The platform category tree and the product attributes each category asks for.
//!
//! The tree and the attribute library ship as data (`data/categories.txt`,
//! `data/attributes.txt`) and are loaded into an empty database at start-up; operators edit
//! them afterwards. An attribute declared on a category applies to every category below it;
//! products are listed in leaves only.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::{Arc, LazyLock};

use shopdeck_domain::Locale;
use shopdeck_domain::ids::CategoryId;
use shopdeck_store::StoreError;
use shopdeck_store::categories::{self, CategoryRow};

use crate::access::Operator;
use crate::audit::{self, Actor};
use crate::{App, AppError, FieldError, Result};

const CATEGORIES: &str = include_str!("../data/categories.txt");
const ATTRIBUTES: &str = include_str!("../data/attributes.txt");
const ATTRIBUTE_VALUES: &str = include_str!("../data/attribute_values.txt");

/// A node of the category tree, named in the requested language.
#[derive(Debug, Clone, serde::Serialize)]
pub struct CategoryNode {
    pub id: CategoryId,
    pub slug: String,
    pub name: String,
    pub is_leaf: bool,
    pub children: Vec<CategoryNode>,
}

/// The category tree, top level first, each level in display order.
/// How long a process reuses the category tree and attribute library it read. Operators'
/// edits show at once in the process that made them and within this long in the others.
pub const MEMO_TTL: std::time::Duration = std::time::Duration::from_secs(10);

/// The tree and attribute library per language, as last read: the storefront shows them on
/// every page, and they change only when an operator edits the catalogue.
#[derive(Debug, Default)]
pub struct Memo {
    entries: std::sync::Mutex<HashMap<Locale, (std::time::Instant, Arc<Snapshot>)>>,
}

#[derive(Debug)]
struct Snapshot {
    rows: Vec<CategoryRow>,
    declared: Vec<(CategoryId, DeclaredAttribute)>,
    library: HashMap<String, Attribute>,
}

impl Memo {
    /// Forgets everything (after an edit of the tree or the library).
    pub fn clear(&self) {
        self.entries
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clear();
    }
}

async fn snapshot(app: &App, locale: Locale) -> Result<Arc<Snapshot>> {
    let cached = app
        .catalog_memo
        .entries
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .get(&locale)
        .filter(|(at, _)| at.elapsed() < MEMO_TTL)
        .map(|(_, s)| s.clone());
    if let Some(s) = cached {
        return Ok(s);
    }
    let mut conn = app.db.conn().await?;
    let rows = categories::list_categories(&mut conn, locale.tag()).await?;
    let declared = categories::list_category_attributes(&mut conn)
        .await?
        .into_iter()
        .map(|(c, a)| (c, DeclaredAttribute::from(a)))
        .collect();
    let library = categories::list_attributes(&mut conn, locale.tag())
        .await?
        .into_iter()
        .map(|a| (a.key.clone(), Attribute::from(a)))
        .collect();
    let snap = Arc::new(Snapshot {
        rows,
        declared,
        library,
    });
    // An empty tree (a database still being seeded) is not kept.
    if !snap.rows.is_empty() {
        app.catalog_memo
            .entries
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .insert(locale, (std::time::Instant::now(), snap.clone()));
    }
    Ok(snap)
}

/// Every category with its name in `locale`, from the memo (see [`MEMO_TTL`]).
pub(crate) async fn category_rows(app: &App, locale: Locale) -> Result<Vec<CategoryRow>> {
    Ok(snapshot(app, locale).await?.rows.clone())
}

pub async fn category_tree(app: &App, locale: Locale) -> Result<Vec<CategoryNode>> {
    let snap = snapshot(app, locale).await?;
    let rows = &snap.rows;
    fn build(parent: Option<CategoryId>, rows: &[CategoryRow]) -> Vec<CategoryNode> {
        rows.iter()
            .filter(|r| r.parent_id == parent)
            .map(|r| CategoryNode {
                id: r.id,
                slug: r.slug.clone(),
                name: r.name.clone(),
                is_leaf: r.is_leaf,
                children: build(Some(r.id), rows),
            })
            .collect()
    }
    Ok(build(None, rows))
}

/// One attribute of the library, as shipped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttributeDef {
    pub key: String,
    pub kind: String,
    pub names: Vec<String>,
    pub values: Vec<String>,
}

/// One category, as shipped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CategoryDef {
    pub depth: usize,
    pub slug: String,
    pub names: Vec<String>,
    pub attributes: Vec<DeclaredAttribute>,
}

fn data_error(line: usize, what: &str) -> AppError {
    AppError::Internal(format!("category data, line {}: {what}", line + 1).into())
}

fn valid_key(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_' || b == b'-')
}

/// Reads `key | kind | six names | values` lines.
pub fn parse_attributes(text: &str) -> Result<Vec<AttributeDef>> {
    let mut out: Vec<AttributeDef> = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let cols: Vec<&str> = line.split('|').map(str::trim).collect();
        if cols.len() != 9 {
            return Err(data_error(n, "an attribute has 9 columns"));
        }
        let (key, kind) = (cols[0], cols[1]);
        if !valid_key(key) || out.iter().any(|a| a.key == key) {
            return Err(data_error(n, "attribute keys are unique lowercase words"));
        }
        let values: Vec<String> = cols[8]
            .split(';')
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .map(str::to_owned)
            .collect();
        match (kind, values.len()) {
            ("list", n) if n >= 2 => {}
            ("text" | "number", 0) => {}
            _ => return Err(data_error(n, "list attributes have values, others none")),
        }
        out.push(AttributeDef {
            key: key.to_owned(),
            kind: kind.to_owned(),
            names: cols[2..8].iter().map(|s| (*s).to_owned()).collect(),
            values,
        });
    }
    Ok(out)
}

/// Reads `brand!, color*, size!*`: attribute keys, `!` for required, `*` for varying by SKU.
pub fn parse_declarations(text: &str) -> Vec<DeclaredAttribute> {
    text.split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|s| DeclaredAttribute {
            key: s.trim_end_matches(['!', '*']).to_owned(),
            required: s.trim_end_matches('*').ends_with('!'),
            sales: s.trim_end_matches('!').ends_with('*'),
        })
        .collect()
}

/// Reads the indented `slug | six names [| attrs]` tree.
pub fn parse_tree(text: &str) -> Result<Vec<CategoryDef>> {
    let mut out: Vec<CategoryDef> = Vec::new();
    let mut slugs = HashSet::new();
    for (n, line) in text.lines().enumerate() {
        if line.trim().is_empty() || line.trim_start().starts_with('#') {
            continue;
        }
        let indent = line.len() - line.trim_start().len();
        if indent % 2 != 0 {
            return Err(data_error(n, "indent by two spaces"));
        }
        let depth = indent / 2;
        let previous = out.last().map_or(0, |c| c.depth);
        if depth > previous + 1 || (out.is_empty() && depth > 0) {
            return Err(data_error(n, "a child is one level below its parent"));
        }
        let cols: Vec<&str> = line.trim().split('|').map(str::trim).collect();
        if !(7..=8).contains(&cols.len()) || cols[1..7].iter().any(|c| c.is_empty()) {
            return Err(data_error(
                n,
                "a category has a slug, six names and optional attributes",
            ));
        }
        if !valid_key(cols[0]) || !slugs.insert(cols[0].to_owned()) {
            return Err(data_error(n, "slugs are unique lowercase words"));
        }
        let attributes = cols
            .get(7)
            .map(|a| parse_declarations(a))
            .unwrap_or_default();
        out.push(CategoryDef {
            depth,
            slug: cols[0].to_owned(),
            names: cols[1..7].iter().map(|s| (*s).to_owned()).collect(),
            attributes,
        });
    }
    Ok(out)
}

/// Loads the shipped tree and attribute library into an empty catalogue; returns whether it
/// did. Every process may call it at start: the first to commit wins, the others see the rows.
pub async fn seed_platform_data(app: &App) -> Result<bool> {
    match seed(app).await {
        // Another process is seeding at the same moment: its rows win (PostgreSQL; SQLite
        // serialises writers, so there the second process simply finds the rows).
        Err(AppError::Conflict { .. }) => Ok(false),
        other => other,
    }
}

async fn seed(app: &App) -> Result<bool> {
    let attributes = parse_attributes(ATTRIBUTES)?;
    let tree = parse_tree(CATEGORIES)?;
    let known: HashSet<&str> = attributes.iter().map(|a| a.key.as_str()).collect();
    if let Some(a) = tree
        .iter()
        .flat_map(|c| &c.attributes)
        .find(|a| !known.contains(a.key.as_str()))
    {
        return Err(AppError::Internal(
            format!("category data uses unknown attribute {}", a.key).into(),
        ));
    }
    let now = app.now();
    let mut tx = app.db.begin().await?;
    if categories::count_categories(&mut tx).await? > 0 {
        return Ok(false);
    }
    for a in &attributes {
        categories::insert_attribute(&mut tx, &a.key, &a.kind, &a.values, now).await?;
        for (locale, name) in Locale::ALL.iter().zip(&a.names) {
            categories::insert_attribute_name(&mut tx, &a.key, locale.tag(), name).await?;
        }
    }
    let mut stack: Vec<(usize, CategoryId)> = Vec::new();
    for (i, c) in tree.iter().enumerate() {
        while stack.last().is_some_and(|(d, _)| *d >= c.depth) {
            stack.pop();
        }
        let is_leaf = tree.get(i + 1).is_none_or(|next| next.depth <= c.depth);
        let id: CategoryId = app.new_id();
        categories::insert_category(
            &mut tx,
            &categories::NewCategory {
                id,
                parent_id: stack.last().map(|(_, p)| *p),
                slug: &c.slug,
                position: i64::try_from(i).unwrap_or(i64::MAX),
                is_leaf,
            },
            now,
        )
        .await?;
        for (locale, name) in Locale::ALL.iter().zip(&c.names) {
            categories::insert_category_name(&mut tx, id, locale.tag(), name).await?;
        }
        if !c.attributes.is_empty() {
            categories::set_category_attributes(&mut tx, id, &rows_of(&c.attributes)).await?;
        }
        stack.push((c.depth, id));
    }
    tx.commit().await.map_err(StoreError::from)?;
    Ok(true)
}

/// A leaf category with the names of its ancestors.
#[derive(Debug, Clone, serde::Serialize)]
pub struct LeafMatch {
    pub id: CategoryId,
    pub slug: String,
    /// Names from the top level down to this leaf.
    pub path: Vec<String>,
}

/// Leaf categories whose name or any ancestor's matches `query` (case-insensitively, in the
/// requested language or English), for the category picker.
pub async fn search_leaves(
    app: &App,
    locale: Locale,
    query: &str,
    limit: usize,
) -> Result<Vec<LeafMatch>> {
    let q = query.trim().to_lowercase();
    let mut conn = app.db.conn().await?;
    let rows = categories::list_categories(&mut conn, locale.tag()).await?;
    let english: HashMap<CategoryId, String> = if locale == Locale::En {
        HashMap::new()
    } else {
        categories::list_categories(&mut conn, "en")
            .await?
            .into_iter()
            .map(|r| (r.id, r.name.to_lowercase()))
            .collect()
    };
    let by_id: HashMap<CategoryId, &CategoryRow> = rows.iter().map(|r| (r.id, r)).collect();
    let mut out = Vec::new();
    for leaf in rows.iter().filter(|r| r.is_leaf) {
        let mut chain = vec![leaf];
        while let Some(parent) = chain
            .last()
            .and_then(|c| c.parent_id)
            .and_then(|p| by_id.get(&p))
        {
            chain.push(parent);
        }
        chain.reverse();
        let hit = q.is_empty()
            || chain.iter().any(|c| {
                c.name.to_lowercase().contains(&q)
                    || c.slug.contains(&q)
                    || english.get(&c.id).is_some_and(|e| e.contains(&q))
            });
        if hit {
            out.push(LeafMatch {
                id: leaf.id,
                slug: leaf.slug.clone(),
                path: chain.iter().map(|c| c.name.clone()).collect(),
            });
            if out.len() >= limit {
                break;
            }
        }
    }
    Ok(out)
}

/// An attribute as it applies to one category.
#[derive(Debug, Clone, serde::Serialize)]
pub struct EffectiveAttribute {
    pub key: String,
    pub name: String,
    pub kind: String,
    pub values: Vec<String>,
    /// The names of `values` in the requested language, in the same order.
    pub value_names: Vec<String>,
    pub required: bool,
    /// Products vary by it into SKUs (colour, size…).
    pub sales: bool,
}

/// The attributes a category asks for: its own and its ancestors', the nearer declaration
/// winning.
pub async fn attributes_for(
    app: &App,
    id: CategoryId,
    locale: Locale,
) -> Result<Vec<EffectiveAttribute>> {
    let snap = snapshot(app, locale).await?;
    let rows = &snap.rows;
    let node = rows
        .iter()
        .find(|r| r.id == id)
        .ok_or(AppError::NotFound("category"))?;
    let mut chain = vec![node.id];
    let mut cur = node.parent_id;
    while let Some(p) = cur {
        chain.push(p);
        cur = rows.iter().find(|r| r.id == p).and_then(|r| r.parent_id);
    }
    chain.reverse();
    let declared = &snap.declared;
    let library = &snap.library;
    let mut out: Vec<EffectiveAttribute> = Vec::new();
    for cat in chain {
        for (_, d) in declared.iter().filter(|(c, _)| *c == cat) {
            let Some(lib) = library.get(&d.key) else {
                continue;
            };
            let attr = EffectiveAttribute {
                key: d.key.clone(),
                name: lib.name.clone(),
                kind: lib.kind.clone(),
                value_names: lib
                    .values
                    .iter()
                    .map(|v| value_name(locale, &d.key, v))
                    .collect(),
                values: lib.values.clone(),
                required: d.required,
                sales: d.sales,
            };
            match out.iter_mut().find(|a| a.key == d.key) {
                Some(existing) => *existing = attr,
                None => out.push(attr),
            }
        }
    }
    Ok(out)
}

/// A category's names by language.
pub async fn category_names(app: &App, id: CategoryId) -> Result<HashMap<Locale, String>> {
    let mut conn = app.db.conn().await?;
    let mut out = HashMap::new();
    for l in Locale::ALL {
        let rows = categories::list_categories(&mut conn, l.tag()).await?;
        let row = rows
            .into_iter()
            .find(|r| r.id == id)
            .ok_or(AppError::NotFound("category"))?;
        out.insert(l, row.name);
    }
    Ok(out)
}

/// The attributes a category declares itself (not inherited).
pub async fn declared_attributes(app: &App, id: CategoryId) -> Result<Vec<DeclaredAttribute>> {
    let mut conn = app.db.conn().await?;
    Ok(categories::list_category_attributes(&mut conn)
        .await?
        .into_iter()
        .filter(|(c, _)| *c == id)
        .map(|(_, a)| a.into())
        .collect())
}

/// The attribute library, for operators choosing what a category asks for.
pub async fn attribute_library(app: &App, locale: Locale) -> Result<Vec<Attribute>> {
    let mut conn = app.db.conn().await?;
    Ok(categories::list_attributes(&mut conn, locale.tag())
        .await?
        .into_iter()
        .map(Attribute::from)
        .collect())
}

/// Operators add a category under `parent` (or at the top); the parent stops being a leaf.
pub async fn create_category(
    app: &App,
    op: &Operator,
    parent: Option<CategoryId>,
    slug: &str,
    names: &HashMap<Locale, String>,
) -> Result<CategoryId> {
    let slug = slug.trim().to_lowercase();
    let mut errors = Vec::new();
    if !valid_key(&slug) || slug.len() > 60 {
        errors.push(FieldError::new(
            "slug",
            "slug-invalid",
            "Use lowercase letters, digits and hyphens",
        ));
    }
    let english = names.get(&Locale::En).map(|s| s.trim()).unwrap_or("");
    if english.is_empty() || english.chars().count() > 80 {
        errors.push(FieldError::new(
            "names.en",
            "required",
            "Give the category an English name",
        ));
    }
    if !errors.is_empty() {
        return Err(AppError::Validation(errors));
    }
    let now = app.now();
    let mut tx = app.db.begin().await?;
    if let Some(p) = parent {
        let rows = categories::list_categories(&mut tx, "en").await?;
        if !rows.iter().any(|r| r.id == p) {
            return Err(AppError::NotFound("category"));
        }
        categories::set_leaf(&mut tx, p, false).await?;
    }
    let id: CategoryId = app.new_id();
    let position = categories::next_position(&mut tx).await?;
    match categories::insert_category(
        &mut tx,
        &categories::NewCategory {
            id,
            parent_id: parent,
            slug: &slug,
            position,
            is_leaf: true,
        },
        now,
    )
    .await
    {
        Err(StoreError::Conflict { .. }) => {
            return Err(AppError::invalid(
                "slug",
                "slug-taken",
                "Another category has this slug",
            ));
        }
        other => other?,
    }
    for (locale, name) in names {
        let name = name.trim();
        if !name.is_empty() {
            categories::upsert_category_name(&mut tx, id, locale.tag(), name).await?;
        }
    }
    audit::record(
        app,
        &mut tx,
        &Actor::from(op),
        None,
        "catalog.category_created",
        Some(&id.to_string()),
        serde_json::json!({"slug": slug, "parent": parent.map(|p| p.to_string())}),
    )
    .await?;
    tx.commit().await.map_err(StoreError::from)?;
    Ok(id)
}

/// Operators rename a category in some languages.
pub async fn rename_category(
    app: &App,
    op: &Operator,
    id: CategoryId,
    names: &HashMap<Locale, String>,
) -> Result<()> {
    let mut tx = app.db.begin().await?;
    if !categories::list_categories(&mut tx, "en")
        .await?
        .iter()
        .any(|r| r.id == id)
    {
        return Err(AppError::NotFound("category"));
    }
    for (locale, name) in names {
        let name = name.trim();
        if name.is_empty() || name.chars().count() > 80 {
            return Err(AppError::invalid(
                &format!("names.{}", locale.tag()),
                "required",
                "Names have 1 to 80 characters",
            ));
        }
        categories::upsert_category_name(&mut tx, id, locale.tag(), name).await?;
    }
    audit::record(
        app,
        &mut tx,
        &Actor::from(op),
        None,
        "catalog.category_renamed",
        Some(&id.to_string()),
        serde_json::json!({}),
    )
    .await?;
    tx.commit().await.map_err(StoreError::from)?;
    Ok(())
}

/// Operators set the attributes a category declares (inherited below it).
pub async fn set_category_attributes(
    app: &App,
    op: &Operator,
    id: CategoryId,
    attrs: &[DeclaredAttribute],
) -> Result<()> {
    let mut tx = app.db.begin().await?;
    if !categories::list_categories(&mut tx, "en")
        .await?
        .iter()
        .any(|r| r.id == id)
    {
        return Err(AppError::NotFound("category"));
    }
    let library: HashSet<String> = categories::list_attributes(&mut tx, "en")
        .await?
        .into_iter()
        .map(|a| a.key)
        .collect();
    let mut seen = HashSet::new();
    for (i, a) in attrs.iter().enumerate() {
        if !library.contains(&a.key) || !seen.insert(a.key.clone()) {
            return Err(AppError::invalid(
                &format!("attributes.{i}"),
                "attribute-invalid",
                "Use each library attribute at most once",
            ));
        }
    }
    categories::set_category_attributes(&mut tx, id, &rows_of(attrs)).await?;
    audit::record(
        app,
        &mut tx,
        &Actor::from(op),
        None,
        "catalog.category_attributes_set",
        Some(&id.to_string()),
        serde_json::json!({"attributes": attrs.iter().map(|a| &a.key).collect::<Vec<_>>()}),
    )
    .await?;
    tx.commit().await.map_err(StoreError::from)?;
    Ok(())
}

// ---------------------------------------------------------------------------------------
// Names of attributes and of their values

/// The attribute library's names as shipped: attribute names and the names of list values,
/// each in the six languages (in `Locale::ALL` order). Operators choose which attributes a
/// category asks for but do not edit the library, so its names ship with the binary like the
/// messages do, and every page (and the printed documents) reads them without a query.
struct LibraryNames {
    attributes: HashMap<String, Vec<String>>,
    /// (attribute key, value code) → names.
    values: HashMap<(String, String), Vec<String>>,
    /// Attribute key → its list of value codes.
    lists: HashMap<String, Vec<String>>,
}

static NAMES: LazyLock<LibraryNames> = LazyLock::new(|| {
    let defs = parse_attributes(ATTRIBUTES).unwrap_or_default();
    LibraryNames {
        attributes: defs
            .iter()
            .map(|a| (a.key.clone(), a.names.clone()))
            .collect(),
        lists: defs
            .iter()
            .filter(|a| !a.values.is_empty())
            .map(|a| (a.key.clone(), a.values.clone()))
            .collect(),
        values: parse_value_names(ATTRIBUTE_VALUES).unwrap_or_default(),
    }
});

/// Reads `attribute.value | en | zh-CN | ja | ar | fr | es` (or `attribute.value | name`, one
/// name for every language) lines.
pub fn parse_value_names(text: &str) -> Result<HashMap<(String, String), Vec<String>>> {
    let mut out = HashMap::new();
    for (n, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let cols: Vec<&str> = line.split('|').map(str::trim).collect();
        let names: Vec<String> = match cols.len() {
            2 => vec![cols[1].to_owned(); Locale::ALL.len()],
            7 => cols[1..].iter().map(|s| (*s).to_owned()).collect(),
            _ => return Err(data_error(n, "a value has one name or six")),
        };
        let Some((key, value)) = cols[0].split_once('.') else {
            return Err(data_error(n, "a value is written attribute.value"));
        };
        if names.iter().any(String::is_empty)
            || out
                .insert((key.to_owned(), value.to_owned()), names)
                .is_some()
        {
            return Err(data_error(n, "each value once, with its names"));
        }
    }
    Ok(out)
}

fn locale_index(locale: Locale) -> usize {
    Locale::ALL.iter().position(|l| *l == locale).unwrap_or(0)
}

/// An attribute's name in `locale` ("Size", "サイズ"); an unknown key reads as itself.
pub fn attribute_name(locale: Locale, key: &str) -> String {
    NAMES
        .attributes
        .get(key)
        .and_then(|n| n.get(locale_index(locale)))
        .cloned()
        .unwrap_or_else(|| key.to_owned())
}

/// The code of the attribute's list value that `typed` names: the code itself or any
/// language's name of it, ignoring case ("XS", "xs" → `xs`; "Noir" → `black`).
pub fn value_code(key: &str, typed: &str) -> Option<String> {
    let typed = typed.trim();
    let list = NAMES.lists.get(key)?;
    list.iter()
        .find(|code| {
            code.eq_ignore_ascii_case(typed)
                || NAMES
                    .values
                    .get(&(key.to_owned(), (*code).clone()))
                    .is_some_and(|names| {
                        names
                            .iter()
                            .any(|n| n.to_lowercase() == typed.to_lowercase())
                    })
        })
        .cloned()
}

/// A value of an attribute as the reader reads it: a list value by its name in `locale` (sizes
/// keep their conventional case: "XS"), anything else (a seller's own "Sage green", a number)
/// as it was typed.
pub fn value_name(locale: Locale, key: &str, value: &str) -> String {
    let code = NAMES
        .lists
        .get(key)
        .and_then(|list| list.iter().find(|c| c.eq_ignore_ascii_case(value.trim())));
    match code.and_then(|c| NAMES.values.get(&(key.to_owned(), c.clone()))) {
        Some(names) => names[locale_index(locale)].clone(),
        None => value.to_owned(),
    }
}

/// A SKU's variant as one line in `locale`: "Colour: Black · Size: XS", "Taille : XS",
/// "サイズ：XS". The one place a variant is put into words: pages, e-mails and printed
/// documents all call it.
pub fn variant_label(locale: Locale, variant: &BTreeMap<String, String>) -> String {
    // French sets a space before the colon; Chinese and Japanese use the full-width one.
    let colon = match locale {
        Locale::Fr => " : ",
        Locale::ZhCn | Locale::Ja => "\u{FF1A}",
        Locale::En | Locale::Ar | Locale::Es => ": ",
    };
    variant
        .iter()
        .map(|(k, v)| {
            format!(
                "{}{colon}{}",
                attribute_name(locale, k),
                value_name(locale, k, v.trim()).replace('_', " ")
            )
        })
        .collect::<Vec<_>>()
        .join(" · ")
}

/// [`variant_label`] of a variant stored as JSON (`{"size":"xs"}`, numbers as numbers); text
/// that is not a JSON object (older rows) reads as it is.
pub fn variant_label_json(locale: Locale, json: &str) -> String {
    let trimmed = json.trim();
    if trimmed.is_empty() {
        return String::new();
    }
    match serde_json::from_str::<BTreeMap<String, serde_json::Value>>(trimmed) {
        Ok(map) => {
            let map: BTreeMap<String, String> = map
                .into_iter()
                .map(|(k, v)| match v {
                    serde_json::Value::String(s) => (k, s),
                    other => (k, other.to_string()),
                })
                .collect();
            variant_label(locale, &map)
        }
        Err(_) => trimmed.replace('_', " "),
    }
}

/// An attribute as a category declares it: whether it is required, and whether it is a sales attribute (one SKUs differ by).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeclaredAttribute {
    pub key: String,
    pub required: bool,
    pub sales: bool,
}

impl From<categories::CategoryAttribute> for DeclaredAttribute {
    fn from(r: categories::CategoryAttribute) -> DeclaredAttribute {
        DeclaredAttribute {
            key: r.key,
            required: r.required,
            sales: r.sales,
        }
    }
}

impl From<DeclaredAttribute> for categories::CategoryAttribute {
    fn from(r: DeclaredAttribute) -> categories::CategoryAttribute {
        categories::CategoryAttribute {
            key: r.key,
            required: r.required,
            sales: r.sales,
        }
    }
}

/// A library attribute, named in the requested locale (English when that name is missing).
#[derive(Debug, Clone)]
pub struct Attribute {
    pub key: String,
    /// `text`, `list` or `number`.
    pub kind: String,
    pub values: Vec<String>,
    pub name: String,
}

impl From<categories::AttributeRow> for Attribute {
    fn from(r: categories::AttributeRow) -> Attribute {
        Attribute {
            key: r.key,
            kind: r.kind,
            values: r.values,
            name: r.name,
        }
    }
}

fn rows_of(attrs: &[DeclaredAttribute]) -> Vec<categories::CategoryAttribute> {
    attrs.iter().cloned().map(Into::into).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_data_is_consistent() {
        let attributes = parse_attributes(ATTRIBUTES).unwrap();
        let tree = parse_tree(CATEGORIES).unwrap();
        let keys: HashSet<&str> = attributes.iter().map(|a| a.key.as_str()).collect();
        for c in &tree {
            for a in &c.attributes {
                assert!(
                    keys.contains(a.key.as_str()),
                    "{} uses unknown {}",
                    c.slug,
                    a.key
                );
            }
        }
        let leaves = tree
            .iter()
            .enumerate()
            .filter(|(i, c)| tree.get(i + 1).is_none_or(|n| n.depth <= c.depth))
            .count();
        assert!(leaves >= 20, "{leaves} leaves");
    }

    #[test]
    fn every_list_value_has_names_in_six_languages() {
        let attributes = parse_attributes(ATTRIBUTES).unwrap();
        let names = parse_value_names(ATTRIBUTE_VALUES).unwrap();
        for a in &attributes {
            for v in &a.values {
                if v.bytes().all(|b| b.is_ascii_digit()) {
                    continue;
                }
                let n = names.get(&(a.key.clone(), v.clone()));
                assert!(n.is_some(), "{}.{v} has no names", a.key);
            }
        }
        for (key, value) in names.keys() {
            assert!(
                attributes
                    .iter()
                    .any(|a| &a.key == key && a.values.contains(value)),
                "{key}.{value} is not in the library"
            );
        }
    }

    #[test]
    fn variants_read_in_the_readers_language_with_sizes_in_capitals() {
        let v: BTreeMap<String, String> = [
            ("size".to_owned(), "xs".to_owned()),
            ("color".to_owned(), "black".to_owned()),
        ]
        .into();
        assert_eq!(variant_label(Locale::En, &v), "Colour: Black · Size: XS");
        assert_eq!(
            variant_label(Locale::Ja, &v),
            "カラー：ブラック · サイズ：XS"
        );
        assert_eq!(
            variant_label(Locale::Fr, &v),
            "Couleur : Noir · Taille : XS"
        );
        assert_eq!(variant_label(Locale::Ar, &v), "اللون: أسود · المقاس: XS");
        // A seller's own words stay as typed.
        let own: BTreeMap<String, String> = [("color".to_owned(), "Sage green".to_owned())].into();
        assert_eq!(variant_label(Locale::Es, &own), "Color: Sage green");
        assert_eq!(
            variant_label_json(Locale::Ja, r#"{"size":"S"}"#),
            "サイズ：S"
        );
        // Numbers print as numbers; older rows that are not JSON read as they are.
        assert_eq!(
            variant_label_json(Locale::En, r#"{"storage_gb":256}"#),
            "Storage (GB): 256"
        );
        assert_eq!(variant_label_json(Locale::En, "Red_XL"), "Red XL");
        assert_eq!(variant_label_json(Locale::En, "  "), "");
        assert_eq!(value_code("size", "XS").as_deref(), Some("xs"));
        assert_eq!(value_code("color", "Noir").as_deref(), Some("black"));
        assert_eq!(value_code("color", "Sand"), None);
        assert_eq!(value_name(Locale::Ar, "material", "cotton"), "قطن");
    }

    #[test]
    fn malformed_data_is_refused_with_its_line() {
        assert!(
            parse_tree("  child | a | b | c | d | e | f").is_err(),
            "a child without a parent"
        );
        assert!(
            parse_tree("a | A | B | C | D | E | F\n      deep | A | B | C | D | E | F").is_err()
        );
        assert!(
            parse_tree("a | A | B | C | D | E | F\na | A | B | C | D | E | F").is_err(),
            "duplicate slug"
        );
        assert!(
            parse_tree("a | A |  | C | D | E | F").is_err(),
            "empty name"
        );
        let t = parse_tree("a | A | B | C | D | E | F | brand!, color*, size!*").unwrap();
        assert_eq!(
            t[0].attributes,
            vec![
                DeclaredAttribute {
                    key: "brand".into(),
                    required: true,
                    sales: false
                },
                DeclaredAttribute {
                    key: "color".into(),
                    required: false,
                    sales: true
                },
                DeclaredAttribute {
                    key: "size".into(),
                    required: true,
                    sales: true
                },
            ]
        );
        assert!(
            parse_attributes("color | list | C | C | C | C | C | C | red").is_err(),
            "one value"
        );
        assert!(parse_attributes("brand | text | B | B | B | B | B | B | x;y").is_err());
    }
}
