//! The demo catalogue: products of the approved demo shops, with pictures drawn by code,
//! editions in several languages, variants and stock, put through the real use-cases (upload,
//! create, automatic check, operator approval) so the storefront has something to sell.

use shopdeck_domain::ids::UserId;
use shopdeck_domain::roles::{Access, Permissions};
use shopdeck_domain::sellers::OWNER_ROLE;
use shopdeck_files::images::{ImageFormat, sample_image};
use shopdeck_store::users;

use crate::access::{Operator, SellerActor};
use crate::auth::ClientInfo;
use crate::products::{
    self, EditionInput, OperatorAction, PriceInput, ProductInput, SkuInput, StockInput,
};
use crate::{App, AppError, Result};

struct DemoProduct {
    shop: &'static str,
    category: &'static str,
    source: &'static str,
    /// (locale, title, description)
    editions: &'static [(&'static str, &'static str, &'static str)],
    brand: &'static str,
    attributes: &'static [(&'static str, &'static str)],
    sales: &'static [&'static str],
    /// (seller SKU, variant values in `sales` order, price, stock)
    skus: &'static [(&'static str, &'static [&'static str], &'static str, i64)],
    images: u64,
}

const MAPLE: &str = "owner@maple-pine.example";
const THISTLE: &str = "owner@thistle-thread.example";
const SAKURA: &str = "owner@sakura-stationery.example";

