package dev.crahub.invoice;

import java.math.BigDecimal;
import java.time.OffsetDateTime;

import dev.crahub.referential.ContractProduct;

/**
 * A product or fixed fee a billing user added to one contract's month ({@code POST /api/contracts/{code}/months/
 * {yyyy-MM}/lines}): billed on that month's invoice, then marked with it. Never edited nor deleted.
 *
 * @param vatRate the line's French VAT rate, null for the contract's (0 is a zero-rated line under STANDARD)
 */
public record MonthLine(long id, String contract, String month, ContractProduct.Kind kind, String description,
                        BigDecimal quantity, String unitCode, BigDecimal unitPrice, BigDecimal vatRate,
                        ContractProduct.Discount discount, OffsetDateTime createdAt, String createdBy, Long invoiceId) {
}
