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
                "<p>A classic field jacket in waxed cotton that shrugs off drizzle and gets better with age.</p><ul><li>Corduroy collar and cuffs</li><li>Four bellows pockets with snaps</li><li>Tartan flannel lining</li><li>Re-waxable: we include a tin of dressing</li></ul><p>Regular fit; size up to layer over a thick sweater. Cut and sewn in a small workshop in Portugal from British waxed cotton.</p>",
            ),
            (
                "es",
                "Chaqueta de campo de algodón encerado con cuello de pana, oliva",
                "<p>Una chaqueta de campo clásica de algodón encerado que resiste la llovizna.</p><ul><li>Cuello y puños de pana</li><li>Cuatro bolsillos de fuelle</li></ul>",
            ),
        ],
        brand: "Maple & Pine",
        attributes: &[
            ("country_of_origin", "Portugal"),
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
        images: 5,
    },
    DemoProduct {
        shop: MAPLE,
        category: "mens-tshirts",
        source: "en",
        editions: &[
            (
                "en",
                "Heavyweight organic cotton pocket T-shirt, garment dyed",
                "<p>Built from 240 gsm organic cotton jersey and garment dyed for a soft, lived-in colour that fades gently with every wash.</p><ul><li>Chest pocket</li><li>Taped neck seam that keeps its shape</li><li>Pre-shrunk, so the size you order is the size you keep</li></ul><p>A boxy, slightly dropped shoulder; take your usual size. Machine wash warm, dry flat.</p>",
            ),
            (
                "fr",
                "T-shirt épais à poche en coton bio, teint en pièce",
                "<p>Jersey de coton bio de 240 g/m², teint en pièce pour une couleur douce.</p>",
            ),
        ],
        brand: "Maple & Pine",
        attributes: &[
            ("country_of_origin", "Portugal"),
            ("material", "cotton"),
            ("pattern", "solid"),
        ],
        sales: &["color", "size"],
        skus: &[
            ("MP-TEE-SND-M", &["Sand", "M"], "38.00", 25),
            ("MP-TEE-SND-L", &["Sand", "L"], "38.00", 18),
            ("MP-TEE-IND-M", &["Indigo", "M"], "38.00", 2),
            ("MP-TEE-IND-L", &["Indigo", "L"], "38.00", 0),
        ],
        images: 5,
    },
    DemoProduct {
        shop: MAPLE,
        category: "womens-knitwear",
        source: "en",
        editions: &[(
            "en",
            "Chunky merino wool cardigan with horn buttons, oatmeal",
            "<p>A generous cardigan hand-framed from soft merino, with real horn buttons and deep patch pockets. Chunky enough to wear as a jacket on mild autumn days, light enough to layer under a coat. Knitted for us by a family mill in the north of Portugal.</p><ul><li>100% merino wool, mulesing-free</li><li>Ribbed cuffs and hem</li><li>Natural horn buttons</li><li>Hand wash cold, dry flat</li></ul>",
        )],
        brand: "Maple & Pine",
        attributes: &[
            ("country_of_origin", "Portugal"),
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
        images: 5,
    },
    DemoProduct {
        shop: MAPLE,
        category: "womens-dresses",
        source: "en",
        editions: &[
            (
                "en",
                "Linen midi dress with pockets and tie waist, sage green",
                "<p>A breezy midi dress in stonewashed European linen, with a tie waist and deep side pockets. The stone wash makes it soft from the first wear, and it only gets softer. Wear it with sandals in summer and over a roll-neck in spring.</p><ul><li>100% linen, woven in Lithuania</li><li>Relaxed fit, midi length</li><li>Pockets deep enough for a phone</li><li>Machine wash cold</li></ul>",
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
            ("country_of_origin", "Lithuania"),
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
                "<p>A traditional Fair Isle yoke knitted on the Scottish Borders from soft lambswool, in a pattern our knitters have made since the 1950s. Every jumper is finished and pressed by hand before it leaves the mill in Hawick.</p><ul><li>100% lambswool</li><li>Eleven colours in the yoke</li><li>Seamless yoke, set on a classic crew neck</li><li>Hand wash</li></ul>",
            ),
            (
                "fr",
                "Pull Fair Isle en laine d'agneau tricoté en Écosse, marine",
                "<p>Un empiècement Fair Isle traditionnel, tricoté dans les Borders écossais.</p>",
            ),
        ],
        brand: "Thistle & Thread",
        attributes: &[
            ("country_of_origin", "United Kingdom"),
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
        images: 5,
    },
    DemoProduct {
        shop: THISTLE,
        category: "mens-knitwear",
        source: "en",
        editions: &[(
            "en",
            "Cable knit Aran sweater in undyed wool, cream",
            "<p>The classic fisherman's Aran in undyed, lightly oiled wool that keeps the weather out. The natural lanolin left in the yarn sheds light rain, and the dense stitches hold warmth on a windy shore. Knitted in the west of Ireland.</p><ul><li>Honeycomb and cable stitches</li><li>Saddle shoulders</li><li>Undyed cream wool</li><li>Hand wash cool, dry flat</li></ul>",
        )],
        brand: "Thistle & Thread",
        attributes: &[
            ("country_of_origin", "Ireland"),
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
        images: 5,
    },
    DemoProduct {
        shop: THISTLE,
        category: "hats-caps",
        source: "en",
        editions: &[(
            "en",
            "Donegal tweed flat cap with quilted lining, grey herringbone",
            "<p>A flat cap cut from Donegal tweed with a quilted lining and a stiffened peak. The flecked herringbone goes with every coat, and the eight-panel crown keeps its shape in the rain. Made by hand in County Donegal, Ireland.</p><ul><li>100% wool tweed from Donegal</li><li>Quilted satin lining</li><li>Stiffened peak</li><li>Sizes M (57 cm) and L (59 cm)</li></ul>",
        )],
        brand: "Thistle & Thread",
        attributes: &[
            ("country_of_origin", "Ireland"),
            ("color", "grey"),
            ("material", "wool"),
        ],
        sales: &["size"],
        skus: &[
            ("TT-CAP-M", &["M"], "45.00", 20),
            ("TT-CAP-L", &["L"], "45.00", 14),
        ],
        images: 5,
    },
    DemoProduct {
        shop: SAKURA,
        category: "notebooks",
        source: "ja",
        editions: &[
            (
                "ja",
                "方眼ノート A5 糸綴じ 上質紙 160ページ 桜色の布表紙",
                "<p>書きやすい上質紙を使った A5 サイズの方眼ノートです。万年筆のインクでも裏抜けしにくく、にじみも少ない紙を選びました。糸綴じなので机の上で平らに開き、ページの端まで書き込めます。日記、勉強、アイデアのメモなど、毎日の記録にどうぞ。</p><ul><li>5mm 方眼、全 160 ページ</li><li>糸綴じで 180 度開きます</li><li>桜色の布張り表紙</li><li>しおり紐付き</li></ul>",
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
        attributes: &[
            ("country_of_origin", "Japan"),
            ("safety_certification", "EN 71-3"),
        ],
        sales: &[],
        skus: &[("SK-NB-A5", &[], "1980", 40)],
        images: 5,
    },
    DemoProduct {
        shop: SAKURA,
        category: "pens-pencils",
        source: "ja",
        editions: &[
            (
                "ja",
                "万年筆 細字 真鍮軸 コンバーター付き ギフトボックス入り",
                "<p>真鍮の軸が手になじむ、細字の万年筆です。使い込むほどに真鍮の色が深まり、自分だけの一本に育ちます。細字のペン先は手帳や方眼ノートへの細かな書き込みにぴったりです。ギフトボックス入りで、誕生日や記念日の贈り物にもおすすめです。</p><ul><li>ペン先: 細字（ステンレス）</li><li>カートリッジ・コンバーター両用</li><li>コンバーター付属</li><li>ギフトボックス入り</li></ul>",
            ),
            (
                "en",
                "Brass fountain pen, fine nib, with converter",
                "<p>A solid brass fountain pen that warms in the hand, with a fine steel nib.</p><ul><li>Cartridge or converter</li><li>Develops a patina over time</li></ul>",
            ),
        ],
        brand: "Sakura Stationery",
        attributes: &[
            ("country_of_origin", "Japan"),
            ("safety_certification", "EN 71-3"),
        ],
        sales: &["color"],
        skus: &[
            ("SK-FP-BRS", &["Brass"], "6800", 8),
            ("SK-FP-BLK", &["Black"], "7200", 5),
        ],
        images: 5,
    },
    DemoProduct {
        shop: SAKURA,
        category: "art-supplies",
        source: "ja",
        editions: &[
            (
                "ja",
                "透明水彩絵の具 24色セット 固形 携帯用ケース入り",
                "<p>発色の良い固形の透明水彩 24 色セットです。細かく練り上げた顔料で、少しの水でも鮮やかに溶け、重ね塗りでも濁りにくいのが特長です。ふた付きの缶ケースはパレットとしても使えるので、旅先や屋外でのスケッチにも気軽に持ち出せます。初めての水彩にもおすすめです。</p><ul><li>24 色のハーフパン</li><li>混色に使えるふた付き缶ケース</li><li>持ち運びに便利なコンパクトサイズ</li></ul>",
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
        attributes: &[
            ("country_of_origin", "Japan"),
            ("safety_certification", "EN 71-3"),
            ("pack_quantity", "24"),
        ],
        sales: &[],
        skus: &[("SK-WC-24", &[], "4500", 12)],
        images: 5,
    },
];

/// A valid EAN-13 for the demo's `n`th SKU: a fixed company prefix, the number, and the GS1
/// check digit.
fn demo_gtin(n: u64) -> String {
    let body = format!("200{:09}", n % 1_000_000_000);
    let sum: u32 = body
        .bytes()
        .rev()
        .enumerate()
        .map(|(i, b)| u32::from(b - b'0') * if i % 2 == 0 { 3 } else { 1 })
        .sum();
    format!("{body}{}", (10 - sum % 10) % 10)
}

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
                sample_image(640, 640, (n as u64) * 16 + i, ImageFormat::Jpeg)
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
                .enumerate()
                .map(|(k, (code, values, price, stock))| SkuInput {
                    id: None,
                    seller_sku: (*code).to_owned(),
                    gtin: Some(demo_gtin((n as u64) * 100 + k as u64)),
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
    brand_shops(app).await?;
    tracing::info!(products = live, "demo catalogue loaded");
    Ok(live)
}

/// Each demo shop's logo, banner (drawn by code) and description, in the shop's own words.
const BRANDING: &[(&str, u64, &str)] = &[
    (
        MAPLE,
        101,
        "Outdoor clothes cut to last, from waxed cotton field jackets to linen for the summer. We make small runs with family workshops in Portugal and Lithuania, and we repair what we sell.",
    ),
    (
        THISTLE,
        202,
        "Knitwear and tweed from the Scottish Borders and the west of Ireland: Fair Isle jumpers, Aran sweaters and caps, made by hand by people we know by name.",
    ),
    (
        SAKURA,
        303,
        "東京・谷中の小さな文具店です。書き心地にこだわったノート、長く使える筆記具、旅に持ち出せる画材を選んでお届けします。",
    ),
];

async fn brand_shops(app: &App) -> Result<()> {
    for (email, seed, description) in BRANDING {
        let owner = {
            let mut conn = app.db.conn().await?;
            let Some(owner) = users::find_user_by_login(&mut conn, email).await? else {
                continue;
            };
            let memberships =
                shopdeck_store::sellers::list_memberships_for_user(&mut conn, owner.id).await?;
            let Some(m) = memberships.first() else {
                continue;
            };
            actor_for(owner.id, m.seller.id)
        };
        let seed = *seed;
        let (logo, banner) = tokio::task::spawn_blocking(move || {
            (
                sample_image(300, 300, seed, ImageFormat::Png),
                sample_image(1200, 300, seed + 1, ImageFormat::Jpeg),
            )
        })
        .await
        .map_err(AppError::internal)?;
        let logo = products::upload_image(app, &owner, logo.into()).await?.id;
        let banner = products::upload_image(app, &owner, banner.into()).await?.id;
        crate::storefront::set_branding(app, &owner, Some(logo), Some(banner), description).await?;
    }
    Ok(())
}