const PRODUCTS: &[DemoProduct] = &[
    DemoProduct {
        shop: MAPLE,
        category: "mens-jackets",
        source: "en",
        editions: &[
            (
                "en",
                "Waxed cotton field jacket with corduroy collar, olive",
                "<p>A classic field jacket in waxed cotton that shrugs off drizzle and gets better with age.</p><ul><li>Corduroy collar and cuffs</li><li>Four bellows pockets with snaps</li><li>Tartan flannel lining</li><li>Re-waxable: we include a tin of dressing</li></ul><p>Regular fit; size up to layer over a thick sweater.</p>",
            ),
            (
                "es",
                "Chaqueta de campo de algodón encerado con cuello de pana, oliva",
                "<p>Una chaqueta de campo clásica de algodón encerado que resiste la llovizna.</p><ul><li>Cuello y puños de pana</li><li>Cuatro bolsillos de fuelle</li></ul>",
            ),
        ],
        brand: "Maple & Pine",
        attributes: &[
            ("color", "green"),
            ("material", "cotton"),
            ("pattern", "solid"),
        ],
        sales: &["size"],
        skus: &[
            ("MP-FJ-S", &["S"], "189.00", 6),
            ("MP-FJ-M", &["M"], "189.00", 11),
            ("MP-FJ-L", &["L"], "189.00", 9),
            ("MP-FJ-XL", &["XL"], "189.00", 3),
        ],
        images: 4,
    },
    DemoProduct {
        shop: MAPLE,
        category: "mens-tshirts",
        source: "en",
        editions: &[
            (
                "en",
                "Heavyweight organic cotton pocket T-shirt, garment dyed",
                "<p>Built from 240 gsm organic cotton jersey and garment dyed for a soft, lived-in colour.</p><ul><li>Chest pocket</li><li>Taped neck seam that keeps its shape</li><li>Pre-shrunk</li></ul>",
            ),
            (
                "fr",
                "T-shirt épais à poche en coton bio, teint en pièce",
                "<p>Jersey de coton bio de 240 g/m², teint en pièce pour une couleur douce.</p>",
            ),
        ],
        brand: "Maple & Pine",
        attributes: &[("material", "cotton"), ("pattern", "solid")],
        sales: &["color", "size"],
        skus: &[
            ("MP-TEE-SND-M", &["Sand", "M"], "38.00", 25),
            ("MP-TEE-SND-L", &["Sand", "L"], "38.00", 18),
            ("MP-TEE-IND-M", &["Indigo", "M"], "38.00", 2),
            ("MP-TEE-IND-L", &["Indigo", "L"], "38.00", 0),
        ],
        images: 3,
    },
    DemoProduct {
        shop: MAPLE,
        category: "womens-knitwear",
        source: "en",
        editions: &[(
            "en",
            "Chunky merino wool cardigan with horn buttons, oatmeal",
            "<p>A generous cardigan hand-framed from soft merino, with real horn buttons and deep patch pockets.</p><ul><li>100% merino wool</li><li>Ribbed cuffs and hem</li><li>Hand wash cold, dry flat</li></ul>",
        )],
        brand: "Maple & Pine",
        attributes: &[
            ("color", "beige"),
            ("material", "wool"),
            ("pattern", "solid"),
        ],
        sales: &["size"],
        skus: &[
            ("MP-CARD-S", &["S"], "145.00", 4),
            ("MP-CARD-M", &["M"], "145.00", 7),
            ("MP-CARD-L", &["L"], "145.00", 5),
        ],
        images: 3,
    },
    DemoProduct {
        shop: MAPLE,
        category: "womens-dresses",
        source: "en",
        editions: &[
            (
                "en",
                "Linen midi dress with pockets and tie waist, sage green",
                "<p>A breezy midi dress in stonewashed European linen, with a tie waist and deep side pockets.</p><ul><li>100% linen</li><li>Relaxed fit, midi length</li><li>Machine wash cold</li></ul>",
            ),
            (
                "fr",
                "Robe midi en lin avec poches et ceinture, vert sauge",
                "<p>Une robe midi légère en lin européen lavé, avec ceinture à nouer et poches profondes.</p>",
            ),
            (
                "es",
                "Vestido midi de lino con bolsillos y lazada, verde salvia",
                "<p>Un vestido midi fresco de lino europeo lavado, con lazada en la cintura y bolsillos.</p>",
            ),
        ],
        brand: "Maple & Pine",
        attributes: &[
            ("color", "green"),
            ("material", "linen"),
            ("pattern", "solid"),
        ],
        sales: &["size"],
        skus: &[
            ("MP-LD-XS", &["XS"], "98.00", 5),
            ("MP-LD-S", &["S"], "98.00", 12),
            ("MP-LD-M", &["M"], "98.00", 14),
            ("MP-LD-L", &["L"], "98.00", 8),
        ],
        images: 5,
    },
    DemoProduct {
        shop: THISTLE,
        category: "womens-knitwear",
        source: "en",
        editions: &[
            (
                "en",
                "Fair Isle lambswool jumper knitted in Scotland, navy",
                "<p>A traditional Fair Isle yoke knitted on the Scottish Borders from soft lambswool.</p><ul><li>100% lambswool</li><li>Eleven colours in the yoke</li><li>Hand wash</li></ul>",
            ),
            (
                "fr",
                "Pull Fair Isle en laine d'agneau tricoté en Écosse, marine",
                "<p>Un empiècement Fair Isle traditionnel, tricoté dans les Borders écossais.</p>",
            ),
        ],
        brand: "Thistle & Thread",
        attributes: &[
            ("color", "navy"),
            ("material", "wool"),
            ("pattern", "geometric"),
        ],
        sales: &["size"],
        skus: &[
            ("TT-FI-S", &["S"], "120.00", 6),
            ("TT-FI-M", &["M"], "120.00", 9),
            ("TT-FI-L", &["L"], "120.00", 4),
        ],
        images: 4,
    },
    DemoProduct {
        shop: THISTLE,
        category: "mens-knitwear",
        source: "en",
        editions: &[(
            "en",
            "Cable knit Aran sweater in undyed wool, cream",
            "<p>The classic fisherman's Aran in undyed, lightly oiled wool that keeps the weather out.</p><ul><li>Honeycomb and cable stitches</li><li>Saddle shoulders</li></ul>",
        )],
        brand: "Thistle & Thread",
        attributes: &[
            ("color", "white"),
            ("material", "wool"),
            ("pattern", "solid"),
        ],
        sales: &["size"],
        skus: &[
            ("TT-AR-M", &["M"], "135.00", 3),
            ("TT-AR-L", &["L"], "135.00", 5),
            ("TT-AR-XL", &["XL"], "135.00", 1),
        ],
        images: 3,
    },
    DemoProduct {
        shop: THISTLE,
        category: "hats-caps",
        source: "en",
        editions: &[(
            "en",
            "Donegal tweed flat cap with quilted lining, grey herringbone",
            "<p>A flat cap cut from Donegal tweed with a quilted lining and a stiffened peak.</p>",
        )],
        brand: "Thistle & Thread",
        attributes: &[("color", "grey"), ("material", "wool")],
        sales: &["size"],
        skus: &[
            ("TT-CAP-M", &["M"], "45.00", 20),
            ("TT-CAP-L", &["L"], "45.00", 14),
        ],
        images: 2,
    },
    DemoProduct {
        shop: SAKURA,
        category: "notebooks",
        source: "ja",
        editions: &[
            (
                "ja",
                "方眼ノート A5 糸綴じ 上質紙 160ページ 桜色の布表紙",
                "<p>書きやすい上質紙を使った A5 サイズの方眼ノートです。</p><ul><li>5mm 方眼</li><li>糸綴じで 180 度開きます</li><li>桜色の布張り表紙</li></ul>",
            ),
            (
                "en",
                "A5 grid notebook, thread-bound, 160 pages, cherry blossom cloth cover",
                "<p>A lay-flat A5 notebook with a 5 mm grid on smooth paper that takes fountain pen ink.</p><ul><li>160 pages</li><li>Thread binding opens flat</li><li>Cloth cover</li></ul>",
            ),
            (
                "zh-CN",
                "A5 方格笔记本 锁线装订 160页 樱花布面 可平摊书写",
                "<p>适合钢笔书写的 A5 方格笔记本，可 180 度平摊。</p>",
            ),
        ],
        brand: "Sakura Stationery",
        attributes: &[],
        sales: &[],
        skus: &[("SK-NB-A5", &[], "1980", 40)],
        images: 3,
    },
    DemoProduct {
        shop: SAKURA,
        category: "pens-pencils",
        source: "ja",
        editions: &[
            (
                "ja",
                "万年筆 細字 真鍮軸 コンバーター付き ギフトボックス入り",
                "<p>真鍮の軸が手になじむ、細字の万年筆です。</p><ul><li>ペン先: 細字</li><li>カートリッジ・コンバーター両用</li></ul>",
            ),
            (
                "en",
                "Brass fountain pen, fine nib, with converter",
                "<p>A solid brass fountain pen that warms in the hand, with a fine steel nib.</p><ul><li>Cartridge or converter</li><li>Develops a patina over time</li></ul>",
            ),
        ],
        brand: "Sakura Stationery",
        attributes: &[],
        sales: &["color"],
        skus: &[
            ("SK-FP-BRS", &["Brass"], "6800", 8),
            ("SK-FP-BLK", &["Black"], "7200", 5),
        ],
        images: 3,
    },
    DemoProduct {
        shop: SAKURA,
        category: "art-supplies",
        source: "ja",
        editions: &[
            (
                "ja",
                "透明水彩絵の具 24色セット 固形 携帯用ケース入り",
                "<p>発色の良い固形の透明水彩 24 色セットです。</p>",
            ),
            (
                "en",
                "Watercolour pan set, 24 colours, in a travel tin",
                "<p>Twenty-four bright, finely ground watercolour half pans in a tin with a mixing lid.</p>",
            ),
            (
                "ar",
                "مجموعة ألوان مائية 24 لونًا في علبة سفر",
                "<p>أربعة وعشرون لونًا مائيًا زاهيًا في علبة معدنية مع غطاء للخلط.</p>",
            ),
        ],
        brand: "Sakura Stationery",
        attributes: &[],
        sales: &[],
        skus: &[("SK-WC-24", &[], "4500", 12)],
        images: 2,
    },
];

