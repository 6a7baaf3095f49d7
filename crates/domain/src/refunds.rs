//! What a refund pays back, in integer minor units ([`RefundableOrder::refund`]).

/// One line of an order, as refunds see it. Amounts are integer minor units.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct RefundLine {
    /// What the buyer paid for one unit, after discounts.
    pub unit_price: i64,
    pub quantity: u32,
    /// Units already refunded (cancelled or returned).
    pub refunded_quantity: u32,
}

/// An order, as refunds see it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct RefundableOrder {
    pub lines: Vec<RefundLine>,
    /// The shipping fee the buyer paid.
    pub shipping_fee: i64,
    /// The part of it already refunded.
    pub shipping_refunded: i64,
}

/// `quantity` units of the order's line at index `line` (0-based, in `RefundableOrder::lines`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct RefundItem {
    pub line: usize,
    pub quantity: u32,
}

/// A refund's amounts in minor units; `total = merchandise + shipping`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct RefundBreakdown {
    pub merchandise: i64,
    pub shipping: i64,
    pub total: i64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum RefundError {
    #[error("the order's amounts are inconsistent: {0}")]
    InvalidOrder(&'static str),
    #[error("choose at least one item to refund")]
    NoItems,
    #[error("the order has no line {line}")]
    UnknownLine { line: usize },
    #[error("line {line}: the quantity to refund must be at least 1")]
    ZeroQuantity { line: usize },
    #[error("line {line}: {requested} requested but only {remaining} left to refund")]
    TooMany {
        line: usize,
        requested: u64,
        remaining: u32,
    },
    #[error("the amount is too large")]
    Overflow,
    #[error("a partial refund must be more than zero")]
    OfferNotPositive,
    #[error("a partial refund must be less than the full refund of {full}")]
    OfferNotLess { offer: i64, full: i64 },
}

impl RefundableOrder {
    /// The amounts of refunding `items`.
    ///
    /// **Shipping fee rule.** Merchandise is `unit_price × quantity` for each requested line
    /// (quantities for the same line add up; more than `quantity − refunded_quantity` is
    /// refused). The shipping fee — what remains of it, `shipping_fee − shipping_refunded` — is
    /// refunded in full when
    ///
    /// 1. after this refund nothing of the order's merchandise remains un-refunded (the whole
    ///    order is cancelled or returned, possibly over several refunds), or
    /// 2. `seller_fault` (the reason is the seller's: damaged, wrong item, not as described,
    ///    missing parts, defective; or a seller-side cancellation such as out of stock);
    ///
    /// otherwise no shipping is refunded. It is never refunded twice: a later refund gets
    /// only what earlier ones left.
    pub fn refund(
        &self,
        items: &[RefundItem],
        seller_fault: bool,
    ) -> Result<RefundBreakdown, RefundError> {
        if self.shipping_fee < 0 {
            return Err(RefundError::InvalidOrder("negative shipping fee"));
        }
        if self.shipping_refunded < 0 || self.shipping_refunded > self.shipping_fee {
            return Err(RefundError::InvalidOrder(
                "refunded shipping outside 0..=shipping fee",
            ));
        }
        for l in &self.lines {
            if l.unit_price < 0 {
                return Err(RefundError::InvalidOrder("negative unit price"));
            }
            if l.refunded_quantity > l.quantity {
                return Err(RefundError::InvalidOrder(
                    "more units refunded than ordered",
                ));
            }
        }
        if items.is_empty() {
            return Err(RefundError::NoItems);
        }
        let mut requested = vec![0u64; self.lines.len()];
        for item in items {
            let slot = requested
                .get_mut(item.line)
                .ok_or(RefundError::UnknownLine { line: item.line })?;
            if item.quantity == 0 {
                return Err(RefundError::ZeroQuantity { line: item.line });
            }
            *slot += u64::from(item.quantity);
        }
        let mut merchandise: i64 = 0;
        let mut whole_order = true;
        for (line, (l, &qty)) in self.lines.iter().zip(&requested).enumerate() {
            let remaining = l.quantity - l.refunded_quantity;
            if qty > u64::from(remaining) {
                return Err(RefundError::TooMany {
                    line,
                    requested: qty,
                    remaining,
                });
            }
            if qty < u64::from(remaining) {
                whole_order = false;
            }
            let amount = i64::try_from(qty)
                .ok()
                .and_then(|q| l.unit_price.checked_mul(q))
                .ok_or(RefundError::Overflow)?;
            merchandise = merchandise
                .checked_add(amount)
                .ok_or(RefundError::Overflow)?;
        }
        let shipping = if whole_order || seller_fault {
            self.shipping_fee - self.shipping_refunded
        } else {
            0
        };
        let total = merchandise
            .checked_add(shipping)
            .ok_or(RefundError::Overflow)?;
        Ok(RefundBreakdown {
            merchandise,
            shipping,
            total,
        })
    }
}

impl RefundBreakdown {
    /// The seller's partial-refund offer instead of this full refund: more than zero and less
    /// than `total`. The offer is taken from merchandise first, then shipping.
    pub fn partial(&self, offer: i64) -> Result<RefundBreakdown, RefundError> {
        if offer <= 0 {
            return Err(RefundError::OfferNotPositive);
        }
        if offer >= self.total {
            return Err(RefundError::OfferNotLess {
                offer,
                full: self.total,
            });
        }
        let merchandise = offer.min(self.merchandise);
        Ok(RefundBreakdown {
            merchandise,
            shipping: offer - merchandise,
            total: offer,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    // --- refunds ----------------------------------------------------------------------------

    fn order() -> RefundableOrder {
        RefundableOrder {
            lines: vec![
                RefundLine {
                    unit_price: 1000,
                    quantity: 2,
                    refunded_quantity: 0,
                },
                RefundLine {
                    unit_price: 550,
                    quantity: 1,
                    refunded_quantity: 0,
                },
            ],
            shipping_fee: 499,
            shipping_refunded: 0,
        }
    }

    fn item(line: usize, quantity: u32) -> RefundItem {
        RefundItem { line, quantity }
    }

    fn breakdown(merchandise: i64, shipping: i64) -> RefundBreakdown {
        RefundBreakdown {
            merchandise,
            shipping,
            total: merchandise + shipping,
        }
    }

    #[test]
    fn refunds_of_part_of_a_line_and_of_the_whole_order() {
        let o = order();
        assert_eq!(o.refund(&[item(0, 1)], false), Ok(breakdown(1000, 0)));
        assert_eq!(o.refund(&[item(0, 2)], false), Ok(breakdown(2000, 0)));
        assert_eq!(
            o.refund(&[item(0, 2), item(1, 1)], false),
            Ok(breakdown(2550, 499)),
            "whole order: shipping too"
        );
        assert_eq!(
            o.refund(&[item(0, 1), item(1, 1), item(0, 1)], false),
            Ok(breakdown(2550, 499)),
            "the same line twice adds up"
        );
        // The rest of an order already partly refunded is the whole order.
        let mut partly = order();
        partly.lines[0].refunded_quantity = 1;
        assert_eq!(
            partly.refund(&[item(0, 1), item(1, 1)], false),
            Ok(breakdown(1550, 499))
        );
        assert_eq!(partly.refund(&[item(1, 1)], false), Ok(breakdown(550, 0)));
    }

    #[test]
    fn seller_fault_refunds_shipping_once() {
        let mut o = order();
        assert_eq!(o.refund(&[item(1, 1)], true), Ok(breakdown(550, 499)));
        o.lines[1].refunded_quantity = 1;
        o.shipping_refunded = 499;
        assert_eq!(o.refund(&[item(0, 1)], true), Ok(breakdown(1000, 0)));
        assert_eq!(o.refund(&[item(0, 2)], false), Ok(breakdown(2000, 0)));
        o.shipping_refunded = 200;
        assert_eq!(o.refund(&[item(0, 2)], false), Ok(breakdown(2000, 299)));
    }

    #[test]
    fn refunds_refused() {
        let o = order();
        assert_eq!(
            o.refund(&[item(0, 3)], false),
            Err(RefundError::TooMany {
                line: 0,
                requested: 3,
                remaining: 2
            })
        );
        assert_eq!(
            o.refund(&[item(0, 2), item(0, 1)], false),
            Err(RefundError::TooMany {
                line: 0,
                requested: 3,
                remaining: 2
            })
        );
        let mut done = order();
        done.lines[1].refunded_quantity = 1;
        let e = done.refund(&[item(1, 1)], true).unwrap_err();
        assert_eq!(
            e.to_string(),
            "line 1: 1 requested but only 0 left to refund"
        );
        assert_eq!(o.refund(&[], false), Err(RefundError::NoItems));
        assert_eq!(
            o.refund(&[item(2, 1)], false),
            Err(RefundError::UnknownLine { line: 2 })
        );
        assert_eq!(
            o.refund(&[item(0, 0)], false),
            Err(RefundError::ZeroQuantity { line: 0 })
        );
        let mut bad = order();
        bad.lines[0].refunded_quantity = 3;
        assert!(matches!(
            bad.refund(&[item(1, 1)], false),
            Err(RefundError::InvalidOrder(_))
        ));
        let mut bad = order();
        bad.shipping_refunded = 500;
        assert!(matches!(
            bad.refund(&[item(1, 1)], false),
            Err(RefundError::InvalidOrder(_))
        ));
        let mut bad = order();
        bad.lines[1].unit_price = -1;
        assert!(matches!(
            bad.refund(&[item(1, 1)], false),
            Err(RefundError::InvalidOrder(_))
        ));
        let huge = RefundableOrder {
            lines: vec![RefundLine {
                unit_price: i64::MAX / 2,
                quantity: 3,
                refunded_quantity: 0,
            }],
            shipping_fee: 0,
            shipping_refunded: 0,
        };
        assert_eq!(
            huge.refund(&[item(0, 3)], false),
            Err(RefundError::Overflow)
        );
    }

    #[test]
    fn partial_refund_offers() {
        let full = breakdown(1000, 499);
        assert_eq!(full.partial(500), Ok(breakdown(500, 0)));
        assert_eq!(full.partial(1200), Ok(breakdown(1000, 200)));
        assert_eq!(full.partial(1498), Ok(breakdown(1000, 498)));
        assert_eq!(full.partial(0), Err(RefundError::OfferNotPositive));
        assert_eq!(full.partial(-5), Err(RefundError::OfferNotPositive));
        assert_eq!(
            full.partial(1499),
            Err(RefundError::OfferNotLess {
                offer: 1499,
                full: 1499
            })
        );
        assert!(full.partial(2000).is_err());
    }
}