pub(super) fn actor_for(user_id: UserId, seller_id: shopdeck_domain::ids::SellerId) -> SellerActor {
    SellerActor {
        user_id,
        seller_id,
        role: OWNER_ROLE.to_owned(),
        permissions: Permissions::all(Access::Edit),
        token: None,
        client: ClientInfo::default(),
    }
}

/// Loads the demo products; returns how many went on sale. Products that fail the check stay
/// as they are (FAILED), which the demo can show too.
pub async fn load_catalogue(app: &App) -> Result<usize> {
    let mut conn = app.db.conn().await?;
    let operator = users::find_user_by_login(&mut conn, super::OPERATOR_EMAIL)
        .await?
        .ok_or(AppError::NotFound("demo operator"))?;
    let op = Operator {
        user_id: operator.id,
        client: ClientInfo::default(),
    };
    let mut live = 0;
    for (n, p) in PRODUCTS.iter().enumerate() {
        let owner = users::find_user_by_login(&mut conn, p.shop)
            .await?
            .ok_or(AppError::NotFound("demo shop owner"))?;
        let memberships =
            shopdeck_store::sellers::list_memberships_for_user(&mut conn, owner.id).await?;
        let Some(m) = memberships.first() else {
            continue;
        };
        let actor = actor_for(owner.id, m.seller.id);
        let mut image_ids = Vec::new();
        for i in 0..p.images {
            let bytes = tokio::task::spawn_blocking(move || {
                sample_image(900, 900, (n as u64) * 16 + i, ImageFormat::Jpeg)
            })
            .await
            .map_err(AppError::internal)?;
            image_ids.push(
                products::upload_image(app, &actor, bytes.into())
                    .await?
                    .id
                    .to_string(),
            );
        }
        let input = ProductInput {
            category_id: p.category.to_owned(),
            source_locale: p.source.to_owned(),
            editions: p
                .editions
                .iter()
                .map(|(l, t, d)| EditionInput {
                    locale: (*l).to_owned(),
                    title: (*t).to_owned(),
                    description: (*d).to_owned(),
                })
                .collect(),
            brand: Some(p.brand.to_owned()),
            attributes: p
                .attributes
                .iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                .collect(),
            sales_attributes: p.sales.iter().map(|s| (*s).to_owned()).collect(),
            skus: p
                .skus
                .iter()
                .map(|(code, values, price, stock)| SkuInput {
                    id: None,
                    seller_sku: (*code).to_owned(),
                    gtin: None,
                    price: PriceInput::Text((*price).to_owned()),
                    variant: p
                        .sales
                        .iter()
                        .zip(values.iter())
                        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                        .collect(),
                    stock: Some(vec![StockInput {
                        warehouse_id: None,
                        quantity: *stock,
                    }]),
                    low_stock_threshold: None,
                })
                .collect(),
            image_ids,
            video_url: None,
            weight_grams: Some(400),
            length_mm: Some(300),
            width_mm: Some(250),
            height_mm: Some(50),
            handling_days: Some(2),
        };
        let saved = products::create(app, &actor, &input, true).await?;
        if saved.status == shopdeck_domain::products::ProductStatus::Pending {
            products::decide(app, &op, saved.id, OperatorAction::Approve, &[]).await?;
            live += 1;
        } else {
            tracing::warn!(product = %saved.id, report = ?saved.report, "a demo product failed the check");
        }
    }
    tracing::info!(products = live, "demo catalogue loaded");
    Ok(live)
}
